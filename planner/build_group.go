package planner

import (
	"fmt"
	"strings"
)

// groupAggState is the state a GroupAggregate keeps, as EXPLAIN shows it.
const groupAggState = "per-key accumulators and row count"

func init() {
	opSpecParts[OpGroupAgg] = groupAggSpecParts
	opState[OpGroupAgg] = groupAggState
}

// groupAgg builds Calc -> GroupAggregate for an Aggregate that is not a
// windowed aggregation. Keys, aggregate arguments and FILTER conditions
// are computed by the Calc (when they are not plain input columns); the
// node's output is the keys then the aggregates, the Aggregate's own
// schema, so the returned mapping is the identity. An Aggregate over a
// window table function that does not group by both window bounds keeps
// its error.
func (b *physBuilder) groupAgg(agg *Aggregate) (int, []int, error) {
	if _, ok := findWindow(agg); ok {
		return 0, nil, checkWindowed(agg)
	}
	id, m, err := b.build(agg.Input)
	if err != nil {
		return 0, nil, err
	}
	for _, a := range agg.Aggs {
		if a.Fn == "FIRST_VALUE" || a.Fn == "LAST_VALUE" {
			if err := b.requireAppend(id, a.Fn, agg.Pos); err != nil {
				return 0, nil, err
			}
		}
	}
	ttl, err := b.stateTTL(agg.StateTTL, agg.TTLPos)
	if err != nil {
		return 0, nil, err
	}
	in := b.g.Nodes[id].Schema
	p := &preCalc{index: map[string]int{}}
	spec := &GroupAggSpec{StateTTLMillis: ttl}
	for i, k := range agg.Keys {
		spec.Keys = append(spec.Keys, p.add(remap(k, m, in), fmt.Sprintf("$k%d", i)))
	}
	for i, a := range agg.Aggs {
		call := WindowAggCall{Fn: a.Fn, Distinct: a.Distinct, Filter: -1, T: a.T}
		if a.Fn == "MIN" || a.Fn == "MAX" {
			call.Distinct = false // the same result either way
		}
		for _, e := range a.Args {
			call.Args = append(call.Args, p.add(remap(e, m, in), fmt.Sprintf("$a%d", i)))
		}
		if a.Filter != nil {
			call.Filter = p.add(remap(a.Filter, m, in), fmt.Sprintf("$f%d", i))
		}
		spec.Aggs = append(spec.Aggs, call)
	}
	preID := id
	if !isIdentity(p.exprs, in) {
		s := make(Schema, len(p.exprs))
		for i, e := range p.exprs {
			s[i] = Field{Name: p.names[i], Type: e.Type()}
		}
		preID = b.add(&PNode{Kind: OpCalc, Inputs: []Edge{{From: id}}, Schema: s, Calc: &CalcSpec{Projections: p.exprs}})
	}
	out := agg.Schema()
	for i := range out {
		out[i].Type = out[i].Type.WithoutTimeAttr()
	}
	mode := ChangelogRetract
	if len(agg.Aggs) == 0 && !b.g.Nodes[preID].Changelog.Updating() {
		mode = ChangelogAppend // DISTINCT over inserts only inserts
	}
	n := &PNode{Kind: OpGroupAgg, Inputs: []Edge{{From: preID, ShuffleKeys: spec.Keys}}, Schema: out,
		GroupAgg: spec, Changelog: mode, Pos: agg.Pos}
	return b.addShared(n, func() { spec.Name = b.groupAggName(agg) }), identity(len(out)), nil
}

// groupAggName names a GroupAggregate's counters after the table its
// input reads ("clicks"), or "group" when it reads several or none;
// unique within the job.
func (b *physBuilder) groupAggName(agg *Aggregate) string {
	name := "group"
	if t := singleTable(agg.Input); t != "" {
		name = t
	}
	if b.lateNames == nil {
		b.lateNames = map[string]bool{}
	}
	return uniqueName(name, b.lateNames)
}

// singleTable returns the name of the only table n reads, or "".
func singleTable(n Node) string {
	if s, ok := n.(*Scan); ok {
		return s.Table.Name
	}
	ch := n.Children()
	if len(ch) != 1 {
		return ""
	}
	return singleTable(ch[0])
}

// groupAggSpecParts renders the specification of an OpGroupAgg node for
// EXPLAIN: the keys (by input column), the aggregate calls (named by
// output column), the state retention and the counters' name.
func groupAggSpecParts(g *Graph, n *PNode) []string {
	spec := n.GroupAgg
	in := g.Nodes[n.Inputs[0].From].Schema
	parts := []string{"keys=[" + strings.Join(colNames(in, spec.Keys), ", ") + "]"}
	if len(spec.Aggs) > 0 {
		parts = append(parts, "aggs=["+strings.Join(aggCallNames(n, in, spec.Aggs), ", ")+"]")
	}
	return append(parts, "ttl=["+ttlString(spec.StateTTLMillis)+"]", "name=["+spec.Name+"]")
}
