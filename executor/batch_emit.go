package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// emitMaxRows bounds the rows of one batch built by a batchBuilder.
const emitMaxRows = 4096

// batchBuilder builds output rows of one schema with Arrow builders and
// emits them in batches of at most emitMaxRows. It is used by stateful
// operators that produce rows one at a time (windows firing, joins
// matching), from the operator's goroutine only.
type batchBuilder struct {
	b    *array.RecordBuilder
	out  Emitter
	rows int
}

func newBatchBuilder(alloc memory.Allocator, schema *arrow.Schema, out Emitter) batchBuilder {
	return batchBuilder{b: array.NewRecordBuilder(alloc, schema), out: out}
}

// rowDone counts a finished row and emits the batch when it is full.
func (e *batchBuilder) rowDone() error {
	e.rows++
	if e.rows >= emitMaxRows {
		return e.flush()
	}
	return nil
}

// flush emits the rows built so far, if any.
func (e *batchBuilder) flush() error {
	if e.rows == 0 {
		return nil
	}
	e.rows = 0
	rec := e.b.NewRecord()
	defer rec.Release()
	return e.out.Emit(rec)
}

// release frees the builders.
func (e *batchBuilder) release() { e.b.Release() }
