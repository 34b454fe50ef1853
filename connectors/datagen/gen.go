package datagen

import (
	"math"
	"math/rand/v2"
	"strconv"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/internal/sqlvalue"
)

// generator produces the values of one column, written column-wise into a
// typed builder.
type generator struct {
	name     string
	typ      catalog.Type
	seq      bool
	lo, hi   int64 // integer range (random) or start/end (sequence)
	flo, fhi float64
	next     int64 // next sequence value
	length   int
	nullRate float64
	maxPast  int64 // ms
	rng      *rand.Rand
	clock    func() int64
	scratch  []byte
}

func intRange(k catalog.Kind) (int64, int64) {
	switch k {
	case catalog.KindTinyInt:
		return math.MinInt8, math.MaxInt8
	case catalog.KindSmallInt:
		return math.MinInt16, math.MaxInt16
	case catalog.KindInt:
		return math.MinInt32, math.MaxInt32
	case catalog.KindInterval:
		return 0, 86400000
	}
	return math.MinInt64, math.MaxInt64
}

// newGenerator reads the fields.<name>.* options of column c.
func newGenerator(v spec.Values, c catalog.Column, seed uint64, clock func() int64) (*generator, error) {
	g := &generator{name: c.Name, typ: c.Type, clock: clock}
	opt := func(s string) string { return "fields." + c.Name + "." + s }
	g.seq = v.String(opt("kind")) == "sequence"
	k := c.Type.Kind
	numeric := c.Type.IsInteger() || k == catalog.KindFloat || k == catalog.KindDouble || k == catalog.KindDecimal
	if g.seq && !numeric && k != catalog.KindString {
		return nil, v.Errorf(opt("kind"), "datagen: kind 'sequence' is not supported for column '%s' of type %s", c.Name, c.Type)
	}
	if s := v.String(opt("null-rate")); s != "" {
		f, err := strconv.ParseFloat(s, 64)
		if err != nil || f < 0 || f > 1 {
			return nil, v.Errorf(opt("null-rate"), "option '%s': expected a number between 0 and 1, got '%s'", opt("null-rate"), s)
		}
		g.nullRate = f
		if f > 0 && c.Type.NotNull {
			return nil, v.Errorf(opt("null-rate"), "option '%s': column '%s' is NOT NULL", opt("null-rate"), c.Name)
		}
	}
	n, err := v.Int(opt("length"), 100)
	if err != nil {
		return nil, err
	}
	g.length = int(n)
	d, err := v.Duration(opt("max-past"), 0)
	if err != nil {
		return nil, err
	}
	g.maxPast = d.Milliseconds()
	if g.seq {
		for _, key := range []string{"start", "end"} {
			if !v.Has(opt(key)) {
				return nil, v.Errorf(opt("kind"), "datagen: sequence column '%s' needs option '%s'", c.Name, opt(key))
			}
		}
		if g.lo, err = v.Int(opt("start"), 0); err != nil {
			return nil, err
		}
		if g.hi, err = v.Int(opt("end"), 0); err != nil {
			return nil, err
		}
		if g.hi < g.lo {
			return nil, v.Errorf(opt("end"), "datagen: sequence end %d is before start %d", g.hi, g.lo)
		}
		g.next = g.lo
	} else if err := g.readRange(v, opt("min"), opt("max")); err != nil {
		return nil, err
	}
	g.rng = rand.New(rand.NewPCG(seed, hashName(c.Name)))
	return g, nil
}

func (g *generator) readRange(v spec.Values, minKey, maxKey string) error {
	k := g.typ.Kind
	switch {
	case g.typ.IsInteger() || k == catalog.KindInterval:
		g.lo, g.hi = intRange(k)
		var err error
		if g.lo, err = v.Int(minKey, g.lo); err != nil {
			return err
		}
		if g.hi, err = v.Int(maxKey, g.hi); err != nil {
			return err
		}
		if g.hi < g.lo {
			return v.Errorf(maxKey, "datagen: max %d is below min %d", g.hi, g.lo)
		}
	case k == catalog.KindFloat || k == catalog.KindDouble || k == catalog.KindDecimal:
		g.flo, g.fhi = -1e6, 1e6
		if k == catalog.KindDecimal {
			g.fhi = math.Pow10(g.typ.Precision-g.typ.Scale) - 1
			g.flo = -g.fhi
		}
		for _, p := range []struct {
			key string
			dst *float64
		}{{minKey, &g.flo}, {maxKey, &g.fhi}} {
			if s := v.String(p.key); s != "" {
				f, err := strconv.ParseFloat(s, 64)
				if err != nil {
					return v.Errorf(p.key, "option '%s': invalid number '%s'", p.key, s)
				}
				*p.dst = f
			}
		}
		if g.fhi < g.flo {
			return v.Errorf(maxKey, "datagen: max is below min")
		}
	}
	return nil
}

// hashName is FNV-1a, so each column draws its own random stream and a
// column's values do not depend on which other columns are read.
func hashName(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}

// remaining returns how many values a sequence has left, or -1.
func (g *generator) remaining() int64 {
	if !g.seq {
		return -1
	}
	return g.hi - g.next + 1
}

func (g *generator) null() bool { return g.nullRate > 0 && g.rng.Float64() < g.nullRate }

func (g *generator) intVal() int64 {
	if g.seq {
		v := g.next
		g.next++
		return v
	}
	span := uint64(g.hi-g.lo) + 1
	if span == 0 {
		return int64(g.rng.Uint64())
	}
	return g.lo + int64(g.rng.Uint64N(span))
}

func (g *generator) floatVal() float64 {
	if g.seq {
		return float64(g.intVal())
	}
	r := g.rng.Float64()
	return g.flo + r*g.fhi - r*g.flo
}

func (g *generator) pastMillis() int64 {
	now := g.clock()
	if g.maxPast <= 0 {
		return now
	}
	return now - g.rng.Int64N(g.maxPast+1)
}

const alphabet = "0123456789abcdefghijklmnopqrstuvwxyz"

func (g *generator) randomBytes(text bool) []byte {
	b := g.scratch[:0]
	for i := 0; i < g.length; i++ {
		if text {
			b = append(b, alphabet[g.rng.IntN(len(alphabet))])
		} else {
			b = append(b, byte(g.rng.Uint32()))
		}
	}
	g.scratch = b
	return b
}

// fill appends n values to b, the builder of the column's Arrow type. The
// builder type is resolved once per batch, not per value.
func (g *generator) fill(b array.Builder, n int) {
	switch bb := b.(type) {
	case *array.BooleanBuilder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(g.rng.Uint64()&1 == 1)
			}
		}
	case *array.Int8Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(int8(g.intVal()))
			}
		}
	case *array.Int16Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(int16(g.intVal()))
			}
		}
	case *array.Int32Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(int32(g.intVal()))
			}
		}
	case *array.Int64Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(g.intVal())
			}
		}
	case *array.Float32Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(float32(g.floatVal()))
			}
		}
	case *array.Float64Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(g.floatVal())
			}
		}
	default:
		g.fillOther(b, n)
	}
}

// nulled appends a NULL when the null rate says so (consuming the
// sequence value) and reports whether it did.
func (g *generator) nulled(b array.Builder) bool {
	if !g.null() {
		return false
	}
	if g.seq {
		g.next++
	}
	b.AppendNull()
	return true
}

func (g *generator) fillOther(b array.Builder, n int) {
	switch bb := b.(type) {
	case *array.Decimal128Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				var num decimal128.Num
				if g.seq {
					num = decimal128.FromI64(g.intVal()).IncreaseScaleBy(int32(g.typ.Scale))
				} else if v, err := decimal128.FromFloat64(g.floatVal(), int32(g.typ.Precision), int32(g.typ.Scale)); err == nil {
					num = v
				}
				bb.Append(num)
			}
		}
	case *array.StringBuilder:
		for i := 0; i < n; i++ {
			if g.nulled(b) {
				continue
			}
			if g.seq {
				g.scratch = strconv.AppendInt(g.scratch[:0], g.intVal(), 10)
				bb.BinaryBuilder.Append(g.scratch)
			} else {
				bb.BinaryBuilder.Append(g.randomBytes(true))
			}
		}
	case *array.BinaryBuilder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(g.randomBytes(false))
			}
		}
	case *array.Date32Builder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(arrow.Date32(sqlvalue.FloorDiv(g.pastMillis(), 86400000)))
			}
		}
	case *array.TimestampBuilder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(arrow.Timestamp(g.pastMillis()))
			}
		}
	case *array.DurationBuilder:
		for i := 0; i < n; i++ {
			if !g.nulled(b) {
				bb.Append(arrow.Duration(g.intVal()))
			}
		}
	default:
		b.AppendNulls(n)
	}
}
