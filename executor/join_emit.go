package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor/eval"
)

// joinEmitMaxRows bounds the rows of one output batch and the candidate
// pairs evaluated at once.
const joinEmitMaxRows = emitMaxRows

// joinEmitter builds the output batches of an interval join with Arrow
// builders: the left columns, then the right columns.
type joinEmitter struct {
	batchBuilder
	sides [2][]array.Builder
	// pairs are the candidate pairs of the batch being probed.
	pairs joinPairs
}

// joinPairs lists candidate pairs: row probe[k] of the batch being
// processed with the other side's buffered row slot[k].
type joinPairs struct {
	probe []int
	slot  []uint32
}

func (p *joinPairs) reset()                { p.probe, p.slot = p.probe[:0], p.slot[:0] }
func (p *joinPairs) len() int              { return len(p.probe) }
func (p *joinPairs) add(row int, s uint32) { p.probe, p.slot = append(p.probe, row), append(p.slot, s) }

// newJoinEmitter returns an emitter of schema rows whose first nLeft
// columns are the left side's, writing to out.
func newJoinEmitter(alloc memory.Allocator, schema *arrow.Schema, nLeft int, out Emitter) *joinEmitter {
	e := &joinEmitter{batchBuilder: newBatchBuilder(alloc, schema, out)}
	fs := e.b.Fields()
	e.sides = [2][]array.Builder{fs[:nLeft], fs[nLeft:]}
	return e
}

// padded appends buffered row slot of side with NULLs for the other side.
func (e *joinEmitter) padded(side int, rows *joinRows, slot uint32) error {
	rows.appendRow(slot, e.sides[side])
	appendNulls(e.sides[1-side])
	return e.rowDone()
}

// loadViews loads a typed view of every column of rec.
func (j *intervalJoin) loadViews(rec arrow.Record) {
	n := int(rec.NumCols())
	if cap(j.views) < n {
		j.views = make([]colView, n)
	}
	j.views = j.views[:n]
	for i := range j.views {
		// The factory checked that every column type has a category.
		c, _ := catOf(rec.Column(i).DataType())
		j.views[i].cat = c
		j.views[i].load(rec.Column(i))
	}
}

// releaseViews drops the references to the batch's columns.
func (j *intervalJoin) releaseViews() {
	for i := range j.views {
		v := &j.views[i]
		*v = colView{cat: v.cat, ints: v.ints, floats: v.floats}
	}
}

// emitPairs builds the joined rows of the pending candidate pairs of a
// batch from side, evaluates the residual condition over them, marks the
// rows of passing pairs matched and emits those pairs.
func (j *intervalJoin) emitPairs(side int) error {
	p := &j.emit.pairs
	if p.len() == 0 {
		return nil
	}
	defer p.reset()
	e, other := j.emit, 1-side
	for k := range j.views {
		j.views[k].appendRows(p.probe, e.sides[side][k])
	}
	for k, b := range e.sides[other] {
		j.rows[other].appendSlots(k, p.slot, b)
	}
	cand := e.b.NewRecord()
	defer cand.Release()
	if j.residual == nil {
		for k, i := range p.probe {
			j.matched[i] = true
			j.rows[other].matched[p.slot[k]] = true
		}
		return j.out.Emit(cand)
	}
	mask, err := j.residual.Eval(cand)
	if err != nil {
		var re *eval.RowError
		if errors.As(err, &re) && re.Row >= 0 && re.Row < p.len() {
			row := p.probe[re.Row]
			return &RowError{Row: row, Err: fmt.Errorf("join condition %s: row (%s): %w", j.spec.Residual, formatRow(cand, re.Row), err)}
		}
		return fmt.Errorf("join condition %s: %w", j.spec.Residual, err)
	}
	defer mask.Release()
	b, ok := mask.(*array.Boolean)
	if !ok {
		return fmt.Errorf("join condition %s is %s, not BOOLEAN", j.spec.Residual, mask.DataType())
	}
	for k, i := range p.probe {
		if b.IsValid(k) && b.Value(k) {
			j.matched[i] = true
			j.rows[other].matched[p.slot[k]] = true
		}
	}
	kept, err := eval.Filter(cand, mask, j.alloc)
	if err != nil {
		return fmt.Errorf("join condition %s: %w", j.spec.Residual, err)
	}
	defer kept.Release()
	return j.out.Emit(kept)
}
