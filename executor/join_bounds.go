package executor

// Time bounds of the interval join. With L = LowerMillis and U =
// UpperMillis, a left row l and a right row r can match when
// r.time + L <= l.time <= r.time + U. A buffered left row is dropped once
// the watermark exceeds l.time - L, a right row once it exceeds
// r.time + U. A row is late when the probe range left after cutting at
// these drop bounds is empty, that is when time + U - L < watermark.
// Arithmetic saturates at the int64 range.

// probeRange returns the times of the other side's rows that a row of
// side with time t can join and that are still buffered: the contract's
// interval, cut at the drop bound of the current watermark.
func (j *intervalJoin) probeRange(side int, t int64) (lo, hi int64) {
	l, u := j.spec.LowerMillis, j.spec.UpperMillis
	if side == 0 {
		// r.time in [l.time - U, l.time - L], and r.time + U >= wm.
		return max(satAdd(t, -u), satAdd(j.wm, -u)), satAdd(t, -l)
	}
	// l.time in [r.time + L, r.time + U], and l.time - L >= wm.
	return max(satAdd(t, l), satAdd(j.wm, l)), satAdd(t, u)
}

// heldBack returns wm held back by max(|L|, |U|).
func (j *intervalJoin) heldBack(wm int64) int64 {
	if wm == MaxWatermark || wm == MinWatermark {
		return wm
	}
	d := max(abs64(j.spec.LowerMillis), abs64(j.spec.UpperMillis))
	return satAdd(wm, -d)
}

// satAdd returns a + b, saturated at the int64 range.
func satAdd(a, b int64) int64 {
	s := a + b
	if b > 0 && s < a {
		return MaxWatermark
	}
	if b < 0 && s > a {
		return MinWatermark
	}
	return s
}

// abs64 returns |x| (saturated for the minimum).
func abs64(x int64) int64 {
	if x < 0 {
		if x == MinWatermark {
			return MaxWatermark
		}
		return -x
	}
	return x
}
