package planner

import (
	"fmt"
)

// intervalJoin builds Calc -> IntervalJoin <- Calc for a Join: each side's
// Calc applies the filters pushed into that side and computes its key
// columns. The Join's output columns are mapped onto the IntervalJoin's
// schema (the left Calc's columns, then the right Calc's); the parent's
// Calc picks them.
func (b *physBuilder) intervalJoin(n *Join) (int, []int, error) {
	lid, lm, lkeys, ltime, err := b.joinInput(n.Left, n.LeftKeys, n.LeftTime)
	if err != nil {
		return 0, nil, err
	}
	rid, rm, rkeys, rtime, err := b.joinInput(n.Right, n.RightKeys, n.RightTime)
	if err != nil {
		return 0, nil, err
	}
	for _, id := range []int{lid, rid} {
		if err := b.requireAppend(id, "the interval join", n.Pos); err != nil {
			return 0, nil, err
		}
	}
	if rid == lid {
		// A stream joined with itself: the right side gets its own node,
		// so that the two inputs are two edges from two producers.
		s := b.g.Nodes[rid].Schema
		rid = b.addUnique(&PNode{Kind: OpCalc, Inputs: []Edge{{From: rid}}, Schema: s, Calc: &CalcSpec{Projections: selectCols(identity(len(s)), s, s)}})
	}
	ls, rs := b.g.Nodes[lid].Schema, b.g.Nodes[rid].Schema
	out := joinSchema(ls, rs, n.Type, ltime, rtime)
	m := append([]int(nil), lm...)
	for _, j := range rm {
		m = append(m, len(ls)+j)
	}
	spec := &IntervalJoinSpec{Type: n.Type, LeftKeys: lkeys, RightKeys: rkeys, LeftTime: ltime, RightTime: rtime,
		LowerMillis: n.LowerMillis, UpperMillis: n.UpperMillis}
	if n.Residual != nil {
		spec.Residual = remap(n.Residual, m, out)
	}
	node := &PNode{Kind: OpIntervalJoin, Inputs: []Edge{{From: lid, ShuffleKeys: lkeys}, {From: rid, ShuffleKeys: rkeys}}, Schema: out, IntervalJoin: spec}
	return b.addShared(node, func() { spec.LateName = b.joinLateName(n) }), m, nil
}

// joinInput builds one side of a join, with a Calc that applies the
// side's filter (a Filter, under an optional Project, is fused into it)
// and computes its key columns. It returns the node, where each of the
// side's columns is in it, and the key and time columns.
func (b *physBuilder) joinInput(n Node, keys []Expr, time int) (int, []int, []int, int, error) {
	names := fieldList(n.Schema())
	base := n
	var exprs []Expr
	if p, ok := base.(*Project); ok {
		exprs, base = p.Exprs, p.Input
	}
	var cond Expr
	if f, ok := base.(*Filter); ok {
		cond, base = f.Cond, f.Input
	}
	if exprs == nil {
		s := base.Schema()
		for i := range s {
			exprs = append(exprs, colRef(s, i))
		}
	}
	id, bm, err := b.build(base)
	if err != nil {
		return 0, nil, nil, 0, err
	}
	in := b.g.Nodes[id].Schema
	p := &preCalc{index: map[string]int{}}
	where := make([]int, len(exprs))
	for i, e := range exprs {
		where[i] = p.add(remap(e, bm, in), names[i])
	}
	keyCols := make([]int, len(keys))
	for i, k := range keys {
		keyCols[i] = p.add(remap(substitute(k, exprs), bm, in), fmt.Sprintf("$k%d", i))
	}
	spec := &CalcSpec{Projections: p.exprs}
	if cond != nil {
		spec.Filter = remap(cond, bm, in)
	}
	if spec.Filter == nil && allColRefs(p.exprs) {
		// Nothing to compute: the join reads the input's columns.
		at := func(i int) int { return p.exprs[i].(*ColRef).Index }
		for i := range where {
			where[i] = at(where[i])
		}
		for i := range keyCols {
			keyCols[i] = at(keyCols[i])
		}
		return id, where, keyCols, where[time], nil
	}
	s := make(Schema, len(p.exprs))
	for i, e := range p.exprs {
		s[i] = Field{Name: p.names[i], Type: e.Type()}
	}
	return b.add(&PNode{Kind: OpCalc, Inputs: []Edge{{From: id}}, Schema: s, Calc: spec}), where, keyCols, where[time], nil
}

// joinLateName names a join's counters after the tables of its two time
// columns ("clicks_shows"), unique within the job.
func (b *physBuilder) joinLateName(n *Join) string {
	side := func(in Node, col int) string {
		if t, _ := timeSource(in, col); t != nil {
			return t.Name
		}
		return in.Schema()[col].Name
	}
	name := side(n.Left, n.LeftTime) + "_" + side(n.Right, n.RightTime)
	if b.lateNames == nil {
		b.lateNames = map[string]bool{}
	}
	return uniqueName(name, b.lateNames)
}

func allColRefs(es []Expr) bool {
	for _, e := range es {
		if _, ok := e.(*ColRef); !ok {
			return false
		}
	}
	return true
}
