package eval

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
)

// bstr views b as a string without copying; the string must not outlive
// b's buffer.
func bstr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// appendJavaFloat renders v as Java's Double.toString / Float.toString
// do: plain notation for 1e-3 <= |v| < 1e7, otherwise d.dddE±n, and
// always at least one fractional digit.
func appendJavaFloat(dst []byte, v float64, bitSize int) []byte {
	switch {
	case math.IsNaN(v):
		return append(dst, "NaN"...)
	case math.IsInf(v, 1):
		return append(dst, "Infinity"...)
	case math.IsInf(v, -1):
		return append(dst, "-Infinity"...)
	}
	if a := math.Abs(v); a == 0 || (a >= 1e-3 && a < 1e7) {
		start := len(dst)
		dst = strconv.AppendFloat(dst, v, 'f', -1, bitSize)
		for _, c := range dst[start:] {
			if c == '.' {
				return dst
			}
		}
		return append(dst, '.', '0')
	}
	var tmp [32]byte
	s := strconv.AppendFloat(tmp[:0], v, 'e', -1, bitSize)
	e := 0
	for e < len(s) && s[e] != 'e' {
		e++
	}
	mant, exp := s[:e], s[e+1:]
	dst = append(dst, mant...)
	hasDot := false
	for _, c := range mant {
		hasDot = hasDot || c == '.'
	}
	if !hasDot {
		dst = append(dst, '.', '0')
	}
	dst = append(dst, 'E')
	if exp[0] == '-' {
		dst = append(dst, '-')
	}
	exp = exp[1:]
	for len(exp) > 1 && exp[0] == '0' {
		exp = exp[1:]
	}
	return append(dst, exp...)
}

// appendInterval renders milliseconds as Flink does: +d hh:mm:ss.SSS.
func appendInterval(dst []byte, ms int64) []byte {
	if ms < 0 {
		dst = append(dst, '-')
		ms = -ms
	} else {
		dst = append(dst, '+')
	}
	dst = strconv.AppendInt(dst, ms/msPerDay, 10)
	dst = append(dst, ' ')
	dst = appendPadded(dst, ms/3600000%24, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, ms/60000%60, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, ms/1000%60, 2)
	dst = append(dst, '.')
	return appendPadded(dst, ms%1000, 3)
}

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
			o.data = appendJavaFloat(o.data, v, bitSize)
			o.commit()
		}
	case k == catalog.KindDecimal:
		for _, v := range fixedValues[dec](in) {
			o.data = appendDecimal(o.data, v, c.from.Scale)
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
			o.data = appendDate(o.data, int64(v))
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
			o.data = appendTimestamp(o.data, v)
			o.commit()
		}
	}
	return o.finish(c.to.Arrow()), nil
}

// truncChars returns the first n characters of s (all of s if n <= 0).
func truncChars(s []byte, n int) []byte {
	if n <= 0 || len(s) <= n {
		return s
	}
	for i := range bstr(s) {
		if n == 0 {
			return s[:i]
		}
		n--
	}
	return s
}

// parseIntTrunc parses an integer for CAST: like parseInt, but a
// fractional part of digits after a '.' is accepted and truncated, so
// '1.9' is 1 and '-.5' is 0.
func parseIntTrunc(s []byte) (int64, string) {
	s = trimSpace(s)
	for i, c := range s {
		if c != '.' {
			continue
		}
		for _, d := range s[i+1:] {
			if d < '0' || d > '9' {
				return 0, "invalid number"
			}
		}
		intPart := s[:i]
		hasDigit := i+1 < len(s)
		for _, d := range intPart {
			hasDigit = hasDigit || (d >= '0' && d <= '9')
		}
		if !hasDigit {
			return 0, "invalid number"
		}
		if len(intPart) == 0 || intPart[len(intPart)-1] == '-' || intPart[len(intPart)-1] == '+' {
			return 0, validSign(intPart)
		}
		return parseInt(intPart)
	}
	return parseInt(s)
}

// validSign accepts "", "+" and "-" as the integer part of a fraction.
func validSign(s []byte) string {
	if len(s) <= 1 {
		return ""
	}
	return "invalid number"
}

// parseInt parses an optionally signed decimal integer.
func parseInt(s []byte) (int64, string) {
	s = trimSpace(s)
	neg := false
	if len(s) > 0 && (s[0] == '-' || s[0] == '+') {
		neg = s[0] == '-'
		s = s[1:]
	}
	if len(s) == 0 {
		return 0, "invalid number"
	}
	var v uint64
	for _, c := range s {
		if c < '0' || c > '9' {
			return 0, "invalid number"
		}
		if v > (math.MaxUint64-9)/10 {
			return 0, "out of range"
		}
		v = v*10 + uint64(c-'0')
	}
	if neg {
		if v > 1<<63 {
			return 0, "out of range"
		}
		return -int64(v), ""
	}
	if v > math.MaxInt64 {
		return 0, "out of range"
	}
	return int64(v), ""
}

// parseBool accepts true/false, t/f, yes/no, y/n, 1/0 in any case.
func parseBool(s []byte) (bool, bool) {
	s = trimSpace(s)
	var low [5]byte
	if len(s) > len(low) {
		return false, false
	}
	for i, c := range s {
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		low[i] = c
	}
	switch string(low[:len(s)]) {
	case "true", "t", "yes", "y", "1":
		return true, true
	case "false", "f", "no", "n", "0":
		return false, true
	}
	return false, false
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
			x, err := strconv.ParseFloat(bstr(trimSpace(v.at(i))), 64)
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
	case k == catalog.KindDate:
		c.ints = resize(c.ints, n)
		for i := 0; i < n; i++ {
			x, ok := parseDate(v.at(i))
			c.ints[i] = x
			if !ok && !bad(i, "invalid date") {
				break
			}
		}
		buf = narrowInts(c.alloc, k, c.ints)
	default:
		c.ints = resize(c.ints, n)
		for i := 0; i < n; i++ {
			x, ok := parseTimestamp(v.at(i))
			c.ints[i] = x
			if !ok && !bad(i, "invalid timestamp") {
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

// renderValue renders row i of arr (of type t) for an error message:
// strings are quoted.
func renderValue(arr arrow.Array, i int, t catalog.Type) string {
	if arr.IsNull(i) {
		return "NULL"
	}
	var b []byte
	switch t.Kind {
	case catalog.KindString:
		v := viewOf(arr)
		b = append(b, '\'')
		for _, r := range bstr(v.at(i)) {
			if r == '\'' {
				b = append(b, '\'')
			}
			b = utf8.AppendRune(b, r)
		}
		b = append(b, '\'')
	case catalog.KindDecimal:
		b = appendDecimal(b, fixedValues[dec](arr)[i], t.Scale)
	case catalog.KindFloat, catalog.KindDouble:
		b = appendJavaFloat(b, widenFloats(arr, t.Kind, nil)[i], 64)
	case catalog.KindTinyInt, catalog.KindSmallInt, catalog.KindInt, catalog.KindBigInt:
		b = strconv.AppendInt(b, widenInts(arr, t.Kind, nil)[i], 10)
	default:
		return arr.ValueStr(i)
	}
	return string(b)
}
