package executor

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// repeatSource emits the same batch n times.
type repeatSource struct {
	rec arrow.Record
	n   int
}

// Run implements Source.
func (s *repeatSource) Run(ctx context.Context, out SourceOutput) error {
	out.AddSplit(0, "bench")
	for i := 0; i < s.n; i++ {
		s.rec.Retain()
		if err := out.Emit(0, s.rec); err != nil {
			return err
		}
	}
	out.SplitDone(0)
	return nil
}

// Close implements Source.
func (s *repeatSource) Close() error { return nil }

// discardSink drops every batch.
type discardSink struct{ rows int64 }

func (s *discardSink) Write(rec arrow.Record) error { s.rows += rec.NumRows(); return nil }
func (s *discardSink) Commit() error                { return nil }
func (s *discardSink) Abort() error                 { return nil }
func (s *discardSink) Close() error                 { return nil }

type benchConns struct {
	src  Source
	sink *discardSink
}

func (c *benchConns) NewSource(SourceParams) (Source, error) { return c.src, nil }
func (c *benchConns) NewSink(SinkParams) (Sink, error)       { return c.sink, nil }

// BenchmarkRuntimePassThrough measures the per-batch cost of the runtime:
// source -> calc of column references -> discarding sink, 1024-row
// batches.
func BenchmarkRuntimePassThrough(b *testing.B) {
	const rows = 1024
	alloc := memory.NewGoAllocator()
	lines := make([]string, rows)
	for i := range lines {
		lines[i] = fmt.Sprintf("%d, name-%d, 2024-01-01 00:00:%02d", i, i, i%60)
	}
	rec, err := parseRows(alloc, arrowSchemaT(b, schemaOf(clicks.Columns...)), lines)
	if err != nil {
		b.Fatal(err)
	}
	defer rec.Release()
	out := schemaOf(colTS, colID, colName)
	conns := &benchConns{src: &repeatSource{rec: rec, n: b.N}, sink: &discardSink{}}
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		{ID: 1, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 0}}, Schema: out,
			Calc: &planner.CalcSpec{Projections: []planner.Expr{ref(2, colTS), ref(0, colID), ref(1, colName)}}},
		{ID: 2, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 1}}, Schema: out,
			Sink: &planner.SinkSpec{Table: table("out", colTS, colID, colName), Columns: []int{0, 1, 2}}},
	}}
	job, err := Build(g, conns, Options{Alloc: alloc})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportAllocs()
	b.ResetTimer()
	if err := job.Run(context.Background()); err != nil {
		b.Fatal(err)
	}
	b.StopTimer()
	if conns.sink.rows != int64(rows)*int64(b.N) {
		b.Fatalf("sink got %d rows, want %d", conns.sink.rows, rows*b.N)
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// nullEmitter drops what an operator emits.
type nullEmitter struct{ rows int64 }

func (e *nullEmitter) Emit(rec arrow.Record) error { e.rows += rec.NumRows(); return nil }
func (e *nullEmitter) EmitWatermark(int64) error   { return nil }
func (e *nullEmitter) SetIdle(bool) error          { return nil }

// benchBatch returns a 1024-row clicks batch.
func benchBatch(b *testing.B, alloc memory.Allocator) arrow.Record {
	lines := make([]string, 1024)
	for i := range lines {
		lines[i] = fmt.Sprintf("%d, name-%d, 2024-01-01 00:%02d:%02d", i, i, i/60%60, i%60)
	}
	rec, err := parseRows(alloc, arrowSchemaT(b, schemaOf(clicks.Columns...)), lines)
	if err != nil {
		b.Fatal(err)
	}
	return rec
}

// benchOperator feeds the same batch to op b.N times.
func benchOperator(b *testing.B, op Operator, split bool) {
	alloc := memory.NewGoAllocator()
	rec := benchBatch(b, alloc)
	defer rec.Release()
	em := &nullEmitter{}
	if err := op.Open(&OpContext{Alloc: alloc, Name: "bench", Clock: func() int64 { return 0 }, Metrics: NewMetrics()}, em); err != nil {
		b.Fatal(err)
	}
	defer op.Close()
	sa, _ := op.(SplitAware)
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		var err error
		if split {
			err = sa.OnSplitBatch(SplitID(i%4), rec)
		} else {
			err = op.OnBatch(0, rec)
		}
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rec.NumRows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

// BenchmarkCalcFilterProject: WHERE id > 511 (half the rows), SELECT name,
// id + 100.
func BenchmarkCalcFilterProject(b *testing.B) {
	n := &planner.PNode{ID: 1, Kind: planner.OpCalc, Schema: schemaOf(colName, colID), Calc: &planner.CalcSpec{
		Filter:      call(">", catalog.Boolean, ref(0, colID), lit(int64(511), catalog.BigInt)),
		Projections: []planner.Expr{ref(1, colName), call("+", catalog.BigInt, ref(0, colID), lit(int64(100), catalog.BigInt))},
	}}
	op, err := newCalc(nil, n)
	if err != nil {
		b.Fatal(err)
	}
	benchOperator(b, op, false)
}

// BenchmarkWatermarkAssigner: WATERMARK FOR ts AS ts - INTERVAL '5'
// SECOND over four splits.
func BenchmarkWatermarkAssigner(b *testing.B) {
	g := &planner.Graph{Nodes: []*planner.PNode{sourceNode(0, clicks), wmNode(1, 0, 0)}}
	g.Nodes[1].Watermark.Expr = call("-", catalog.Timestamp, ref(2, colTS), lit(int64(5000), catalog.Interval))
	op, err := newWatermarkAssigner(g, g.Nodes[1])
	if err != nil {
		b.Fatal(err)
	}
	benchOperator(b, op, true)
}
