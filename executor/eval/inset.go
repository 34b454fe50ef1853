package eval

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
)

// inSet builds a set probe for x IN (constants) over integer-like and
// string columns; ok is false when the list is not all constants or the
// type has no set kernel.
func (c *compiler) inSet(t catalog.Type, args []Evaluator) (Evaluator, bool) {
	var consts []*constNode
	for _, a := range args[1:] {
		k, ok := asConst(a)
		if !ok {
			return nil, false
		}
		consts = append(consts, k)
	}
	switch t.Kind {
	case catalog.KindTinyInt:
		return newSetProbe[int8](c.alloc, args[0], consts, constInt[int8]), true
	case catalog.KindSmallInt:
		return newSetProbe[int16](c.alloc, args[0], consts, constInt[int16]), true
	case catalog.KindInt, catalog.KindDate:
		return newSetProbe[int32](c.alloc, args[0], consts, constInt[int32]), true
	case catalog.KindBigInt, catalog.KindTimestamp, catalog.KindTimestampLTZ, catalog.KindInterval:
		return newSetProbe[int64](c.alloc, args[0], consts, constInt[int64]), true
	case catalog.KindString, catalog.KindBytes:
		s := &strSetProbe{x: newStrArg(args[0]), set: map[string]struct{}{}, alloc: c.alloc}
		for _, k := range consts {
			if k.null {
				s.hasNull = true
			} else {
				s.set[k.s] = struct{}{}
			}
		}
		return s, true
	}
	return nil, false
}

// setProbe is x IN (constants) over a fixed-width column.
type setProbe[T integer] struct {
	x       numArg[T]
	set     map[T]struct{}
	small   []T // the set as a slice, when short enough for a linear scan
	hasNull bool
	alloc   memory.Allocator
}

// smallSet is the largest set probed by linear scan instead of hashing.
const smallSet = 8

func (s *setProbe[T]) has(v T) bool {
	if s.small != nil {
		for _, x := range s.small {
			if x == v {
				return true
			}
		}
		return false
	}
	_, ok := s.set[v]
	return ok
}

func newSetProbe[T integer](alloc memory.Allocator, x Evaluator, consts []*constNode, conv func(*constNode) T) Evaluator {
	s := &setProbe[T]{x: newNumArg(x, conv), set: map[T]struct{}{}, alloc: alloc}
	for _, k := range consts {
		if k.null {
			s.hasNull = true
		} else {
			s.set[conv(k)] = struct{}{}
		}
	}
	if len(s.set) <= smallSet {
		s.small = make([]T, 0, len(s.set))
		for v := range s.set {
			s.small = append(s.small, v)
		}
	}
	return s
}

func (s *setProbe[T]) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	arr, vals, valid, err := s.x.get(rec, n)
	if err != nil {
		return nil, err
	}
	defer release(arr)
	out := newBoolOut(s.alloc, n)
	out.valid = andValidity(s.alloc, n, valid)
	for i := 0; i < n; i++ {
		if s.has(vals[i]) {
			out.set(i)
		} else if s.hasNull {
			out.valid = ensureValidity(s.alloc, out.valid, n)
			clearBit(out.valid.Bytes(), i)
		}
	}
	return out.finish(n), nil
}

// strSetProbe is x IN (constants) over a STRING or BYTES column.
type strSetProbe struct {
	x       strArg
	set     map[string]struct{}
	hasNull bool
	alloc   memory.Allocator
}

func (s *strSetProbe) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	arr, v, err := s.x.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(arr)
	out := newBoolOut(s.alloc, n)
	out.valid = andValidity(s.alloc, n, v.valid)
	for i := 0; i < n; i++ {
		if _, ok := s.set[string(v.at(i))]; ok {
			out.set(i)
		} else if s.hasNull {
			out.valid = ensureValidity(s.alloc, out.valid, n)
			clearBit(out.valid.Bytes(), i)
		}
	}
	return out.finish(n), nil
}
