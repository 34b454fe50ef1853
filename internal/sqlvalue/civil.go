package sqlvalue

// Calendar arithmetic on the proleptic Gregorian calendar, in UTC.

// MillisPerDay is the number of milliseconds in a day.
const MillisPerDay = 86400000

// FloorDiv returns a/b rounded toward negative infinity.
func FloorDiv(a, b int64) int64 {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// FloorMod returns a - FloorDiv(a, b)*b, which has the sign of b.
func FloorMod(a, b int64) int64 { return a - FloorDiv(a, b)*b }

// DaysFromCivil returns the days since 1970-01-01 of the date y-m-d.
func DaysFromCivil(y, m, d int64) int64 {
	if m <= 2 {
		y--
	}
	era := FloorDiv(y, 400)
	yoe := y - era*400
	mp := (m + 9) % 12
	doy := (153*mp+2)/5 + d - 1
	doe := yoe*365 + yoe/4 - yoe/100 + doy
	return era*146097 + doe - 719468
}

// CivilFromDays is the inverse of DaysFromCivil: the year, month (1-12)
// and day (1-31) of days since 1970-01-01.
func CivilFromDays(z int64) (y, m, d int64) {
	z += 719468
	era := FloorDiv(z, 146097)
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

// IsLeap reports whether y is a leap year.
func IsLeap(y int64) bool { return y%4 == 0 && (y%100 != 0 || y%400 == 0) }

// DaysInMonth returns the number of days in month m (1-12) of year y.
func DaysInMonth(y, m int64) int64 {
	switch m {
	case 2:
		if IsLeap(y) {
			return 29
		}
		return 28
	case 4, 6, 9, 11:
		return 30
	}
	return 31
}

// Fields are the calendar fields of an instant: year, month, day, hour,
// minute, second and millisecond.
type Fields struct {
	Y, Mo, D, H, Mi, S, Ms int64
}

// SplitMillis splits epoch milliseconds into calendar fields.
func SplitMillis(ts int64) Fields {
	days := FloorDiv(ts, MillisPerDay)
	rem := ts - days*MillisPerDay
	var f Fields
	f.Y, f.Mo, f.D = CivilFromDays(days)
	f.H = rem / 3600000
	f.Mi = rem / 60000 % 60
	f.S = rem / 1000 % 60
	f.Ms = rem % 1000
	return f
}

// Millis joins calendar fields into epoch milliseconds; ok is false for
// an invalid date or time.
func (f Fields) Millis() (int64, bool) {
	if f.Mo < 1 || f.Mo > 12 || f.D < 1 || f.D > DaysInMonth(f.Y, f.Mo) ||
		f.H < 0 || f.H > 23 || f.Mi < 0 || f.Mi > 59 || f.S < 0 || f.S > 59 || f.Ms < 0 || f.Ms > 999 {
		return 0, false
	}
	return DaysFromCivil(f.Y, f.Mo, f.D)*MillisPerDay + f.H*3600000 + f.Mi*60000 + f.S*1000 + f.Ms, true
}
