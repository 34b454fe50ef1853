package executor

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/planner"
)

// gval is one aggregate result of a group, as a plain comparable value:
// the GroupAggregate compares a group's results before and after a row to
// decide whether to emit an update.
type gval struct {
	null bool
	i    int64
	f    float64
	s    string
	d    decimal128.Num
}

// same reports whether two results are equal (floats by floatKey, so
// that NaN equals NaN and an unchanged NaN emits no update).
func (v gval) same(w gval) bool {
	return v.null == w.null && v.i == w.i && floatKey(v.f) == floatKey(w.f) && v.s == w.s && v.d == w.d
}

// putVal appends v to b, a builder of the aggregate's result type.
func putVal(b array.Builder, v gval) {
	if v.null {
		b.AppendNull()
		return
	}
	switch b.(type) {
	case *array.Float32Builder, *array.Float64Builder:
		appendFloat(b, v.f)
	case *array.StringBuilder, *array.BinaryBuilder:
		appendStr(b, v.s)
	case *array.Decimal128Builder:
		appendDec(b, v.d)
	default:
		appendInt(b, v.i)
	}
}

// groupAcc is the retractable columnar state of one aggregate call of a
// GroupAggregate: one entry per state slot. It is used from the
// operator's goroutine only; load/unload bracket each batch.
type groupAcc interface {
	// load points the accumulator at the columns of rec; unload forgets
	// them again.
	load(rec arrow.Record)
	unload()
	// grow makes room for n slots.
	grow(n int)
	// reset clears slot for a new group (and frees what it holds).
	reset(slot uint32)
	// apply accumulates row i of the loaded batch into slot, or retracts
	// it when retract is set. Rows whose FILTER is not TRUE or whose
	// argument is NULL are skipped.
	apply(slot uint32, i int, retract bool) error
	// value returns the result of slot.
	value(slot uint32) gval
}

// newGroupAcc creates the accumulator of call c over input schema in;
// updating says whether the input retracts rows.
func newGroupAcc(c planner.WindowAggCall, in *arrow.Schema, updating bool) (groupAcc, error) {
	base, argCat, argType, err := newAggBase(c, in)
	if err != nil {
		return nil, err
	}
	fn := strings.ToUpper(c.Fn)
	switch fn {
	case "COUNT":
		if c.Distinct && base.arg >= 0 {
			return &gDistinct{aggBase: base}, nil
		}
		return &gCount{aggBase: base}, nil
	case "SUM", "AVG":
		avg := fn == "AVG"
		switch {
		case argCat == catInt && argType.ID() != arrow.BOOL:
			return &gSumInt{aggBase: base, avg: avg}, nil
		case argCat == catFloat:
			return &gSumFloat{aggBase: base, avg: avg}, nil
		case argCat == catDec:
			inScale := argType.(*arrow.Decimal128Type).Scale
			return &gSumDec{aggBase: base, avg: avg, inScale: inScale, outScale: int32(c.T.Scale)}, nil
		}
		return nil, fmt.Errorf("%s of %s is not supported", fn, argType)
	case "MIN", "MAX":
		return newGroupExtreme(base, argCat, fn == "MAX", updating), nil
	case "FIRST_VALUE", "LAST_VALUE":
		if updating {
			return nil, fmt.Errorf("%s cannot take an updating input", fn)
		}
		return newGroupFirstLast(base, argCat, fn == "LAST_VALUE"), nil
	}
	return nil, fmt.Errorf("aggregate function %s is not supported", fn)
}

// slotAcc is the slot management every accumulator offers, of the window
// and of the group aggregation.
type slotAcc interface {
	grow(n int)
	reset(slot uint32)
}

// newAccSlot makes room for slot in accs, whose room *room grows to at
// least double (and at least 64 slots) when slot does not fit, and clears
// slot in each.
func newAccSlot[A slotAcc](accs []A, room *int, slot uint32) {
	if int(slot) >= *room {
		*room = max(2*(*room), int(slot)+1, 64)
		for _, a := range accs {
			a.grow(*room)
		}
	}
	resetAccSlot(accs, slot)
}

// resetAccSlot clears slot in accs.
func resetAccSlot[A slotAcc](accs []A, slot uint32) {
	for _, a := range accs {
		a.reset(slot)
	}
}

// batchAcc is how every accumulator, of the window and of the group
// aggregation, reads the columns of a batch.
type batchAcc interface {
	load(rec arrow.Record)
	unload()
}

// loadAccs points accs at the columns of rec.
func loadAccs[A batchAcc](accs []A, rec arrow.Record) {
	for _, a := range accs {
		a.load(rec)
	}
}

// unloadAccs makes accs forget the columns of their batch.
func unloadAccs[A batchAcc](accs []A) {
	for _, a := range accs {
		a.unload()
	}
}

// sign is +1 for an accumulated row and -1 for a retracted one.
func sign(retract bool) int64 {
	if retract {
		return -1
	}
	return 1
}

// gCount is COUNT(*) and COUNT(x).
type gCount struct {
	aggBase
	n []int64
}

func (a *gCount) grow(n int)        { a.n = grow2(a.n, n) }
func (a *gCount) reset(slot uint32) { a.n[slot] = 0 }
func (a *gCount) apply(slot uint32, i int, retract bool) error {
	if !a.skip(i) {
		a.n[slot] += sign(retract)
	}
	return nil
}
func (a *gCount) value(slot uint32) gval { return gval{i: a.n[slot]} }

// gSumInt is SUM and AVG of integers, with overflow checks.
type gSumInt struct {
	aggBase
	avg    bool
	sum, n []int64
}

func (a *gSumInt) grow(n int)        { a.sum, a.n = grow2(a.sum, n), grow2(a.n, n) }
func (a *gSumInt) reset(slot uint32) { a.sum[slot], a.n[slot] = 0, 0 }
func (a *gSumInt) apply(slot uint32, i int, retract bool) error {
	if a.skip(i) {
		return nil
	}
	x, v := a.sum[slot], a.view.ints[i]
	var r int64
	if retract {
		r = x - v
		if (x >= 0) != (v >= 0) && (r >= 0) != (x >= 0) {
			return &RowError{Row: i, Err: fmt.Errorf("%s: BIGINT %w", a.name, errOverflow)}
		}
	} else {
		r = x + v
		if (x >= 0) == (v >= 0) && (r >= 0) != (x >= 0) {
			return &RowError{Row: i, Err: fmt.Errorf("%s: BIGINT %w", a.name, errOverflow)}
		}
	}
	a.sum[slot] = r
	a.n[slot] += sign(retract)
	return nil
}
func (a *gSumInt) value(slot uint32) gval {
	switch {
	case a.n[slot] <= 0:
		return gval{null: true}
	case a.avg:
		return gval{i: a.sum[slot] / a.n[slot]}
	}
	return gval{i: a.sum[slot]}
}

// gSumFloat is SUM and AVG of FLOAT and DOUBLE. The sum restarts from 0
// when no value is left, so retractions leave no rounding residue.
type gSumFloat struct {
	aggBase
	avg bool
	sum []float64
	n   []int64
}

func (a *gSumFloat) grow(n int)        { a.sum, a.n = grow2(a.sum, n), grow2(a.n, n) }
func (a *gSumFloat) reset(slot uint32) { a.sum[slot], a.n[slot] = 0, 0 }
func (a *gSumFloat) apply(slot uint32, i int, retract bool) error {
	if a.skip(i) {
		return nil
	}
	a.sum[slot] += float64(sign(retract)) * a.view.floats[i]
	if a.n[slot] += sign(retract); a.n[slot] == 0 {
		a.sum[slot] = 0
	}
	return nil
}
func (a *gSumFloat) value(slot uint32) gval {
	switch {
	case a.n[slot] <= 0:
		return gval{null: true}
	case a.avg:
		return gval{f: a.sum[slot] / float64(a.n[slot])}
	}
	return gval{f: a.sum[slot]}
}

// gSumDec is SUM and AVG of DECIMAL, exact.
type gSumDec struct {
	aggBase
	avg               bool
	inScale, outScale int32
	sum               []decimal128.Num
	n                 []int64
}

func (a *gSumDec) grow(n int)        { a.sum, a.n = grow2(a.sum, n), grow2(a.n, n) }
func (a *gSumDec) reset(slot uint32) { a.sum[slot], a.n[slot] = decimal128.Num{}, 0 }
func (a *gSumDec) apply(slot uint32, i int, retract bool) error {
	if a.skip(i) {
		return nil
	}
	v := a.view.dec.Value(i)
	if retract {
		v = v.Negate()
	}
	r, ok := addDec(a.sum[slot], v)
	if !ok {
		return &RowError{Row: i, Err: fmt.Errorf("%s: DECIMAL %w", a.name, errOverflow)}
	}
	a.sum[slot] = r
	a.n[slot] += sign(retract)
	return nil
}
func (a *gSumDec) value(slot uint32) gval {
	switch {
	case a.n[slot] <= 0:
		return gval{null: true}
	case a.avg:
		return gval{d: avgDec(a.sum[slot], a.n[slot], a.inScale, a.outScale)}
	}
	return gval{d: a.sum[slot]}
}

// gDistinct is COUNT(DISTINCT x): per slot, how many times each value is
// currently counted.
type gDistinct struct {
	aggBase
	sets []map[gval]int64
}

func (a *gDistinct) grow(n int)        { a.sets = grow2(a.sets, n) }
func (a *gDistinct) reset(slot uint32) { a.sets[slot] = nil }

// key returns row i's value as a map key (floats normalized).
func (a *gDistinct) key(i int) gval {
	switch a.view.cat {
	case catFloat:
		return gval{i: int64(floatKey(a.view.floats[i]))}
	case catStr:
		return gval{s: a.view.strAt(i)}
	case catDec:
		return gval{d: a.view.dec.Value(i)}
	}
	return gval{i: a.view.ints[i]}
}

func (a *gDistinct) apply(slot uint32, i int, retract bool) error {
	if a.skip(i) {
		return nil
	}
	k, set := a.key(i), a.sets[slot]
	if retract {
		if c := set[k]; c > 1 {
			set[k] = c - 1
		} else {
			delete(set, k)
		}
		return nil
	}
	if set == nil {
		set = map[gval]int64{}
		a.sets[slot] = set
	}
	if _, ok := set[k]; !ok {
		k.s = strings.Clone(k.s)
	}
	set[k]++
	return nil
}
func (a *gDistinct) value(slot uint32) gval { return gval{i: int64(len(a.sets[slot]))} }
