package eval

import (
	"math"
	"testing"

	"github.com/streamsql/streamsql/catalog"
)

func TestCastNumeric(t *testing.T) {
	cols := []colSpec{
		{tBig, []any{int64(1), int64(-300), nil, int64(math.MaxInt64), int64(0)}},
		{tDbl, []any{1.9, -1.9, nil, 3e10, math.NaN()}},
		{tBool, []any{true, false, nil, true, false}},
	}
	x, f, b := col(0, tBig), col(1, tDbl), col(2, tBool)
	ti := catalog.TinyInt
	runCases(t, cols, []fcase{
		{name: "bigint to tinyint overflow", expr: call("CAST", ti, x), err: "CAST(-300 AS TINYINT) failed: out of range", errRow: 1},
		{name: "try_cast overflow is NULL", expr: call("TRY_CAST", ti, x), want: []any{int64(1), nil, nil, nil, int64(0)}},
		{name: "bigint to int", expr: call("TRY_CAST", tInt, x), want: []any{int64(1), int64(-300), nil, nil, int64(0)}},
		{name: "bigint to double", expr: call("CAST", tDbl, x), want: []any{1.0, -300.0, nil, float64(math.MaxInt64), 0.0}},
		{name: "double to int truncates", expr: call("TRY_CAST", tInt, f), want: []any{int64(1), int64(-1), nil, nil, nil}},
		{name: "double to int overflow", expr: call("CAST", tInt, f), err: "CAST(3.0E10 AS INT) failed: out of range", errRow: 3},
		{name: "double to float", expr: call("CAST", catalog.Float, lit(0.5, tDbl)), want: []any{0.5, 0.5, 0.5, 0.5, 0.5}},
		{name: "bool to int", expr: call("CAST", tInt, b), want: []any{int64(1), int64(0), nil, int64(1), int64(0)}},
		{name: "int to bool", expr: call("CAST", tBool, x), want: []any{true, true, nil, true, false}},
		{name: "bool to decimal", expr: call("CAST", catalog.Decimal(3, 1), b), want: []any{"1.0", "0.0", nil, "1.0", "0.0"}},
		{name: "same type is identity", expr: call("CAST", tBig, x), want: []any{int64(1), int64(-300), nil, int64(math.MaxInt64), int64(0)}},
		{name: "from NULL literal", expr: call("CAST", tInt, lit(nil, catalog.Null)), want: []any{nil, nil, nil, nil, nil}},
	})
}

func TestCastString(t *testing.T) {
	cols := []colSpec{
		{tStr, []any{"42", " -7 ", nil, "abc", "99999999999"}},
		{tStr, []any{"TRUE", "false", "yes", "maybe", nil}},
		{tStr, []any{"2024-02-29", "2023-02-29", "2024-1-5", nil, "x"}},
		{tStr, []any{"2024-02-29 13:45:01", "2024-02-29T13:45:01.5Z", "2024-02-29 25:00:00", "2024-02-29", "2024-02-29 13:45:01.123456"}},
		{tDbl, []any{1.0, 0.1, 1e7, 1.5e-4, -123.25}},
		{catalog.Date, []any{"2024-02-29", "1969-12-31", nil, "0001-01-01", "9999-12-31"}},
		{tTS, []any{"2024-02-29 13:45:01.007", "1969-12-31 23:59:59.999", nil, "2024-01-01 00:00:00", "1970-01-01 00:00:00"}},
		{catalog.Interval, []any{int64(90061001), int64(-1000), nil, int64(0), int64(59999)}},
	}
	s, bs, ds, tss := col(0, tStr), col(1, tStr), col(2, tStr), col(3, tStr)
	f, d, ts, iv := col(4, tDbl), col(5, catalog.Date), col(6, tTS), col(7, catalog.Interval)
	runCases(t, cols, []fcase{
		{name: "string to int fails with value", expr: call("CAST", tInt, s), err: "CAST('abc' AS INT) failed: invalid number", errRow: 3},
		{name: "string to int try", expr: call("TRY_CAST", tInt, s), want: []any{int64(42), int64(-7), nil, nil, nil}},
		{name: "string with fraction truncates", expr: call("CAST", tInt, lit(" -12.99 ", tStr)), want: []any{int64(-12), int64(-12), int64(-12), int64(-12), int64(-12)}},
		{name: "string bad fraction", expr: call("CAST", tInt, lit("1.2.3", tStr)), err: "CAST('1.2.3' AS INT) failed: invalid number", errRow: 0},
		{name: "string to bigint", expr: call("TRY_CAST", tBig, s), want: []any{int64(42), int64(-7), nil, nil, int64(99999999999)}},
		{name: "string to double", expr: call("TRY_CAST", tDbl, s), want: []any{42.0, -7.0, nil, nil, 99999999999.0}},
		{name: "string to bool", expr: call("TRY_CAST", tBool, bs), want: []any{true, false, true, nil, nil}},
		{name: "string to bool fails", expr: call("CAST", tBool, bs), err: "CAST('maybe' AS BOOLEAN) failed", errRow: 3},
		{name: "string to date", expr: call("TRY_CAST", catalog.Date, ds), want: []any{"2024-02-29", nil, "2024-01-05", nil, nil}},
		{name: "string to date fails", expr: call("CAST", catalog.Date, ds), err: "CAST('2023-02-29' AS DATE) failed: invalid date", errRow: 1},
		{name: "string to timestamp", expr: call("TRY_CAST", tTS, tss),
			want: []any{"2024-02-29 13:45:01.000", "2024-02-29 13:45:01.500", nil, "2024-02-29 00:00:00.000", "2024-02-29 13:45:01.123"}},
		{name: "string to timestamp_ltz", expr: call("TRY_CAST", catalog.TimestampLTZ, tss),
			want: []any{"2024-02-29 13:45:01.000", "2024-02-29 13:45:01.500", nil, "2024-02-29 00:00:00.000", "2024-02-29 13:45:01.123"}},
		{name: "int to string", expr: call("CAST", tStr, call("TRY_CAST", tBig, s)), want: []any{"42", "-7", nil, nil, "99999999999"}},
		{name: "double to string like Java", expr: call("CAST", tStr, f), want: []any{"1.0", "0.1", "1.0E7", "1.5E-4", "-123.25"}},
		{name: "bool to string", expr: call("CAST", tStr, call("TRY_CAST", tBool, bs)), want: []any{"TRUE", "FALSE", "TRUE", nil, nil}},
		{name: "date to string", expr: call("CAST", tStr, d), want: []any{"2024-02-29", "1969-12-31", nil, "0001-01-01", "9999-12-31"}},
		{name: "timestamp to string", expr: call("CAST", tStr, ts), want: []any{"2024-02-29 13:45:01.007", "1969-12-31 23:59:59.999", nil, "2024-01-01 00:00:00.000", "1970-01-01 00:00:00.000"}},
		{name: "interval to string", expr: call("CAST", tStr, iv), want: []any{"+1 01:01:01.001", "-0 00:00:01.000", nil, "+0 00:00:00.000", "+0 00:00:59.999"}},
		{name: "timestamp to date", expr: call("CAST", catalog.Date, ts), want: []any{"2024-02-29", "1969-12-31", nil, "2024-01-01", "1970-01-01"}},
		{name: "date to timestamp", expr: call("CAST", tTS, d), want: []any{"2024-02-29 00:00:00.000", "1969-12-31 00:00:00.000", nil, "0001-01-01 00:00:00.000", "9999-12-31 00:00:00.000"}},
		{name: "timestamp to ltz", expr: call("CAST", catalog.TimestampLTZ, ts), want: []any{"2024-02-29 13:45:01.007", "1969-12-31 23:59:59.999", nil, "2024-01-01 00:00:00.000", "1970-01-01 00:00:00.000"}},
		{name: "string to bytes and back", expr: call("CAST", tStr, call("CAST", catalog.Bytes, s)), want: []any{"42", " -7 ", nil, "abc", "99999999999"}},
		{name: "varchar truncates", expr: call("CAST", catalog.Type{Kind: catalog.KindString, Length: 2}, lit("héllo", tStr)), want: []any{"hé", "hé", "hé", "hé", "hé"}},
		{name: "unsupported", expr: call("CAST", catalog.Date, col(4, tDbl)), err: "CAST from DOUBLE to DATE is not supported", errRow: -1},
		{name: "quote in message", expr: call("CAST", tInt, lit("it's", tStr)), err: "CAST('it''s' AS INT) failed: invalid number", errRow: 0},
	})
}
