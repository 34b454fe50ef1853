package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// benchJoin feeds 1024-row batches alternately to the left and right
// inputs of an interval join with bounds [-bound, +bound] on keyed BIGINT
// rows (k, v, ts): keys cycle pseudo-randomly through keys distinct
// values, event time advances msPerBatch per batch with rows slightly out
// of order, and a watermark 1s behind follows every pair of batches. It
// reports rows of both inputs per second and the peak number of buffered
// rows.
func benchJoin(b *testing.B, bound, msPerBatch int64, keys int) {
	const rows = 1024
	alloc := memory.NewGoAllocator()
	spec := &planner.IntervalJoinSpec{Type: planner.JoinInner, LeftKeys: []int{0}, RightKeys: []int{0},
		LeftTime: 2, RightTime: 2, LowerMillis: -bound, UpperMillis: bound, LateName: "b"}
	op, err := newIntervalJoinFor(spec, bIn, bIn, append(append(planner.Schema(nil), bIn...), bIn...))
	if err != nil {
		b.Fatal(err)
	}
	out := openBenchOp(b, op, alloc, "J")
	defer op.Close()
	schema := arrowSchemaT(b, bIn)
	vals := benchValues(alloc, rows)
	defer vals.Release()
	kb := array.NewInt64Builder(alloc)
	tb := array.NewTimestampBuilder(alloc, catalog.TimestampArrow)
	keyOf := spreadKeys(keys)
	base := mustTS("2024-01-01 00:00:00")
	peak := 0
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		t0 := base + int64(n/2)*msPerBatch
		for i := 0; i < rows; i++ {
			kb.Append(keyOf(n, i))
			tb.Append(arrow.Timestamp(t0 + int64(i)*msPerBatch/rows - int64(i%7)*7))
		}
		k, ts := kb.NewArray(), tb.NewArray()
		rec := array.NewRecord(schema, []arrow.Array{k, vals, ts}, rows)
		k.Release()
		ts.Release()
		if err := op.OnBatch(n%2, rec); err != nil {
			b.Fatal(err)
		}
		rec.Release()
		if n%2 == 1 {
			if _, err := op.OnWatermark(t0 - 1000); err != nil {
				b.Fatal(err)
			}
		}
		peak = max(peak, op.state.Len(0)+op.state.Len(1))
	}
	if _, err := op.OnWatermark(MaxWatermark); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)*rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(peak), "peak-rows")
	b.ReportMetric(float64(out.rows)/float64(b.N*rows), "out/in")
}

// About 100 rows per second of event time per side over 10K keys.
func BenchmarkIntervalJoin1Minute(b *testing.B) { benchJoin(b, 60_000, 10_000, 10_000) }
func BenchmarkIntervalJoin1Hour(b *testing.B)   { benchJoin(b, 3_600_000, 10_000, 10_000) }
