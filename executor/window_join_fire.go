package executor

import (
	"errors"
	"fmt"
	"sort"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/executor/eval"
)

// fireUpTo joins every buffered window with end - 1 <= wm, in (end,
// start) order, and frees it.
func (j *windowJoin) fireUpTo(wm int64) error {
	var due []*wjWindow
	for _, w := range j.windows {
		if w.end-1 <= wm || wm == MaxWatermark {
			due = append(due, w)
		}
	}
	sort.Slice(due, func(a, b int) bool {
		if due[a].end != due[b].end {
			return due[a].end < due[b].end
		}
		return due[a].start < due[b].start
	})
	for _, w := range due {
		err := j.fire(w)
		j.freeWindow(w)
		if err != nil {
			return err
		}
	}
	return nil
}

// fire joins the rows of window w: matching pairs, then the unmatched
// rows of outer sides NULL-padded.
func (j *windowJoin) fire(w *wjWindow) error {
	clear(j.byKey)
	for _, e := range w.rows[1] {
		if e.key != noKey {
			j.byKey[e.key] = append(j.byKey[e.key], e.slot)
		}
	}
	j.pairs[0], j.pairs[1] = j.pairs[0][:0], j.pairs[1][:0]
	for _, e := range w.rows[0] {
		if e.key == noKey {
			continue
		}
		for _, r := range j.byKey[e.key] {
			j.pairs[0] = append(j.pairs[0], e.slot)
			j.pairs[1] = append(j.pairs[1], r)
			if len(j.pairs[0]) >= joinEmitMaxRows {
				if err := j.emitPairs(); err != nil {
					return err
				}
			}
		}
	}
	if err := j.emitPairs(); err != nil {
		return err
	}
	for s := 0; s < 2; s++ {
		if !j.outer[s] {
			continue
		}
		rows := j.rows[s]
		for _, e := range w.rows[s] {
			if !rows.matched[e.slot] {
				if err := j.emit.padded(s, rows, e.slot); err != nil {
					return err
				}
			}
		}
	}
	return j.emit.flush()
}

// emitPairs builds the joined rows of the pending pairs, evaluates the
// residual condition over them, marks the rows of passing pairs matched
// and emits those pairs.
func (j *windowJoin) emitPairs() error {
	ls, rs := j.pairs[0], j.pairs[1]
	if len(ls) == 0 {
		return nil
	}
	defer func() { j.pairs[0], j.pairs[1] = ls[:0], rs[:0] }()
	e := j.emit
	for s, slots := range j.pairs {
		for k, b := range e.sides[s] {
			j.rows[s].appendSlots(k, slots, b)
		}
	}
	cand := e.b.NewRecord()
	defer cand.Release()
	if j.residual == nil {
		for k := range ls {
			j.rows[0].matched[ls[k]], j.rows[1].matched[rs[k]] = true, true
		}
		return j.out.Emit(cand)
	}
	mask, err := j.residual.Eval(cand)
	if err != nil {
		var re *eval.RowError
		if errors.As(err, &re) && re.Row >= 0 && re.Row < len(ls) {
			return fmt.Errorf("join condition %s: row (%s): %w", j.spec.Residual, formatRow(cand, re.Row), err)
		}
		return fmt.Errorf("join condition %s: %w", j.spec.Residual, err)
	}
	defer mask.Release()
	b, ok := mask.(*array.Boolean)
	if !ok {
		return fmt.Errorf("join condition %s is %s, not BOOLEAN", j.spec.Residual, mask.DataType())
	}
	for k := range ls {
		if b.IsValid(k) && b.Value(k) {
			j.rows[0].matched[ls[k]], j.rows[1].matched[rs[k]] = true, true
		}
	}
	kept, err := eval.Filter(cand, mask, j.alloc)
	if err != nil {
		return fmt.Errorf("join condition %s: %w", j.spec.Residual, err)
	}
	defer kept.Release()
	if kept.NumRows() == 0 {
		return nil
	}
	return j.out.Emit(kept)
}

// freeWindow releases the slots and key references of window w and
// forgets it.
func (j *windowJoin) freeWindow(w *wjWindow) {
	for s := 0; s < 2; s++ {
		for _, e := range w.rows[s] {
			j.rows[s].clear(e.slot)
			j.free[s] = append(j.free[s], e.slot)
			if e.key != noKey {
				j.table.unref(e.key)
			}
		}
	}
	delete(j.windows, w.wjBounds)
}
