package planner_test

import (
	"fmt"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// These tests build syntax trees directly, so they exercise the binder and
// planner independently of the SQL front end.

func col(name string) *sql.ColumnRef { return &sql.ColumnRef{Name: name} }

func intLit(s string) *sql.Literal { return &sql.Literal{Kind: sql.LitInt, Text: s} }

func strLit(s string) *sql.Literal { return &sql.Literal{Kind: sql.LitString, Text: s} }

func bin(op string, l, r sql.Expr) *sql.Binary { return &sql.Binary{Op: op, L: l, R: r} }

func typ(name string, params ...int) *sql.TypeName { return &sql.TypeName{Name: name, Params: params} }

func item(e sql.Expr, alias string) sql.SelectItem { return sql.SelectItem{Expr: e, Alias: alias} }

func from(name string, where sql.Expr, items ...sql.SelectItem) *sql.Select {
	return &sql.Select{Items: items, From: &sql.TableRef{Name: name}, Where: where}
}

func insert(table string, q sql.Query, cols ...string) *sql.Insert {
	return &sql.Insert{Table: table, Columns: cols, Query: q}
}

func kafka(name string, cols ...sql.ColumnDef) *sql.CreateTable {
	return &sql.CreateTable{Name: name, Columns: cols, Options: []sql.Option{{Key: "connector", Value: "kafka"}}}
}

func physical(name string, t *sql.TypeName) sql.ColumnDef { return sql.ColumnDef{Name: name, Type: t} }

func clicksDDL() *sql.CreateTable {
	ct := kafka("clicks",
		physical("user_id", typ("BIGINT")),
		physical("url", typ("STRING")),
		physical("price", typ("DECIMAL", 10, 2)),
		physical("qty", typ("INT")),
		sql.ColumnDef{Name: "total", Computed: bin("*", col("price"), col("qty"))},
		sql.ColumnDef{Name: "shout", Computed: &sql.FuncCall{Name: "UPPER", Args: []sql.Expr{col("url")}}},
		physical("ts", typ("TIMESTAMP", 3)),
	)
	ct.Watermark = &sql.WatermarkDef{Column: "ts", Expr: bin("-", col("ts"), &sql.IntervalLit{Value: "5", Unit: "SECOND", Millis: 5000})}
	return ct
}

var astDDL = map[string]func() sql.Statement{
	"clicks": func() sql.Statement { return clicksDDL() },
	"out": func() sql.Statement {
		return kafka("out", physical("user_id", typ("BIGINT")), physical("url", typ("STRING")), physical("total", typ("DECIMAL", 21, 2)))
	},
}

var astPlans = map[string]func() []sql.Statement{
	"pushdown": func() []sql.Statement {
		where := bin("AND", bin(">", col("user_id"), intLit("10")), &sql.Like{X: col("url"), Pattern: strLit("%.html")})
		return []sql.Statement{insert("out", from("clicks", where, item(col("user_id"), ""), item(col("url"), ""), item(col("total"), "")))}
	},
	"subquery": func() []sql.Statement {
		inner := from("clicks", bin(">", col("qty"), intLit("1")), item(col("user_id"), "u"), item(col("price"), "p"), item(col("ts"), ""))
		outer := &sql.Select{
			Items: []sql.SelectItem{item(col("u"), ""), item(col("p"), "")},
			From:  &sql.SubqueryRef{Query: inner, Alias: "s"},
			Where: bin("=", col("u"), intLit("7")),
		}
		return []sql.Statement{&sql.QueryStatement{Query: outer}}
	},
	"casts": func() []sql.Statement {
		q := from("clicks", bin(">", col("ts"), strLit("2024-01-01 00:00:00")),
			item(bin("+", col("user_id"), col("qty")), "s"),
			item(bin("+", col("price"), col("qty")), "p"),
			item(&sql.FuncCall{Name: "COALESCE", Args: []sql.Expr{col("qty"), &sql.Literal{Kind: sql.LitNull}, intLit("1")}}, ""))
		return []sql.Statement{&sql.QueryStatement{Query: q}}
	},
	"job": func() []sql.Statement {
		return []sql.Statement{
			insert("out", from("clicks", nil, item(col("user_id"), ""), item(col("url"), "")), "user_id", "url"),
			insert("out", from("clicks", bin(">", col("qty"), intLit("0")), item(col("total"), "")), "total"),
		}
	},
	"union": func() []sql.Statement {
		l := from("clicks", nil, item(col("user_id"), ""), item(col("url"), ""))
		r := from("clicks", nil, item(col("qty"), ""), item(col("shout"), ""))
		q := &sql.Select{Items: []sql.SelectItem{{Star: true}}, From: &sql.SubqueryRef{Query: &sql.SetOp{Op: "UNION", All: true, Left: l, Right: r}, Alias: "u"},
			Where: bin("<>", col("url"), strLit("x"))}
		return []sql.Statement{insert("out", q, "user_id", "url")}
	},
	"missing-column": func() []sql.Statement {
		return []sql.Statement{&sql.QueryStatement{Query: from("clicks", nil, item(col("user_di"), ""))}}
	},
	"type-error": func() []sql.Statement {
		return []sql.Statement{&sql.QueryStatement{Query: from("clicks", nil, item(bin("+", col("url"), intLit("1")), ""))}}
	},
	"group-by": func() []sql.Statement {
		q := from("clicks", nil, item(col("url"), ""))
		q.GroupBy = []sql.Expr{col("url")}
		return []sql.Statement{&sql.QueryStatement{Query: q}}
	},
	"count-mismatch": func() []sql.Statement {
		return []sql.Statement{insert("out", from("clicks", nil, item(col("user_id"), "")))}
	},
}

func TestPlanFromAST(t *testing.T) {
	cat := catalog.New()
	datadriven.RunTest(t, "testdata/ast/plans", func(t *testing.T, d *datadriven.TestData) string {
		var name string
		d.ScanArgs(t, "name", &name)
		var err error
		out := ""
		switch d.Cmd {
		case "ddl":
			ct := astDDL[name]().(*sql.CreateTable)
			if err = cat.CreateTable(ct); err == nil {
				out, err = cat.Describe(ct.Name)
			}
		case "explain":
			stmts := astPlans[name]()
			if len(stmts) == 1 {
				out, err = planner.Explain(cat, stmts[0], nil)
			} else {
				var ins []*sql.Insert
				for _, s := range stmts {
					ins = append(ins, s.(*sql.Insert))
				}
				out, err = planner.ExplainInserts(cat, ins, nil)
			}
		case "graph":
			var ins []*sql.Insert
			for _, s := range astPlans[name]() {
				ins = append(ins, s.(*sql.Insert))
			}
			var g *planner.Graph
			if g, err = planner.PlanInserts(cat, ins, nil); err == nil {
				out = dumpGraph(g)
			}
		default:
			t.Fatalf("unknown command %s", d.Cmd)
		}
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		return out
	})
}

// dumpGraph prints the fields of every node the executor reads.
func dumpGraph(g *planner.Graph) string {
	out := ""
	for _, n := range g.Nodes {
		out += fmt.Sprintf("node %d %s inputs=%v\n", n.ID, n.Kind, n.Inputs)
		switch {
		case n.Source != nil:
			out += fmt.Sprintf("  source %s columns=%v\n", n.Source.Table.Name, n.Source.Columns)
		case n.Watermark != nil:
			out += fmt.Sprintf("  watermark timecol=%d expr=%s idle=%d\n", n.Watermark.TimeCol, n.Watermark.Expr, n.Watermark.IdleTimeoutMillis)
		case n.Calc != nil:
			out += fmt.Sprintf("  calc filter=%v projections=%v\n", n.Calc.Filter, n.Calc.Projections)
		case n.Sink != nil:
			out += fmt.Sprintf("  sink %s columns=%v\n", n.Sink.Table.Name, n.Sink.Columns)
		}
		for _, f := range n.Schema {
			out += fmt.Sprintf("  field %s %s\n", f.Name, f.Type)
		}
	}
	return out
}
