package executor

import (
	"errors"
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// noSlot marks a row that is not aggregated (late, NULL time).
const noSlot = ^uint32(0)

// aggInput is what an accumulator update sees of a batch: the slot of
// each row (noSlot: skip), the arrival sequence number of row 0 and the
// row range [lo, hi) to aggregate.
type aggInput struct {
	slots  []uint32
	seq0   int64
	lo, hi int
}

// accumulator is the columnar state of one aggregate call: one entry per
// state slot. Updates run one typed loop per batch.
type accumulator interface {
	// load points the accumulator at the columns of rec; unload forgets
	// them again.
	load(rec arrow.Record)
	unload()
	// grow makes room for n slots.
	grow(n int)
	// reset clears slot for a new group.
	reset(slot uint32)
	update(in *aggInput) error
	// merge folds slot src into slot dst (src is left unchanged).
	merge(dst, src uint32) error
	// result appends the value of slot to b (of the call's result type).
	result(slot uint32, b array.Builder)
}

// aggBase holds the input columns of one call for the current batch.
type aggBase struct {
	name      string
	arg, filt int
	view      colView
	filter    *array.Boolean
}

func (a *aggBase) load(rec arrow.Record) {
	if a.arg >= 0 {
		a.view.load(rec.Column(a.arg))
	}
	if a.filt >= 0 {
		a.filter, _ = rec.Column(a.filt).(*array.Boolean)
	}
}

func (a *aggBase) unload() {
	a.view.arr, a.view.str, a.view.bin, a.view.dec, a.filter = nil, nil, nil, nil, nil
}

// skip reports whether row i is not aggregated by the call: FILTER not
// TRUE, or a NULL argument.
func (a *aggBase) skip(i int) bool {
	if a.filter != nil && !(a.filter.IsValid(i) && a.filter.Value(i)) {
		return true
	}
	return a.view.arr != nil && a.view.arr.IsNull(i)
}

// grow2 extends s to n entries.
func grow2[T any](s []T, n int) []T {
	if len(s) >= n {
		return s
	}
	return append(s, make([]T, n-len(s))...)
}

// newAggBase checks call c over input schema in and returns the input
// columns it reads, with its argument's storage category and type (the
// zero values for COUNT(*)). Window and group aggregations share it.
func newAggBase(c planner.WindowAggCall, in *arrow.Schema) (aggBase, valCat, arrow.DataType, error) {
	fn := strings.ToUpper(c.Fn)
	base := aggBase{name: fn, arg: -1, filt: c.Filter}
	if len(c.Args) > 1 {
		return aggBase{}, 0, nil, fmt.Errorf("%s with %d arguments is not supported", fn, len(c.Args))
	}
	if c.Filter >= in.NumFields() {
		return aggBase{}, 0, nil, fmt.Errorf("%s: FILTER column %d out of range", fn, c.Filter)
	}
	if c.Filter >= 0 && in.Field(c.Filter).Type.ID() != arrow.BOOL {
		return aggBase{}, 0, nil, fmt.Errorf("%s: FILTER column %s is not BOOLEAN", fn, in.Field(c.Filter).Name)
	}
	var argCat valCat
	var argType arrow.DataType
	if len(c.Args) == 1 {
		a := c.Args[0]
		if a < 0 || a >= in.NumFields() {
			return aggBase{}, 0, nil, fmt.Errorf("%s: argument column %d out of range", fn, a)
		}
		argType = in.Field(a).Type
		cat, err := catOf(argType)
		if err != nil {
			return aggBase{}, 0, nil, fmt.Errorf("%s: %w", fn, err)
		}
		base.arg, base.view.cat, argCat = a, cat, cat
		base.name = fn + "(" + in.Field(a).Name + ")"
	} else if fn != "COUNT" {
		return aggBase{}, 0, nil, fmt.Errorf("%s needs an argument", fn)
	}
	if c.Distinct && fn != "COUNT" && fn != "MIN" && fn != "MAX" {
		return aggBase{}, 0, nil, fmt.Errorf("%s(DISTINCT ...) is not supported yet", fn)
	}
	return base, argCat, argType, nil
}

// newAccumulator creates the accumulator of call c over input schema in.
func newAccumulator(c planner.WindowAggCall, in *arrow.Schema) (accumulator, error) {
	base, argCat, argType, err := newAggBase(c, in)
	if err != nil {
		return nil, err
	}
	fn := strings.ToUpper(c.Fn)
	switch fn {
	case "COUNT":
		if c.Distinct && base.arg >= 0 {
			return &distinctAcc{aggBase: base}, nil
		}
		return &countAcc{aggBase: base}, nil
	case "SUM", "AVG":
		avg := fn == "AVG"
		switch argCat {
		case catInt:
			if argType.ID() == arrow.BOOL {
				return nil, fmt.Errorf("%s of BOOLEAN is not supported", fn)
			}
			return &sumIntAcc{aggBase: base, avg: avg}, nil
		case catFloat:
			return &sumFloatAcc{aggBase: base, avg: avg}, nil
		case catDec:
			inScale := argType.(*arrow.Decimal128Type).Scale
			return &sumDecAcc{aggBase: base, avg: avg, inScale: inScale, outScale: int32(c.T.Scale)}, nil
		}
		return nil, fmt.Errorf("%s of %s is not supported", fn, argType)
	case "MIN", "MAX":
		return newExtreme(base, argCat, fn == "MAX"), nil
	case "FIRST_VALUE", "LAST_VALUE":
		return newFirstLast(base, argCat, fn == "LAST_VALUE"), nil
	}
	return nil, fmt.Errorf("aggregate function %s is not supported", fn)
}

// resultType returns the Arrow type of call c's result.
func resultType(c planner.WindowAggCall) arrow.DataType {
	if strings.EqualFold(c.Fn, "COUNT") && c.T.Kind == catalog.KindInvalid {
		return arrow.PrimitiveTypes.Int64
	}
	return c.T.Arrow()
}

// countAcc is COUNT(*) and COUNT(x).
type countAcc struct {
	aggBase
	n []int64
}

func (a *countAcc) grow(n int)        { a.n = grow2(a.n, n) }
func (a *countAcc) reset(slot uint32) { a.n[slot] = 0 }
func (a *countAcc) update(in *aggInput) error {
	if a.filter == nil && (a.view.arr == nil || a.view.arr.NullN() == 0) {
		for _, s := range in.slots[in.lo:in.hi] {
			if s != noSlot {
				a.n[s]++
			}
		}
		return nil
	}
	for i := in.lo; i < in.hi; i++ {
		if s := in.slots[i]; s != noSlot && !a.skip(i) {
			a.n[s]++
		}
	}
	return nil
}
func (a *countAcc) merge(dst, src uint32) error { a.n[dst] += a.n[src]; return nil }
func (a *countAcc) result(slot uint32, b array.Builder) {
	appendInt(b, a.n[slot])
}

// errOverflow is returned when a BIGINT or DECIMAL sum overflows.
var errOverflow = errors.New("overflow")

// sumIntAcc is SUM and AVG of integers, with overflow checks.
type sumIntAcc struct {
	aggBase
	avg bool
	sum []int64
	n   []int64
}

func (a *sumIntAcc) grow(n int)        { a.sum, a.n = grow2(a.sum, n), grow2(a.n, n) }
func (a *sumIntAcc) reset(slot uint32) { a.sum[slot], a.n[slot] = 0, 0 }
func (a *sumIntAcc) update(in *aggInput) error {
	vals := a.view.ints
	for i := in.lo; i < in.hi; i++ {
		s := in.slots[i]
		if s == noSlot || a.skip(i) {
			continue
		}
		x, v := a.sum[s], vals[i]
		r := x + v
		if (x >= 0) == (v >= 0) && (r >= 0) != (x >= 0) {
			return &RowError{Row: i, Err: fmt.Errorf("%s: BIGINT %w", a.name, errOverflow)}
		}
		a.sum[s] = r
		a.n[s]++
	}
	return nil
}
func (a *sumIntAcc) merge(dst, src uint32) error {
	x, v := a.sum[dst], a.sum[src]
	r := x + v
	if (x >= 0) == (v >= 0) && (r >= 0) != (x >= 0) {
		return fmt.Errorf("%s: BIGINT %w", a.name, errOverflow)
	}
	a.sum[dst] = r
	a.n[dst] += a.n[src]
	return nil
}
func (a *sumIntAcc) result(slot uint32, b array.Builder) {
	switch {
	case a.n[slot] == 0:
		b.AppendNull()
	case a.avg:
		appendInt(b, a.sum[slot]/a.n[slot])
	default:
		appendInt(b, a.sum[slot])
	}
}

// sumFloatAcc is SUM and AVG of FLOAT and DOUBLE.
type sumFloatAcc struct {
	aggBase
	avg bool
	sum []float64
	n   []int64
}

func (a *sumFloatAcc) grow(n int)        { a.sum, a.n = grow2(a.sum, n), grow2(a.n, n) }
func (a *sumFloatAcc) reset(slot uint32) { a.sum[slot], a.n[slot] = 0, 0 }
func (a *sumFloatAcc) update(in *aggInput) error {
	vals := a.view.floats
	for i := in.lo; i < in.hi; i++ {
		if s := in.slots[i]; s != noSlot && !a.skip(i) {
			a.sum[s] += vals[i]
			a.n[s]++
		}
	}
	return nil
}
func (a *sumFloatAcc) merge(dst, src uint32) error {
	a.sum[dst] += a.sum[src]
	a.n[dst] += a.n[src]
	return nil
}
func (a *sumFloatAcc) result(slot uint32, b array.Builder) {
	switch {
	case a.n[slot] == 0:
		b.AppendNull()
	case a.avg:
		appendFloat(b, a.sum[slot]/float64(a.n[slot]))
	default:
		appendFloat(b, a.sum[slot])
	}
}

// sumDecAcc is SUM and AVG of DECIMAL, exact, at the argument's scale.
type sumDecAcc struct {
	aggBase
	avg               bool
	inScale, outScale int32
	sum               []decimal128.Num
	n                 []int64
}

func (a *sumDecAcc) grow(n int)        { a.sum, a.n = grow2(a.sum, n), grow2(a.n, n) }
func (a *sumDecAcc) reset(slot uint32) { a.sum[slot], a.n[slot] = decimal128.Num{}, 0 }

// addDec adds two decimals of at most 38 digits, reporting overflow.
func addDec(x, v decimal128.Num) (decimal128.Num, bool) {
	r := x.Add(v)
	if x.Sign() == v.Sign() && x.Sign() != 0 && r.Sign() != x.Sign() {
		return r, false
	}
	return r, r.FitsInPrecision(38)
}

func (a *sumDecAcc) update(in *aggInput) error {
	for i := in.lo; i < in.hi; i++ {
		s := in.slots[i]
		if s == noSlot || a.skip(i) {
			continue
		}
		r, ok := addDec(a.sum[s], a.view.dec.Value(i))
		if !ok {
			return &RowError{Row: i, Err: fmt.Errorf("%s: DECIMAL %w", a.name, errOverflow)}
		}
		a.sum[s] = r
		a.n[s]++
	}
	return nil
}
func (a *sumDecAcc) merge(dst, src uint32) error {
	r, ok := addDec(a.sum[dst], a.sum[src])
	if !ok {
		return fmt.Errorf("%s: DECIMAL %w", a.name, errOverflow)
	}
	a.sum[dst] = r
	a.n[dst] += a.n[src]
	return nil
}
func (a *sumDecAcc) result(slot uint32, b array.Builder) {
	if a.n[slot] == 0 {
		b.AppendNull()
		return
	}
	if !a.avg {
		appendDec(b, a.sum[slot])
		return
	}
	appendDec(b, avgDec(a.sum[slot], a.n[slot], a.inScale, a.outScale))
}

// avgDec is AVG of DECIMAL: sum (at scale inScale) divided by n > 0, at
// scale outScale, truncated.
func avgDec(sum decimal128.Num, n int64, inScale, outScale int32) decimal128.Num {
	if outScale > inScale {
		sum = sum.IncreaseScaleBy(outScale - inScale)
	} else if outScale < inScale {
		sum = sum.ReduceScaleBy(inScale-outScale, false)
	}
	q, _ := sum.Div(decimal128.FromI64(n))
	return q
}
