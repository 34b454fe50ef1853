package eval

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// unaryKernel maps in to out and returns the first valid row that
// overflowed, or -1.
type unaryKernel[T arrow.FixedWidthType] func(in, out []T, valid bitmap) int

// unary applies a kernel to one fixed-width argument of the result type.
type unary[T arrow.FixedWidthType] struct {
	arg    Evaluator
	kernel unaryKernel[T]
	dt     arrow.DataType
	desc   string
	alloc  memory.Allocator
}

func (u *unary[T]) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := u.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	vb := validityOf(in)
	buf, out := newFixed[T](u.alloc, n)
	if row := u.kernel(fixedValues[T](in), out, vb); row >= 0 {
		buf.Release()
		return nil, &RowError{Row: row, Msg: u.desc + " overflow"}
	}
	return makeArray(u.dt, n, andValidity(u.alloc, n, vb), buf), nil
}

func (c *compiler) unaryNumeric(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 1, 1); err != nil {
		return nil, err
	}
	t := e.T
	if !e.Args[0].Type().Equal(t) || !(t.IsNumeric() || t.Kind == catalog.KindInterval) {
		return nil, fmt.Errorf("eval: %s(%s) -> %s is not supported", e.Fn, e.Args[0].Type(), t)
	}
	arg, err := c.compile(e.Args[0])
	if err != nil {
		return nil, err
	}
	abs := e.Fn == "ABS"
	switch t.Kind {
	case catalog.KindTinyInt:
		return newIntUnary[int8](c, arg, t, abs), nil
	case catalog.KindSmallInt:
		return newIntUnary[int16](c, arg, t, abs), nil
	case catalog.KindInt:
		return newIntUnary[int32](c, arg, t, abs), nil
	case catalog.KindBigInt, catalog.KindInterval:
		return newIntUnary[int64](c, arg, t, abs), nil
	case catalog.KindFloat:
		return newFloatUnary[float32](c, arg, t, abs), nil
	case catalog.KindDouble:
		return newFloatUnary[float64](c, arg, t, abs), nil
	}
	k := func(in, out []dec, _ bitmap) int {
		for i, v := range in {
			if !abs || v.Sign() < 0 {
				v = v.Negate()
			}
			out[i] = v
		}
		return -1
	}
	return &unary[dec]{arg: arg, kernel: k, dt: t.Arrow(), desc: kindName(t), alloc: c.alloc}, nil
}

func newIntUnary[T integer](c *compiler, arg Evaluator, t catalog.Type, abs bool) Evaluator {
	lo := minOf[T]()
	k := func(in, out []T, valid bitmap) int {
		bad := false
		for i, v := range in {
			if !abs || v < 0 {
				v = -v
			}
			out[i] = v
			bad = bad || in[i] == lo
		}
		if bad {
			for i, v := range in {
				if v == lo && valid.get(i) {
					return i
				}
			}
		}
		return -1
	}
	return &unary[T]{arg: arg, kernel: k, dt: t.Arrow(), desc: kindName(t), alloc: c.alloc}
}

func newFloatUnary[T float](c *compiler, arg Evaluator, t catalog.Type, abs bool) Evaluator {
	k := func(in, out []T, _ bitmap) int {
		for i, v := range in {
			if !abs || v < 0 {
				v = -v
			}
			out[i] = v
		}
		return -1
	}
	return &unary[T]{arg: arg, kernel: k, dt: t.Arrow(), desc: kindName(t), alloc: c.alloc}
}
