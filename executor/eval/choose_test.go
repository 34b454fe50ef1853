package eval

import (
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

func TestChoose(t *testing.T) {
	cols := []colSpec{
		{tBig, []any{int64(1), int64(2), nil, int64(4), int64(5)}},
		{tStr, []any{"10", "x", "30", nil, "50"}},
		{tBool, []any{true, nil, false, true, nil}},
		{catalog.Decimal(6, 2), []any{"1.50", nil, "2.25", nil, "0.00"}},
	}
	x, s, b, d := col(0, tBig), col(1, tStr), col(2, tBool), col(3, catalog.Decimal(6, 2))
	gt := func(v int64) planner.Expr { return call(">", tBool, x, lit(v, tBig)) }
	runCases(t, cols, []fcase{
		{name: "case picks first true", expr: call("CASE", tStr, gt(3), lit("big", tStr), gt(1), lit("mid", tStr), lit("small", tStr)),
			want: []any{"small", "mid", "small", "big", "big"}},
		{name: "case without else is NULL", expr: call("CASE", tStr, gt(3), s, lit(nil, tStr)),
			want: []any{nil, nil, nil, nil, "50"}},
		{name: "case NULL condition is not true", expr: call("CASE", tBig, b, x, lit(int64(0), tBig)),
			want: []any{int64(1), int64(0), int64(0), int64(4), int64(0)}},
		{name: "case decimal", expr: call("CASE", catalog.Decimal(6, 2), b, d, lit("9.99", catalog.Decimal(6, 2))),
			want: []any{"1.50", "9.99", "9.99", nil, "9.99"}},
		{name: "case bool result", expr: call("CASE", tBool, b, lit(false, tBool), lit(true, tBool)),
			want: []any{false, true, true, false, true}},
		{name: "if", expr: call("IF", tBig, b, x, lit(int64(-1), tBig)),
			want: []any{int64(1), int64(-1), int64(-1), int64(4), int64(-1)}},
		{name: "if NULL takes else", expr: call("IF", tBig, lit(nil, tBool), x, lit(int64(-1), tBig)),
			want: []any{int64(-1), int64(-1), int64(-1), int64(-1), int64(-1)}},
		{name: "coalesce", expr: call("COALESCE", tStr, s, lit("none", tStr)), want: []any{"10", "x", "30", "none", "50"}},
		{name: "coalesce all NULL", expr: call("COALESCE", tBig, lit(nil, tBig), call("CAST", tBig, lit(nil, catalog.Null))),
			want: []any{nil, nil, nil, nil, nil}},
		{name: "coalesce three", expr: call("COALESCE", tBig, call("IF", tBig, b, lit(nil, tBig), x), lit(nil, tBig), lit(int64(7), tBig)),
			want: []any{int64(7), int64(2), int64(7), int64(7), int64(5)}},
		// Branches are evaluated only where they are taken: the 'x' row does
		// not fail the CAST in the THEN branch.
		{name: "case isolates errors", expr: call("CASE", tBig, call("<>", tBool, s, lit("x", tStr)), call("CAST", tBig, s), lit(int64(0), tBig)),
			want: []any{int64(10), int64(0), int64(30), int64(0), int64(50)}},
		{name: "case error in taken branch", expr: call("CASE", tBig, call("=", tBool, s, lit("x", tStr)), call("CAST", tBig, s), lit(int64(0), tBig)),
			err: "CAST('x' AS BIGINT) failed: invalid number", errRow: 1},
		{name: "coalesce isolates errors", expr: call("COALESCE", tBig, call("IF", tBig, call("=", tBool, s, lit("x", tStr)), lit(int64(0), tBig), lit(nil, tBig)), call("CAST", tBig, s)),
			want: []any{int64(10), int64(0), int64(30), nil, int64(50)}},
		{name: "case even args rejected", expr: call("CASE", tBig, b, x), err: "CASE needs", errRow: -1},
	})
}
