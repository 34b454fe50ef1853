package executor

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/planner"
)

// buildSource creates the connector source of an OpSource node and
// returns it with the schema of its batches.
func buildSource(pn *planner.PNode, conns Connectors, opts *Options) (Source, *arrow.Schema, error) {
	spec := pn.Source
	if spec == nil || spec.Table == nil {
		return nil, nil, errors.New("source node without a table")
	}
	if conns == nil {
		return nil, nil, errors.New("no connectors to create the source")
	}
	schema, err := TableSchema(spec.Table, spec.Columns)
	if err != nil {
		return nil, nil, err
	}
	if pn.Changelog.Updating() {
		// A source of an upsert stream emits each row's kind last.
		schema = WithRowKind(schema)
	}
	src, err := conns.NewSource(SourceParams{
		Spec: spec, Alloc: opts.Alloc, BatchSize: opts.BatchSize,
		Metrics: opts.Metrics, Schema: schema,
	})
	if err != nil {
		return nil, nil, err
	}
	if src == nil {
		return nil, nil, errors.New("connector returned no source")
	}
	return src, schema, nil
}

// runSource is the goroutine of a source node: it runs Source.Run, then
// announces end of input downstream, unless the job is stopping. Close is
// always called; a panic becomes an error naming the source.
func (n *node) runSource(ctx context.Context, j *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: panic: %v", n.name, r)
		}
	}()
	defer func() {
		if cerr := protect(n.name, n.src.Close); cerr != nil && err == nil {
			err = cerr
		}
	}()
	out := &sourceOutput{n: n, ctx: ctx, schema: n.schema, metrics: j.opts.Metrics, rowsMetric: "source." + n.pn.Source.Table.Name + ".rows"}
	if err := n.src.Run(ctx, out); err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("%s: %w", n.name, err)
	}
	if ctx.Err() != nil {
		return ctx.Err()
	}
	return n.broadcast(ctx, message{kind: msgEnd})
}

// sourceOutput is the SourceOutput of one source node; it is used only
// from the goroutine running Source.Run.
type sourceOutput struct {
	n          *node
	schema     *arrow.Schema
	ctx        context.Context
	metrics    *Metrics
	rowsMetric string
	// names maps announced splits to their names, for row positions.
	names map[SplitID]string
}

// AddSplit implements SourceOutput.
func (o *sourceOutput) AddSplit(split SplitID, name string) {
	if o.names == nil {
		o.names = map[SplitID]string{}
	}
	o.names[split] = name
	_ = o.n.broadcast(o.ctx, message{kind: msgSplitAdd, split: split, name: name})
}

// SplitDone implements SourceOutput.
func (o *sourceOutput) SplitDone(split SplitID) {
	_ = o.n.broadcast(o.ctx, message{kind: msgSplitDone, split: split})
}

// Emit implements SourceOutput: it takes over rec and gives each consumer
// its own reference.
func (o *sourceOutput) Emit(split SplitID, rec arrow.Record) error {
	return o.EmitAt(split, rec, nil)
}

// EmitAt implements PositionedOutput.
func (o *sourceOutput) EmitAt(split SplitID, rec arrow.Record, pos []int64) error {
	if rec == nil {
		return nil
	}
	defer rec.Release()
	if err := o.ctx.Err(); err != nil {
		return err
	}
	rows := rec.NumRows()
	if rows == 0 {
		return nil
	}
	if rec.Schema() != o.schema {
		if err := sameColumnTypes(rec.Schema(), o.schema); err != nil {
			return fmt.Errorf("batch of split %d: %w", split, err)
		}
	}
	o.metrics.Add(o.rowsMetric, rows)
	var org *origin
	if int64(len(pos)) == rows {
		org = &origin{split: o.names[split], pos: pos}
	}
	for _, out := range o.n.outs {
		rec.Retain()
		if err := out.send(o.ctx, message{kind: msgBatch, split: split, rec: rec, origin: org}); err != nil {
			rec.Release()
			return err
		}
	}
	return nil
}

// sameColumnTypes checks that got has the columns of want, by type.
func sameColumnTypes(got, want *arrow.Schema) error {
	if got.NumFields() != want.NumFields() {
		return fmt.Errorf("%d columns, want %d", got.NumFields(), want.NumFields())
	}
	for i := 0; i < got.NumFields(); i++ {
		if !arrow.TypeEqual(got.Field(i).Type, want.Field(i).Type) {
			return fmt.Errorf("column %s is %s, want %s", want.Field(i).Name, got.Field(i).Type, want.Field(i).Type)
		}
	}
	return nil
}
