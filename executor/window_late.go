package executor

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// LateSinkSpec implements LateRowsUser.
func (w *windowAgg) LateSinkSpec() *planner.SinkSpec { return w.spec.LateSink }

// SetLateSink implements LateRowsUser.
func (w *windowAgg) SetLateSink(sink Operator) { w.lateSink = sink }

// writeLate writes the rows of rec marked in late to the late-row sink.
func (w *windowAgg) writeLate(rec arrow.Record, late []bool) error {
	b := array.NewBooleanBuilder(w.alloc)
	defer b.Release()
	b.AppendValues(late, nil)
	mask := b.NewArray()
	defer mask.Release()
	rows, err := eval.Filter(rec, mask, w.alloc)
	if err != nil {
		return fmt.Errorf("late rows: %w", err)
	}
	defer rows.Release()
	if err := w.lateSink.OnBatch(0, rows); err != nil {
		return fmt.Errorf("late rows: %w", err)
	}
	return nil
}
