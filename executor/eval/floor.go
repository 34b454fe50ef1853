package eval

import (
	"fmt"
	"math"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

func (c *compiler) floorCeil(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 1, 2); err != nil {
		return nil, err
	}
	ceil := e.Fn == "CEIL"
	t := e.Args[0].Type()
	arg, err := c.compile(e.Args[0])
	if err != nil {
		return nil, err
	}
	if len(e.Args) == 2 {
		k, ok := e.Args[1].(*planner.Const)
		unit, isStr := "", false
		if ok {
			unit, isStr = k.Val.(string)
		}
		if !t.IsTimestamp() || !isStr {
			return nil, fmt.Errorf("eval: %s(%s TO unit) needs a timestamp and a constant unit", e.Fn, t)
		}
		return newTimeFloor(c.alloc, arg, strings.ToUpper(unit), ceil, e.T.Arrow())
	}
	switch {
	case t.IsInteger():
		return arg, nil
	case t.Kind == catalog.KindFloat:
		return &unary[float32]{arg: arg, kernel: floatRound[float32](ceil), dt: e.T.Arrow(), alloc: c.alloc}, nil
	case t.Kind == catalog.KindDouble:
		return &unary[float64]{arg: arg, kernel: floatRound[float64](ceil), dt: e.T.Arrow(), alloc: c.alloc}, nil
	case t.Kind == catalog.KindDecimal && e.T.Kind == catalog.KindDecimal:
		from, to := t.Scale, e.T.Scale
		prec := int32(e.T.Precision)
		k := func(in, out []dec, valid bitmap) int {
			for i, v := range in {
				q := decScaleDown(v, from, false)
				back, _ := decScaleUp(q, from)
				if back != v {
					if ceil && v.Sign() > 0 {
						q = q.Add(dec1)
					} else if !ceil && v.Sign() < 0 {
						q = q.Sub(dec1)
					}
				}
				r, ok := decScaleUp(q, to)
				if (!ok || !r.FitsInPrecision(prec)) && valid.get(i) {
					return i
				}
				out[i] = r
			}
			return -1
		}
		return &unary[dec]{arg: arg, kernel: k, dt: e.T.Arrow(), desc: e.T.String(), alloc: c.alloc}, nil
	}
	return nil, fmt.Errorf("eval: %s(%s) -> %s is not supported", e.Fn, t, e.T)
}

var dec1 = decimal128.FromI64(1)

func floatRound[T float](ceil bool) unaryKernel[T] {
	return func(in, out []T, _ bitmap) int {
		for i, v := range in {
			if ceil {
				out[i] = T(math.Ceil(float64(v)))
			} else {
				out[i] = T(math.Floor(float64(v)))
			}
		}
		return -1
	}
}

var unitMillis = map[string]int64{
	"MILLISECOND": 1, "SECOND": 1000, "MINUTE": 60000, "HOUR": 3600000, "DAY": sqlvalue.MillisPerDay,
}

// newTimeFloor rounds timestamps down (or up) to a unit; WEEK (starting
// on Sunday), MONTH, QUARTER and YEAR follow the calendar.
func newTimeFloor(alloc memory.Allocator, arg Evaluator, unit string, ceil bool, dt arrow.DataType) (Evaluator, error) {
	if u, ok := unitMillis[unit]; ok {
		k := func(in, out []int64, _ bitmap) int {
			for i, v := range in {
				f := sqlvalue.FloorDiv(v, u) * u
				if ceil && f != v {
					f += u
				}
				out[i] = f
			}
			return -1
		}
		return &unary[int64]{arg: arg, kernel: k, dt: dt, alloc: alloc}, nil
	}
	if unit == "WEEK" {
		// Weeks start on Sunday; 1970-01-01 was a Thursday.
		k := func(in, out []int64, _ bitmap) int {
			for i, v := range in {
				days := sqlvalue.FloorDiv(v, sqlvalue.MillisPerDay)
				f := (days - sqlvalue.FloorMod(days+4, 7)) * sqlvalue.MillisPerDay
				if ceil && f != v {
					f += 7 * sqlvalue.MillisPerDay
				}
				out[i] = f
			}
			return -1
		}
		return &unary[int64]{arg: arg, kernel: k, dt: dt, alloc: alloc}, nil
	}
	months := map[string]int64{"MONTH": 1, "QUARTER": 3, "YEAR": 12}[unit]
	if months == 0 {
		return nil, fmt.Errorf("eval: time unit %s is not supported yet", unit)
	}
	k := func(in, out []int64, _ bitmap) int {
		for i, v := range in {
			f := sqlvalue.SplitMillis(v)
			m0 := (f.Mo - 1) / months * months // first month of the period, 0-based
			y, m := f.Y, m0+1
			fl := sqlvalue.DaysFromCivil(y, m, 1) * sqlvalue.MillisPerDay
			if ceil && fl != v {
				m += months
				if m > 12 {
					y, m = y+1, m-12
				}
				fl = sqlvalue.DaysFromCivil(y, m, 1) * sqlvalue.MillisPerDay
			}
			out[i] = fl
		}
		return -1
	}
	return &unary[int64]{arg: arg, kernel: k, dt: dt, alloc: alloc}, nil
}
