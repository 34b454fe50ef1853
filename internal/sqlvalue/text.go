package sqlvalue

import (
	"strconv"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

// YearForm says how AppendDate and AppendTimestamp write a year between
// -999 and -1; every other year is written the same way by both forms:
// four digits for 0 to 9999, all its digits (with its sign) otherwise.
type YearForm uint8

const (
	// PadNegativeYear writes year -1 as "-0001", zero-padded to four
	// digits after the sign, as the SQL CAST to STRING does.
	PadNegativeYear YearForm = iota
	// PlainNegativeYear writes year -1 as "-1", as the file formats do.
	PlainNegativeYear
)

func append2(dst []byte, v int64) []byte { return append(dst, byte('0'+v/10), byte('0'+v%10)) }

// AppendPadded appends v in decimal, zero-padded to width digits after
// its sign.
func AppendPadded(dst []byte, v int64, width int) []byte {
	if v < 0 {
		dst = append(dst, '-')
		v = -v
	}
	var tmp [20]byte
	i := len(tmp)
	for v > 0 || i == len(tmp) {
		i--
		tmp[i] = byte('0' + v%10)
		v /= 10
	}
	for w := len(tmp) - i; w < width; w++ {
		dst = append(dst, '0')
	}
	return append(dst, tmp[i:]...)
}

// AppendDate appends days since the epoch as 'yyyy-MM-dd'.
func AppendDate(dst []byte, days int64, yf YearForm) []byte {
	y, m, d := CivilFromDays(days)
	switch {
	case y >= 0 && y <= 9999:
		dst = append2(dst, y/100)
		dst = append2(dst, y%100)
	case yf == PadNegativeYear:
		dst = AppendPadded(dst, y, 4)
	default:
		dst = strconv.AppendInt(dst, y, 10)
	}
	dst = append(dst, '-')
	dst = append2(dst, m)
	dst = append(dst, '-')
	return append2(dst, d)
}

// AppendTimestamp appends epoch milliseconds as 'yyyy-MM-dd HH:mm:ss.SSS'
// with sep between date and time (' ' or 'T').
func AppendTimestamp(dst []byte, ms int64, sep byte, yf YearForm) []byte {
	days := FloorDiv(ms, MillisPerDay)
	rem := ms - days*MillisPerDay
	dst = AppendDate(dst, days, yf)
	dst = append(dst, sep)
	dst = append2(dst, rem/3600000)
	dst = append(dst, ':')
	dst = append2(dst, rem/60000%60)
	dst = append(dst, ':')
	dst = append2(dst, rem/1000%60)
	dst = append(dst, '.')
	f := rem % 1000
	return append(dst, byte('0'+f/100), byte('0'+f/10%10), byte('0'+f%10))
}

// AppendDecimal appends an unscaled decimal at scale as plain text with
// exactly scale fraction digits, e.g. "-12.50".
func AppendDecimal(dst []byte, n decimal128.Num, scale int) []byte {
	if n.Sign() < 0 {
		dst = append(dst, '-')
		n = n.Negate()
	}
	var digits []byte
	var buf [40]byte
	if n.HighBits() == 0 {
		digits = strconv.AppendUint(buf[:0], n.LowBits(), 10)
	} else {
		digits = n.BigInt().Append(buf[:0], 10)
	}
	if scale <= 0 {
		return append(dst, digits...)
	}
	if len(digits) <= scale {
		dst = append(dst, '0', '.')
		for i := len(digits); i < scale; i++ {
			dst = append(dst, '0')
		}
		return append(dst, digits...)
	}
	dst = append(dst, digits[:len(digits)-scale]...)
	dst = append(dst, '.')
	return append(dst, digits[len(digits)-scale:]...)
}

// AppendFloat appends a float as Java's Double.toString (bits 64) or
// Float.toString (bits 32) and Flink show it: plain notation for
// 1e-3 <= |f| < 1e7, otherwise d.dddEn, always with at least one
// fraction digit: "1.0", "0.5", "1.0E10", "1.0E-5", "NaN", "Infinity".
func AppendFloat(dst []byte, f float64, bits int) []byte {
	switch {
	case f != f:
		return append(dst, "NaN"...)
	case f > 1.7976931348623157e308:
		return append(dst, "Infinity"...)
	case f < -1.7976931348623157e308:
		return append(dst, "-Infinity"...)
	}
	a := f
	if a < 0 {
		a = -a
	}
	if a == 0 || (a >= 1e-3 && a < 1e7) {
		start := len(dst)
		dst = strconv.AppendFloat(dst, f, 'f', -1, bits)
		for _, c := range dst[start:] {
			if c == '.' {
				return dst
			}
		}
		return append(dst, '.', '0')
	}
	var buf [32]byte
	s := strconv.AppendFloat(buf[:0], f, 'E', -1, bits)
	e := 0
	for e < len(s) && s[e] != 'E' {
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

// AppendMap appends a map of n entries as Flink prints it: {k1=v1, k2=v2}.
// entry appends entry i ("k=v").
func AppendMap(dst []byte, n int, entry func(dst []byte, i int) []byte) []byte {
	dst = append(dst, '{')
	for i := 0; i < n; i++ {
		if i > 0 {
			dst = append(dst, ',', ' ')
		}
		dst = entry(dst, i)
	}
	return append(dst, '}')
}
