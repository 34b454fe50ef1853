package executor

import (
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// rjBench drives a regular join over bIn (k BIGINT, v BIGINT, ts) on
// both sides with 1024-row append batches, alternately left and right,
// keys spread over 10K values and every row distinct (v counts rows).
// The processing-time clock advances msPerBatch per batch, so with a TTL
// of ttl ms a side holds about ttl/msPerBatch/2 batches of rows.
type rjBench struct {
	op     *regularJoin
	schema *arrow.Schema
	kb     *array.Int64Builder
	vb     *array.Int64Builder
	tb     *array.TimestampBuilder
	clock  *fakeClock
	keyOf  func(batch, row int) int64
	out    *nopEmitter
	n      int
}

const (
	rjBenchRows  = 1024
	rjBenchKeys  = 10_000
	rjBenchMsPer = 10
)

func newRJBench(b *testing.B, typ planner.JoinType, ttl int64) *rjBench {
	alloc := memory.NewGoAllocator()
	spec := &planner.JoinSpec{Type: typ, LeftKeys: []int{0}, RightKeys: []int{0}, LeftTTLMillis: ttl, RightTTLMillis: ttl, Name: "b"}
	out := append(append(planner.Schema(nil), bIn...), bIn...)
	op, err := newRegularJoinFor(spec, bIn, bIn, out, typ != planner.JoinInner)
	if err != nil {
		b.Fatal(err)
	}
	r := &rjBench{op: op, schema: arrowSchemaT(b, bIn), clock: &fakeClock{}, keyOf: spreadKeys(rjBenchKeys), out: &nopEmitter{},
		kb: array.NewInt64Builder(alloc), vb: array.NewInt64Builder(alloc), tb: array.NewTimestampBuilder(alloc, catalog.TimestampArrow)}
	if err := op.Open(&OpContext{Alloc: alloc, Name: "J", Clock: r.clock.Now, Metrics: NewMetrics()}, r.out); err != nil {
		b.Fatal(err)
	}
	return r
}

// batch feeds the next batch.
func (r *rjBench) batch(b *testing.B) {
	base := mustTS("2024-01-01 00:00:00")
	for i := 0; i < rjBenchRows; i++ {
		r.kb.Append(r.keyOf(r.n, i))
		r.vb.Append(int64(r.n*rjBenchRows + i))
		r.tb.Append(arrow.Timestamp(base + int64(i)))
	}
	k, v, ts := r.kb.NewArray(), r.vb.NewArray(), r.tb.NewArray()
	rec := array.NewRecord(r.schema, []arrow.Array{k, v, ts}, rjBenchRows)
	k.Release()
	v.Release()
	ts.Release()
	if err := r.op.OnBatch(r.n%2, rec); err != nil {
		b.Fatal(err)
	}
	rec.Release()
	r.n++
	r.clock.Add(rjBenchMsPer)
}

func (r *rjBench) close() {
	r.op.Close()
	r.kb.Release()
	r.vb.Release()
	r.tb.Release()
}

// benchRJoin reports input rows per second and output rows per input row
// over b.N batches, with a 2 s TTL (about 100 batches of each side held).
func benchRJoin(b *testing.B, typ planner.JoinType) {
	r := newRJBench(b, typ, 2000)
	defer r.close()
	b.ResetTimer()
	start := time.Now()
	for n := 0; n < b.N; n++ {
		r.batch(b)
	}
	el := time.Since(start).Seconds()
	in := float64(b.N) * rjBenchRows
	b.ReportMetric(in/el, "rows/s")
	b.ReportMetric(float64(r.out.rows)/in, "out/row")
	rows, bytes := r.op.stateSize()
	b.ReportMetric(float64(rows), "state-rows")
	b.ReportMetric(float64(bytes), "state-bytes")
}

// BenchmarkRegularJoinInner: INNER join of two append streams, 10K keys,
// state TTL 2 s of processing time.
func BenchmarkRegularJoinInner(b *testing.B) { benchRJoin(b, planner.JoinInner) }

// BenchmarkRegularJoinLeft: the same as a LEFT join (updating output,
// padded rows retracted on their first match).
func BenchmarkRegularJoinLeft(b *testing.B) { benchRJoin(b, planner.JoinLeft) }

// BenchmarkRegularJoinState runs 200 batches (204,800 rows, 2 s of
// processing time) per iteration into a fresh INNER join and reports the
// state held at the end, without a TTL (every row kept) and with a 500 ms
// TTL (about 50 batches kept).
func BenchmarkRegularJoinState(b *testing.B) {
	for _, c := range []struct {
		name string
		ttl  int64
	}{{"ttl=none", 0}, {"ttl=500ms", 500}} {
		b.Run(c.name, func(b *testing.B) {
			var rows, bytes int64
			start := time.Now()
			for n := 0; n < b.N; n++ {
				r := newRJBench(b, planner.JoinInner, c.ttl)
				for i := 0; i < 200; i++ {
					r.batch(b)
				}
				rows, bytes = r.op.stateSize()
				r.close()
			}
			b.ReportMetric(float64(b.N)*200*rjBenchRows/time.Since(start).Seconds(), "rows/s")
			b.ReportMetric(float64(rows), "state-rows")
			b.ReportMetric(float64(bytes), "state-bytes")
		})
	}
}
