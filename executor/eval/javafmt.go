package eval

import (
	"fmt"

	"github.com/streamsql/streamsql/internal/sqlvalue"
)

type fmtField byte

const (
	fLit fmtField = iota
	fYear
	fMonth
	fDay
	fHour
	fMinute
	fSecond
	fFrac
)

type fmtTok struct {
	field fmtField
	width int
	lit   []byte
}

// javaFormat is a compiled Java SimpleDateFormat pattern restricted to
// the letters y M d H m s S, quoted literal text and other literal
// characters.
type javaFormat struct {
	toks []fmtTok
}

func compileJavaFormat(p string) (*javaFormat, error) {
	f := &javaFormat{}
	addLit := func(b ...byte) {
		if n := len(f.toks); n > 0 && f.toks[n-1].field == fLit {
			f.toks[n-1].lit = append(f.toks[n-1].lit, b...)
			return
		}
		f.toks = append(f.toks, fmtTok{field: fLit, lit: append([]byte(nil), b...)})
	}
	letters := map[byte]fmtField{'y': fYear, 'M': fMonth, 'd': fDay, 'H': fHour, 'm': fMinute, 's': fSecond, 'S': fFrac}
	for i := 0; i < len(p); {
		c := p[i]
		switch {
		case c == '\'':
			if i+1 < len(p) && p[i+1] == '\'' {
				addLit('\'')
				i += 2
				continue
			}
			j := i + 1
			for ; j < len(p); j++ {
				if p[j] == '\'' {
					if j+1 < len(p) && p[j+1] == '\'' {
						addLit('\'')
						j++
						continue
					}
					break
				}
				addLit(p[j])
			}
			if j >= len(p) {
				return nil, fmt.Errorf("unterminated quote in format '%s'", p)
			}
			i = j + 1
		case (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'):
			fld, ok := letters[c]
			if !ok {
				return nil, fmt.Errorf("format letter '%c' in '%s' is not supported yet", c, p)
			}
			j := i
			for j < len(p) && p[j] == c {
				j++
			}
			f.toks = append(f.toks, fmtTok{field: fld, width: j - i})
			i = j
		default:
			addLit(c)
			i++
		}
	}
	return f, nil
}

// appendFormat renders epoch millis with the format.
func (f *javaFormat) appendFormat(dst []byte, ts int64) []byte {
	fl := sqlvalue.SplitMillis(ts)
	for _, t := range f.toks {
		switch t.field {
		case fLit:
			dst = append(dst, t.lit...)
		case fYear:
			if t.width == 2 {
				dst = sqlvalue.AppendPadded(dst, sqlvalue.FloorMod(fl.Y, 100), 2)
			} else {
				dst = sqlvalue.AppendPadded(dst, fl.Y, t.width)
			}
		case fMonth:
			dst = sqlvalue.AppendPadded(dst, fl.Mo, t.width)
		case fDay:
			dst = sqlvalue.AppendPadded(dst, fl.D, t.width)
		case fHour:
			dst = sqlvalue.AppendPadded(dst, fl.H, t.width)
		case fMinute:
			dst = sqlvalue.AppendPadded(dst, fl.Mi, t.width)
		case fSecond:
			dst = sqlvalue.AppendPadded(dst, fl.S, t.width)
		case fFrac:
			// S..S is the fraction of the second to width digits.
			v, w := fl.Ms, 3
			for ; w > t.width; w-- {
				v /= 10
			}
			dst = sqlvalue.AppendPadded(dst, v, w)
			for ; w < t.width; w++ {
				dst = append(dst, '0')
			}
		}
	}
	return dst
}

// parse reads a timestamp in the format; ok is false if s does not match
// exactly or names an invalid date or time.
func (f *javaFormat) parse(s []byte) (int64, bool) {
	sc := sqlvalue.Scanner{S: s}
	fl := sqlvalue.Fields{Y: 1970, Mo: 1, D: 1}
	for k, t := range f.toks {
		if t.field == fLit {
			if len(sc.S)-sc.Pos < len(t.lit) || string(sc.S[sc.Pos:sc.Pos+len(t.lit)]) != string(t.lit) {
				return 0, false
			}
			sc.Pos += len(t.lit)
			continue
		}
		// Adjacent numeric fields are read at their exact width.
		minW, maxW := 1, 2
		if t.field == fYear || t.field == fFrac {
			maxW = 9
		}
		if k+1 < len(f.toks) && f.toks[k+1].field != fLit {
			minW, maxW = t.width, t.width
		}
		if t.field == fFrac {
			v, ok := sc.Fraction(minW, maxW)
			if !ok {
				return 0, false
			}
			fl.Ms = v
			continue
		}
		v, ok := sc.Num(minW, maxW)
		if !ok {
			return 0, false
		}
		switch t.field {
		case fYear:
			if t.width == 2 {
				v += 2000
			}
			fl.Y = v
		case fMonth:
			fl.Mo = v
		case fDay:
			fl.D = v
		case fHour:
			fl.H = v
		case fMinute:
			fl.Mi = v
		case fSecond:
			fl.S = v
		}
	}
	if sc.Pos != len(sc.S) {
		return 0, false
	}
	return fl.Millis()
}
