package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
)

// windowTVFState is the state a WindowTableFunction keeps, as EXPLAIN
// shows it.
const windowTVFState = "none (stateless window assignment)"

func init() {
	opSpecParts[OpWindowTVF] = windowTVFSpecParts
	opState[OpWindowTVF] = windowTVFState
}

// windowTVF builds an OpWindowTVF node for a window table function that is
// not fused into a window aggregation: its input's columns pass through
// and the window columns follow. SESSION windows need an aggregation.
func (b *physBuilder) windowTVF(n *WindowTVF) (int, []int, error) {
	if n.Kind == WindowSession {
		return 0, nil, sql.Errorf(n.Pos, "window table function SESSION without an aggregation is not supported yet; GROUP BY window_start, window_end and aggregate")
	}
	id, m, err := b.build(n.Input)
	if err != nil {
		return 0, nil, err
	}
	if err := b.requireAppend(id, "the window table function "+n.Kind, n.Pos); err != nil {
		return 0, nil, err
	}
	in := b.g.Nodes[id].Schema
	tc := m[n.TimeCol]
	out := append(Schema(nil), in...)
	out[tc].Type.TimeAttr = false
	out = append(out, windowFields(in[tc].Type)...)
	spec := &WindowTVFSpec{Kind: n.Kind, TimeCol: tc, SizeMillis: n.SizeMillis, SlideMillis: n.SlideMillis,
		OffsetMillis: n.OffsetMillis, Name: in[tc].Name}
	if src, _ := timeSource(n.Input, n.TimeCol); src != nil {
		spec.Name = src.Name
	}
	where := append(append([]int(nil), m...), len(in), len(in)+1, len(in)+2)
	return b.add(&PNode{Kind: OpWindowTVF, Inputs: []Edge{{From: id}}, Schema: out, WindowTVF: spec, Pos: n.Pos}), where, nil
}

// windowTVFSpecParts renders the specification of an OpWindowTVF node.
func windowTVFSpecParts(g *Graph, n *PNode) []string {
	w := n.WindowTVF
	in := g.Nodes[n.Inputs[0].From].Schema
	parts := []string{"window=[" + w.Kind + "]", fmt.Sprintf("rowtime=[%s($%d)]", in[w.TimeCol].Name, w.TimeCol),
		"size=[" + intervalString(w.SizeMillis) + "]"}
	switch w.Kind {
	case WindowHop:
		parts = append(parts, "slide=["+intervalString(w.SlideMillis)+"]")
	case WindowCumulate:
		parts = append(parts, "step=["+intervalString(w.SlideMillis)+"]")
	}
	if w.OffsetMillis != 0 {
		parts = append(parts, "offset=["+intervalString(w.OffsetMillis)+"]")
	}
	return append(parts, "counters=["+w.Name+"]")
}
