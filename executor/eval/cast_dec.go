package eval

import (
	"math"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
)

// widenInts reads an integer column of kind k as int64s into scratch.
func widenInts(in arrow.Array, k catalog.Kind, scratch []int64) []int64 {
	out := resize(scratch, in.Len())
	switch k {
	case catalog.KindTinyInt:
		for i, v := range fixedValues[int8](in) {
			out[i] = int64(v)
		}
	case catalog.KindSmallInt:
		for i, v := range fixedValues[int16](in) {
			out[i] = int64(v)
		}
	case catalog.KindInt, catalog.KindDate:
		for i, v := range fixedValues[int32](in) {
			out[i] = int64(v)
		}
	default:
		copy(out, fixedValues[int64](in))
	}
	return out
}

// widenFloats reads a FLOAT or DOUBLE column as float64s into scratch.
func widenFloats(in arrow.Array, k catalog.Kind, scratch []float64) []float64 {
	out := resize(scratch, in.Len())
	if k == catalog.KindFloat {
		for i, v := range fixedValues[float32](in) {
			out[i] = float64(v)
		}
		return out
	}
	copy(out, fixedValues[float64](in))
	return out
}

// narrowInts writes int64s (already range-checked) as integer kind k.
func narrowInts(alloc memory.Allocator, k catalog.Kind, v []int64) *memory.Buffer {
	switch k {
	case catalog.KindTinyInt:
		return narrowTo[int8](alloc, v)
	case catalog.KindSmallInt:
		return narrowTo[int16](alloc, v)
	case catalog.KindInt, catalog.KindDate:
		return narrowTo[int32](alloc, v)
	}
	return narrowTo[int64](alloc, v)
}

func narrowTo[T integer](alloc memory.Allocator, v []int64) *memory.Buffer {
	buf, out := newFixed[T](alloc, len(v))
	for i, x := range v {
		out[i] = T(x)
	}
	return buf
}

// narrowFloats writes float64s as FLOAT or DOUBLE.
func narrowFloats(alloc memory.Allocator, k catalog.Kind, v []float64) *memory.Buffer {
	if k == catalog.KindFloat {
		buf, out := newFixed[float32](alloc, len(v))
		for i, x := range v {
			out[i] = float32(x)
		}
		return buf
	}
	buf, out := newFixed[float64](alloc, len(v))
	copy(out, v)
	return buf
}

func intRange(k catalog.Kind) (int64, int64) {
	switch k {
	case catalog.KindTinyInt:
		return math.MinInt8, math.MaxInt8
	case catalog.KindSmallInt:
		return math.MinInt16, math.MaxInt16
	case catalog.KindInt:
		return math.MinInt32, math.MaxInt32
	}
	return math.MinInt64, math.MaxInt64
}

// decCast converts to, from and between DECIMAL types.
type decCast struct {
	castBase
	ints   []int64
	floats []float64
}

func newDecCast(b castBase) (Evaluator, error) {
	ok := func(t catalog.Type) bool { return t.IsNumeric() }
	if !ok(b.from) || !ok(b.to) {
		return nil, nil
	}
	return &decCast{castBase: b}, nil
}

func (c *decCast) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := c.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	vb := validityOf(in)
	f := rowFailer{b: &c.castBase, in: in, valid: andValidity(c.alloc, n, vb)}
	prec, scale := int32(c.to.Precision), c.to.Scale
	var buf *memory.Buffer
	switch {
	case c.to.Kind == catalog.KindDecimal:
		var out []dec
		buf, out = newFixed[dec](c.alloc, n)
		put := func(i int, v dec, ok bool) bool {
			if ok && v.FitsInPrecision(prec) {
				out[i] = v
				return true
			}
			out[i] = dec{}
			return !vb.get(i) || f.fail(i, "out of range")
		}
		switch {
		case c.from.Kind == catalog.KindDecimal:
			for i, v := range fixedValues[dec](in) {
				r, ok := decRescale(v, c.from.Scale, scale)
				if !put(i, r, ok) {
					break
				}
			}
		case c.from.IsInteger():
			c.ints = widenInts(in, c.from.Kind, c.ints)
			for i, v := range c.ints {
				r, ok := decScaleUp(decimal128.FromI64(v), scale)
				if !put(i, r, ok) {
					break
				}
			}
		default:
			// Go through the shortest decimal rendering of the float, so
			// that 0.125 rounds to 0.13 at scale 2 and 0.1 is exactly 0.1.
			c.floats = widenFloats(in, c.from.Kind, c.floats)
			bitSize := 64
			if c.from.Kind == catalog.KindFloat {
				bitSize = 32
			}
			var tmp [32]byte
			for i, v := range c.floats {
				if math.IsNaN(v) || math.IsInf(v, 0) {
					if !put(i, dec{}, false) {
						break
					}
					continue
				}
				r, _, fits := parseDecimal(strconv.AppendFloat(tmp[:0], v, 'e', -1, bitSize), scale)
				if !put(i, r, fits) {
					break
				}
			}
		}
	case c.to.IsInteger():
		lo, hi := intRange(c.to.Kind)
		c.ints = resize(c.ints, n)
		for i, v := range fixedValues[dec](in) {
			r := decScaleDown(v, c.from.Scale, false)
			c.ints[i] = 0
			if decFitsInt64(r) && int64(r.LowBits()) >= lo && int64(r.LowBits()) <= hi {
				c.ints[i] = int64(r.LowBits())
			} else if vb.get(i) && !f.fail(i, "out of range") {
				break
			}
		}
		buf = narrowInts(c.alloc, c.to.Kind, c.ints)
	default:
		c.floats = resize(c.floats, n)
		for i, v := range fixedValues[dec](in) {
			c.floats[i] = v.ToFloat64(int32(c.from.Scale))
		}
		buf = narrowFloats(c.alloc, c.to.Kind, c.floats)
	}
	if err := f.err(); err != nil {
		buf.Release()
		return nil, err
	}
	return makeArray(c.to.Arrow(), n, f.valid, buf), nil
}
