package catalog_test

import (
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// createFromSQL parses one CREATE TABLE and adds it to a new catalog.
func createFromSQL(t *testing.T, text string) (*catalog.Catalog, error) {
	t.Helper()
	stmts, err := sql.ParseString("test.sql", text)
	if err != nil {
		t.Fatalf("parse: %v", err)
	}
	cat := catalog.New()
	return cat, cat.CreateTable(stmts[0].(*sql.CreateTable))
}

func TestMapTypeDescribeAndArrow(t *testing.T) {
	cat, err := createFromSQL(t, "CREATE TABLE m (id BIGINT, headers MAP<STRING, BYTES> METADATA VIRTUAL, "+
		"tags map<varchar(10), string> NOT NULL, s MAP<STRING, STRING NOT NULL>)")
	if err != nil {
		t.Fatal(err)
	}
	out, err := cat.Describe("m")
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"MAP<STRING, BYTES>", "| MAP<STRING, STRING>          | FALSE", "MAP<STRING, STRING NOT NULL>"} {
		if !strings.Contains(out, want) {
			t.Errorf("DESCRIBE lacks %q:\n%s", want, out)
		}
	}
	tb, _ := cat.Lookup("m")
	h := tb.Columns[1].Type
	if got := h.String(); got != "MAP<STRING, BYTES>" {
		t.Errorf("String() = %q", got)
	}
	if got := h.Arrow().String(); got != "map<utf8, binary, items_nullable>" {
		t.Errorf("Arrow() = %q", got)
	}
	if !h.Equal(catalog.Map(catalog.String, catalog.Bytes)) || h.Equal(tb.Columns[2].Type) {
		t.Errorf("Equal: MAP<STRING, BYTES> vs itself and MAP<STRING, STRING>")
	}
	if !tb.Columns[2].Type.Equal(tb.Columns[3].Type) {
		t.Errorf("Equal ignores the nullability of values")
	}
}

func TestMapTypeErrors(t *testing.T) {
	for _, c := range []struct{ ddl, want string }{
		{"CREATE TABLE m (h MAP<INT, BYTES>)", "test.sql:1:23: MAP keys must be STRING, not INT"},
		{"CREATE TABLE m (h MAP<STRING, INT>)", "test.sql:1:31: MAP values must be STRING or BYTES, not INT"},
		{"CREATE TABLE m (h MAP<STRING, DECIMAL(40, 2)>)", "test.sql:1:31: DECIMAL precision must be between 1 and 38"},
	} {
		_, err := createFromSQL(t, c.ddl)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.ddl, err, c.want)
		}
	}
}
