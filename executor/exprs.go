package executor

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// compileExpr compiles e for batches of the operator's input. A plain
// column reference needs no evaluation: it hands out the input column.
func compileExpr(e planner.Expr, alloc memory.Allocator, clock func() int64) (eval.Evaluator, error) {
	if c, ok := e.(*planner.ColRef); ok {
		return colRefEval{idx: c.Index}, nil
	}
	return eval.CompileWith(e, eval.Options{Alloc: alloc, Clock: clock})
}

// colRefEval evaluates a ColRef by sharing the input column.
type colRefEval struct{ idx int }

// Eval implements eval.Evaluator.
func (c colRefEval) Eval(rec arrow.Record) (arrow.Array, error) {
	if c.idx < 0 || c.idx >= int(rec.NumCols()) {
		return nil, fmt.Errorf("column $%d out of range (batch has %d columns)", c.idx, rec.NumCols())
	}
	col := rec.Column(c.idx)
	col.Retain()
	return col, nil
}
