package executor

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

// valueOps are the typed operations MIN, MAX, FIRST_VALUE and LAST_VALUE
// need for one storage category.
type valueOps[T any] struct {
	// get reads row i of the loaded column.
	get func(v *colView, i int) T
	// keep copies a value for storage (strings leave the Arrow buffer).
	keep func(x T) T
	less func(a, b T) bool
	put  func(b array.Builder, x T)
}

func ident[T any](x T) T { return x }

var (
	intOps = valueOps[int64]{
		get:  func(v *colView, i int) int64 { return v.ints[i] },
		keep: ident[int64], less: func(a, b int64) bool { return a < b }, put: appendInt,
	}
	floatOps = valueOps[float64]{
		get:  func(v *colView, i int) float64 { return v.floats[i] },
		keep: ident[float64], less: func(a, b float64) bool { return a < b }, put: appendFloat,
	}
	strOps = valueOps[string]{
		get: func(v *colView, i int) string { return v.strAt(i) }, keep: strings.Clone,
		less: func(a, b string) bool { return a < b }, put: appendStr,
	}
	decOps = valueOps[decimal128.Num]{
		get:  func(v *colView, i int) decimal128.Num { return v.dec.Value(i) },
		keep: ident[decimal128.Num], less: decimal128.Num.Less, put: appendDec,
	}
)

// newExtreme returns MIN (or MAX) over values of category c.
func newExtreme(base aggBase, c valCat, isMax bool) accumulator {
	switch c {
	case catFloat:
		return &extremeAcc[float64]{aggBase: base, extremeSlots: extremeSlots[float64]{max: isMax, ops: floatOps}}
	case catStr:
		return &extremeAcc[string]{aggBase: base, extremeSlots: extremeSlots[string]{max: isMax, ops: strOps}}
	case catDec:
		return &extremeAcc[decimal128.Num]{aggBase: base, extremeSlots: extremeSlots[decimal128.Num]{max: isMax, ops: decOps}}
	}
	return &extremeAcc[int64]{aggBase: base, extremeSlots: extremeSlots[int64]{max: isMax, ops: intOps}}
}

// newFirstLast returns FIRST_VALUE (or LAST_VALUE) over values of
// category c.
func newFirstLast(base aggBase, c valCat, last bool) accumulator {
	switch c {
	case catFloat:
		return &firstLastAcc[float64]{aggBase: base, last: last, ops: floatOps}
	case catStr:
		return &firstLastAcc[string]{aggBase: base, last: last, ops: strOps}
	case catDec:
		return &firstLastAcc[decimal128.Num]{aggBase: base, last: last, ops: decOps}
	}
	return &firstLastAcc[int64]{aggBase: base, last: last, ops: intOps}
}

// extremeSlots holds the current extreme of MIN or MAX per slot; the
// window and the group aggregation share it.
type extremeSlots[T any] struct {
	max  bool
	ops  valueOps[T]
	vals []T
	has  []bool
}

func (a *extremeSlots[T]) grow(n int) { a.vals, a.has = grow2(a.vals, n), grow2(a.has, n) }
func (a *extremeSlots[T]) reset(slot uint32) {
	var zero T
	a.vals[slot], a.has[slot] = zero, false
}

// better reports whether x replaces the current extreme cur.
func (a *extremeSlots[T]) better(x, cur T) bool {
	if a.max {
		return a.ops.less(cur, x)
	}
	return a.ops.less(x, cur)
}

// offer makes a copy of x (ops.keep) the extreme of slot when slot has
// none yet or x is better.
func (a *extremeSlots[T]) offer(slot uint32, x T) {
	if !a.has[slot] || a.better(x, a.vals[slot]) {
		a.vals[slot], a.has[slot] = a.ops.keep(x), true
	}
}

// extremeAcc is MIN or MAX.
type extremeAcc[T any] struct {
	aggBase
	extremeSlots[T]
}

func (a *extremeAcc[T]) update(in *aggInput) error {
	for i := in.lo; i < in.hi; i++ {
		s := in.slots[i]
		if s == noSlot || a.skip(i) {
			continue
		}
		a.offer(s, a.ops.get(&a.view, i))
	}
	return nil
}

func (a *extremeAcc[T]) merge(dst, src uint32) error {
	if a.has[src] && (!a.has[dst] || a.better(a.vals[src], a.vals[dst])) {
		a.vals[dst], a.has[dst] = a.vals[src], true
	}
	return nil
}

func (a *extremeAcc[T]) result(slot uint32, b array.Builder) {
	if !a.has[slot] {
		b.AppendNull()
		return
	}
	a.ops.put(b, a.vals[slot])
}

// firstLastAcc is FIRST_VALUE or LAST_VALUE by arrival order; NULL
// values are ignored.
type firstLastAcc[T any] struct {
	aggBase
	last bool
	ops  valueOps[T]
	vals []T
	seq  []int64
	has  []bool
}

func (a *firstLastAcc[T]) grow(n int) {
	a.vals, a.seq, a.has = grow2(a.vals, n), grow2(a.seq, n), grow2(a.has, n)
}
func (a *firstLastAcc[T]) reset(slot uint32) {
	var zero T
	a.vals[slot], a.seq[slot], a.has[slot] = zero, 0, false
}

// wins reports whether a value seen at seq replaces one seen at cur.
func (a *firstLastAcc[T]) wins(seq, cur int64) bool {
	if a.last {
		return seq > cur
	}
	return seq < cur
}

func (a *firstLastAcc[T]) update(in *aggInput) error {
	for i := in.lo; i < in.hi; i++ {
		s := in.slots[i]
		if s == noSlot || a.skip(i) {
			continue
		}
		seq := in.seq0 + int64(i)
		if !a.has[s] || a.wins(seq, a.seq[s]) {
			a.vals[s], a.seq[s], a.has[s] = a.ops.keep(a.ops.get(&a.view, i)), seq, true
		}
	}
	return nil
}

func (a *firstLastAcc[T]) merge(dst, src uint32) error {
	if a.has[src] && (!a.has[dst] || a.wins(a.seq[src], a.seq[dst])) {
		a.vals[dst], a.seq[dst], a.has[dst] = a.vals[src], a.seq[src], true
	}
	return nil
}

func (a *firstLastAcc[T]) result(slot uint32, b array.Builder) {
	if !a.has[slot] {
		b.AppendNull()
		return
	}
	a.ops.put(b, a.vals[slot])
}

// distinctAcc is COUNT(DISTINCT x): a set of the values per slot.
type distinctAcc struct {
	aggBase
	ints []map[int64]struct{}
	strs []map[string]struct{}
	decs []map[decimal128.Num]struct{}
}

func (a *distinctAcc) grow(n int) {
	a.ints, a.strs, a.decs = grow2(a.ints, n), grow2(a.strs, n), grow2(a.decs, n)
}
func (a *distinctAcc) reset(slot uint32) { a.ints[slot], a.strs[slot], a.decs[slot] = nil, nil, nil }

func (a *distinctAcc) update(in *aggInput) error {
	for i := in.lo; i < in.hi; i++ {
		s := in.slots[i]
		if s == noSlot || a.skip(i) {
			continue
		}
		switch a.view.cat {
		case catInt, catFloat:
			x := int64(0)
			if a.view.cat == catInt {
				x = a.view.ints[i]
			} else {
				x = int64(floatKey(a.view.floats[i]))
			}
			if a.ints[s] == nil {
				a.ints[s] = map[int64]struct{}{}
			}
			a.ints[s][x] = struct{}{}
		case catStr:
			if a.strs[s] == nil {
				a.strs[s] = map[string]struct{}{}
			}
			if x := a.view.strAt(i); !has(a.strs[s], x) {
				a.strs[s][strings.Clone(x)] = struct{}{}
			}
		case catDec:
			if a.decs[s] == nil {
				a.decs[s] = map[decimal128.Num]struct{}{}
			}
			a.decs[s][a.view.dec.Value(i)] = struct{}{}
		}
	}
	return nil
}

func has[K comparable](m map[K]struct{}, k K) bool { _, ok := m[k]; return ok }

// setUnion adds the elements of src to *dst.
func setUnion[K comparable](dst *map[K]struct{}, src map[K]struct{}) {
	if len(src) == 0 {
		return
	}
	if *dst == nil {
		*dst = make(map[K]struct{}, len(src))
	}
	for k := range src {
		(*dst)[k] = struct{}{}
	}
}

func (a *distinctAcc) merge(dst, src uint32) error {
	setUnion(&a.ints[dst], a.ints[src])
	setUnion(&a.strs[dst], a.strs[src])
	setUnion(&a.decs[dst], a.decs[src])
	return nil
}

func (a *distinctAcc) result(slot uint32, b array.Builder) {
	appendInt(b, int64(len(a.ints[slot])+len(a.strs[slot])+len(a.decs[slot])))
}
