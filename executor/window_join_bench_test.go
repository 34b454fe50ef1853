package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// BenchmarkWindowJoinTumble10s feeds 1024-row batches alternately to the
// two inputs of an inner window join of 10-second TUMBLE windows on a
// BIGINT key (rows k, v, ts and their window columns, as a window table
// function emits them): keys cycle pseudo-randomly through 10K values
// (the two batches of a pair share their keys, so each row has about one
// partner),
// event time advances 10s per pair of batches with rows slightly out of
// order, and a watermark 1s behind follows every pair. It reports rows
// of both inputs per second.
func BenchmarkWindowJoinTumble10s(b *testing.B) {
	const rows, size, msPerBatch = 1024, 10_000, 10_000
	alloc := memory.NewGoAllocator()
	in := tvfOut(bIn, 2)
	spec := &planner.WindowJoinSpec{Type: planner.JoinInner, LeftKeys: []int{0}, RightKeys: []int{0},
		LeftWindowStart: 3, LeftWindowEnd: 4, RightWindowStart: 3, RightWindowEnd: 4, LateName: "b"}
	op, err := newWindowJoinFor(spec, in, in, append(append(planner.Schema(nil), in...), in...))
	if err != nil {
		b.Fatal(err)
	}
	out := openBenchOp(b, op, alloc, "J")
	defer op.Close()
	schema := arrowSchemaT(b, in)
	vals := benchValues(alloc, rows)
	defer vals.Release()
	kb := array.NewInt64Builder(alloc)
	var tbs [4]*array.TimestampBuilder
	for i := range tbs {
		tbs[i] = array.NewTimestampBuilder(alloc, catalog.TimestampArrow)
	}
	keyOf := spreadKeys(10_000)
	base := mustTS("2024-01-01 00:00:00")
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		t0 := base + int64(n/2)*msPerBatch
		for i := 0; i < rows; i++ {
			kb.Append(keyOf(n/2, i))
			ts := t0 + int64(i)*msPerBatch/rows - int64(i%7)*7
			ws := align(ts, size, 0)
			for c, v := range []int64{ts, ws, ws + size, ws + size - 1} {
				tbs[c].Append(arrow.Timestamp(v))
			}
		}
		cols := []arrow.Array{kb.NewArray(), vals}
		for _, tb := range tbs {
			cols = append(cols, tb.NewArray())
		}
		rec := array.NewRecord(schema, cols, rows)
		for i, c := range cols {
			if i != 1 {
				c.Release()
			}
		}
		if err := op.OnBatch(n%2, rec); err != nil {
			b.Fatal(err)
		}
		rec.Release()
		if n%2 == 1 {
			if _, err := op.OnWatermark(t0 - 1000); err != nil {
				b.Fatal(err)
			}
		}
	}
	if _, err := op.OnWatermark(MaxWatermark); err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)*rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(out.rows)/float64(b.N*rows), "out/in")
}

// BenchmarkWindowTVFHop1m10s assigns HOP windows of 1 minute sliding by
// 10 seconds (6 windows per row) to 1024-row batches (k, v, ts). It
// reports input rows per second.
func BenchmarkWindowTVFHop1m10s(b *testing.B) {
	const rows = 1024
	alloc := memory.NewGoAllocator()
	spec := &planner.WindowTVFSpec{Kind: planner.WindowHop, TimeCol: 2, SizeMillis: 60_000, SlideMillis: 10_000, Name: "b"}
	op, err := newWindowTVFFor(spec, bIn, tvfOut(bIn, 2))
	if err != nil {
		b.Fatal(err)
	}
	out := &nopEmitter{}
	if err := op.Open(&OpContext{Alloc: alloc, Name: "T", Metrics: NewMetrics()}, out); err != nil {
		b.Fatal(err)
	}
	defer op.Close()
	kb := array.NewInt64Builder(alloc)
	vb := array.NewInt64Builder(alloc)
	tb := array.NewTimestampBuilder(alloc, catalog.TimestampArrow)
	base := mustTS("2024-01-01 00:00:00")
	for i := 0; i < rows; i++ {
		kb.Append(int64(i))
		vb.Append(int64(i % 100))
		tb.Append(arrow.Timestamp(base + int64(i)*37))
	}
	cols := []arrow.Array{kb.NewArray(), vb.NewArray(), tb.NewArray()}
	rec := array.NewRecord(arrowSchemaT(b, bIn), cols, rows)
	for _, c := range cols {
		c.Release()
	}
	defer rec.Release()
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		if err := op.OnBatch(0, rec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)*rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(out.rows)/float64(b.N*rows), "out/in")
}
