package format

import (
	"encoding/base64"
	"fmt"
	"math"
	"strconv"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
)

func arrowDate32(days int64) arrow.Date32     { return arrow.Date32(days) }
func arrowTimestamp(ms int64) arrow.Timestamp { return arrow.Timestamp(ms) }
func arrowDuration(ms int64) arrow.Duration   { return arrow.Duration(ms) }

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// bstr views b as a string without copying, for lookups and parsing only:
// the result must not be kept beyond the call that receives it.
func bstr(b []byte) string { return unsafe.String(unsafe.SliceData(b), len(b)) }

// parseBool reads true or false, ignoring case.
func parseBool(b []byte) (bool, bool) {
	switch {
	case len(b) == 4 && (b[0]|0x20) == 't' && (b[1]|0x20) == 'r' && (b[2]|0x20) == 'u' && (b[3]|0x20) == 'e':
		return true, true
	case len(b) == 5 && (b[0]|0x20) == 'f' && (b[1]|0x20) == 'a' && (b[2]|0x20) == 'l' && (b[3]|0x20) == 's' && (b[4]|0x20) == 'e':
		return false, true
	}
	return false, false
}

// parseInt parses a decimal integer within [lo, hi].
func parseInt(b []byte, lo, hi int64) (int64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	neg := false
	switch b[0] {
	case '-':
		neg = true
		b = b[1:]
	case '+':
		b = b[1:]
	}
	if len(b) == 0 || len(b) > 19 {
		return 0, false
	}
	var u uint64
	for _, c := range b {
		if !isDigit(c) {
			return 0, false
		}
		u = u*10 + uint64(c-'0')
	}
	if neg {
		if u > 1<<63 {
			return 0, false
		}
		v := -int64(u)
		return v, v >= lo
	}
	if u > 1<<63-1 {
		return 0, false
	}
	return int64(u), int64(u) <= hi
}

func parseIntKind(b []byte, k catalog.Kind) (int64, bool) {
	switch k {
	case catalog.KindTinyInt:
		return parseInt(b, math.MinInt8, math.MaxInt8)
	case catalog.KindSmallInt:
		return parseInt(b, math.MinInt16, math.MaxInt16)
	case catalog.KindInt:
		return parseInt(b, math.MinInt32, math.MaxInt32)
	}
	return parseInt(b, math.MinInt64, math.MaxInt64)
}

// parseFloat parses a float; NaN and Infinity spellings are accepted.
func parseFloat(b []byte, single bool) (float64, bool) {
	if len(b) == 0 {
		return 0, false
	}
	bits := 64
	if single {
		bits = 32
	}
	f, err := strconv.ParseFloat(bstr(b), bits)
	if err != nil {
		return 0, false
	}
	return f, true
}

// parseDecimal parses an exact decimal ("-12.345", "1e3") into an unscaled
// value at scale, rounding half up when there are more fraction digits,
// and fails when the result needs more than prec digits.
func parseDecimal(b []byte, prec, scale int) (decimal128.Num, bool) {
	var zero decimal128.Num
	if len(b) == 0 {
		return zero, false
	}
	neg := false
	if b[0] == '-' || b[0] == '+' {
		neg = b[0] == '-'
		b = b[1:]
	}
	var n decimal128.Num
	var acc uint64
	accDigits, sig, frac, exp := 0, 0, 0, 0
	seenDot, seenDigit := false, false
	roundUp := false
	i := 0
	for ; i < len(b); i++ {
		c := b[i]
		if c == '.' {
			if seenDot {
				return zero, false
			}
			seenDot = true
			continue
		}
		if !isDigit(c) {
			break
		}
		seenDigit = true
		if seenDot {
			frac++
		}
		if sig == 0 && c == '0' {
			continue
		}
		sig++
		if sig > 38 {
			if seenDot && sig == 39 && c >= '5' {
				roundUp = true
			}
			if !seenDot {
				return zero, false
			}
			frac-- // dropped digit
			continue
		}
		acc = acc*10 + uint64(c-'0')
		accDigits++
		if accDigits == 18 {
			n = n.Mul(decimal128.GetScaleMultiplier(18)).Add(decimal128.FromU64(acc))
			acc, accDigits = 0, 0
		}
	}
	if !seenDigit {
		return zero, false
	}
	if accDigits > 0 {
		n = n.Mul(decimal128.GetScaleMultiplier(accDigits)).Add(decimal128.FromU64(acc))
	}
	if i < len(b) {
		if b[i] != 'e' && b[i] != 'E' {
			return zero, false
		}
		e, ok := parseInt(b[i+1:], -1000, 1000)
		if !ok {
			return zero, false
		}
		exp = int(e)
	}
	if roundUp {
		n = n.Add(decimal128.FromU64(1))
	}
	// value = n * 10^(exp - frac); want n' = value * 10^scale.
	shift := scale + exp - frac
	switch {
	case shift > 0:
		if shift > 38 {
			if n.Sign() == 0 {
				break
			}
			return zero, false
		}
		n = n.Mul(decimal128.GetScaleMultiplier(shift))
	case shift < 0:
		if -shift > 38 {
			n = zero
			break
		}
		q, r := n.Div(decimal128.GetScaleMultiplier(-shift))
		if r.Cmp(decimal128.GetHalfScaleMultiplier(-shift)) >= 0 {
			q = q.Add(decimal128.FromU64(1))
		}
		n = q
	}
	if !n.FitsInPrecision(int32(prec)) {
		return zero, false
	}
	if neg {
		n = n.Negate()
	}
	return n, true
}

func decodeBase64(text []byte, s *slot, scratch *[]byte, c *column) error {
	enc := base64.StdEncoding
	n := enc.DecodedLen(len(text))
	buf := *scratch
	if cap(buf)-len(buf) < n {
		nb := make([]byte, len(buf), 2*cap(buf)+n)
		copy(nb, buf)
		buf = nb
	}
	start := len(buf)
	m, err := enc.Decode(buf[start:start+n], text)
	if err != nil {
		return fmt.Errorf("field '%s': invalid base64 for BYTES: %v", c.name, err)
	}
	s.bs = buf[start : start+m]
	*scratch = buf[:start+m]
	return nil
}
