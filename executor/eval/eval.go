// Package eval compiles bound planner expressions into vectorized
// evaluators over Arrow record batches.
package eval

import (
	"errors"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// Evaluator computes one expression over whole batches. It is not safe for
// concurrent use; compile one per operator instance.
type Evaluator interface {
	// Eval returns a new array of rec.NumRows() values of the expression's
	// type. The caller owns the result and must Release it. rec is
	// borrowed. A row-level failure (a CAST of a bad value) returns a
	// *RowError.
	Eval(rec arrow.Record) (arrow.Array, error)
}

// RowError is a failure evaluating one row.
type RowError struct {
	Row int
	Msg string
}

func (e *RowError) Error() string { return e.Msg }

// Compile builds an evaluator for e over batches whose columns are
// referenced by planner.ColRef index; buffers come from alloc.
func Compile(e planner.Expr, alloc memory.Allocator) (Evaluator, error) {
	return nil, errors.New("eval: not implemented")
}

// Filter returns the rows of rec where mask is true (false and NULL drop
// the row). The result is a new record owned by the caller; rec and mask
// are borrowed.
func Filter(rec arrow.Record, mask arrow.Array, alloc memory.Allocator) (arrow.Record, error) {
	return nil, errors.New("eval: not implemented")
}
