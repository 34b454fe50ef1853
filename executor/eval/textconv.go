package eval

import (
	"math"
	"strconv"
	"unicode/utf8"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
)

// Text conversions shared by CAST to and from STRING and by error
// messages.

// bstr views b as a string without copying; the string must not outlive
// b's buffer.
func bstr(b []byte) string {
	if len(b) == 0 {
		return ""
	}
	return unsafe.String(&b[0], len(b))
}

// appendInterval renders milliseconds as Flink does: +d hh:mm:ss.SSS.
func appendInterval(dst []byte, ms int64) []byte {
	if ms < 0 {
		dst = append(dst, '-')
		ms = -ms
	} else {
		dst = append(dst, '+')
	}
	dst = strconv.AppendInt(dst, ms/sqlvalue.MillisPerDay, 10)
	dst = append(dst, ' ')
	dst = sqlvalue.AppendPadded(dst, ms/3600000%24, 2)
	dst = append(dst, ':')
	dst = sqlvalue.AppendPadded(dst, ms/60000%60, 2)
	dst = append(dst, ':')
	dst = sqlvalue.AppendPadded(dst, ms/1000%60, 2)
	dst = append(dst, '.')
	return sqlvalue.AppendPadded(dst, ms%1000, 3)
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
	s = sqlvalue.TrimSpace(s)
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
	s = sqlvalue.TrimSpace(s)
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
	s = sqlvalue.TrimSpace(s)
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
		b = sqlvalue.AppendDecimal(b, fixedValues[dec](arr)[i], t.Scale)
	case catalog.KindFloat, catalog.KindDouble:
		b = sqlvalue.AppendFloat(b, widenFloats(arr, t.Kind, nil)[i], 64)
	case catalog.KindTinyInt, catalog.KindSmallInt, catalog.KindInt, catalog.KindBigInt:
		b = strconv.AppendInt(b, widenInts(arr, t.Kind, nil)[i], 10)
	default:
		return arr.ValueStr(i)
	}
	return string(b)
}
