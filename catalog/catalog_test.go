package catalog_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/catalog"
	_ "github.com/streamsql/streamsql/planner" // registers the binder
	"github.com/streamsql/streamsql/sql"
)

func ddl(name string, cols ...sql.ColumnDef) *sql.CreateTable {
	return &sql.CreateTable{Name: name, Columns: cols, Options: []sql.Option{{Key: "connector", Value: "print"}}}
}

func column(name, typ string, params ...int) sql.ColumnDef {
	return sql.ColumnDef{Name: name, Type: &sql.TypeName{Name: typ, Params: params}}
}

// TestCatalog drives a catalog with statements built as syntax trees.
// Commands: create-orders, create-dup, create-view, drop-table name=...,
// drop-view name=..., describe name=..., tables.
func TestCatalog(t *testing.T) {
	cat := catalog.New()
	var validated []string
	cat.SetValidator(func(tb *catalog.Table) error {
		validated = append(validated, tb.Name)
		if tb.Options["connector"] == "bogus" {
			return errors.New("unknown connector 'bogus'")
		}
		return nil
	})
	datadriven.RunTest(t, "testdata/catalog", func(t *testing.T, d *datadriven.TestData) string {
		var err error
		var out string
		name := ""
		if d.HasArg("name") {
			d.ScanArgs(t, "name", &name)
		}
		switch d.Cmd {
		case "create-orders":
			ct := ddl("orders",
				column("id", "BIGINT"),
				column("amount", "DECIMAL", 12, 2),
				sql.ColumnDef{Name: "doubled", Computed: &sql.Binary{Op: "*", L: &sql.ColumnRef{Name: "amount"}, R: &sql.Literal{Kind: sql.LitInt, Text: "2"}}},
				sql.ColumnDef{Name: "offset", Type: &sql.TypeName{Name: "BIGINT"}, Metadata: &sql.MetadataSpec{Virtual: true}},
				sql.ColumnDef{Name: "kafka_ts", Type: &sql.TypeName{Name: "TIMESTAMP_LTZ", Params: []int{3}}, Metadata: &sql.MetadataSpec{Key: "timestamp"}},
				column("ts", "TIMESTAMP", 3),
			)
			ct.IfNotExists = d.HasArg("if-not-exists")
			ct.PrimaryKey = &sql.PrimaryKeyDef{Columns: []string{"id"}, NotEnforced: true}
			ct.Watermark = &sql.WatermarkDef{Column: "ts", Expr: &sql.ColumnRef{Name: "ts"}}
			err = cat.CreateTable(ct)
		case "create-bogus":
			ct := ddl("bogus", column("a", "INT"))
			ct.Options[0].Value = "bogus"
			err = cat.CreateTable(ct)
		case "create-view":
			v := &sql.CreateView{Name: name, Query: &sql.Select{
				Items: []sql.SelectItem{{Expr: &sql.ColumnRef{Name: "id"}}, {Expr: &sql.ColumnRef{Name: "doubled"}}},
				From:  &sql.TableRef{Name: "orders"},
			}, Columns: d.CmdArgs[1].Vals}
			err = cat.CreateView(v)
		case "drop-table", "drop-view":
			err = cat.Drop(&sql.Drop{Name: name, View: d.Cmd == "drop-view", IfExists: d.HasArg("if-exists")})
		case "describe":
			out, err = cat.Describe(name)
		case "tables":
			for _, tb := range cat.Tables() {
				kind := "table"
				if tb.IsView {
					kind = "view"
				}
				out += kind + " " + tb.Name + "\n"
			}
			out += "validated: " + strings.Join(validated, ", ") + "\n"
		default:
			t.Fatalf("unknown command %s", d.Cmd)
		}
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		if out == "" {
			return "ok\n"
		}
		return out
	})
}
