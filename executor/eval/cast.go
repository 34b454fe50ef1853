package eval

import (
	"fmt"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

// castBase holds what every CAST kernel shares.
type castBase struct {
	arg      Evaluator
	from, to catalog.Type
	try      bool
	alloc    memory.Allocator
}

// rowFailer records per-row cast failures: TRY_CAST turns the row NULL,
// CAST remembers the first failure and stops.
type rowFailer struct {
	b      *castBase
	in     arrow.Array
	valid  *memory.Buffer
	errRow int
	why    string
}

// fail handles a failure at row i and reports whether to continue.
func (f *rowFailer) fail(i int, why string) bool {
	if f.b.try {
		f.valid = ensureValidity(f.b.alloc, f.valid, f.in.Len())
		clearBit(f.valid.Bytes(), i)
		return true
	}
	f.errRow, f.why = i, why
	return false
}

func (f *rowFailer) err() error {
	if f.why == "" {
		return nil
	}
	if f.valid != nil {
		f.valid.Release()
		f.valid = nil
	}
	return &RowError{Row: f.errRow, Msg: fmt.Sprintf("CAST(%s AS %s) failed: %s",
		renderValue(f.in, f.errRow, f.b.from), f.b.to.WithoutTimeAttr().Nullable(), f.why)}
}

func (c *compiler) cast(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 1, 1); err != nil {
		return nil, err
	}
	from, to := e.Args[0].Type(), e.T
	arg, err := c.compile(e.Args[0])
	if err != nil {
		return nil, err
	}
	if from.Kind == catalog.KindNull {
		return c.constant(&planner.Const{T: to.Nullable()})
	}
	b := castBase{arg: arg, from: from, to: to, try: e.Fn == "TRY_CAST", alloc: c.alloc}
	ev, err := c.castKernel(b)
	if err != nil {
		return nil, err
	}
	if ev == nil {
		return nil, fmt.Errorf("eval: CAST from %s to %s is not supported", from, to)
	}
	return ev, nil
}

func (c *compiler) castKernel(b castBase) (Evaluator, error) {
	from, to := b.from, b.to
	switch {
	case from.Equal(to) && !(to.Kind == catalog.KindString && to.Length > 0):
		return b.arg, nil
	case to.Kind == catalog.KindString:
		return newToString(b)
	case from.Kind == catalog.KindString:
		return newFromString(b)
	case from.Kind == catalog.KindBytes || to.Kind == catalog.KindBytes:
		return nil, nil
	case from.IsTimestamp() && to.IsTimestamp():
		return &retype{arg: b.arg, dt: to.Arrow()}, nil
	case from.Kind == catalog.KindDate && to.IsTimestamp():
		return &unary[int64]{arg: &widenDate{arg: b.arg, alloc: b.alloc}, kernel: scaleKernel(sqlvalue.MillisPerDay), dt: to.Arrow(), alloc: b.alloc}, nil
	case from.IsTimestamp() && to.Kind == catalog.KindDate:
		return &tsToDate{b}, nil
	case from.Kind == catalog.KindBoolean && to.IsNumeric(), from.IsNumeric() && to.Kind == catalog.KindBoolean:
		return &boolNumCast{b}, nil
	case from.Kind == catalog.KindDecimal || to.Kind == catalog.KindDecimal:
		return newDecCast(b)
	case from.IsNumeric() && to.IsNumeric():
		return numCastFor(b), nil
	}
	return nil, nil
}

// retype reinterprets an array's buffers as another type of the same
// layout (TIMESTAMP <-> TIMESTAMP_LTZ, STRING <-> BYTES).
type retype struct {
	arg Evaluator
	dt  arrow.DataType
}

func (r *retype) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := r.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	d := in.Data()
	data := array.NewData(r.dt, d.Len(), d.Buffers(), nil, d.NullN(), d.Offset())
	defer data.Release()
	return array.MakeFromData(data), nil
}

// widenDate reads a DATE column as int64 days.
type widenDate struct {
	arg   Evaluator
	alloc memory.Allocator
}

func (w *widenDate) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := w.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	buf, out := newFixed[int64](w.alloc, in.Len())
	for i, d := range fixedValues[int32](in) {
		out[i] = int64(d)
	}
	return makeArray(arrow.PrimitiveTypes.Int64, in.Len(), andValidity(w.alloc, in.Len(), validityOf(in)), buf), nil
}

func scaleKernel(f int64) unaryKernel[int64] {
	return func(in, out []int64, _ bitmap) int {
		for i, v := range in {
			out[i] = v * f
		}
		return -1
	}
}

// tsToDate truncates timestamps to their day.
type tsToDate struct{ castBase }

func (t *tsToDate) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := t.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	buf, out := newFixed[int32](t.alloc, in.Len())
	for i, ts := range fixedValues[int64](in) {
		out[i] = int32(sqlvalue.FloorDiv(ts, sqlvalue.MillisPerDay))
	}
	return makeArray(t.to.Arrow(), in.Len(), andValidity(t.alloc, in.Len(), validityOf(in)), buf), nil
}

// numCast converts between integer and floating types.
type numCast[S, D number] struct {
	castBase
	srcFloat, dstFloat bool
	lo, hi             int64
}

func numCastFor(b castBase) Evaluator {
	switch b.from.Kind {
	case catalog.KindTinyInt:
		return numCastTo[int8](b)
	case catalog.KindSmallInt:
		return numCastTo[int16](b)
	case catalog.KindInt:
		return numCastTo[int32](b)
	case catalog.KindBigInt:
		return numCastTo[int64](b)
	case catalog.KindFloat:
		return numCastTo[float32](b)
	}
	return numCastTo[float64](b)
}

func numCastTo[S number](b castBase) Evaluator {
	switch b.to.Kind {
	case catalog.KindTinyInt:
		return newNumCast[S, int8](b, math.MinInt8, math.MaxInt8)
	case catalog.KindSmallInt:
		return newNumCast[S, int16](b, math.MinInt16, math.MaxInt16)
	case catalog.KindInt:
		return newNumCast[S, int32](b, math.MinInt32, math.MaxInt32)
	case catalog.KindBigInt:
		return newNumCast[S, int64](b, math.MinInt64, math.MaxInt64)
	case catalog.KindFloat:
		return newNumCast[S, float32](b, 0, 0)
	}
	return newNumCast[S, float64](b, 0, 0)
}

func newNumCast[S, D number](b castBase, lo, hi int64) Evaluator {
	isFloat := func(k catalog.Kind) bool { return k == catalog.KindFloat || k == catalog.KindDouble }
	return &numCast[S, D]{castBase: b, srcFloat: isFloat(b.from.Kind), dstFloat: isFloat(b.to.Kind), lo: lo, hi: hi}
}

func (c *numCast[S, D]) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := c.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	src := fixedValues[S](in)
	vb := validityOf(in)
	buf, dst := newFixed[D](c.alloc, n)
	f := rowFailer{b: &c.castBase, in: in, valid: andValidity(c.alloc, n, vb)}
	switch {
	case c.dstFloat:
		for i, v := range src {
			dst[i] = D(v)
		}
	case c.srcFloat:
		lo, hi := float64(c.lo), float64(c.hi)+1
		for i, v := range src {
			t := math.Trunc(float64(v))
			if !(t >= lo && t < hi) {
				if vb.get(i) && !f.fail(i, "out of range") {
					break
				}
				continue
			}
			dst[i] = D(t)
		}
	default:
		for i, v := range src {
			x := int64(v)
			if x < c.lo || x > c.hi {
				if vb.get(i) && !f.fail(i, "out of range") {
					break
				}
				continue
			}
			dst[i] = D(x)
		}
	}
	if err := f.err(); err != nil {
		buf.Release()
		return nil, err
	}
	return makeArray(c.to.Arrow(), n, f.valid, buf), nil
}

// boolNumCast converts BOOLEAN <-> numeric (TRUE is 1, non-zero is TRUE).
type boolNumCast struct{ castBase }

func (c *boolNumCast) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := c.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	valid := andValidity(c.alloc, n, validityOf(in))
	if c.from.Kind == catalog.KindBoolean {
		bits, dt := boolValues(in), c.to.Arrow()
		switch c.to.Kind {
		case catalog.KindTinyInt:
			return boolTo[int8](c.alloc, dt, n, bits, 1, valid), nil
		case catalog.KindSmallInt:
			return boolTo[int16](c.alloc, dt, n, bits, 1, valid), nil
		case catalog.KindInt:
			return boolTo[int32](c.alloc, dt, n, bits, 1, valid), nil
		case catalog.KindBigInt:
			return boolTo[int64](c.alloc, dt, n, bits, 1, valid), nil
		case catalog.KindFloat:
			return boolTo[float32](c.alloc, dt, n, bits, 1, valid), nil
		case catalog.KindDouble:
			return boolTo[float64](c.alloc, dt, n, bits, 1, valid), nil
		}
		return boolTo(c.alloc, dt, n, bits, decimal128.GetScaleMultiplier(c.to.Scale), valid), nil
	}
	isNonZero, err := c.nonZero(in)
	if err != nil {
		return nil, err
	}
	o := newBoolOut(c.alloc, n)
	o.valid = valid
	for i := 0; i < n; i++ {
		if isNonZero(i) {
			o.set(i)
		}
	}
	return o.finish(n), nil
}

func (c *boolNumCast) nonZero(in arrow.Array) (func(i int) bool, error) {
	switch c.from.Kind {
	case catalog.KindTinyInt:
		v := fixedValues[int8](in)
		return func(i int) bool { return v[i] != 0 }, nil
	case catalog.KindSmallInt:
		v := fixedValues[int16](in)
		return func(i int) bool { return v[i] != 0 }, nil
	case catalog.KindInt:
		v := fixedValues[int32](in)
		return func(i int) bool { return v[i] != 0 }, nil
	case catalog.KindBigInt:
		v := fixedValues[int64](in)
		return func(i int) bool { return v[i] != 0 }, nil
	case catalog.KindFloat:
		v := fixedValues[float32](in)
		return func(i int) bool { return v[i] != 0 }, nil
	case catalog.KindDouble:
		v := fixedValues[float64](in)
		return func(i int) bool { return v[i] != 0 }, nil
	case catalog.KindDecimal:
		v := fixedValues[dec](in)
		return func(i int) bool { return v[i].Sign() != 0 }, nil
	}
	return nil, fmt.Errorf("eval: CAST from %s to BOOLEAN is not supported", c.from)
}

func boolTo[T arrow.FixedWidthType](alloc memory.Allocator, dt arrow.DataType, n int, bits bitmap, one T, valid *memory.Buffer) arrow.Array {
	buf, out := newFixed[T](alloc, n)
	var zero T
	for i := range out {
		out[i] = zero
		if bits.get(i) {
			out[i] = one
		}
	}
	return makeArray(dt, n, valid, buf)
}

// withValidity returns arr with its validity bitmap replaced by valid
// (retained by the result).
func withValidity(arr arrow.Array, valid *memory.Buffer) arrow.Array {
	d := arr.Data()
	bufs := append([]*memory.Buffer{valid}, d.Buffers()[1:]...)
	data := array.NewData(d.DataType(), d.Len(), bufs, nil, array.UnknownNullCount, d.Offset())
	defer data.Release()
	return array.MakeFromData(data)
}
