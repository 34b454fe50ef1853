package eval

import (
	"math"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

func TestTimeFunctions(t *testing.T) {
	ltz := catalog.TimestampLTZ
	cols := []colSpec{
		{tTS, []any{"2024-02-29 23:59:59.999", "1969-12-31 23:59:59.999", nil, "2024-01-01 00:00:00", "1999-12-31 12:30:00.5"}},
		{tStr, []any{"2024-02-29 23:59:59", "31/12/1969 23:59", nil, "bad", "2024-01-01"}},
		{tBig, []any{int64(1700000000), int64(-1), nil, int64(0), int64(math.MaxInt64)}},
		{catalog.Interval, []any{int64(1), int64(3600000), nil, int64(-86400000), int64(0)}},
	}
	ts, s, ep, iv := col(0, tTS), col(1, tStr), col(2, tBig), col(3, catalog.Interval)
	str := func(v string) planner.Expr { return lit(v, tStr) }
	floor := func(unit string) planner.Expr { return call("FLOOR", tTS, ts, str(unit)) }
	ceil := func(unit string) planner.Expr { return call("CEIL", tTS, ts, str(unit)) }
	runCases(t, cols, []fcase{
		{name: "date_format default", expr: call("DATE_FORMAT", tStr, ts, str("yyyy-MM-dd HH:mm:ss")),
			want: []any{"2024-02-29 23:59:59", "1969-12-31 23:59:59", nil, "2024-01-01 00:00:00", "1999-12-31 12:30:00"}},
		{name: "date_format literal text and millis", expr: call("DATE_FORMAT", tStr, ts, str("dd/MM/yy 'at' H'h' SSS''")),
			want: []any{"29/02/24 at 23h 999'", "31/12/69 at 23h 999'", nil, "01/01/24 at 0h 000'", "31/12/99 at 12h 500'"}},
		{name: "date_format ltz", expr: call("DATE_FORMAT", tStr, call("CAST", ltz, ts), str("yyyyMMddHH")),
			want: []any{"2024022923", "1969123123", nil, "2024010100", "1999123112"}},
		{name: "date_format of string", expr: call("DATE_FORMAT", tStr, s, str("yyyy/MM/dd")),
			want: []any{"2024/02/29", nil, nil, nil, "2024/01/01"}},
		{name: "date_format bad letter", expr: call("DATE_FORMAT", tStr, ts, str("yyyy-QQ")), err: "not supported", errRow: -1},
		{name: "to_timestamp default format", expr: call("TO_TIMESTAMP", tTS, s),
			want: []any{"2024-02-29 23:59:59.000", nil, nil, nil, "2024-01-01 00:00:00.000"}},
		{name: "to_timestamp format", expr: call("TO_TIMESTAMP", tTS, s, str("dd/MM/yyyy HH:mm")),
			want: []any{nil, "1969-12-31 23:59:00.000", nil, nil, nil}},
		{name: "date_format to_timestamp round trip", expr: call("TO_TIMESTAMP", tTS, call("DATE_FORMAT", tStr, ts, str("yyyyMMddHHmmssSSS")), str("yyyyMMddHHmmssSSS")),
			want: []any{"2024-02-29 23:59:59.999", "1969-12-31 23:59:59.999", nil, "2024-01-01 00:00:00.000", "1999-12-31 12:30:00.500"}},
		{name: "unix_timestamp of string", expr: call("UNIX_TIMESTAMP", tBig, s),
			want: []any{int64(1709251199), nil, nil, nil, int64(1704067200)}},
		{name: "unix_timestamp with format", expr: call("UNIX_TIMESTAMP", tBig, s, str("dd/MM/yyyy HH:mm")),
			want: []any{nil, int64(-60), nil, nil, nil}},
		{name: "unix_timestamp now", expr: call("UNIX_TIMESTAMP", tBig),
			want: []any{int64(1700000000), int64(1700000000), int64(1700000000), int64(1700000000), int64(1700000000)}},
		{name: "to_timestamp_ltz seconds", expr: call("TO_TIMESTAMP_LTZ", ltz, ep, lit(int64(0), tInt)), err: "overflow", errRow: 4},
		{name: "to_timestamp_ltz millis", expr: call("TO_TIMESTAMP_LTZ", ltz, call("CAST", tBig, call("TRY_CAST", tInt, ep)), lit(int64(3), tInt)),
			want: []any{"1970-01-20 16:13:20.000", "1969-12-31 23:59:59.999", nil, "1970-01-01 00:00:00.000", nil}},
		{name: "to_timestamp_ltz bad precision", expr: call("TO_TIMESTAMP_LTZ", ltz, ep, lit(int64(6), tInt)), err: "precision", errRow: -1},
		{name: "floor second", expr: floor("SECOND"), want: []any{"2024-02-29 23:59:59.000", "1969-12-31 23:59:59.000", nil, "2024-01-01 00:00:00.000", "1999-12-31 12:30:00.000"}},
		{name: "floor hour", expr: floor("HOUR"), want: []any{"2024-02-29 23:00:00.000", "1969-12-31 23:00:00.000", nil, "2024-01-01 00:00:00.000", "1999-12-31 12:00:00.000"}},
		{name: "floor day", expr: floor("DAY"), want: []any{"2024-02-29 00:00:00.000", "1969-12-31 00:00:00.000", nil, "2024-01-01 00:00:00.000", "1999-12-31 00:00:00.000"}},
		{name: "floor month", expr: floor("MONTH"), want: []any{"2024-02-01 00:00:00.000", "1969-12-01 00:00:00.000", nil, "2024-01-01 00:00:00.000", "1999-12-01 00:00:00.000"}},
		{name: "floor year", expr: floor("YEAR"), want: []any{"2024-01-01 00:00:00.000", "1969-01-01 00:00:00.000", nil, "2024-01-01 00:00:00.000", "1999-01-01 00:00:00.000"}},
		{name: "ceil minute", expr: ceil("MINUTE"), want: []any{"2024-03-01 00:00:00.000", "1970-01-01 00:00:00.000", nil, "2024-01-01 00:00:00.000", "1999-12-31 12:31:00.000"}},
		{name: "ceil month", expr: ceil("MONTH"), want: []any{"2024-03-01 00:00:00.000", "1970-01-01 00:00:00.000", nil, "2024-01-01 00:00:00.000", "2000-01-01 00:00:00.000"}},
		{name: "ceil year", expr: ceil("YEAR"), want: []any{"2025-01-01 00:00:00.000", "1970-01-01 00:00:00.000", nil, "2024-01-01 00:00:00.000", "2000-01-01 00:00:00.000"}},
		{name: "floor quarter", expr: floor("quarter"), want: []any{"2024-01-01 00:00:00.000", "1969-10-01 00:00:00.000", nil, "2024-01-01 00:00:00.000", "1999-10-01 00:00:00.000"}},
		{name: "floor week starts on sunday", expr: floor("WEEK"), want: []any{"2024-02-25 00:00:00.000", "1969-12-28 00:00:00.000", nil, "2023-12-31 00:00:00.000", "1999-12-26 00:00:00.000"}},
		{name: "ceil week", expr: ceil("WEEK"), want: []any{"2024-03-03 00:00:00.000", "1970-01-04 00:00:00.000", nil, "2024-01-07 00:00:00.000", "2000-01-02 00:00:00.000"}},
		{name: "floor unknown unit", expr: floor("FORTNIGHT"), err: "not supported yet", errRow: -1},
		{name: "timestamp plus interval", expr: call("+", tTS, ts, iv), want: []any{"2024-03-01 00:00:00.000", "1970-01-01 00:59:59.999", nil, "2023-12-31 00:00:00.000", "1999-12-31 12:30:00.500"}},
		{name: "interval plus timestamp", expr: call("+", tTS, iv, ts), want: []any{"2024-03-01 00:00:00.000", "1970-01-01 00:59:59.999", nil, "2023-12-31 00:00:00.000", "1999-12-31 12:30:00.500"}},
		{name: "timestamp minus interval", expr: call("-", tTS, ts, lit(int64(5000), catalog.Interval)), want: []any{"2024-02-29 23:59:54.999", "1969-12-31 23:59:54.999", nil, "2023-12-31 23:59:55.000", "1999-12-31 12:29:55.500"}},
	})
}
