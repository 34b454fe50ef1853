package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// windowChain is an Aggregate's view of the WindowTVF below it: the
// Aggregate's expressions and the conditions of the filters in between,
// rewritten to read the WindowTVF's output (its input's columns, then
// window_start, window_end and window_time).
type windowChain struct {
	tvf *WindowTVF
	// width is the number of columns of the WindowTVF's input: columns
	// width, width+1 and width+2 are window_start, window_end, window_time.
	width int
	keys  []Expr
	args  [][]Expr
	filts []Expr
	conds []Expr
}

// findWindow walks down from an Aggregate's input through filters and
// projections to a WindowTVF, rewriting the Aggregate's expressions on the
// way. ok is false when there is no WindowTVF there.
func findWindow(agg *Aggregate) (*windowChain, bool) {
	c := &windowChain{keys: append([]Expr(nil), agg.Keys...)}
	for _, a := range agg.Aggs {
		c.args = append(c.args, append([]Expr(nil), a.Args...))
		c.filts = append(c.filts, a.Filter)
	}
	in := agg.Input
	for {
		switch x := in.(type) {
		case *Filter:
			c.conds = append(c.conds, x.Cond)
			in = x.Input
		case *Project:
			c.rewrite(func(e Expr) Expr { return substitute(e, x.Exprs) })
			in = x.Input
		case *WindowTVF:
			c.tvf, c.width = x, len(x.Input.Schema())
			return c, true
		default:
			return nil, false
		}
	}
}

func (c *windowChain) rewrite(f func(Expr) Expr) {
	for i := range c.keys {
		c.keys[i] = f(c.keys[i])
	}
	for i := range c.args {
		for j := range c.args[i] {
			c.args[i][j] = f(c.args[i][j])
		}
		if c.filts[i] != nil {
			c.filts[i] = f(c.filts[i])
		}
	}
	for i := range c.conds {
		c.conds[i] = f(c.conds[i])
	}
}

// readsWindowColumns reports whether e reads window_start, window_end or
// window_time.
func (c *windowChain) readsWindowColumns(e Expr) bool {
	used := make([]bool, c.width+3)
	colsUsed(e, used)
	return used[c.width] || used[c.width+1] || used[c.width+2]
}

// preCalc collects the columns the Calc before a window aggregate
// computes, sharing identical expressions.
type preCalc struct {
	exprs []Expr
	names []string
	index map[string]int
}

// add returns the column computing e (over the physical input), adding
// it if needed. name is used for a computed column.
func (p *preCalc) add(e Expr, name string) int {
	k := exprKey(e)
	if c, ok := e.(*ColRef); ok {
		k = fmt.Sprintf("$%d", c.Index)
		name = c.Name
	}
	if i, ok := p.index[k]; ok {
		return i
	}
	p.index[k] = len(p.exprs)
	p.exprs = append(p.exprs, e)
	p.names = append(p.names, name)
	return len(p.exprs) - 1
}

// windowAgg builds Calc -> WindowAggregate for an Aggregate grouped by
// the window_start and window_end of a window table function. The
// Aggregate's output columns are mapped onto the WindowAggregate's schema
// (keys, window_start, window_end, window_time, aggregates); the parent's
// Calc picks and orders them.
func (b *physBuilder) windowAgg(agg *Aggregate, c *windowChain) (int, []int, error) {
	w := c.tvf
	for _, e := range c.conds {
		if c.readsWindowColumns(e) {
			return 0, nil, sql.Errorf(agg.Pos, "a filter on window_start, window_end or window_time before the aggregation is not supported yet; filter in HAVING instead")
		}
	}
	id, m, err := b.build(w.Input)
	if err != nil {
		return 0, nil, err
	}
	if err := b.requireAppend(id, "the window aggregation", w.Pos); err != nil {
		return 0, nil, err
	}
	in := b.g.Nodes[id].Schema
	p := &preCalc{index: map[string]int{}}
	spec := &WindowAggSpec{Kind: w.Kind, SizeMillis: w.SizeMillis, SlideMillis: w.SlideMillis, OffsetMillis: w.OffsetMillis}
	spec.TimeCol = p.add(colRef(in, m[w.TimeCol]), "")
	for _, e := range w.PartitionBy {
		spec.PartitionKeys = append(spec.PartitionKeys, p.add(remap(e, m, in), fmt.Sprintf("$p%d", len(spec.PartitionKeys))))
	}
	// where[i] is the WindowAggregate output column of Aggregate column
	// i; window columns are placed after the other keys.
	where := make([]int, len(agg.Keys)+len(agg.Aggs))
	var keyFields Schema
	var windowKeys []int
	for i, k := range c.keys {
		if r, ok := k.(*ColRef); ok && r.Index >= c.width {
			windowKeys = append(windowKeys, i)
			continue
		}
		if c.readsWindowColumns(k) {
			return 0, nil, sql.Errorf(agg.Pos, "GROUP BY an expression over window_start, window_end or window_time is not supported yet; group by the columns themselves")
		}
		where[i] = len(keyFields)
		spec.Keys = append(spec.Keys, p.add(remap(k, m, in), fmt.Sprintf("$k%d", i)))
		keyFields = append(keyFields, Field{Name: agg.KeyNames[i], Type: agg.Keys[i].Type()})
	}
	for _, i := range windowKeys {
		where[i] = len(keyFields) + c.keys[i].(*ColRef).Index - c.width
	}
	for i, a := range agg.Aggs {
		call := WindowAggCall{Fn: a.Fn, Distinct: a.Distinct, Filter: -1, T: a.T}
		if a.Fn == "MIN" || a.Fn == "MAX" {
			call.Distinct = false // the same result either way
		}
		for _, e := range c.args[i] {
			if c.readsWindowColumns(e) {
				return 0, nil, sql.Errorf(agg.Pos, "an aggregate over window_start, window_end or window_time is not supported yet")
			}
			call.Args = append(call.Args, p.add(remap(e, m, in), fmt.Sprintf("$a%d", i)))
		}
		if f := c.filts[i]; f != nil {
			if c.readsWindowColumns(f) {
				return 0, nil, sql.Errorf(agg.Pos, "a FILTER condition over window_start, window_end or window_time is not supported yet")
			}
			call.Filter = p.add(remap(f, m, in), fmt.Sprintf("$f%d", i))
		}
		spec.Aggs = append(spec.Aggs, call)
		where[len(agg.Keys)+i] = len(keyFields) + 3 + i
	}
	// Columns the late-rows table wants by name travel with the rows.
	if lt := b.lateTable(w); lt != nil {
		for _, col := range lt.Columns {
			for j, f := range in {
				if col.Kind == catalog.Physical && f.Name == col.Name {
					p.add(colRef(in, j), "")
					break
				}
			}
		}
	}
	pre := &CalcSpec{Projections: p.exprs}
	for _, e := range c.conds {
		cond := remap(e, m, in)
		if pre.Filter == nil {
			pre.Filter = cond
		} else {
			pre.Filter = and(pre.Filter, cond)
		}
	}
	preSchema := make(Schema, len(p.exprs))
	for i, e := range p.exprs {
		preSchema[i] = Field{Name: p.names[i], Type: e.Type()}
	}
	preID := id
	if pre.Filter != nil || !isIdentity(p.exprs, in) {
		preID = b.add(&PNode{Kind: OpCalc, Inputs: []Edge{{From: id}}, Schema: preSchema, Calc: pre})
	}
	if spec.LateName, spec.LateSink, err = b.lateSink(w, preSchema, spec.TimeCol); err != nil {
		return 0, nil, err
	}
	out := append(keyFields, windowFields(in[m[w.TimeCol]].Type)...)
	for _, a := range agg.Aggs {
		out = append(out, Field{Name: a.Name, Type: a.T})
	}
	shuffle := append(append([]int(nil), spec.PartitionKeys...), spec.Keys...)
	return b.add(&PNode{Kind: OpWindowAgg, Inputs: []Edge{{From: preID, ShuffleKeys: shuffle}}, Schema: out, WindowAgg: spec}), where, nil
}

// windowFields are window_start, window_end and window_time for a time
// column of type t.
func windowFields(t catalog.Type) Schema {
	bound := catalog.Type{Kind: t.Kind, Precision: 3, NotNull: true}
	wt := bound
	wt.TimeAttr = true
	return Schema{{Name: "window_start", Type: bound}, {Name: "window_end", Type: bound}, {Name: "window_time", Type: wt}}
}

// checkWindowed reports the positioned error for an Aggregate that is not
// a windowed aggregation: one over a window table function that does not
// group by both window bounds, or a plain GROUP BY.
func checkWindowed(agg *Aggregate) error {
	if _, ok := findWindow(agg); ok {
		return sql.Errorf(agg.Pos, "a windowed aggregation must GROUP BY both window_start and window_end of its window table function")
	}
	return sql.Errorf(agg.Pos, "aggregation without a window produces an updating result, which is not supported yet")
}
