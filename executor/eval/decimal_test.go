package eval

import (
	"testing"

	"github.com/streamsql/streamsql/catalog"
)

func TestDecimal(t *testing.T) {
	d102, d52, d51, d41 := catalog.Decimal(10, 2), catalog.Decimal(5, 2), catalog.Decimal(5, 1), catalog.Decimal(4, 1)
	cols := []colSpec{
		{catalog.Decimal(10, 1), []any{"0.1", "1.5", nil, "-2.5", "100.0"}},
		{d102, []any{"0.20", "0.25", "1.00", "-0.05", "0.00"}},
		{d52, []any{"999.99", "-999.99", "1.00", nil, "0.01"}},
	}
	a, b, c := col(0, catalog.Decimal(10, 1)), col(1, d102), col(2, d52)
	runCases(t, cols, []fcase{
		{name: "0.1+0.2 exact", expr: call("+", catalog.Decimal(11, 2), a, b), want: []any{"0.30", "1.75", nil, "-2.55", "100.00"}},
		{name: "sub", expr: call("-", catalog.Decimal(11, 2), a, b), want: []any{"-0.10", "1.25", nil, "-2.45", "100.00"}},
		{name: "mul", expr: call("*", catalog.Decimal(21, 3), a, b), want: []any{"0.020", "0.375", nil, "0.125", "0.000"}},
		{name: "mul rounds half up", expr: call("*", catalog.Decimal(21, 2), a, b), want: []any{"0.02", "0.38", nil, "0.13", "0.00"}},
		{name: "div", expr: call("/", catalog.Decimal(20, 6), a, b), want: []any{"0.500000", "6.000000", nil, "50.000000", nil}},
		{name: "div rounds", expr: call("/", catalog.Decimal(20, 2), lit("1.0", catalog.Decimal(10, 1)), lit("3.00", d102)), want: []any{"0.33", "0.33", "0.33", "0.33", "0.33"}},
		{name: "mod", expr: call("%", catalog.Decimal(10, 2), a, b), want: []any{"0.10", "0.00", nil, "0.00", nil}},
		{name: "precision overflow", expr: call("+", d52, c, c), err: "DECIMAL(5, 2) overflow", errRow: 0},
		{name: "neg", expr: call("NEG", d52, c), want: []any{"-999.99", "999.99", "-1.00", nil, "-0.01"}},
		{name: "abs", expr: call("ABS", d52, c), want: []any{"999.99", "999.99", "1.00", nil, "0.01"}},
		{name: "compare", expr: call("<", tBool, b, lit("0.25", d102)), want: []any{true, false, false, true, true}},
		{name: "equal", expr: call("=", tBool, c, lit("1.00", d52)), want: []any{false, false, true, nil, false}},
		{name: "floor", expr: call("FLOOR", catalog.Decimal(10, 0), a), want: []any{"0", "1", nil, "-3", "100"}},
		{name: "ceil", expr: call("CEIL", catalog.Decimal(10, 0), a), want: []any{"1", "2", nil, "-2", "100"}},
		{name: "cast rescale rounds half up", expr: call("CAST", d51, c), want: []any{"1000.0", "-1000.0", "1.0", nil, "0.0"}},
		{name: "cast rescale overflow", expr: call("CAST", d41, c), err: "CAST(999.99 AS DECIMAL(4, 1)) failed: out of range", errRow: 0},
		{name: "try_cast rescale overflow", expr: call("TRY_CAST", d41, c), want: []any{nil, nil, "1.0", nil, "0.0"}},
		{name: "cast string exponent", expr: call("CAST", d102, lit("-1.2345e2", tStr)), want: []any{"-123.45", "-123.45", "-123.45", "-123.45", "-123.45"}},
		{name: "cast string rounds half up", expr: call("CAST", d102, lit("-0.005", tStr)), want: []any{"-0.01", "-0.01", "-0.01", "-0.01", "-0.01"}},
		{name: "cast to int truncates", expr: call("CAST", tInt, a), want: []any{int64(0), int64(1), nil, int64(-2), int64(100)}},
		{name: "cast to double", expr: call("CAST", tDbl, b), want: []any{0.2, 0.25, 1.0, -0.05, 0.0}},
		{name: "cast int to decimal", expr: call("CAST", d52, lit(int64(12), tBig)), want: []any{"12.00", "12.00", "12.00", "12.00", "12.00"}},
		{name: "cast big int to decimal overflows", expr: call("CAST", d52, lit(int64(1234), tBig)), err: "CAST(1234 AS DECIMAL(5, 2)) failed: out of range", errRow: 0},
		{name: "cast double to decimal", expr: call("CAST", d52, lit(0.125, tDbl)), want: []any{"0.13", "0.13", "0.13", "0.13", "0.13"}},
		{name: "cast to string", expr: call("CAST", tStr, a), want: []any{"0.1", "1.5", nil, "-2.5", "100.0"}},
		{name: "cast string to decimal", expr: call("CAST", d102, lit("3.14159", tStr)), want: []any{"3.14", "3.14", "3.14", "3.14", "3.14"}},
		{name: "cast bad string to decimal", expr: call("CAST", d102, lit("x1", tStr)), err: "CAST('x1' AS DECIMAL(10, 2)) failed: invalid number", errRow: 0},
	})
}
