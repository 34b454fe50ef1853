package eval

import (
	"testing"

	"github.com/streamsql/streamsql/catalog"
)

func TestLogic(t *testing.T) {
	T, F := true, false
	// Every combination of TRUE, FALSE, NULL.
	cols := []colSpec{
		{tBool, []any{T, T, T, F, F, F, nil, nil, nil}},
		{tBool, []any{T, F, nil, T, F, nil, T, F, nil}},
		{tBig, []any{int64(1), int64(2), nil, int64(3), int64(1), int64(5), nil, int64(2), int64(9)}},
	}
	a, b, x := col(0, tBool), col(1, tBool), col(2, tBig)
	nb := catalog.Boolean
	nb.NotNull = true
	runCases(t, cols, []fcase{
		{name: "and", expr: call("AND", tBool, a, b), want: []any{T, F, nil, F, F, F, nil, F, nil}},
		{name: "or", expr: call("OR", tBool, a, b), want: []any{T, T, T, T, F, nil, T, nil, nil}},
		{name: "not", expr: call("NOT", tBool, a), want: []any{F, F, F, T, T, T, nil, nil, nil}},
		{name: "is null", expr: call("IS NULL", nb, b), want: []any{F, F, T, F, F, T, F, F, T}},
		{name: "is not null", expr: call("IS NOT NULL", nb, x), want: []any{T, T, F, T, T, T, F, T, T}},
		{name: "is true", expr: call("IS TRUE", nb, b), want: []any{T, F, F, T, F, F, T, F, F}},
		{name: "is false", expr: call("IS FALSE", nb, b), want: []any{F, T, F, F, T, F, F, T, F}},
		{name: "is not true", expr: call("IS NOT TRUE", nb, b), want: []any{F, T, T, F, T, T, F, T, T}},
		{name: "is not false", expr: call("IS NOT FALSE", nb, b), want: []any{T, F, T, T, F, T, T, F, T}},
		{name: "and with NULL literal", expr: call("AND", tBool, a, lit(nil, tBool)), want: []any{nil, nil, nil, F, F, F, nil, nil, nil}},
		{name: "or with TRUE literal", expr: call("OR", tBool, lit(true, tBool), a), want: []any{T, T, T, T, T, T, T, T, T}},
		{name: "in constants", expr: call("IN", tBool, x, lit(int64(1), tBig), lit(int64(2), tBig)), want: []any{T, T, nil, F, T, F, nil, T, F}},
		{name: "in with NULL", expr: call("IN", tBool, x, lit(int64(1), tBig), lit(nil, tBig)), want: []any{T, nil, nil, nil, T, nil, nil, nil, nil}},
		{name: "in columns", expr: call("IN", tBool, x, lit(int64(5), tBig), call("+", tBig, x, lit(int64(0), tBig))), want: []any{T, T, nil, T, T, T, nil, T, T}},
		{name: "in large set", expr: call("IN", tBool, x, lit(int64(1), tBig), lit(int64(2), tBig), lit(int64(11), tBig), lit(int64(12), tBig),
			lit(int64(13), tBig), lit(int64(14), tBig), lit(int64(15), tBig), lit(int64(16), tBig), lit(int64(17), tBig), lit(nil, tBig)),
			want: []any{T, T, nil, nil, T, nil, nil, T, nil}},
		{name: "in strings", expr: call("IN", tBool, call("CAST", tStr, x), lit("1", tStr), lit("9", tStr)), want: []any{T, F, nil, F, T, F, nil, F, T}},
		{name: "in bool", expr: call("IN", tBool, a, lit(false, tBool)), want: []any{F, F, F, T, T, T, nil, nil, nil}},
		{name: "and needs booleans", expr: call("AND", tBool, a, x), err: "BOOLEAN", errRow: -1},
	})
}

func TestCompare(t *testing.T) {
	ts := catalog.Timestamp
	cols := []colSpec{
		{tBig, []any{int64(1), int64(2), int64(3), nil}},
		{tDbl, []any{2.5, 2.0, -1.0, 1.0}},
		{tStr, []any{"apple", "b", "", "x"}},
		{catalog.Bytes, []any{[]byte{1, 2}, []byte{1}, []byte{}, nil}},
		{catalog.Date, []any{"2024-01-01", "2024-02-29", "1969-12-31", "2024-01-01"}},
		{ts, []any{"2024-01-01 00:00:00", "2024-01-01 00:00:00.001", nil, "1960-05-05 12:00:00"}},
		{tBool, []any{true, false, true, nil}},
		{catalog.TinyInt, []any{int64(-128), int64(127), int64(0), int64(5)}},
		{catalog.Float, []any{0.5, 1.5, nil, -2.0}},
		{catalog.Interval, []any{int64(1000), int64(-5), int64(0), nil}},
	}
	cmp := func(op string, i int, t catalog.Type, v any) fcase {
		return fcase{expr: call(op, tBool, col(i, t), lit(v, t))}
	}
	cases := []struct {
		c    fcase
		want []any
	}{
		{cmp("=", 0, tBig, int64(2)), []any{false, true, false, nil}},
		{cmp("<>", 0, tBig, int64(2)), []any{true, false, true, nil}},
		{cmp("<", 0, tBig, int64(2)), []any{true, false, false, nil}},
		{cmp("<=", 0, tBig, int64(2)), []any{true, true, false, nil}},
		{cmp(">", 0, tBig, int64(2)), []any{false, false, true, nil}},
		{cmp(">=", 0, tBig, int64(2)), []any{false, true, true, nil}},
		{cmp(">=", 1, tDbl, 2.0), []any{true, true, false, false}},
		{cmp("<", 2, tStr, "b"), []any{true, false, true, false}},
		{cmp("=", 2, tStr, "b"), []any{false, true, false, false}},
		{cmp(">", 3, catalog.Bytes, []byte{1}), []any{true, false, false, nil}},
		{cmp("<", 4, catalog.Date, "2024-01-01"), []any{false, false, true, false}},
		{cmp(">", 5, ts, "2024-01-01 00:00:00"), []any{false, true, nil, false}},
		{cmp(">", 6, tBool, false), []any{true, false, true, nil}},
		{cmp("<", 7, catalog.TinyInt, int64(1)), []any{true, false, true, false}},
		{cmp("<>", 8, catalog.Float, 1.5), []any{true, false, nil, true}},
		{cmp(">", 9, catalog.Interval, int64(0)), []any{true, false, false, nil}},
	}
	var fc []fcase
	for _, c := range cases {
		c.c.name, c.c.want = c.c.expr.String(), c.want
		fc = append(fc, c.c)
	}
	// Column against column, with a constant on the left.
	fc = append(fc,
		fcase{name: "col vs col", expr: call("<", tBool, call("CAST", tDbl, col(0, tBig)), col(1, tDbl)), want: []any{true, false, false, nil}},
		fcase{name: "const left", expr: call("<", tBool, lit("b", tStr), col(2, tStr)), want: []any{false, false, false, true}},
		fcase{name: "mixed types rejected", expr: call("<", tBool, col(0, tBig), col(1, tDbl)), err: "differ in type", errRow: -1},
	)
	runCases(t, cols, fc)
}
