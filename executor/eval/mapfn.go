package eval

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// MAP kernels: ITEM(map, key) is map['key'], the value of the key's last
// entry, NULL when the map or the key is NULL or the key is absent;
// CARDINALITY(map) is the number of entries, NULL for a NULL map.

// mapFn compiles ITEM and CARDINALITY.
func (c *compiler) mapFn(e *planner.Call) (Evaluator, error) {
	lo := map[string]int{"ITEM": 2, "CARDINALITY": 1}[e.Fn]
	if err := wantArgs(e, lo, lo); err != nil {
		return nil, err
	}
	mt := e.Args[0].Type()
	if mt.Kind != catalog.KindMap || mt.Value == nil {
		return nil, fmt.Errorf("eval: %s argument 1 is %s, expected a MAP", e.Fn, mt)
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	if e.Fn == "CARDINALITY" {
		if e.T.Kind != catalog.KindInt {
			return nil, fmt.Errorf("eval: CARDINALITY cannot return %s", e.T)
		}
		return &cardinality{m: args[0], alloc: c.alloc}, nil
	}
	if e.Args[1].Type().Kind != catalog.KindString {
		return nil, fmt.Errorf("eval: ITEM key is %s, expected STRING", e.Args[1].Type())
	}
	if e.T.Kind != mt.Value.Kind {
		return nil, fmt.Errorf("eval: ITEM of %s cannot return %s", mt, e.T)
	}
	return &mapItem{m: args[0], key: newStrArg(args[1]), dt: e.T.Arrow(), alloc: c.alloc}, nil
}

// mapItem evaluates map[key].
type mapItem struct {
	m     Evaluator
	key   strArg
	dt    arrow.DataType
	alloc memory.Allocator
	out   strOut
}

func (m *mapItem) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	marr, err := m.m.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer marr.Release()
	karr, kv, err := m.key.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(karr)
	ma, ok := marr.(*array.Map)
	if !ok {
		return nil, fmt.Errorf("eval: ITEM of %s", marr.DataType())
	}
	keys, items := viewOf(ma.Keys()), viewOf(ma.Items())
	m.out.reset(m.alloc, n, nil)
	for i := 0; i < n; i++ {
		if ma.IsNull(i) || !kv.valid.get(i) {
			m.out.addNull()
			continue
		}
		want := kv.at(i)
		lo, hi := ma.ValueOffsets(i)
		found := -1
		for j := int(lo); j < int(hi); j++ {
			if string(keys.at(j)) == string(want) {
				found = j
			}
		}
		if found < 0 || !items.valid.get(found) {
			m.out.addNull()
			continue
		}
		m.out.add(items.at(found))
	}
	return m.out.finish(m.dt), nil
}

// cardinality evaluates CARDINALITY(map).
type cardinality struct {
	m     Evaluator
	alloc memory.Allocator
}

func (c *cardinality) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	marr, err := c.m.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer marr.Release()
	ma, ok := marr.(*array.Map)
	if !ok {
		return nil, fmt.Errorf("eval: CARDINALITY of %s", marr.DataType())
	}
	buf, out := newFixed[int32](c.alloc, n)
	for i := range out {
		lo, hi := ma.ValueOffsets(i)
		out[i] = int32(hi - lo)
	}
	return makeArray(arrow.PrimitiveTypes.Int32, n, andValidity(c.alloc, n, validityOf(ma)), buf), nil
}

// takeMap selects MAP values as multiTake does: row i is srcs[choice[i]]
// at rows[i], NULL for a negative choice or a NULL value.
func takeMap(alloc memory.Allocator, dt arrow.DataType, srcs []arrow.Array, choice []int16, rows []int32) (arrow.Array, error) {
	b, ok := array.NewBuilder(alloc, dt).(*array.MapBuilder)
	if !ok {
		return nil, fmt.Errorf("eval: cannot select values of type %s", dt)
	}
	defer b.Release()
	kb, kok := b.KeyBuilder().(*array.StringBuilder)
	ib := b.ItemBuilder()
	ms := make([]*array.Map, len(srcs))
	for k, s := range srcs {
		if ms[k], ok = s.(*array.Map); !ok || !kok {
			return nil, fmt.Errorf("eval: cannot select values of type %s", s.DataType())
		}
	}
	for i, r := range rows {
		c := 0
		if choice != nil {
			c = int(choice[i])
		}
		if c < 0 || ms[c].IsNull(int(r)) {
			b.AppendNull()
			continue
		}
		src := ms[c]
		keys, _ := src.Keys().(*array.String)
		b.Append(true)
		lo, hi := src.ValueOffsets(int(r))
		for j := int(lo); j < int(hi); j++ {
			kb.Append(keys.Value(j))
			if err := appendItem(ib, src.Items(), j); err != nil {
				return nil, err
			}
		}
	}
	return b.NewArray(), nil
}

// appendItem appends value j of a STRING or BYTES items array to b.
func appendItem(b array.Builder, items arrow.Array, j int) error {
	if items.IsNull(j) {
		b.AppendNull()
		return nil
	}
	switch it := items.(type) {
	case *array.String:
		if sb, ok := b.(*array.StringBuilder); ok {
			sb.Append(it.Value(j))
			return nil
		}
	case *array.Binary:
		if bb, ok := b.(*array.BinaryBuilder); ok {
			bb.Append(it.Value(j))
			return nil
		}
	}
	return fmt.Errorf("eval: cannot select map values of type %s", items.DataType())
}
