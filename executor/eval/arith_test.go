package eval

import (
	"math"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"

	"github.com/streamsql/streamsql/catalog"
)

var (
	tBig  = catalog.BigInt
	tInt  = catalog.Int
	tDbl  = catalog.Double
	tBool = catalog.Boolean
	tStr  = catalog.String
	tTS   = catalog.Timestamp
)

func TestArithmetic(t *testing.T) {
	cols := []colSpec{
		{tBig, []any{int64(7), int64(-7), nil, int64(10), int64(0)}},
		{tBig, []any{int64(2), int64(2), int64(3), int64(0), int64(-3)}},
		{tInt, []any{int64(100), nil, int64(-5), int64(0), int64(1)}},
		{tDbl, []any{1.5, -2.0, nil, 0.0, 10.0}},
		{catalog.SmallInt, []any{int64(1000), int64(-1000), nil, int64(3), int64(32767)}},
	}
	c0, c1, c2, c3, c4 := col(0, tBig), col(1, tBig), col(2, tInt), col(3, tDbl), col(4, catalog.SmallInt)
	runCases(t, cols, []fcase{
		{name: "add", expr: call("+", tBig, c0, c1), want: []any{int64(9), int64(-5), nil, int64(10), int64(-3)}},
		{name: "sub", expr: call("-", tBig, c0, c1), want: []any{int64(5), int64(-9), nil, int64(10), int64(3)}},
		{name: "mul", expr: call("*", tBig, c0, c1), want: []any{int64(14), int64(-14), nil, int64(0), int64(0)}},
		{name: "div truncates, x/0 is NULL", expr: call("/", tBig, c0, c1), want: []any{int64(3), int64(-3), nil, nil, int64(0)}},
		{name: "mod", expr: call("%", tBig, c0, c1), want: []any{int64(1), int64(-1), nil, nil, int64(0)}},
		{name: "MOD function", expr: call("MOD", tBig, c0, c1), want: []any{int64(1), int64(-1), nil, nil, int64(0)}},
		{name: "const left", expr: call("-", tBig, lit(int64(1), tBig), c0), want: []any{int64(-6), int64(8), nil, int64(-9), int64(1)}},
		{name: "const right", expr: call("*", tBig, c0, lit(int64(3), tBig)), want: []any{int64(21), int64(-21), nil, int64(30), int64(0)}},
		{name: "NULL literal", expr: call("+", tBig, c0, lit(nil, tBig)), want: []any{nil, nil, nil, nil, nil}},
		{name: "int", expr: call("+", tInt, c2, lit(int64(1), tInt)), want: []any{int64(101), nil, int64(-4), int64(1), int64(2)}},
		{name: "smallint mul overflow", expr: call("*", catalog.SmallInt, c4, lit(int64(40), catalog.SmallInt)), err: "SMALLINT overflow", errRow: 0},
		{name: "double div", expr: call("/", tDbl, c3, lit(2.0, tDbl)), want: []any{0.75, -1.0, nil, 0.0, 5.0}},
		{name: "double div zero is NULL", expr: call("/", tDbl, lit(1.0, tDbl), c3), want: []any{1 / 1.5, -0.5, nil, nil, 0.1}},
		{name: "double mod", expr: call("%", tDbl, c3, lit(1.0, tDbl)), want: []any{0.5, math.Copysign(0, -1), nil, 0.0, 0.0}},
		{name: "neg", expr: call("NEG", tBig, c1), want: []any{int64(-2), int64(-2), int64(-3), int64(0), int64(3)}},
		{name: "abs", expr: call("ABS", tBig, c0), want: []any{int64(7), int64(7), nil, int64(10), int64(0)}},
		{name: "abs double", expr: call("ABS", tDbl, c3), want: []any{1.5, 2.0, nil, 0.0, 10.0}},
		{name: "floor double", expr: call("FLOOR", tDbl, call("/", tDbl, c3, lit(4.0, tDbl))), want: []any{0.0, -1.0, nil, 0.0, 2.0}},
		{name: "ceil double", expr: call("CEIL", tDbl, call("/", tDbl, c3, lit(4.0, tDbl))), want: []any{1.0, -0.0, nil, 0.0, 3.0}},
		{name: "floor int is identity", expr: call("FLOOR", tBig, c0), want: []any{int64(7), int64(-7), nil, int64(10), int64(0)}},
		{name: "float", expr: call("*", catalog.Float, call("CAST", catalog.Float, c3), lit(2.0, catalog.Float)), want: []any{3.0, -4.0, nil, 0.0, 20.0}},
		{name: "tinyint add overflow", expr: call("+", catalog.TinyInt, lit(int64(100), catalog.TinyInt), call("CAST", catalog.TinyInt, c1)), want: []any{int64(102), int64(102), int64(103), int64(100), int64(97)}},
		{name: "tinyint add overflow row", expr: call("+", catalog.TinyInt, lit(int64(126), catalog.TinyInt), call("CAST", catalog.TinyInt, c1)), err: "TINYINT overflow", errRow: 0},
		{name: "int sub overflow", expr: call("-", tInt, lit(int64(-2147483647), tInt), call("CAST", tInt, c1)), err: "INT overflow", errRow: 0},
		{name: "interval add", expr: call("+", catalog.Interval, lit(int64(1000), catalog.Interval), lit(int64(5), catalog.Interval)), want: []any{int64(1005), int64(1005), int64(1005), int64(1005), int64(1005)}},
		{name: "neg interval", expr: call("NEG", catalog.Interval, lit(int64(1000), catalog.Interval)), want: []any{int64(-1000), int64(-1000), int64(-1000), int64(-1000), int64(-1000)}},
		{name: "bad arg types", expr: call("+", tBig, c0, c2), err: "not supported", errRow: -1},
		{name: "unknown function", expr: call("FROB", tBig, c0), err: `unknown function "FROB"`, errRow: -1},
		{name: "wrong arity", expr: call("+", tBig, c0), err: "takes 2 argument", errRow: -1},
	})
}

func TestOverflow(t *testing.T) {
	cols := []colSpec{
		{tBig, []any{int64(1), nil, int64(math.MaxInt64), int64(math.MinInt64), int64(5)}},
		{tBig, []any{int64(1), int64(1), int64(-1), int64(-1), int64(0)}},
	}
	c0, c1 := col(0, tBig), col(1, tBig)
	runCases(t, cols, []fcase{
		{name: "add", expr: call("+", tBig, c0, lit(int64(1), tBig)), err: "BIGINT overflow", errRow: 2},
		{name: "sub", expr: call("-", tBig, c0, lit(int64(1), tBig)), err: "BIGINT overflow", errRow: 3},
		{name: "mul", expr: call("*", tBig, c0, lit(int64(2), tBig)), err: "BIGINT overflow", errRow: 2},
		{name: "mul by -1 of min", expr: call("*", tBig, c0, c1), err: "BIGINT overflow", errRow: 3},
		{name: "div min by -1", expr: call("/", tBig, c0, c1), err: "BIGINT overflow", errRow: 3},
		{name: "neg min", expr: call("NEG", tBig, c0), err: "BIGINT overflow", errRow: 3},
		{name: "abs min", expr: call("ABS", tBig, c0), err: "BIGINT overflow", errRow: 3},
		{name: "mod min by -1 is 0", expr: call("%", tBig, c0, c1), want: []any{int64(0), nil, int64(0), int64(0), nil}},
	})
}

// Values under NULL slots are undefined in Arrow: they must not raise
// overflow errors or division faults.
func TestGarbageUnderNulls(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	vals := build(alloc, tBig, []any{int64(math.MaxInt64), int64(1), int64(math.MinInt64)})
	defer vals.Release()
	valid := newBitmapBuf(alloc, 3)
	valid.Bytes()[0] = 0b010 // only row 1 is valid
	garbage := withValidity(vals, valid)
	valid.Release()
	defer garbage.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "c0", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	rec := array.NewRecord(schema, []arrow.Array{garbage}, 3)
	defer rec.Release()
	c0 := col(0, tBig)
	for _, e := range []planner.Expr{
		call("+", tBig, c0, lit(int64(1), tBig)),
		call("*", tBig, c0, lit(int64(2), tBig)),
		call("/", tBig, c0, lit(int64(-1), tBig)),
		call("NEG", tBig, c0),
		call("CAST", tInt, c0),
	} {
		got, err := evalExpr(t, alloc, e, rec)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		if got[0] != nil || got[1] == nil || got[2] != nil {
			t.Fatalf("%s: got %v", e, got)
		}
	}
}
