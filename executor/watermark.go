package executor

// inputWatermarks combines the watermarks of a node's inputs: the combined
// watermark is the minimum over inputs that have neither ended nor been
// declared idle; such inputs no longer hold it back. While every live input
// is idle the combined watermark stays where it is; once every input ended
// it is MaxWatermark. It is used from one goroutine.
type inputWatermarks struct {
	wm    []int64
	ended []bool
	idle  []bool
	live  int
	// delivered is the last combined watermark handed to the operator.
	delivered int64
}

func newInputWatermarks(n int) *inputWatermarks {
	w := &inputWatermarks{wm: make([]int64, n), ended: make([]bool, n), idle: make([]bool, n), live: n, delivered: MinWatermark}
	for i := range w.wm {
		w.wm[i] = MinWatermark
	}
	return w
}

// combined returns the current combined watermark.
func (w *inputWatermarks) combined() int64 {
	if w.live == 0 {
		return MaxWatermark
	}
	m, active := MaxWatermark, false
	for i, v := range w.wm {
		if !w.ended[i] && !w.idle[i] {
			active = true
			m = min(m, v)
		}
	}
	if !active {
		return w.delivered
	}
	return m
}

// setIdle marks input i idle or active again, with the same result as
// advance.
func (w *inputWatermarks) setIdle(i int, idle bool) (int64, bool) {
	w.idle[i] = idle
	return w.next()
}

// allIdle reports whether some input is live and every live one is idle.
func (w *inputWatermarks) allIdle() bool {
	if w.live == 0 {
		return false
	}
	for i := range w.wm {
		if !w.ended[i] && !w.idle[i] {
			return false
		}
	}
	return true
}

// advance records watermark v on input i. It returns the new combined
// watermark and true when that advanced past the last one delivered.
func (w *inputWatermarks) advance(i int, v int64) (int64, bool) {
	if v > w.wm[i] {
		w.wm[i] = v
	}
	return w.next()
}

// end records the end of input i, with the same result as advance.
func (w *inputWatermarks) end(i int) (int64, bool) {
	if !w.ended[i] {
		w.ended[i] = true
		w.live--
	}
	return w.next()
}

// allEnded reports whether every input ended.
func (w *inputWatermarks) allEnded() bool { return w.live == 0 }

func (w *inputWatermarks) next() (int64, bool) {
	c := w.combined()
	if c > w.delivered {
		w.delivered = c
		return c, true
	}
	return w.delivered, false
}
