package eval

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// aligned returns the n bits of bm starting at bit 0 of the result (nil
// when bm.bits is nil), copying only when bm starts mid-byte.
func aligned(bm bitmap, n int) []byte {
	if bm.bits == nil {
		return nil
	}
	nb := int(bitutil.BytesForBits(int64(n)))
	if bm.off%8 == 0 {
		return bm.bits[bm.off/8 : bm.off/8+nb]
	}
	out := make([]byte, nb)
	bitutil.CopyBitmap(bm.bits, bm.off, n, out, 0)
	return out
}

func byteAt(b []byte, i int) byte {
	if b == nil {
		return 0xFF
	}
	return b[i]
}

func checkBoolArgs(e *planner.Call) error {
	for _, a := range e.Args {
		if a.Type().Kind != catalog.KindBoolean {
			return fmt.Errorf("eval: %s takes BOOLEAN arguments, got %s", e.Fn, a.Type())
		}
	}
	return nil
}

// andOr is Kleene AND / OR over two BOOLEAN columns.
type andOr struct {
	l, r  Evaluator
	or    bool
	alloc memory.Allocator
}

func (c *compiler) andOr(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 2, 2); err != nil {
		return nil, err
	}
	if err := checkBoolArgs(e); err != nil {
		return nil, err
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	return &andOr{l: args[0], r: args[1], or: e.Fn == "OR", alloc: c.alloc}, nil
}

// evalBoth evaluates l and then r on rec; on success the caller releases
// both arrays.
func evalBoth(l, r Evaluator, rec arrow.Record) (la, ra arrow.Array, err error) {
	if la, err = l.Eval(rec); err != nil {
		return nil, nil, err
	}
	if ra, err = r.Eval(rec); err != nil {
		la.Release()
		return nil, nil, err
	}
	return la, ra, nil
}

func (o *andOr) Eval(rec arrow.Record) (arrow.Array, error) {
	la, ra, err := evalBoth(o.l, o.r, rec)
	if err != nil {
		return nil, err
	}
	defer la.Release()
	defer ra.Release()
	n := la.Len()
	a, b := aligned(boolValues(la), n), aligned(boolValues(ra), n)
	av, bv := aligned(validityOf(la), n), aligned(validityOf(ra), n)
	out := newBoolOut(o.alloc, n)
	if av != nil || bv != nil {
		out.valid = newBitmapBuf(o.alloc, n)
	}
	var ov []byte
	if out.valid != nil {
		ov = out.valid.Bytes()
	}
	for i := range out.bits {
		x, y, xv, yv := a[i], b[i], byteAt(av, i), byteAt(bv, i)
		if o.or {
			out.bits[i] = x | y
			if ov != nil {
				ov[i] = (xv & yv) | (xv & x) | (yv & y)
			}
		} else {
			out.bits[i] = x & y
			if ov != nil {
				ov[i] = (xv & yv) | (xv &^ x) | (yv &^ y)
			}
		}
	}
	return out.finish(n), nil
}

// predicate is NOT and the IS [NOT] NULL/TRUE/FALSE tests.
type predicate struct {
	arg   Evaluator
	fn    string
	alloc memory.Allocator
}

func (c *compiler) predicate(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 1, 1); err != nil {
		return nil, err
	}
	if e.Fn != "IS NULL" && e.Fn != "IS NOT NULL" {
		if err := checkBoolArgs(e); err != nil {
			return nil, err
		}
	}
	arg, err := c.compile(e.Args[0])
	if err != nil {
		return nil, err
	}
	return &predicate{arg: arg, fn: e.Fn, alloc: c.alloc}, nil
}

func (p *predicate) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := p.arg.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	v := aligned(validityOf(in), n)
	out := newBoolOut(p.alloc, n)
	var a []byte
	if p.fn != "IS NULL" && p.fn != "IS NOT NULL" {
		a = aligned(boolValues(in), n)
	}
	if p.fn == "NOT" && v != nil {
		out.valid = newBitmapBuf(p.alloc, n)
		copy(out.valid.Bytes(), v)
	}
	for i := range out.bits {
		vb := byteAt(v, i)
		var r byte
		switch p.fn {
		case "NOT":
			r = ^a[i]
		case "IS NULL":
			r = ^vb
		case "IS NOT NULL":
			r = vb
		case "IS TRUE":
			r = vb & a[i]
		case "IS FALSE":
			r = vb &^ a[i]
		case "IS NOT TRUE":
			r = ^(vb & a[i])
		case "IS NOT FALSE":
			r = ^(vb &^ a[i])
		}
		out.bits[i] = r
	}
	return out.finish(n), nil
}

// in compiles x IN (list). A list of constants becomes a hash-set probe;
// otherwise it is (x = e1) OR (x = e2) ..., which has exactly the SQL
// semantics with NULLs.
func (c *compiler) in(e *planner.Call) (Evaluator, error) {
	if len(e.Args) < 2 {
		return nil, fmt.Errorf("eval: IN needs a value and at least one list element")
	}
	if err := sameArgTypes(e, e.Args); err != nil {
		return nil, err
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	if ev, ok := c.inSet(e.Args[0].Type(), args); ok {
		return ev, nil
	}
	var acc Evaluator
	for _, item := range args[1:] {
		eq, err := newCompare(c.alloc, opEQ, e.Args[0].Type(), args[0], item)
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = eq
		} else {
			acc = &andOr{l: acc, r: eq, or: true, alloc: c.alloc}
		}
	}
	return acc, nil
}
