package executor

import (
	"fmt"

	"github.com/streamsql/streamsql/planner"
)

// windowAssigner maps event times to slices and slices to windows, with
// Flink's window table function semantics. A slice is the unit of partial
// aggregation: a TUMBLE window is one slice; HOP slices are slide long and
// a window holds size/slide of them; CUMULATE slices are step long and the
// windows of one cumulation period [start, start+size) end at every step.
// SESSION windows are not sliced (see sessionSet).
type windowAssigner struct {
	kind   string
	size   int64
	unit   int64 // slice length: size for TUMBLE, slide or step otherwise
	offset int64
}

// newWindowAssigner validates the window parameters of spec.
func newWindowAssigner(spec *planner.WindowAggSpec) (windowAssigner, error) {
	a := windowAssigner{kind: spec.Kind, size: spec.SizeMillis, offset: spec.OffsetMillis}
	if a.size <= 0 {
		return a, fmt.Errorf("%s window size must be positive, not %d ms", spec.Kind, a.size)
	}
	switch spec.Kind {
	case planner.WindowTumble, planner.WindowSession:
		a.unit = a.size
	case planner.WindowHop, planner.WindowCumulate:
		a.unit = spec.SlideMillis
		if a.unit <= 0 || a.size%a.unit != 0 {
			return a, fmt.Errorf("%s window size %d ms must be a positive multiple of %d ms", spec.Kind, a.size, a.unit)
		}
	default:
		return a, fmt.Errorf("window kind %q is not supported", spec.Kind)
	}
	return a, nil
}

// floorDiv is integer division rounding toward negative infinity.
func floorDiv(a, b int64) int64 {
	q := a / b
	if (a%b != 0) && ((a < 0) != (b < 0)) {
		q--
	}
	return q
}

// align returns the largest boundary <= ts of a grid of step len shifted
// by offset: floor((ts - offset) / len) * len + offset.
func align(ts, length, offset int64) int64 {
	return floorDiv(ts-offset, length)*length + offset
}

// sliceOf returns the start of the slice holding event time ts.
func (a windowAssigner) sliceOf(ts int64) int64 { return align(ts, a.unit, a.offset) }

// periodOf returns the start of CUMULATE's cumulation period (or the
// TUMBLE window) holding slice start s.
func (a windowAssigner) periodOf(s int64) int64 { return align(s, a.size, a.offset) }

// lastEnd returns the end of the last window that holds slice s: once it
// has fired, the slice can be freed and rows of it are late.
func (a windowAssigner) lastEnd(s int64) int64 {
	switch a.kind {
	case planner.WindowHop:
		return s + a.size
	case planner.WindowCumulate:
		return a.periodOf(s) + a.size
	}
	return s + a.size
}

// firedEnds calls fn, in window end order, for every window [start, end)
// with prev < end-1 <= wm that holds at least one of the live slices
// (sorted starts), giving the slices it holds (a sub-slice of slices).
func (a windowAssigner) firedEnds(slices []int64, prev, wm int64, fn func(start, end int64, held []int64) error) error {
	if len(slices) == 0 {
		return nil
	}
	switch a.kind {
	case planner.WindowTumble:
		for i, s := range slices {
			if e := s + a.size; e-1 <= wm {
				if err := fn(s, e, slices[i:i+1]); err != nil {
					return err
				}
			}
		}
	case planner.WindowHop:
		return a.firedHop(slices, prev, wm, fn)
	case planner.WindowCumulate:
		return a.firedCumulate(slices, prev, wm, fn)
	}
	return nil
}

// firstEndAfter returns the smallest window end e >= lo on the grid of
// unit shifted by offset; lo is clamped so that e-1 > prev.
func (a windowAssigner) firstEndAfter(lo, prev int64) int64 {
	if prev != MinWatermark && prev+2 > lo {
		lo = prev + 2
	}
	e := align(lo, a.unit, a.offset)
	if e < lo {
		e += a.unit
	}
	return e
}

func (a windowAssigner) firedHop(slices []int64, prev, wm int64, fn func(start, end int64, held []int64) error) error {
	last := slices[len(slices)-1]
	lo := 0 // first slice with start >= e - size
	for e := a.firstEndAfter(slices[0]+a.unit, prev); e-1 <= wm && e <= last+a.size; {
		for lo < len(slices) && slices[lo] < e-a.size {
			lo++
		}
		if lo == len(slices) {
			break
		}
		if slices[lo] >= e {
			// No slice in [e-size, e): jump to the first window holding
			// the next slice.
			e = a.firstEndAfter(slices[lo]+a.unit, prev)
			continue
		}
		hi := lo
		for hi < len(slices) && slices[hi] < e {
			hi++
		}
		if err := fn(e-a.size, e, slices[lo:hi]); err != nil {
			return err
		}
		if e > wm-a.unit+1 {
			break
		}
		e += a.unit
	}
	return nil
}

func (a windowAssigner) firedCumulate(slices []int64, prev, wm int64, fn func(start, end int64, held []int64) error) error {
	for i := 0; i < len(slices); {
		ws := a.periodOf(slices[i])
		j := i
		for j < len(slices) && slices[j] < ws+a.size {
			j++
		}
		for e := a.firstEndAfter(slices[i]+a.unit, prev); e <= ws+a.size && e-1 <= wm; e += a.unit {
			hi := i
			for hi < j && slices[hi] < e {
				hi++
			}
			if err := fn(ws, e, slices[i:hi]); err != nil {
				return err
			}
			if e > wm-a.unit+1 {
				break
			}
		}
		i = j
	}
	return nil
}
