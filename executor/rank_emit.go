package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// rankEmit collects the output rows of a ranking operator as references
// to stored rows (slot, rank, row kind) and builds each output batch
// column by column when it is emitted: one reservation and one typed loop
// per column instead of a growing builder and a type switch per value.
// Released slots are reclaimed only after the batch is built, so a row
// may be emitted and released before the batch is flushed. Used from the
// operator's goroutine only.
type rankEmit struct {
	b    *array.RecordBuilder
	out  Emitter
	rows *rankRows
	cols []array.Builder
	rank *array.Int64Builder
	kind *array.Int8Builder
	// slots, ranks and kinds are the pending rows (ranks and kinds only
	// when the schema has the column).
	slots []uint32
	ranks []int64
	kinds []int8
}

// newRankEmit emits batches of schema to out: width columns of the rows
// stored in rows, then the rank when withRank, then the row kind when
// withKind.
func newRankEmit(alloc memory.Allocator, schema *arrow.Schema, out Emitter, rows *rankRows, width int, withRank, withKind bool) *rankEmit {
	e := &rankEmit{b: array.NewRecordBuilder(alloc, schema), out: out, rows: rows}
	for i := 0; i < width; i++ {
		e.cols = append(e.cols, e.b.Field(i))
	}
	next := width
	if withRank {
		e.rank = e.b.Field(next).(*array.Int64Builder)
		next++
	}
	if withKind {
		e.kind = e.b.Field(next).(*array.Int8Builder)
	}
	return e
}

// row adds stored row s with rank and kind (each used only when the
// schema has the column), emitting a full batch.
func (e *rankEmit) row(s uint32, rank int64, kind RowKind) error {
	e.slots = append(e.slots, s)
	if e.rank != nil {
		e.ranks = append(e.ranks, rank)
	}
	if e.kind != nil {
		e.kinds = append(e.kinds, int8(kind))
	}
	if len(e.slots) >= emitMaxRows {
		return e.flush()
	}
	return nil
}

// flush emits the pending rows, if any, then reclaims the released slots.
func (e *rankEmit) flush() error {
	if len(e.slots) == 0 {
		e.rows.reclaim()
		return nil
	}
	for k, b := range e.cols {
		e.rows.store.appendSlots(k, e.slots, b)
	}
	if e.rank != nil {
		e.rank.AppendValues(e.ranks, nil)
	}
	if e.kind != nil {
		e.kind.AppendValues(e.kinds, nil)
	}
	e.slots, e.ranks, e.kinds = e.slots[:0], e.ranks[:0], e.kinds[:0]
	rec := e.b.NewRecord()
	defer rec.Release()
	e.rows.reclaim()
	return e.out.Emit(rec)
}

// release frees the builders.
func (e *rankEmit) release() { e.b.Release() }
