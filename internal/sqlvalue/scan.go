package sqlvalue

// Scanner reads numeric fields and literal bytes from S, starting at Pos.
type Scanner struct {
	S   []byte
	Pos int
}

// Num reads between minW and maxW decimal digits; ok is false if fewer
// than minW were there.
func (sc *Scanner) Num(minW, maxW int) (int64, bool) {
	var v int64
	n := 0
	for sc.Pos < len(sc.S) && n < maxW && isDigit(sc.S[sc.Pos]) {
		v = v*10 + int64(sc.S[sc.Pos]-'0')
		sc.Pos++
		n++
	}
	return v, n >= minW
}

// Lit consumes c if it is the next byte.
func (sc *Scanner) Lit(c byte) bool {
	if sc.Pos < len(sc.S) && sc.S[sc.Pos] == c {
		sc.Pos++
		return true
	}
	return false
}

// Fraction reads between minW and maxW digits of a fraction of a second
// and returns it in milliseconds, truncating digits past the third.
func (sc *Scanner) Fraction(minW, maxW int) (int64, bool) {
	start := sc.Pos
	v, ok := sc.Num(minW, maxW)
	if !ok {
		return 0, false
	}
	for w := sc.Pos - start; w < 3; w++ {
		v *= 10
	}
	for w := sc.Pos - start; w > 3; w-- {
		v /= 10
	}
	return v, true
}

// date reads 'yyyy-M[M]-d[d]' into f.
func (sc *Scanner) date(f *Fields) bool {
	var ok1, ok2, ok3 bool
	f.Y, ok1 = sc.Num(4, 4)
	if !ok1 || !sc.Lit('-') {
		return false
	}
	f.Mo, ok2 = sc.Num(1, 2)
	if !ok2 || !sc.Lit('-') {
		return false
	}
	f.D, ok3 = sc.Num(1, 2)
	return ok3
}
