package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// bIn is the benchmark input: k BIGINT, v BIGINT, ts TIMESTAMP(3).
var bIn = schemaOf(col("k", catalog.BigInt), col("v", catalog.BigInt), col("ts", catalog.Timestamp))

// nopEmitter drops what it is given.
type nopEmitter struct{ rows int64 }

func (e *nopEmitter) Emit(rec arrow.Record) error { e.rows += rec.NumRows(); return nil }

// benchWindow feeds 1024-row batches to the operator for spec: key
// keyOf(batch, row), event time advancing msPerBatch per batch, rows
// slightly out of order, a watermark 1s behind after every batch.
func benchWindow(b *testing.B, spec *planner.WindowAggSpec, msPerBatch int64, keyOf func(batch, row int) int64) {
	const rows = 1024
	alloc := memory.NewGoAllocator()
	op, err := newWindowAggFor(spec, bIn, windowOut(spec, bIn))
	if err != nil {
		b.Fatal(err)
	}
	openBenchOp(b, op, alloc, "W")
	defer op.Close()
	schema := arrowSchemaT(b, bIn)
	vals := benchValues(alloc, rows)
	defer vals.Release()
	kb := array.NewInt64Builder(alloc)
	tb := array.NewTimestampBuilder(alloc, catalog.TimestampArrow)
	base := mustTS("2024-01-01 00:00:00")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		t0 := base + int64(n)*msPerBatch
		for i := 0; i < rows; i++ {
			kb.Append(keyOf(n, i))
			// Up to 50ms out of order.
			tb.Append(arrow.Timestamp(t0 + int64(i)*msPerBatch/rows - int64(i%7)*7))
		}
		keys, ts := kb.NewArray(), tb.NewArray()
		rec := array.NewRecord(schema, []arrow.Array{keys, vals, ts}, rows)
		keys.Release()
		ts.Release()
		if err := op.OnBatch(0, rec); err != nil {
			b.Fatal(err)
		}
		rec.Release()
		if _, err := op.OnWatermark(t0 - 1000); err != nil {
			b.Fatal(err)
		}
	}
	if _, err := op.OnWatermark(MaxWatermark); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)*rows/b.Elapsed().Seconds(), "rows/s")
}

// windowBenchAggs is COUNT(*) and SUM(v).
var windowBenchAggs = []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, 1)}

// spreadKeys returns a key function cycling pseudo-randomly through n
// distinct keys.
func spreadKeys(n int) func(batch, row int) int64 {
	return func(batch, row int) int64 { return int64((batch*7919 + row*104729) % n) }
}

// benchKeyCounts are the distinct-key counts every window benchmark runs
// with.
var benchKeyCounts = []struct {
	name string
	n    int
}{{"keys=10K", 10_000}, {"keys=1M", 1_000_000}}

// BenchmarkWindowTumble: TUMBLE 1 minute, COUNT(*) and SUM, about a
// million rows per minute of event time.
func BenchmarkWindowTumble(b *testing.B) {
	for _, kc := range benchKeyCounts {
		b.Run(kc.name, func(b *testing.B) {
			benchWindow(b, &planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: 2, SizeMillis: 60000,
				Keys: []int{0}, Aggs: windowBenchAggs}, 60, spreadKeys(kc.n))
		})
	}
}

// BenchmarkWindowHop: HOP 1 hour sliding by 1 minute over the same
// stream: 60 windows per row, sharing per-minute slices.
func BenchmarkWindowHop(b *testing.B) {
	for _, kc := range benchKeyCounts {
		b.Run(kc.name, func(b *testing.B) {
			benchWindow(b, &planner.WindowAggSpec{Kind: planner.WindowHop, TimeCol: 2, SizeMillis: 3600000, SlideMillis: 60000,
				Keys: []int{0}, Aggs: windowBenchAggs}, 60, spreadKeys(kc.n))
		})
	}
}

// BenchmarkWindowSession: SESSION with a 300ms gap; keys come round in
// order, so with 10K keys each key recurs about every 600ms of event time
// and sessions open and close continuously; with 1M keys each session
// holds one row.
func BenchmarkWindowSession(b *testing.B) {
	for _, kc := range benchKeyCounts {
		b.Run(kc.name, func(b *testing.B) {
			n := kc.n
			benchWindow(b, &planner.WindowAggSpec{Kind: planner.WindowSession, TimeCol: 2, SizeMillis: 300,
				Keys: []int{0}, Aggs: windowBenchAggs}, 60, func(batch, row int) int64 { return int64((batch*1024 + row) % n) })
		})
	}
}

// TestWindowManyGroups fires one window of more groups than fit in one
// output batch.
func TestWindowManyGroups(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	spec := &planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: 2, SizeMillis: 1000, Keys: []int{0}, Aggs: windowBenchAggs}
	op, err := newWindowAggFor(spec, bIn, windowOut(spec, bIn))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := openCapture(t, op, alloc, "W", nil)
	defer op.Close()
	const n = 2*windowEmitMaxRows + 10
	b := array.NewRecordBuilder(alloc, arrowSchemaT(t, bIn))
	defer b.Release()
	for i := 0; i < n; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.Int64Builder).Append(int64(i))
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(i % 1000))
	}
	rec := b.NewRecord()
	defer rec.Release()
	for pass := 0; pass < 2; pass++ {
		if err := op.OnBatch(0, rec); err != nil {
			t.Fatal(err)
		}
	}
	if _, err := op.OnWatermark(MaxWatermark); err != nil {
		t.Fatal(err)
	}
	if len(out.rows) != n {
		t.Fatalf("%d rows, want %d", len(out.rows), n)
	}
	if want := "12, 1970-01-01 00:00:00, 1970-01-01 00:00:01, 1970-01-01 00:00:00.999, 2, 24"; out.rows[12] != want {
		t.Fatalf("row 12 %q, want %q", out.rows[12], want)
	}
}
