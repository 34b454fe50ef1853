package eval

import (
	"math/rand"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Random timestamps from year 1600 to 2400 against Go's time package.
func TestTimeAgainstGoTime(t *testing.T) {
	rng := rand.New(rand.NewSource(5))
	const n = 2000
	lo, hi := time.Date(1600, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli(), time.Date(2400, 1, 1, 0, 0, 0, 0, time.UTC).UnixMilli()
	ms := make([]int64, n)
	vals := make([]any, n)
	for i := range ms {
		ms[i] = lo + rng.Int63n(hi-lo)
		if i%10 == 0 { // land exactly on boundaries too
			ms[i] = time.UnixMilli(ms[i]).UTC().Truncate(time.Hour).UnixMilli()
		}
		vals[i] = time.UnixMilli(ms[i]).UTC().Format("2006-01-02 15:04:05.000")
	}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, []colSpec{{tTS, vals}})
	defer rec.Release()
	ts := col(0, tTS)
	trunc := func(m int64, unit string, ceil bool) string {
		tm := time.UnixMilli(m).UTC()
		var f time.Time
		switch unit {
		case "DAY":
			f = time.Date(tm.Year(), tm.Month(), tm.Day(), 0, 0, 0, 0, time.UTC)
		case "MONTH":
			f = time.Date(tm.Year(), tm.Month(), 1, 0, 0, 0, 0, time.UTC)
		case "YEAR":
			f = time.Date(tm.Year(), 1, 1, 0, 0, 0, 0, time.UTC)
		case "WEEK":
			f = time.Date(tm.Year(), tm.Month(), tm.Day()-int(tm.Weekday()), 0, 0, 0, 0, time.UTC)
		default:
			f = tm.Truncate(time.Hour)
		}
		if ceil && !f.Equal(tm) {
			switch unit {
			case "DAY":
				f = f.AddDate(0, 0, 1)
			case "MONTH":
				f = f.AddDate(0, 1, 0)
			case "YEAR":
				f = f.AddDate(1, 0, 0)
			case "WEEK":
				f = f.AddDate(0, 0, 7)
			default:
				f = f.Add(time.Hour)
			}
		}
		return f.Format("2006-01-02 15:04:05.000")
	}
	check := func(name string, e planner.Expr, want func(m int64) any) {
		t.Helper()
		got, err := evalExpr(t, alloc, e, rec)
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		for i, m := range ms {
			if w := want(m); got[i] != w {
				t.Fatalf("%s of %s: got %v, want %v", name, vals[i], got[i], w)
			}
		}
	}
	check("DATE_FORMAT", call("DATE_FORMAT", tStr, ts, lit("yyyy/MM/dd HH:mm:ss.SSS", tStr)), func(m int64) any {
		return time.UnixMilli(m).UTC().Format("2006/01/02 15:04:05.000")
	})
	check("CAST AS STRING", call("CAST", tStr, ts), func(m int64) any { return time.UnixMilli(m).UTC().Format("2006-01-02 15:04:05.000") })
	check("CAST round trip", call("CAST", tTS, call("CAST", tStr, ts)), func(m int64) any { return time.UnixMilli(m).UTC().Format("2006-01-02 15:04:05.000") })
	check("TO_TIMESTAMP round trip", call("TO_TIMESTAMP", tTS, call("DATE_FORMAT", tStr, ts, lit("dd.MM.yyyy'T'HH:mm:ss.SSS", tStr)), lit("dd.MM.yyyy'T'HH:mm:ss.SSS", tStr)),
		func(m int64) any { return time.UnixMilli(m).UTC().Format("2006-01-02 15:04:05.000") })
	check("CAST AS DATE", call("CAST", catalog.Date, ts), func(m int64) any { return time.UnixMilli(m).UTC().Format("2006-01-02") })
	check("UNIX_TIMESTAMP", call("UNIX_TIMESTAMP", tBig, call("CAST", tStr, ts)), func(m int64) any {
		return time.UnixMilli(m).UTC().Truncate(time.Second).Unix()
	})
	for _, unit := range []string{"HOUR", "DAY", "WEEK", "MONTH", "YEAR"} {
		for _, fn := range []string{"FLOOR", "CEIL"} {
			check(fn+" "+unit, call(fn, tTS, ts, lit(unit, tStr)), func(m int64) any { return trunc(m, unit, fn == "CEIL") })
		}
	}
}
