package executor

import (
	"math/rand"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Benchmark input: k BIGINT, v BIGINT, ts TIMESTAMP (the arrival time),
// ws and we TIMESTAMP (one-minute window bounds).
var rbIn = schemaOf(col("k", catalog.BigInt), col("v", catalog.BigInt), col("ts", catalog.Timestamp),
	col("ws", catalog.Timestamp), col("we", catalog.Timestamp))

// discard counts the rows emitted.
type discard struct{ rows int64 }

func (d *discard) Emit(rec arrow.Record) error { d.rows += rec.NumRows(); return nil }

// rankBenchBatches builds rows/1024 batches of random keys below keys and
// random values; ts grows with the row number; every 100K rows make one
// window.
func rankBenchBatches(b *testing.B, alloc memory.Allocator, rows, keys int) []arrow.Record {
	rng := rand.New(rand.NewSource(1))
	schema, err := ArrowSchema(rbIn)
	if err != nil {
		b.Fatal(err)
	}
	var out []arrow.Record
	bld := array.NewRecordBuilder(alloc, schema)
	defer bld.Release()
	for i := 0; i < rows; i++ {
		win := int64(i/100000) * 60000
		bld.Field(0).(*array.Int64Builder).Append(rng.Int63n(int64(keys)))
		bld.Field(1).(*array.Int64Builder).Append(rng.Int63n(1000000))
		bld.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(i))
		bld.Field(3).(*array.TimestampBuilder).Append(arrow.Timestamp(win))
		bld.Field(4).(*array.TimestampBuilder).Append(arrow.Timestamp(win + 60000))
		if (i+1)%1024 == 0 || i == rows-1 {
			out = append(out, bld.NewRecord())
		}
	}
	return out
}

// benchRankOp runs op over the batches b.N times (a fresh operator each
// time, from mk) and reports rows/s; wm, when set, is called after each
// batch with the batch's last ts to drive watermarks.
func benchRankOp(b *testing.B, mk func() (Operator, error), rows, keys int, watermarks bool) {
	alloc := memory.NewGoAllocator()
	batches := rankBenchBatches(b, alloc, rows, keys)
	defer func() {
		for _, r := range batches {
			r.Release()
		}
	}()
	b.ResetTimer()
	for it := 0; it < b.N; it++ {
		op, err := mk()
		if err != nil {
			b.Fatal(err)
		}
		out := &discard{}
		if err := op.Open(&OpContext{Alloc: alloc, Name: "B", Metrics: NewMetrics(), Clock: func() int64 { return 0 }}, out); err != nil {
			b.Fatal(err)
		}
		for i, rec := range batches {
			if err := op.OnBatch(0, rec); err != nil {
				b.Fatal(err)
			}
			if watermarks && i%100 == 99 {
				ws := rec.Column(3).(*array.Timestamp).Value(int(rec.NumRows()) - 1)
				if _, err := op.OnWatermark(int64(ws) - 1); err != nil {
					b.Fatal(err)
				}
			}
		}
		if err := op.OnEnd(); err != nil {
			b.Fatal(err)
		}
		op.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkRankDedupKeepFirst: deduplication keeping the first row (ts
// ascending, N = 1) of 1M rows over 100K ids.
func BenchmarkRankDedupKeepFirst(b *testing.B) {
	spec := &planner.RankSpec{PartitionKeys: []int{0}, OrderKeys: []planner.SortKey{{Col: 2}}, RankStart: 1, RankEnd: 1, Name: "b"}
	g, n := rankGraph(spec, rbIn, false)
	benchRankOp(b, func() (Operator, error) { return newRank(g, n) }, 1000000, 100000, false)
}

// rbProcIn is rbIn with ts a processing-time attribute.
var rbProcIn = func() planner.Schema {
	s := append(planner.Schema(nil), rbIn...)
	s[2].Type.ProcTime = true
	return s
}()

// BenchmarkRankDedupProcTime: deduplication keeping the first row on
// processing time (ts ascending, N = 1) of 1M rows over 100K ids: once an
// id holds its row, a row costs one hash lookup.
func BenchmarkRankDedupProcTime(b *testing.B) {
	spec := &planner.RankSpec{PartitionKeys: []int{0}, OrderKeys: []planner.SortKey{{Col: 2}}, RankStart: 1, RankEnd: 1, Name: "b"}
	g, n := rankGraph(spec, rbProcIn, false)
	benchRankOp(b, func() (Operator, error) { return newRank(g, n) }, 1000000, 100000, false)
}

// BenchmarkRankTop10: unbounded top-10 by a random value over 10K
// partitions, with the rank (1M rows).
func BenchmarkRankTop10(b *testing.B) {
	spec := &planner.RankSpec{PartitionKeys: []int{0}, OrderKeys: []planner.SortKey{{Col: 1, Desc: true}}, RankStart: 1, RankEnd: 10, OutputRank: true, Name: "b"}
	g, n := rankGraph(spec, rbIn, false)
	benchRankOp(b, func() (Operator, error) { return newRank(g, n) }, 1000000, 10000, false)
}

// BenchmarkWindowRankTop3: top-3 per one-minute window (100K rows each)
// and key over 1K keys (1M rows).
func BenchmarkWindowRankTop3(b *testing.B) {
	spec := &planner.WindowRankSpec{WindowStart: 3, WindowEnd: 4, PartitionKeys: []int{0}, OrderKeys: []planner.SortKey{{Col: 1, Desc: true}},
		RankStart: 1, RankEnd: 3, OutputRank: true, LateName: "b"}
	g, n := windowRankGraph(spec, rbIn)
	benchRankOp(b, func() (Operator, error) { return newWindowRank(g, n) }, 1000000, 1000, true)
}
