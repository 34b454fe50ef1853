package eval

import (
	"bytes"
	"cmp"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

type cmpOp int

const (
	opEQ cmpOp = iota
	opNE
	opLT
	opLE
	opGT
	opGE
)

var cmpOps = map[string]cmpOp{"=": opEQ, "<>": opNE, "<": opLT, "<=": opLE, ">": opGT, ">=": opGE}

// holds reports whether the comparison result c (-1, 0, 1) satisfies op.
func (op cmpOp) holds(c int) bool {
	switch op {
	case opEQ:
		return c == 0
	case opNE:
		return c != 0
	case opLT:
		return c < 0
	case opLE:
		return c <= 0
	case opGT:
		return c > 0
	}
	return c >= 0
}

func (c *compiler) compare(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 2, 2); err != nil {
		return nil, err
	}
	if err := sameArgTypes(e, e.Args); err != nil {
		return nil, err
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	return newCompare(c.alloc, cmpOps[e.Fn], e.Args[0].Type(), args[0], args[1])
}

// newCompare builds a comparison of two evaluators of type t.
func newCompare(alloc memory.Allocator, op cmpOp, t catalog.Type, l, r Evaluator) (Evaluator, error) {
	switch t.Kind {
	case catalog.KindTinyInt:
		return newOrdCmp[int8](alloc, op, l, r, constInt[int8]), nil
	case catalog.KindSmallInt:
		return newOrdCmp[int16](alloc, op, l, r, constInt[int16]), nil
	case catalog.KindInt, catalog.KindDate:
		return newOrdCmp[int32](alloc, op, l, r, constInt[int32]), nil
	case catalog.KindBigInt, catalog.KindTimestamp, catalog.KindTimestampLTZ, catalog.KindInterval:
		return newOrdCmp[int64](alloc, op, l, r, constInt[int64]), nil
	case catalog.KindFloat:
		return newOrdCmp[float32](alloc, op, l, r, constFloat[float32]), nil
	case catalog.KindDouble:
		return newOrdCmp[float64](alloc, op, l, r, constFloat[float64]), nil
	case catalog.KindDecimal:
		return &decCmp{l: newNumArg(l, constDec), r: newNumArg(r, constDec), op: op, alloc: alloc}, nil
	case catalog.KindString, catalog.KindBytes:
		return &strCmp{l: newStrArg(l), r: newStrArg(r), op: op, alloc: alloc}, nil
	case catalog.KindBoolean:
		return &boolCmp{l: l, r: r, op: op, alloc: alloc}, nil
	}
	return nil, fmt.Errorf("eval: comparison of %s is not supported", t)
}

// ordCmp compares two fixed-width ordered columns.
type ordCmp[T interface {
	arrow.FixedWidthType
	cmp.Ordered
}] struct {
	l, r  numArg[T]
	op    cmpOp
	alloc memory.Allocator
}

func newOrdCmp[T interface {
	arrow.FixedWidthType
	cmp.Ordered
}](alloc memory.Allocator, op cmpOp, l, r Evaluator, conv func(*constNode) T) Evaluator {
	return &ordCmp[T]{l: newNumArg(l, conv), r: newNumArg(r, conv), op: op, alloc: alloc}
}

func (o *ordCmp[T]) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	ops, err := getOperands(o.alloc, &o.l, &o.r, rec, n)
	if err != nil {
		return nil, err
	}
	defer ops.release()
	a, b := ops.a, ops.b
	out := newBoolOut(o.alloc, n)
	out.valid = ops.valid
	cmpLoop(o.op, a[:n], b[:n], out.bits)
	return out.finish(n), nil
}

func b2u(b bool) byte {
	if b {
		return 1
	}
	return 0
}

// cmpLoop writes a[i] op b[i] into the zeroed bitmap bits.
func cmpLoop[T cmp.Ordered](op cmpOp, a, b []T, bits []byte) {
	b = b[:len(a)]
	switch op {
	case opEQ:
		for i := range a {
			bits[i>>3] |= b2u(a[i] == b[i]) << uint(i&7)
		}
	case opNE:
		for i := range a {
			bits[i>>3] |= b2u(a[i] != b[i]) << uint(i&7)
		}
	case opLT:
		for i := range a {
			bits[i>>3] |= b2u(a[i] < b[i]) << uint(i&7)
		}
	case opLE:
		for i := range a {
			bits[i>>3] |= b2u(a[i] <= b[i]) << uint(i&7)
		}
	case opGT:
		for i := range a {
			bits[i>>3] |= b2u(a[i] > b[i]) << uint(i&7)
		}
	case opGE:
		for i := range a {
			bits[i>>3] |= b2u(a[i] >= b[i]) << uint(i&7)
		}
	}
}

// decCmp compares two DECIMAL columns of the same scale.
type decCmp struct {
	l, r  numArg[dec]
	op    cmpOp
	alloc memory.Allocator
}

func (o *decCmp) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	ops, err := getOperands(o.alloc, &o.l, &o.r, rec, n)
	if err != nil {
		return nil, err
	}
	defer ops.release()
	a, b := ops.a, ops.b
	out := newBoolOut(o.alloc, n)
	out.valid = ops.valid
	for i := 0; i < n; i++ {
		if o.op.holds(a[i].Cmp(b[i])) {
			out.set(i)
		}
	}
	return out.finish(n), nil
}

// strCmp compares STRING or BYTES columns byte-wise (UTF-8 byte order is
// code point order).
type strCmp struct {
	l, r  strArg
	op    cmpOp
	alloc memory.Allocator
}

func (o *strCmp) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	la, a, err := o.l.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(la)
	ra, b, err := o.r.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(ra)
	out := newBoolOut(o.alloc, n)
	out.valid = andValidity(o.alloc, n, a.valid, b.valid)
	if o.op == opEQ || o.op == opNE {
		want := o.op == opEQ
		for i := 0; i < n; i++ {
			if bytes.Equal(a.at(i), b.at(i)) == want {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
	for i := 0; i < n; i++ {
		if o.op.holds(bytes.Compare(a.at(i), b.at(i))) {
			out.set(i)
		}
	}
	return out.finish(n), nil
}

// boolCmp compares BOOLEAN columns (FALSE < TRUE).
type boolCmp struct {
	l, r  Evaluator
	op    cmpOp
	alloc memory.Allocator
}

func (o *boolCmp) Eval(rec arrow.Record) (arrow.Array, error) {
	la, ra, err := evalBoth(o.l, o.r, rec)
	if err != nil {
		return nil, err
	}
	defer la.Release()
	defer ra.Release()
	n := la.Len()
	a, b := boolValues(la), boolValues(ra)
	out := newBoolOut(o.alloc, n)
	out.valid = andValidity(o.alloc, n, validityOf(la), validityOf(ra))
	for i := 0; i < n; i++ {
		if o.op.holds(int(b2u(a.get(i))) - int(b2u(b.get(i)))) {
			out.set(i)
		}
	}
	return out.finish(n), nil
}
