package executor

import (
	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

// toGval converts a stored MIN/MAX/FIRST_VALUE/LAST_VALUE value to a
// result.
func toGval[T any](x T) gval {
	switch x := any(x).(type) {
	case int64:
		return gval{i: x}
	case float64:
		return gval{f: x}
	case string:
		return gval{s: x}
	case decimal128.Num:
		return gval{d: x}
	}
	return gval{null: true}
}

// newGroupExtreme returns MIN (or MAX) over values of category c; over an
// updating input it keeps every value's count so that retracting the
// current extreme finds the next one.
func newGroupExtreme(base aggBase, c valCat, isMax, updating bool) groupAcc {
	switch c {
	case catFloat:
		return &gExtreme[float64]{aggBase: base, multi: updating, extremeSlots: extremeSlots[float64]{max: isMax, ops: floatOps}}
	case catStr:
		return &gExtreme[string]{aggBase: base, multi: updating, extremeSlots: extremeSlots[string]{max: isMax, ops: strOps}}
	case catDec:
		return &gExtreme[decimal128.Num]{aggBase: base, multi: updating, extremeSlots: extremeSlots[decimal128.Num]{max: isMax, ops: decOps}}
	}
	return &gExtreme[int64]{aggBase: base, multi: updating, extremeSlots: extremeSlots[int64]{max: isMax, ops: intOps}}
}

// gExtreme is MIN or MAX. With multi unset (append input) it keeps only
// the current extreme; with multi set, per slot a value -> count multiset
// too (a NaN retracted from it is not found and stays counted).
type gExtreme[T comparable] struct {
	aggBase
	extremeSlots[T]
	multi bool
	sets  []map[T]int64
}

func (a *gExtreme[T]) grow(n int) {
	a.extremeSlots.grow(n)
	if a.multi {
		a.sets = grow2(a.sets, n)
	}
}

func (a *gExtreme[T]) reset(slot uint32) {
	a.extremeSlots.reset(slot)
	if a.multi {
		a.sets[slot] = nil
	}
}

func (a *gExtreme[T]) apply(slot uint32, i int, retract bool) error {
	if a.skip(i) {
		return nil
	}
	x := a.ops.get(&a.view, i)
	if retract {
		if a.multi {
			a.retract(slot, x)
		}
		return nil
	}
	if a.multi {
		set := a.sets[slot]
		if set == nil {
			set = map[T]int64{}
			a.sets[slot] = set
		}
		if c, ok := set[x]; ok {
			set[x] = c + 1
		} else {
			x = a.ops.keep(x)
			set[x] = 1
		}
	}
	a.offer(slot, x)
	return nil
}

// retract removes one x from slot's multiset and, when the last copy of
// the current extreme went, finds the next one.
func (a *gExtreme[T]) retract(slot uint32, x T) {
	set := a.sets[slot]
	c, ok := set[x]
	if !ok {
		return
	}
	if c > 1 {
		set[x] = c - 1
		return
	}
	delete(set, x)
	if !a.has[slot] || a.better(x, a.vals[slot]) || a.better(a.vals[slot], x) {
		return // not the current extreme
	}
	var zero T
	a.vals[slot], a.has[slot] = zero, false
	for v := range set {
		if !a.has[slot] || a.better(v, a.vals[slot]) {
			a.vals[slot], a.has[slot] = v, true
		}
	}
}

func (a *gExtreme[T]) value(slot uint32) gval {
	if !a.has[slot] {
		return gval{null: true}
	}
	return toGval(a.vals[slot])
}

// newGroupFirstLast returns FIRST_VALUE (or LAST_VALUE) over values of
// category c, for an append input.
func newGroupFirstLast(base aggBase, c valCat, last bool) groupAcc {
	switch c {
	case catFloat:
		return &gFirstLast[float64]{aggBase: base, last: last, ops: floatOps}
	case catStr:
		return &gFirstLast[string]{aggBase: base, last: last, ops: strOps}
	case catDec:
		return &gFirstLast[decimal128.Num]{aggBase: base, last: last, ops: decOps}
	}
	return &gFirstLast[int64]{aggBase: base, last: last, ops: intOps}
}

// gFirstLast is FIRST_VALUE or LAST_VALUE by arrival order over an
// append input; NULL values are ignored, retractions are not expected
// (the planner rejects an updating input) and ignored.
type gFirstLast[T any] struct {
	aggBase
	last bool
	ops  valueOps[T]
	vals []T
	has  []bool
}

func (a *gFirstLast[T]) grow(n int) { a.vals, a.has = grow2(a.vals, n), grow2(a.has, n) }
func (a *gFirstLast[T]) reset(slot uint32) {
	var zero T
	a.vals[slot], a.has[slot] = zero, false
}

func (a *gFirstLast[T]) apply(slot uint32, i int, retract bool) error {
	if retract || a.skip(i) || (a.has[slot] && !a.last) {
		return nil
	}
	a.vals[slot], a.has[slot] = a.ops.keep(a.ops.get(&a.view, i)), true
	return nil
}

func (a *gFirstLast[T]) value(slot uint32) gval {
	if !a.has[slot] {
		return gval{null: true}
	}
	return toGval(a.vals[slot])
}
