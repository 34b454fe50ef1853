package eval

import (
	"fmt"
	"math"
	"math/bits"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

type integer interface {
	int8 | int16 | int32 | int64
}

type float interface {
	float32 | float64
}

type number interface {
	integer | float
}

// numArg is one fixed-width argument of a kernel: an evaluator, or a
// constant broadcast once into a reusable scratch slice.
type numArg[T arrow.FixedWidthType] struct {
	ev      Evaluator
	k       *constNode
	val     T
	scratch []T
}

func newNumArg[T arrow.FixedWidthType](ev Evaluator, conv func(*constNode) T) numArg[T] {
	a := numArg[T]{ev: ev}
	if k, ok := asConst(ev); ok && !k.null {
		a.k, a.val = k, conv(k)
	}
	return a
}

// get returns the argument's values and validity over n rows. arr is the
// evaluated array to release (nil for a constant).
func (a *numArg[T]) get(rec arrow.Record, n int) (arr arrow.Array, vals []T, valid bitmap, err error) {
	if a.k != nil {
		if len(a.scratch) < n {
			a.scratch = make([]T, n)
			for i := range a.scratch {
				a.scratch[i] = a.val
			}
		}
		return nil, a.scratch[:n], bitmap{}, nil
	}
	arr, err = a.ev.Eval(rec)
	if err != nil {
		return nil, nil, bitmap{}, err
	}
	return arr, fixedValues[T](arr), validityOf(arr), nil
}

func release(a arrow.Array) {
	if a != nil {
		a.Release()
	}
}

// operands are the two arguments of a binary kernel over n rows.
type operands[T arrow.FixedWidthType] struct {
	la, ra arrow.Array // evaluated arrays (nil for a constant)
	a, b   []T
	valid  *memory.Buffer // rows where both are non-null; nil if all are
}

// getOperands evaluates l and r over the n rows of rec; the caller
// releases the result once done with it.
func getOperands[T arrow.FixedWidthType](alloc memory.Allocator, l, r *numArg[T], rec arrow.Record, n int) (operands[T], error) {
	var o operands[T]
	la, a, lvalid, err := l.get(rec, n)
	if err != nil {
		return o, err
	}
	ra, b, rvalid, err := r.get(rec, n)
	if err != nil {
		release(la)
		return o, err
	}
	return operands[T]{la: la, ra: ra, a: a, b: b, valid: andValidity(alloc, n, lvalid, rvalid)}, nil
}

// release releases the evaluated arrays, not the validity buffer, which
// the kernel hands on to its result.
func (o *operands[T]) release() {
	release(o.la)
	release(o.ra)
}

func constInt[T integer](k *constNode) T { return T(k.i64) }

func constFloat[T float](k *constNode) T { return T(k.f64) }

// binKernel computes out from a and b. It may mark rows NULL in valid
// (allocating it through alloc) and returns the first valid row that
// overflowed, or -1.
type binKernel[T arrow.FixedWidthType] func(a, b, out []T, valid **memory.Buffer, alloc memory.Allocator) int

// binary applies a kernel to two fixed-width arguments.
type binary[T arrow.FixedWidthType] struct {
	l, r   numArg[T]
	kernel binKernel[T]
	dt     arrow.DataType
	desc   string
	alloc  memory.Allocator
}

func (b *binary[T]) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	ops, err := getOperands(b.alloc, &b.l, &b.r, rec, n)
	if err != nil {
		return nil, err
	}
	defer ops.release()
	lv, rv, valid := ops.a, ops.b, ops.valid
	buf, out := newFixed[T](b.alloc, n)
	if row := b.kernel(lv, rv, out, &valid, b.alloc); row >= 0 {
		buf.Release()
		if valid != nil {
			valid.Release()
		}
		return nil, &RowError{Row: row, Msg: b.desc + " overflow"}
	}
	return makeArray(b.dt, n, valid, buf), nil
}

func (c *compiler) arith(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 2, 2); err != nil {
		return nil, err
	}
	t := e.T
	if t.Kind == catalog.KindDecimal {
		return c.decimalArith(e)
	}
	l, r := e.Args[0].Type(), e.Args[1].Type()
	op := e.Fn
	if op == "MOD" {
		op = "%"
	}
	switch {
	case t.IsTimestamp() || t.Kind == catalog.KindInterval:
		ok := (op == "+" || op == "-") && l.Kind == t.Kind && r.Kind == catalog.KindInterval
		swapped := op == "+" && t.IsTimestamp() && l.Kind == catalog.KindInterval && r.Kind == t.Kind
		if !ok && !swapped {
			return nil, fmt.Errorf("eval: %s(%s, %s) -> %s is not supported", e.Fn, l, r, t)
		}
		return buildIntArith[int64](c, e, op, kindName(t))
	case !t.IsNumeric() || !l.Equal(t) || !r.Equal(t):
		return nil, fmt.Errorf("eval: %s(%s, %s) -> %s is not supported", e.Fn, l, r, t)
	}
	switch t.Kind {
	case catalog.KindTinyInt:
		return buildIntArith[int8](c, e, op, "TINYINT")
	case catalog.KindSmallInt:
		return buildIntArith[int16](c, e, op, "SMALLINT")
	case catalog.KindInt:
		return buildIntArith[int32](c, e, op, "INT")
	case catalog.KindBigInt:
		return buildIntArith[int64](c, e, op, "BIGINT")
	case catalog.KindFloat:
		return buildFloatArith[float32](c, e, op)
	}
	return buildFloatArith[float64](c, e, op)
}

func kindName(t catalog.Type) string {
	return catalog.Type{Kind: t.Kind}.String()
}

func buildIntArith[T integer](c *compiler, e *planner.Call, op, desc string) (Evaluator, error) {
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	var k binKernel[T]
	switch op {
	case "+":
		k = addInt[T]
	case "-":
		k = subInt[T]
	case "*":
		if sizeOfInt[T]() == 8 {
			k = any(binKernel[int64](mulInt64)).(binKernel[T])
		} else {
			k = mulNarrow[T]
		}
	case "/":
		k = divInt[T]
	case "%":
		k = modInt[T]
	}
	return &binary[T]{
		l: newNumArg(args[0], constInt[T]), r: newNumArg(args[1], constInt[T]),
		kernel: k, dt: e.T.Arrow(), desc: desc, alloc: c.alloc,
	}, nil
}

func buildFloatArith[T float](c *compiler, e *planner.Call, op string) (Evaluator, error) {
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	var k binKernel[T]
	switch op {
	case "+":
		k = func(a, b, out []T, _ **memory.Buffer, _ memory.Allocator) int {
			for i := range out {
				out[i] = a[i] + b[i]
			}
			return -1
		}
	case "-":
		k = func(a, b, out []T, _ **memory.Buffer, _ memory.Allocator) int {
			for i := range out {
				out[i] = a[i] - b[i]
			}
			return -1
		}
	case "*":
		k = func(a, b, out []T, _ **memory.Buffer, _ memory.Allocator) int {
			for i := range out {
				out[i] = a[i] * b[i]
			}
			return -1
		}
	case "/", "%":
		mod := op == "%"
		k = func(a, b, out []T, valid **memory.Buffer, alloc memory.Allocator) int {
			for i := range out {
				switch {
				case b[i] == 0:
					out[i] = 0
					*valid = ensureValidity(alloc, *valid, len(out))
					clearBit((*valid).Bytes(), i)
				case mod:
					out[i] = T(math.Mod(float64(a[i]), float64(b[i])))
				default:
					out[i] = a[i] / b[i]
				}
			}
			return -1
		}
	}
	return &binary[T]{
		l: newNumArg(args[0], constFloat[T]), r: newNumArg(args[1], constFloat[T]),
		kernel: k, dt: e.T.Arrow(), desc: kindName(e.T), alloc: c.alloc,
	}, nil
}

func clearBit(b []byte, i int) { b[i>>3] &^= 1 << uint(i&7) }

// firstBad returns the first row i that is valid and for which bad(i)
// holds, or -1.
func firstBad(n int, valid *memory.Buffer, bad func(i int) bool) int {
	for i := 0; i < n; i++ {
		if (valid == nil || valid.Bytes()[i>>3]&(1<<uint(i&7)) != 0) && bad(i) {
			return i
		}
	}
	return -1
}

func addInt[T integer](a, b, out []T, valid **memory.Buffer, _ memory.Allocator) int {
	var acc T
	for i := range out {
		s := a[i] + b[i]
		out[i] = s
		acc |= (a[i] ^ s) & (b[i] ^ s)
	}
	if acc >= 0 {
		return -1
	}
	return firstBad(len(out), *valid, func(i int) bool { return (a[i]^out[i])&(b[i]^out[i]) < 0 })
}

func subInt[T integer](a, b, out []T, valid **memory.Buffer, _ memory.Allocator) int {
	var acc T
	for i := range out {
		d := a[i] - b[i]
		out[i] = d
		acc |= (a[i] ^ b[i]) & (a[i] ^ d)
	}
	if acc >= 0 {
		return -1
	}
	return firstBad(len(out), *valid, func(i int) bool { return (a[i]^b[i])&(a[i]^out[i]) < 0 })
}

// mulOverflows64 reports whether x*y overflows int64.
func mulOverflows64(x, y int64) bool {
	hi, lo := bits.Mul64(uint64(x), uint64(y))
	if x < 0 {
		hi -= uint64(y)
	}
	if y < 0 {
		hi -= uint64(x)
	}
	return int64(hi) != int64(lo)>>63
}

func mulInt64(a, b, out []int64, valid **memory.Buffer, _ memory.Allocator) int {
	bad := false
	for i := range out {
		out[i] = a[i] * b[i]
		bad = bad || mulOverflows64(a[i], b[i])
	}
	if !bad {
		return -1
	}
	return firstBad(len(out), *valid, func(i int) bool { return mulOverflows64(a[i], b[i]) })
}

// mulNarrow multiplies integers narrower than 64 bits, detecting overflow
// by widening.
func mulNarrow[T integer](a, b, out []T, valid **memory.Buffer, _ memory.Allocator) int {
	bad := false
	for i := range out {
		p := int64(a[i]) * int64(b[i])
		out[i] = T(p)
		bad = bad || int64(T(p)) != p
	}
	if !bad {
		return -1
	}
	return firstBad(len(out), *valid, func(i int) bool {
		p := int64(a[i]) * int64(b[i])
		return int64(T(p)) != p
	})
}

func minOf[T integer]() T { return T(int64(-1) << (8*sizeOfInt[T]() - 1)) }

func sizeOfInt[T integer]() int {
	var zero T
	switch any(zero).(type) {
	case int8:
		return 1
	case int16:
		return 2
	case int32:
		return 4
	}
	return 8
}

func divInt[T integer](a, b, out []T, valid **memory.Buffer, alloc memory.Allocator) int {
	return divMod(a, b, out, valid, alloc, false)
}

func modInt[T integer](a, b, out []T, valid **memory.Buffer, alloc memory.Allocator) int {
	return divMod(a, b, out, valid, alloc, true)
}

func divMod[T integer](a, b, out []T, valid **memory.Buffer, alloc memory.Allocator, mod bool) int {
	lo := minOf[T]()
	ovf := -1
	for i := range out {
		switch {
		case b[i] == 0:
			out[i] = 0
			*valid = ensureValidity(alloc, *valid, len(out))
			clearBit((*valid).Bytes(), i)
		case b[i] == -1:
			// x / -1 overflows only for the minimum value; x % -1 is 0.
			out[i] = -a[i]
			if mod {
				out[i] = 0
			} else if a[i] == lo && ovf < 0 {
				ovf = i
			}
		case mod:
			out[i] = a[i] % b[i]
		default:
			out[i] = a[i] / b[i]
		}
	}
	if ovf < 0 {
		return -1
	}
	return firstBad(len(out), *valid, func(i int) bool { return b[i] == -1 && a[i] == lo && !mod })
}
