package sqlvalue

// Two families of parsers read dates and timestamps, on purpose with
// different rules:
//
//   - ParseDate and ParseTimestamp read the fixed-width forms found in data
//     files: exactly 'yyyy-MM-dd', and a timestamp with seconds, an
//     optional fraction and an optional 'Z' or UTC offset. Surrounding
//     space is not accepted.
//   - ParseCastDate and ParseCastTimestamp read the forms CAST from STRING
//     accepts: surrounding space is ignored, month, day, hour, minute and
//     second may have one or two digits, the time and the seconds are
//     optional, and only a trailing 'Z' (no offset) may follow.

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digitsAt(b []byte, i, n int) (int64, bool) {
	if i+n > len(b) {
		return 0, false
	}
	var v int64
	for j := i; j < i+n; j++ {
		if !isDigit(b[j]) {
			return 0, false
		}
		v = v*10 + int64(b[j]-'0')
	}
	return v, true
}

// parseDateAt parses "yyyy-MM-dd" at the start of b into days since epoch.
func parseDateAt(b []byte) (int64, bool) {
	y, ok1 := digitsAt(b, 0, 4)
	m, ok2 := digitsAt(b, 5, 2)
	d, ok3 := digitsAt(b, 8, 2)
	if !ok1 || !ok2 || !ok3 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	if m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m) {
		return 0, false
	}
	return DaysFromCivil(y, m, d), true
}

// ParseDate parses exactly "yyyy-MM-dd" into days since the epoch.
func ParseDate(b []byte) (int64, bool) {
	if len(b) != 10 {
		return 0, false
	}
	return parseDateAt(b)
}

// ParseTimestamp parses "yyyy-MM-dd HH:mm:ss[.fff...]" or the ISO-8601
// form with 'T' (or 't'), each optionally followed by 'Z' or an offset
// "+hh:mm" or "+hhmm"; the result is UTC epoch milliseconds (fraction
// truncated to ms).
func ParseTimestamp(b []byte) (int64, bool) {
	if len(b) < 19 || (b[10] != ' ' && b[10] != 'T' && b[10] != 't') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	days, ok := parseDateAt(b)
	if !ok {
		return 0, false
	}
	h, ok1 := digitsAt(b, 11, 2)
	mi, ok2 := digitsAt(b, 14, 2)
	s, ok3 := digitsAt(b, 17, 2)
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	var ms int64
	i := 19
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for i < len(b) && isDigit(b[i]) {
			if i-start < 3 {
				ms = ms*10 + int64(b[i]-'0')
			}
			i++
		}
		n := i - start
		if n == 0 || n > 9 {
			return 0, false
		}
		for ; n < 3; n++ {
			ms *= 10
		}
	}
	var off int64
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			oh, okh := digitsAt(b, i+1, 2)
			j := i + 3
			if j < len(b) && b[j] == ':' {
				j++
			}
			om, okm := digitsAt(b, j, 2)
			if !okh || !okm || oh > 18 || om > 59 {
				return 0, false
			}
			off = (oh*60 + om) * 60000
			if b[i] == '-' {
				off = -off
			}
			i = j + 2
		}
	}
	if i != len(b) {
		return 0, false
	}
	return days*MillisPerDay + h*3600000 + mi*60000 + s*1000 + ms - off, true
}

// TrimSpace returns b without leading and trailing spaces, tabs, carriage
// returns and newlines.
func TrimSpace(b []byte) []byte {
	for len(b) > 0 && isSpace(b[0]) {
		b = b[1:]
	}
	for len(b) > 0 && isSpace(b[len(b)-1]) {
		b = b[:len(b)-1]
	}
	return b
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\r' || c == '\n' }

// ParseCastDate parses 'yyyy-M[M]-d[d]', ignoring surrounding space, into
// days since the epoch.
func ParseCastDate(s []byte) (int64, bool) {
	sc := Scanner{S: TrimSpace(s)}
	var f Fields
	if !sc.date(&f) || sc.Pos != len(sc.S) {
		return 0, false
	}
	ms, ok := f.Millis()
	return ms / MillisPerDay, ok
}

// ParseCastTimestamp parses 'yyyy-M[M]-d[d][( |T)H[H]:m[m][:s[s][.fff]]][Z]',
// ignoring surrounding space, into epoch milliseconds.
func ParseCastTimestamp(s []byte) (int64, bool) {
	sc := Scanner{S: TrimSpace(s)}
	var f Fields
	if !sc.date(&f) {
		return 0, false
	}
	if sc.Lit(' ') || sc.Lit('T') {
		var ok bool
		if f.H, ok = sc.Num(1, 2); !ok || !sc.Lit(':') {
			return 0, false
		}
		if f.Mi, ok = sc.Num(1, 2); !ok {
			return 0, false
		}
		if sc.Lit(':') {
			if f.S, ok = sc.Num(1, 2); !ok {
				return 0, false
			}
			if sc.Lit('.') {
				if f.Ms, ok = sc.Fraction(1, 9); !ok {
					return 0, false
				}
			}
		}
		sc.Lit('Z')
	}
	if sc.Pos != len(sc.S) {
		return 0, false
	}
	return f.Millis()
}
