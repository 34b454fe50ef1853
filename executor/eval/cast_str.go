package eval

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
)

var trueBytes, falseBytes = []byte("TRUE"), []byte("FALSE")

// toString casts any supported type to STRING.
type toString struct {
	castBase
	out    strOut
	ints   []int64
	floats []float64
}

func newToString(b castBase) (Evaluator, error) {
	switch b.from.Kind {
	case catalog.KindBytes:
		return &retype{arg: b.arg, dt: b.to.Arrow()}, nil
	case catalog.KindInterval, catalog.KindBoolean, catalog.KindString, catalog.KindDecimal,
		catalog.KindDate, catalog.KindTimestamp, catalog.KindTimestampLTZ:
	default:
		if !b.from.IsNumeric() {
			return nil, nil
		}
	}
	return &toString{castBase: b}, nil
}

func (c *toString) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := c.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	o := &c.out
	o.reset(c.alloc, n, andValidity(c.alloc, n, validityOf(in)))
	switch k := c.from.Kind; {
	case c.from.IsInteger():
		c.ints = widenInts(in, k, c.ints)
		for _, v := range c.ints {
			o.data = strconv.AppendInt(o.data, v, 10)
			o.commit()
		}
	case k == catalog.KindFloat || k == catalog.KindDouble:
		bitSize := 64
		if k == catalog.KindFloat {
			bitSize = 32
		}
		c.floats = widenFloats(in, k, c.floats)
		for _, v := range c.floats {
			o.data = sqlvalue.AppendFloat(o.data, v, bitSize)
			o.commit()
		}
	case k == catalog.KindDecimal:
		for _, v := range fixedValues[dec](in) {
			o.data = sqlvalue.AppendDecimal(o.data, v, c.from.Scale)
			o.commit()
		}
	case k == catalog.KindBoolean:
		bits := boolValues(in)
		for i := 0; i < n; i++ {
			if bits.get(i) {
				o.add(trueBytes)
			} else {
				o.add(falseBytes)
			}
		}
	case k == catalog.KindDate:
		for _, v := range fixedValues[int32](in) {
			o.data = sqlvalue.AppendDate(o.data, int64(v), sqlvalue.PadNegativeYear)
			o.commit()
		}
	case k == catalog.KindInterval:
		for _, v := range fixedValues[int64](in) {
			o.data = appendInterval(o.data, v)
			o.commit()
		}
	case k == catalog.KindString:
		v := viewOf(in)
		for i := 0; i < n; i++ {
			o.add(truncChars(v.at(i), c.to.Length))
		}
	default: // TIMESTAMP, TIMESTAMP_LTZ
		for _, v := range fixedValues[int64](in) {
			o.data = sqlvalue.AppendTimestamp(o.data, v, ' ', sqlvalue.PadNegativeYear)
			o.commit()
		}
	}
	return o.finish(c.to.Arrow()), nil
}

// fromString casts STRING to another type.
type fromString struct {
	castBase
	ints   []int64
	floats []float64
}

func newFromString(b castBase) (Evaluator, error) {
	switch k := b.to.Kind; {
	case k == catalog.KindBytes:
		return &retype{arg: b.arg, dt: b.to.Arrow()}, nil
	case b.to.IsNumeric(), k == catalog.KindBoolean, k == catalog.KindDate, b.to.IsTimestamp():
		return &fromString{castBase: b}, nil
	}
	return nil, nil
}

func (c *fromString) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := c.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	v := viewOf(in)
	f := rowFailer{b: &c.castBase, in: in, valid: andValidity(c.alloc, n, v.valid)}
	// bad handles a failure at row i; false means stop.
	bad := func(i int, why string) bool { return !v.valid.get(i) || f.fail(i, why) }
	var buf *memory.Buffer
	switch k := c.to.Kind; {
	case c.to.IsInteger():
		lo, hi := intRange(k)
		c.ints = resize(c.ints, n)
		for i := 0; i < n; i++ {
			x, why := parseIntTrunc(v.at(i))
			if why == "" && (x < lo || x > hi) {
				why = "out of range"
			}
			c.ints[i] = x
			if why != "" && !bad(i, why) {
				break
			}
		}
		buf = narrowInts(c.alloc, k, c.ints)
	case k == catalog.KindFloat || k == catalog.KindDouble:
		c.floats = resize(c.floats, n)
		for i := 0; i < n; i++ {
			x, err := strconv.ParseFloat(bstr(sqlvalue.TrimSpace(v.at(i))), 64)
			c.floats[i] = x
			if err != nil && !bad(i, "invalid number") {
				break
			}
		}
		buf = narrowFloats(c.alloc, k, c.floats)
	case k == catalog.KindDecimal:
		var out []dec
		buf, out = newFixed[dec](c.alloc, n)
	loop:
		for i := 0; i < n; i++ {
			out[i] = dec{}
			if !v.valid.get(i) {
				continue
			}
			x, ok, fits := parseDecimal(v.at(i), c.to.Scale)
			switch {
			case !ok:
				if !bad(i, "invalid number") {
					break loop
				}
			case !fits || !x.FitsInPrecision(int32(c.to.Precision)):
				if !bad(i, "out of range") {
					break loop
				}
			default:
				out[i] = x
			}
		}
	case k == catalog.KindBoolean:
		o := newBoolOut(c.alloc, n)
		buf = o.vals
		for i := 0; i < n; i++ {
			x, ok := parseBool(v.at(i))
			if x {
				o.set(i)
			}
			if !ok && !bad(i, "invalid boolean") {
				break
			}
		}
	default:
		parse, msg := sqlvalue.ParseCastTimestamp, "invalid timestamp"
		if k == catalog.KindDate {
			parse, msg = sqlvalue.ParseCastDate, "invalid date"
		}
		c.ints = resize(c.ints, n)
		for i := 0; i < n; i++ {
			x, ok := parse(v.at(i))
			c.ints[i] = x
			if !ok && !bad(i, msg) {
				break
			}
		}
		buf = narrowInts(c.alloc, k, c.ints)
	}
	if err := f.err(); err != nil {
		buf.Release()
		return nil, err
	}
	return makeArray(c.to.Arrow(), n, f.valid, buf), nil
}
