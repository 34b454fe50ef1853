package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// sinkOp drives a Sink: it maps input columns onto the table's physical
// columns (NULL-filling omitted ones), writes, and commits at end of input.
// When the input did not end normally, Close aborts the sink.
type sinkOp struct {
	sink   Sink
	schema *arrow.Schema
	// from[i] is the input column written to physical column i, or -1 for
	// a column filled with NULL.
	from       []int
	maxFrom    int
	alloc      memory.Allocator
	metrics    *Metrics
	rowsMetric string
	committed  bool
	closed     bool
	cols       []arrow.Array
	// changes is set for an updating input: rows go to WriteChanges with
	// their kinds (decoded into kinds).
	changes ChangelogSink
	kinds   []RowKind
}

// buildSinkOp creates the sink of an OpSink node fed by input.
func buildSinkOp(pn, input *planner.PNode, conns Connectors, opts *Options) (*sinkOp, error) {
	in, err := ArrowSchema(input.Schema)
	if err != nil {
		return nil, err
	}
	op := &sinkOp{alloc: opts.Alloc, metrics: opts.Metrics}
	if pn.Sink == nil || pn.Sink.Table == nil {
		if opts.QuerySink == nil {
			return nil, errors.New("a query sink is needed but none is configured")
		}
		op.schema = in
		op.from = make([]int, in.NumFields())
		for i := range op.from {
			op.from[i] = i
		}
		op.rowsMetric = "sink.query.rows"
		if op.sink, err = opts.QuerySink(in); err != nil {
			return nil, err
		}
	} else {
		t := pn.Sink.Table
		if op.schema, op.from, err = sinkMapping(t, pn.Sink.Columns, in); err != nil {
			return nil, err
		}
		op.rowsMetric = "sink." + t.Name + ".rows"
		if conns == nil {
			return nil, errors.New("no connectors to create the sink")
		}
		op.sink, err = conns.NewSink(SinkParams{Spec: pn.Sink, Alloc: opts.Alloc, Schema: op.schema, Metrics: opts.Metrics, Stdout: opts.Stdout})
		if err != nil {
			return nil, err
		}
	}
	if op.sink == nil {
		return nil, errors.New("connector returned no sink")
	}
	if input.Changelog.Updating() {
		cs, ok := op.sink.(ChangelogSink)
		if !ok {
			op.sink.Close()
			return nil, errors.New("the sink cannot write updates (-U/+U/-D rows), but its input is updating")
		}
		op.changes = cs
	}
	op.cols = make([]arrow.Array, len(op.from))
	op.maxFrom = -1
	for _, c := range op.from {
		op.maxFrom = max(op.maxFrom, c)
	}
	return op, nil
}

// sinkMapping returns the written schema of t (its physical columns, then
// its persisted metadata columns: see catalog.Table.WrittenColumns) and,
// per written column, the input column that fills it (-1: NULL). Input
// columns mapped to another column, or to -1, are not written. Without a
// column list, the input columns fill the written ones in order.
func sinkMapping(t *catalog.Table, columns []int, in *arrow.Schema) (*arrow.Schema, []int, error) {
	phys := t.WrittenColumns()
	schema, err := TableSchema(t, phys)
	if err != nil {
		return nil, nil, err
	}
	if columns == nil && in.NumFields() == len(phys) {
		// No column list: input columns fill the physical ones in order.
		columns = phys
	}
	if len(columns) != in.NumFields() {
		return nil, nil, fmt.Errorf("sink maps %d columns but its input has %d", len(columns), in.NumFields())
	}
	pos := make(map[int]int, len(phys))
	for p, c := range phys {
		pos[c] = p
	}
	from := make([]int, len(phys))
	for i := range from {
		from[i] = -1
	}
	for i, c := range columns {
		if c == -1 {
			// The input column is not written (a late-row table without
			// a column of that name).
			continue
		}
		if c < 0 || c >= len(t.Columns) {
			return nil, nil, fmt.Errorf("input column %d maps to column #%d, which %s does not have", i, c, t.Name)
		}
		p, ok := pos[c]
		if !ok {
			continue
		}
		if from[p] >= 0 {
			return nil, nil, fmt.Errorf("column %s is written twice", t.Columns[c].Name)
		}
		want, got := schema.Field(p).Type, in.Field(i).Type
		if !arrow.TypeEqual(want, got) {
			return nil, nil, fmt.Errorf("column %s: input type %s does not match table type %s", t.Columns[c].Name, got, want)
		}
		from[p] = i
	}
	return schema, from, nil
}

// Open implements Operator.
func (s *sinkOp) Open(ctx *OpContext, out Emitter) error {
	if ctx.Alloc != nil {
		s.alloc = ctx.Alloc
	}
	return nil
}

// OnBatch implements Operator.
func (s *sinkOp) OnBatch(_ int, rec arrow.Record) error {
	n := rec.NumRows()
	if int(rec.NumCols()) <= s.maxFrom {
		return fmt.Errorf("batch has %d columns, sink reads column %d", rec.NumCols(), s.maxFrom)
	}
	nulls := 0
	for i, c := range s.from {
		if c >= 0 {
			s.cols[i] = rec.Column(c)
			continue
		}
		s.cols[i] = array.MakeArrayOfNull(s.alloc, s.schema.Field(i).Type, int(n))
		nulls++
	}
	out, err := newRecord(s.schema, s.cols, n)
	if nulls > 0 {
		for i, c := range s.from {
			if c < 0 {
				s.cols[i].Release()
			}
		}
	}
	clear(s.cols)
	if err != nil {
		return err
	}
	defer out.Release()
	if s.changes != nil {
		err = s.writeChanges(out, rec)
	} else {
		err = s.sink.Write(out)
	}
	if err != nil {
		return err
	}
	s.metrics.Add(s.rowsMetric, n)
	return nil
}

// OnWatermark implements Operator.
func (s *sinkOp) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator: the input ended normally, so commit.
func (s *sinkOp) OnEnd() error {
	if err := s.sink.Commit(); err != nil {
		return fmt.Errorf("commit: %w", err)
	}
	s.committed = true
	return nil
}

// Close implements Operator: abort unless committed, then close the sink.
func (s *sinkOp) Close() error {
	if s.closed {
		return nil
	}
	s.closed = true
	var aerr error
	if !s.committed {
		aerr = s.sink.Abort()
	}
	return errors.Join(aerr, s.sink.Close())
}

// writeChanges hands out (the physical columns of rec) with rec's row
// kinds to the changelog sink.
func (s *sinkOp) writeChanges(out, rec arrow.Record) error {
	k := RowKinds(rec)
	if k == nil {
		return fmt.Errorf("an updating input batch has no %s column", RowKindColumn)
	}
	s.kinds = s.kinds[:0]
	for _, v := range k.Int8Values() {
		s.kinds = append(s.kinds, RowKind(v))
	}
	return s.changes.WriteChanges(out, s.kinds)
}
