package eval

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

var tHeaders = catalog.Map(catalog.String, catalog.Bytes)

// mapRecord builds a record of one MAP<STRING, BYTES> column and one
// STRING column. A nil map is NULL; a nil value in a map is a NULL value.
func mapRecord(alloc memory.Allocator, maps []map[string][]byte, order [][]string, keys []any) arrow.Record {
	mb := array.NewMapBuilder(alloc, arrow.BinaryTypes.String, arrow.BinaryTypes.Binary, false)
	defer mb.Release()
	kb := mb.KeyBuilder().(*array.StringBuilder)
	vb := mb.ItemBuilder().(*array.BinaryBuilder)
	for i, m := range maps {
		if m == nil {
			mb.AppendNull()
			continue
		}
		mb.Append(true)
		for _, k := range order[i] {
			kb.Append(k)
			if v := m[k]; v == nil {
				vb.AppendNull()
			} else {
				vb.Append(v)
			}
		}
	}
	marr := mb.NewArray()
	defer marr.Release()
	karr := build(alloc, tStr, keys)
	defer karr.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "h", Type: tHeaders.Arrow(), Nullable: true}, {Name: "k", Type: tStr.Arrow(), Nullable: true}}, nil)
	return array.NewRecord(schema, []arrow.Array{marr, karr}, int64(len(maps)))
}

func TestMapItemAndCardinality(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := mapRecord(alloc,
		[]map[string][]byte{{"a": []byte("1"), "b": nil}, {}, nil, {"a": []byte("")}, {"x": []byte("y")}},
		[][]string{{"a", "b"}, {}, nil, {"a"}, {"x"}},
		[]any{"a", "a", "a", nil, "x"})
	defer rec.Release()
	h, k := col(0, tHeaders), col(1, tStr)
	cases := []struct {
		name string
		expr planner.Expr
		want []any
	}{
		{"constant key: present, absent, NULL map", call("ITEM", catalog.Bytes, h, lit("a", tStr)), []any{[]byte("1"), nil, nil, []byte(""), nil}},
		{"NULL value", call("ITEM", catalog.Bytes, h, lit("b", tStr)), []any{nil, nil, nil, nil, nil}},
		{"column key, NULL key", call("ITEM", catalog.Bytes, h, k), []any{[]byte("1"), nil, nil, nil, []byte("y")}},
		{"cardinality", call("CARDINALITY", tInt, h), []any{int64(2), int64(0), nil, int64(1), int64(1)}},
	}
	for _, c := range cases {
		got, err := evalExpr(t, alloc, c.expr, rec)
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		for i := range c.want {
			if fmt.Sprint(got[i]) != fmt.Sprint(c.want[i]) {
				t.Errorf("%s: row %d = %v, want %v", c.name, i, got[i], c.want[i])
			}
		}
	}
	// Filtering a batch selects MAP values with the rows.
	mask := build(alloc, tBool, []any{true, false, true, false, true})
	defer mask.Release()
	out, err := Filter(rec, mask, alloc)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	if got := out.Column(0).String(); got != `[{["a" "b"] ["1" (null)]} (null) {["x"] ["y"]}]` {
		t.Errorf("filtered maps: %s", got)
	}
}

func TestMapFnCompileErrors(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	for _, c := range []struct {
		expr planner.Expr
		want string
	}{
		{call("ITEM", tStr, col(1, tStr), lit("a", tStr)), "expected a MAP"},
		{call("ITEM", tStr, col(0, tHeaders), lit("a", tStr)), "cannot return STRING"},
		{call("CARDINALITY", tInt, col(0, tHeaders), lit("a", tStr)), "takes 1 argument"},
	} {
		if _, err := Compile(c.expr, alloc); err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v, want %q", c.expr, err, c.want)
		}
	}
}
