package eval

// Calendar arithmetic on the proleptic Gregorian calendar, in UTC.

const msPerDay = 86400000

func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

func floorMod(a, b int64) int64 { return a - floorDiv(a, b)*b }

// daysFromCivil returns days since 1970-01-01 of y-m-d.
func daysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := floorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := floorDiv(z, 146097)
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = doy - (153*mp+2)/5 + 1
	if mp < 10 {
		m = mp + 3
	} else {
		m = mp - 9
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}

func isLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if isLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// fields splits epoch milliseconds into calendar fields.
type fields struct {
	y, mo, d, h, mi, s, ms int64
}

func splitMillis(ts int64) fields {
	days := floorDiv(ts, msPerDay)
	rem := ts - days*msPerDay
	var f fields
	f.y, f.mo, f.d = civilFromDays(days)
	f.h = rem / 3600000
	f.mi = rem / 60000 % 60
	f.s = rem / 1000 % 60
	f.ms = rem % 1000
	return f
}

// millis joins calendar fields; ok is false for an invalid date or time.
func (f fields) millis() (int64, bool) {
	if f.mo < 1 || f.mo > 12 || f.d < 1 || f.d > daysInMonth(f.y, f.mo) ||
		f.h < 0 || f.h > 23 || f.mi < 0 || f.mi > 59 || f.s < 0 || f.s > 59 || f.ms < 0 || f.ms > 999 {
		return 0, false
	}
	return daysFromCivil(f.y, f.mo, f.d)*msPerDay + f.h*3600000 + f.mi*60000 + f.s*1000 + f.ms, true
}

// appendPadded appends v in decimal, zero-padded to width digits.
func appendPadded(dst []byte, v int64, width int) []byte {
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

// appendDate renders days since the epoch as yyyy-MM-dd.
func appendDate(dst []byte, days int64) []byte {
	y, m, d := civilFromDays(days)
	dst = appendPadded(dst, y, 4)
	dst = append(dst, '-')
	dst = appendPadded(dst, m, 2)
	dst = append(dst, '-')
	return appendPadded(dst, d, 2)
}

// appendTimestamp renders epoch millis as yyyy-MM-dd HH:mm:ss.SSS.
func appendTimestamp(dst []byte, ts int64) []byte {
	dst = appendDate(dst, floorDiv(ts, msPerDay))
	f := splitMillis(ts)
	dst = append(dst, ' ')
	dst = appendPadded(dst, f.h, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, f.mi, 2)
	dst = append(dst, ':')
	dst = appendPadded(dst, f.s, 2)
	dst = append(dst, '.')
	return appendPadded(dst, f.ms, 3)
}

// scanner reads fields from a byte string.
type scanner struct {
	s   []byte
	pos int
}

// num reads between minW and maxW decimal digits.
func (sc *scanner) num(minW, maxW int) (int64, bool) {
	var v int64
	n := 0
	for sc.pos < len(sc.s) && n < maxW && sc.s[sc.pos] >= '0' && sc.s[sc.pos] <= '9' {
		v = v*10 + int64(sc.s[sc.pos]-'0')
		sc.pos++
		n++
	}
	return v, n >= minW
}

func (sc *scanner) lit(c byte) bool {
	if sc.pos < len(sc.s) && sc.s[sc.pos] == c {
		sc.pos++
		return true
	}
	return false
}

// fraction reads 1 to 9 digits of a fraction of a second as millis.
func (sc *scanner) fraction() (int64, bool) {
	start := sc.pos
	v, ok := sc.num(1, 9)
	if !ok {
		return 0, false
	}
	for w := sc.pos - start; w < 3; w++ {
		v *= 10
	}
	for w := sc.pos - start; w > 3; w-- {
		v /= 10
	}
	return v, true
}

func trimSpace(s []byte) []byte {
	for len(s) > 0 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' || s[0] == '\r') {
		s = s[1:]
	}
	for len(s) > 0 && (s[len(s)-1] == ' ' || s[len(s)-1] == '\t' || s[len(s)-1] == '\n' || s[len(s)-1] == '\r') {
		s = s[:len(s)-1]
	}
	return s
}

func (sc *scanner) date(f *fields) bool {
	var ok1, ok2, ok3 bool
	f.y, ok1 = sc.num(4, 4)
	if !ok1 || !sc.lit('-') {
		return false
	}
	f.mo, ok2 = sc.num(1, 2)
	if !ok2 || !sc.lit('-') {
		return false
	}
	f.d, ok3 = sc.num(1, 2)
	return ok3
}

// parseDate parses 'yyyy-MM-dd' into days since the epoch.
func parseDate(s []byte) (int64, bool) {
	sc := scanner{s: trimSpace(s)}
	var f fields
	if !sc.date(&f) || sc.pos != len(sc.s) {
		return 0, false
	}
	ms, ok := f.millis()
	return ms / msPerDay, ok
}

// parseTimestamp parses 'yyyy-MM-dd[( |T)HH:mm[:ss[.fff]]][Z]' into epoch
// millis.
func parseTimestamp(s []byte) (int64, bool) {
	sc := scanner{s: trimSpace(s)}
	var f fields
	if !sc.date(&f) {
		return 0, false
	}
	if sc.lit(' ') || sc.lit('T') {
		var ok bool
		if f.h, ok = sc.num(1, 2); !ok || !sc.lit(':') {
			return 0, false
		}
		if f.mi, ok = sc.num(1, 2); !ok {
			return 0, false
		}
		if sc.lit(':') {
			if f.s, ok = sc.num(1, 2); !ok {
				return 0, false
			}
			if sc.lit('.') {
				if f.ms, ok = sc.fraction(); !ok {
					return 0, false
				}
			}
		}
		sc.lit('Z')
	}
	if sc.pos != len(sc.s) {
		return 0, false
	}
	return f.millis()
}
