package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// WindowJoin is a window join (Flink's): the rows of two windowed streams
// (window table functions of the same windows, or window aggregations
// over them) joined when their windows are equal (LeftStart = RightStart
// and LeftEnd = RightEnd), every LeftKeys[i] equals RightKeys[i] and
// Residual (over Left's columns then Right's, nil for none) is TRUE. The
// join of a window happens once, when the watermark passes the window's
// end; outer rows without a match are then NULL-padded (see
// WindowJoinSpec).
//
// The output is Left's columns then Right's, as for an interval join.
// Every window column of both sides is kept. A side's window_time
// (LeftTime, RightTime; -1 when the side has none) stays an event-time
// attribute unless the side is NULL-padded by the join type: the rows of
// a window are emitted before the watermark passing its end is
// forwarded, so their window_time (window_end - 1 ms) is never behind
// the output watermark, and windows are emitted in window_end order. A
// padded side's window_time may be NULL and is a plain column.
type WindowJoin struct {
	Left, Right         Node
	Type                JoinType
	Window              windowDef
	LeftKeys, RightKeys []Expr
	// LeftStart, LeftEnd, RightStart, RightEnd are each side's window
	// bound columns.
	LeftStart, LeftEnd, RightStart, RightEnd int
	LeftTime, RightTime                      int
	Residual                                 Expr
	// Pos is where the join's condition is written.
	Pos sql.Pos
}

// windowJoinState is the state a WindowJoin keeps, as EXPLAIN shows it.
const windowJoinState = "rows of each side per window until the watermark passes the window's end"

func init() {
	opSpecParts[OpWindowJoin] = windowJoinSpecParts
	opState[OpWindowJoin] = windowJoinState
}

// outTimes are the window_time columns of each side that stay event-time
// attributes in the output (-1: none).
func (n *WindowJoin) outTimes() (int, int) {
	lt, rt := n.LeftTime, n.RightTime
	if n.Type == JoinRight || n.Type == JoinFull {
		lt = -1
	}
	if n.Type == JoinLeft || n.Type == JoinFull {
		rt = -1
	}
	return lt, rt
}

// Schema implements Node.
func (n *WindowJoin) Schema() Schema {
	lt, rt := n.outTimes()
	return joinSchema(n.Left.Schema(), n.Right.Schema(), n.Type, lt, rt)
}

// Children implements Node.
func (n *WindowJoin) Children() []Node { return []Node{n.Left, n.Right} }

func (n *WindowJoin) withChildren(ch []Node) Node {
	c := *n
	c.Left, c.Right = ch[0], ch[1]
	return &c
}

// windowJoinParts renders a window join for EXPLAIN over its output
// schema out; every column index is over out.
func windowJoinParts(t JoinType, w string, out Schema, lk, rk []Expr, ls, le, rs, re int, residual Expr) []string {
	keys := make([]string, len(lk))
	for i := range lk {
		keys[i] = ExprString(lk[i]) + " = " + ExprString(rk[i])
	}
	col := func(i int) string { return fmt.Sprintf("%s($%d)", out[i].Name, i) }
	parts := []string{"type=[" + string(t) + "]", "window=[" + w + "]",
		"window_start=[" + col(ls) + " = " + col(rs) + "]", "window_end=[" + col(le) + " = " + col(re) + "]",
		"keys=[" + strings.Join(keys, ", ") + "]"}
	if residual != nil {
		parts = append(parts, "residual=["+ExprString(residual)+"]")
	}
	return parts
}

// explain implements logicalExplainer.
func (n *WindowJoin) explain(b *strings.Builder) {
	out := n.Schema()
	width := len(n.Left.Schema())
	lk := make([]Expr, len(n.LeftKeys))
	rk := make([]Expr, len(n.RightKeys))
	for i := range n.LeftKeys {
		lk[i] = remap(n.LeftKeys[i], identity(width), out)
		rk[i] = shiftLeft(n.RightKeys[i], width, out)
	}
	parts := windowJoinParts(n.Type, n.Window.String(), out, lk, rk, n.LeftStart, n.LeftEnd, width+n.RightStart, width+n.RightEnd, n.Residual)
	fmt.Fprintf(b, "WindowJoin(%s)", strings.Join(parts, ", "))
}

// windowJoinSpecParts renders the specification of an OpWindowJoin node.
func windowJoinSpecParts(g *Graph, n *PNode) []string {
	j := n.WindowJoin
	width := len(g.Nodes[n.Inputs[0].From].Schema)
	lk := make([]Expr, len(j.LeftKeys))
	rk := make([]Expr, len(j.RightKeys))
	for i := range j.LeftKeys {
		lk[i] = colRef(n.Schema, j.LeftKeys[i])
		rk[i] = colRef(n.Schema, width+j.RightKeys[i])
	}
	parts := windowJoinParts(j.Type, "", n.Schema, lk, rk, j.LeftWindowStart, j.LeftWindowEnd,
		width+j.RightWindowStart, width+j.RightWindowEnd, j.Residual)
	parts = append(parts[:1], parts[2:]...) // the window is the inputs'
	return append(parts, "late-name=["+j.LateName+"]")
}

// prune implements pruner: each side keeps the needed columns, its keys,
// window bounds and the columns of the residual condition.
func (n *WindowJoin) prune(need []bool) (Node, []int, bool) {
	lneed, rneed := joinSideNeeds(need, len(n.Left.Schema()), n.LeftKeys, n.RightKeys, n.Residual)
	lneed[n.LeftStart], lneed[n.LeftEnd], rneed[n.RightStart], rneed[n.RightEnd] = true, true, true, true
	left, lm, lch := prune(n.Left, lneed)
	right, rm, rch := prune(n.Right, rneed)
	ls, rs := left.Schema(), right.Schema()
	at := func(m []int, i int) int {
		if i < 0 {
			return -1
		}
		return m[i]
	}
	out := &WindowJoin{Left: left, Right: right, Type: n.Type, Window: n.Window, Pos: n.Pos,
		LeftStart: lm[n.LeftStart], LeftEnd: lm[n.LeftEnd], RightStart: rm[n.RightStart], RightEnd: rm[n.RightEnd],
		LeftTime: at(lm, n.LeftTime), RightTime: at(rm, n.RightTime)}
	out.LeftKeys, out.RightKeys = remapAll(n.LeftKeys, lm, ls), remapAll(n.RightKeys, rm, rs)
	m := joinColumnMap(lm, rm, len(ls))
	if n.Residual != nil {
		out.Residual = remap(n.Residual, m, out.Schema())
	}
	return out, m, lch || rch
}

// buildPhysical implements physicalBuilder: Calc -> WindowJoin <- Calc,
// each side's Calc applying the side's filter and computing its keys (as
// for an interval join); a side over a window table function reads an
// OpWindowTVF, one over a window aggregation its OpWindowAgg.
func (n *WindowJoin) buildPhysical(b *physBuilder) (int, []int, error) {
	ls, rs := n.Left.Schema(), n.Right.Schema()
	nk := len(n.LeftKeys)
	lkeys := append(append([]Expr(nil), n.LeftKeys...), colRef(ls, n.LeftStart), colRef(ls, n.LeftEnd))
	rkeys := append(append([]Expr(nil), n.RightKeys...), colRef(rs, n.RightStart), colRef(rs, n.RightEnd))
	lid, lm, lk, _, err := b.joinInput(n.Left, lkeys, n.LeftStart)
	if err != nil {
		return 0, nil, err
	}
	rid, rm, rk, _, err := b.joinInput(n.Right, rkeys, n.RightStart)
	if err != nil {
		return 0, nil, err
	}
	for _, id := range []int{lid, rid} {
		if err := b.requireAppend(id, "the window join", n.Pos); err != nil {
			return 0, nil, err
		}
	}
	if rid == lid {
		// A stream joined with itself: the right side gets its own node.
		s := b.g.Nodes[rid].Schema
		rid = b.addUnique(&PNode{Kind: OpCalc, Inputs: []Edge{{From: rid}}, Schema: s, Calc: &CalcSpec{Projections: selectCols(identity(len(s)), s, s)}})
	}
	pls, prs := b.g.Nodes[lid].Schema, b.g.Nodes[rid].Schema
	lt, rt := n.outTimes()
	if lt >= 0 {
		lt = lm[lt]
	}
	if rt >= 0 {
		rt = rm[rt]
	}
	out := joinSchema(pls, prs, n.Type, lt, rt)
	m := append([]int(nil), lm...)
	for _, j := range rm {
		m = append(m, len(pls)+j)
	}
	spec := &WindowJoinSpec{Type: n.Type, LeftKeys: lk[:nk], RightKeys: rk[:nk],
		LeftWindowStart: lk[nk], LeftWindowEnd: lk[nk+1], RightWindowStart: rk[nk], RightWindowEnd: rk[nk+1]}
	if n.Residual != nil {
		spec.Residual = remap(n.Residual, m, out)
	}
	node := &PNode{Kind: OpWindowJoin, Inputs: []Edge{{From: lid, ShuffleKeys: lk}, {From: rid, ShuffleKeys: rk}},
		Schema: out, WindowJoin: spec, Pos: n.Pos, Changelog: ChangelogAppend}
	return b.addShared(node, func() { spec.LateName = b.windowJoinLateName(n) }), m, nil
}

// windowJoinLateName names a window join's counters after the tables of
// its two sides' windows ("clicks_shows"), unique within the job.
func (b *physBuilder) windowJoinLateName(n *WindowJoin) string {
	side := func(in Node, col int) string {
		if t, _ := timeSource(in, col); t != nil {
			return t.Name
		}
		return in.Schema()[col].Name
	}
	if b.lateNames == nil {
		b.lateNames = map[string]bool{}
	}
	return uniqueName(side(n.Left, n.LeftStart)+"_"+side(n.Right, n.RightStart), b.lateNames)
}
