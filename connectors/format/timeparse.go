package format

func digit2(b []byte, i int) (int, bool) { return digitsAt(b, i, 2) }

func digitsAt(b []byte, i, n int) (int, bool) {
	if i+n > len(b) {
		return 0, false
	}
	v := 0
	for j := i; j < i+n; j++ {
		if !isDigit(b[j]) {
			return 0, false
		}
		v = v*10 + int(b[j]-'0')
	}
	return v, true
}

// parseDateAt parses "yyyy-MM-dd" at the start of b into days since epoch.
func parseDateAt(b []byte) (int64, bool) {
	y, ok1 := digitsAt(b, 0, 4)
	m, ok2 := digit2(b, 5)
	d, ok3 := digit2(b, 8)
	if !ok1 || !ok2 || !ok3 || b[4] != '-' || b[7] != '-' {
		return 0, false
	}
	if m < 1 || m > 12 || d < 1 || d > daysIn(y, m) {
		return 0, false
	}
	return daysFromCivil(int64(y), m, d), true
}

func parseDate(b []byte) (int64, bool) {
	if len(b) != 10 {
		return 0, false
	}
	return parseDateAt(b)
}

// parseTimestamp parses "yyyy-MM-dd HH:mm:ss[.fff...]" or the ISO-8601
// form with 'T', each optionally followed by 'Z' or an offset "+hh:mm";
// the result is UTC epoch milliseconds (fraction truncated to ms).
func parseTimestamp(b []byte) (int64, bool) {
	if len(b) < 19 || (b[10] != ' ' && b[10] != 'T' && b[10] != 't') || b[13] != ':' || b[16] != ':' {
		return 0, false
	}
	days, ok := parseDateAt(b)
	if !ok {
		return 0, false
	}
	h, ok1 := digit2(b, 11)
	mi, ok2 := digit2(b, 14)
	s, ok3 := digit2(b, 17)
	if !ok1 || !ok2 || !ok3 || h > 23 || mi > 59 || s > 59 {
		return 0, false
	}
	ms := 0
	i := 19
	if i < len(b) && b[i] == '.' {
		i++
		start := i
		for i < len(b) && isDigit(b[i]) {
			if i-start < 3 {
				ms = ms*10 + int(b[i]-'0')
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
	off := 0
	if i < len(b) {
		switch b[i] {
		case 'Z', 'z':
			i++
		case '+', '-':
			oh, okh := digit2(b, i+1)
			j := i + 3
			if j < len(b) && b[j] == ':' {
				j++
			}
			om, okm := digit2(b, j)
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
	return days*86400000 + int64(h)*3600000 + int64(mi)*60000 + int64(s)*1000 + int64(ms) - int64(off), true
}

func isLeap(y int) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

func daysIn(y, m int) int {
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

// daysFromCivil returns days since 1970-01-01 of a proleptic Gregorian date.
func daysFromCivil(y int64, m, d int) int64 {
	if m <= 2 {
		y--
	}
	era := y / 400
	if y < 0 && y%400 != 0 {
		era--
	}
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := int64((153*mp+2)/5 + d - 1)
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// civilFromDays is the inverse of daysFromCivil.
func civilFromDays(z int64) (y int64, m, d int) {
	z += 719468
	era := z / 146097
	if z < 0 && z%146097 != 0 {
		era--
	}
	doe := z - era*146097
	yoe := (doe - doe/1460 + doe/36524 - doe/146096) / 365
	y = yoe + era*400
	doy := doe - (365*yoe + yoe/4 - yoe/100)
	mp := (5*doy + 2) / 153
	d = int(doy - (153*mp+2)/5 + 1)
	m = int(mp + 3)
	if m > 12 {
		m -= 12
	}
	if m <= 2 {
		y++
	}
	return y, m, d
}
