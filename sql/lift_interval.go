package sql

import (
	"math"
	"strconv"
	"strings"
)

// liftUnitMillis gives the length of each day-time interval unit.
var liftUnitMillis = map[string]int64{
	"MILLISECOND": 1, "SECOND": 1000, "MINUTE": 60_000, "HOUR": 3_600_000, "DAY": 86_400_000,
}

// liftDayTimeOrder orders the day-time units from largest to smallest.
var liftDayTimeOrder = []string{"DAY", "HOUR", "MINUTE", "SECOND"}

// liftIntervalUnit reads an interval unit word (plurals accepted).
func liftIntervalUnit(t liftToken) (string, bool) {
	if t.kind != liftWord {
		return "", false
	}
	u := strings.ToUpper(t.val)
	u = strings.TrimSuffix(u, "S")
	switch u {
	case "MILLISECOND", "SECOND", "MINUTE", "HOUR", "DAY", "MONTH", "YEAR":
		return u, true
	}
	return "", false
}

// liftSkipPrecision skips an optional (p) or (p, q) after a unit at toks[j]
// and returns the next index.
func liftSkipPrecision(toks []liftToken, j int) int {
	if j+2 < len(toks) && toks[j].isPunct("(") && toks[j+1].kind == liftNumber {
		k := j + 2
		if k+1 < len(toks) && toks[k].isPunct(",") && toks[k+1].kind == liftNumber {
			k += 2
		}
		if k < len(toks) && toks[k].isPunct(")") {
			return k + 1
		}
	}
	return j
}

// liftInterval parses INTERVAL ['-'] ('value' | n) UNIT [(p)] [TO UNIT [(p)]]
// at toks[i] and returns the literal and the index after it.
func liftInterval(src *Source, toks []liftToken, i int) (*IntervalLit, int, error) {
	kw := toks[i]
	iv := &IntervalLit{Node: Node{P: PosAt(src, kw.off)}}
	j := i + 1
	neg := false
	if j < len(toks) && toks[j].isPunct("-") {
		neg = true
		j++
	}
	if j >= len(toks) || (toks[j].kind != liftString && toks[j].kind != liftNumber) {
		at := kw.end
		if j < len(toks) {
			at = toks[j].off
		}
		return nil, 0, Errorf(PosAt(src, at), "expected a quoted value after INTERVAL, as in INTERVAL '10' SECOND")
	}
	valTok := toks[j]
	iv.Value = strings.TrimSpace(valTok.val)
	if neg {
		iv.Value = "-" + iv.Value
	}
	j++
	if j >= len(toks) {
		return nil, 0, Errorf(PosAt(src, valTok.end), "expected an interval unit (SECOND, MINUTE, HOUR, DAY, MONTH, YEAR)")
	}
	unit, ok := liftIntervalUnit(toks[j])
	if !ok {
		return nil, 0, Errorf(PosAt(src, toks[j].off), "expected an interval unit (SECOND, MINUTE, HOUR, DAY, MONTH, YEAR), found %s", liftDescribe(toks[j]))
	}
	iv.Unit = unit
	j = liftSkipPrecision(toks, j+1)
	if j < len(toks) && toks[j].is("TO") {
		if j+1 >= len(toks) {
			return nil, 0, Errorf(PosAt(src, toks[j].end), "expected an interval unit after TO")
		}
		to, ok := liftIntervalUnit(toks[j+1])
		if !ok {
			return nil, 0, Errorf(PosAt(src, toks[j+1].off), "expected an interval unit after TO, found %s", liftDescribe(toks[j+1]))
		}
		iv.ToUnit = to
		j = liftSkipPrecision(toks, j+2)
	}
	if err := liftIntervalValue(iv); err != nil {
		return nil, 0, Errorf(PosAt(src, valTok.off), "invalid INTERVAL value '%s' for %s: %s", liftShorten(iv.Value), liftUnitText(iv), err.Error())
	}
	return iv, j, nil
}

// liftUnitText renders the unit qualifier of an interval.
func liftUnitText(iv *IntervalLit) string {
	if iv.ToUnit != "" {
		return iv.Unit + " TO " + iv.ToUnit
	}
	return iv.Unit
}

// liftIntervalError is a reason why an interval value is invalid.
type liftIntervalError string

func (e liftIntervalError) Error() string { return string(e) }

// liftIntervalValue computes Millis or Months from Value and the units.
func liftIntervalValue(iv *IntervalLit) error {
	v := iv.Value
	neg := strings.HasPrefix(v, "-")
	v = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(v, "-"), "+"))
	sign := int64(1)
	if neg {
		sign = -1
	}
	switch {
	case iv.Unit == "YEAR" || iv.Unit == "MONTH":
		return liftYearMonth(iv, v, sign)
	case iv.ToUnit == "":
		if iv.Unit == "SECOND" {
			ms, err := liftSeconds(v)
			iv.Millis = sign * ms
			return err
		}
		n, err := liftInt(v)
		if err != nil {
			return err
		}
		ms, ok := liftMul(n, liftUnitMillis[iv.Unit])
		if !ok {
			return liftIntervalError("out of range")
		}
		iv.Millis = sign * ms
		return nil
	}
	return liftDayTime(iv, v, sign)
}

// liftYearMonth handles 'n' YEAR, 'n' MONTH and 'y-m' YEAR TO MONTH.
func liftYearMonth(iv *IntervalLit, v string, sign int64) error {
	switch {
	case iv.ToUnit == "" && iv.Unit == "MONTH":
		n, err := liftInt(v)
		iv.Months = sign * n
		return err
	case iv.ToUnit == "":
		n, err := liftInt(v)
		if err != nil {
			return err
		}
		m, ok := liftMul(n, 12)
		if !ok {
			return liftIntervalError("out of range")
		}
		iv.Months = sign * m
		return nil
	case iv.Unit == "YEAR" && iv.ToUnit == "MONTH":
		y, m, ok := strings.Cut(v, "-")
		if !ok {
			return liftIntervalError("expected 'years-months'")
		}
		yn, err := liftInt(y)
		if err != nil {
			return err
		}
		mn, err := liftInt(m)
		if err != nil {
			return err
		}
		if yn > math.MaxInt32 || mn > 11 {
			return liftIntervalError("out of range")
		}
		iv.Months = sign * (yn*12 + mn)
		return nil
	}
	return liftIntervalError("unsupported unit range")
}

// liftDayTime handles DAY TO HOUR|MINUTE|SECOND, HOUR TO MINUTE|SECOND and
// MINUTE TO SECOND values such as '1 02:03:04.5'.
func liftDayTime(iv *IntervalLit, v string, sign int64) error {
	from, to := -1, -1
	for k, u := range liftDayTimeOrder {
		if u == iv.Unit {
			from = k
		}
		if u == iv.ToUnit {
			to = k
		}
	}
	if from < 0 || to <= from {
		return liftIntervalError("unsupported unit range")
	}
	fields := strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ':' })
	if len(fields) != to-from+1 {
		return liftIntervalError("expected " + strings.Join(liftDayTimeOrder[from:to+1], ", ") + " fields")
	}
	var total int64
	for k, f := range fields {
		u := liftDayTimeOrder[from+k]
		var ms int64
		var err error
		if u == "SECOND" {
			ms, err = liftSeconds(f)
		} else {
			var n int64
			n, err = liftInt(f)
			var ok bool
			if ms, ok = liftMul(n, liftUnitMillis[u]); !ok && err == nil {
				err = liftIntervalError("out of range")
			}
		}
		if err != nil {
			return err
		}
		if total > math.MaxInt64-ms {
			return liftIntervalError("out of range")
		}
		total += ms
	}
	iv.Millis = sign * total
	return nil
}

// liftInt parses a non-negative decimal integer.
func liftInt(s string) (int64, error) {
	if s == "" || strings.TrimLeft(s, "0123456789") != "" {
		return 0, liftIntervalError("not a number")
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, liftIntervalError("out of range")
	}
	return n, nil
}

// liftSeconds parses seconds with an optional fraction (millisecond
// precision) into milliseconds.
func liftSeconds(s string) (int64, error) {
	whole, frac, _ := strings.Cut(s, ".")
	n, err := liftInt(whole)
	if err != nil {
		return 0, err
	}
	if frac != "" && strings.TrimLeft(frac, "0123456789") != "" {
		return 0, liftIntervalError("not a number")
	}
	if len(frac) > 3 {
		if strings.Trim(frac[3:], "0") != "" {
			return 0, liftIntervalError("finer than a millisecond")
		}
		frac = frac[:3]
	}
	for len(frac) < 3 {
		frac += "0"
	}
	f, _ := strconv.ParseInt(frac, 10, 64)
	ms, ok := liftMul(n, 1000)
	if !ok || ms > math.MaxInt64-f {
		return 0, liftIntervalError("out of range")
	}
	return ms + f, nil
}

// liftMul multiplies non-negative a and b, reporting overflow.
func liftMul(a, b int64) (int64, bool) {
	if a != 0 && b > math.MaxInt64/a {
		return 0, false
	}
	return a * b, true
}
