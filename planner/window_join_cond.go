package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
)

// windowDef is the window grid of a window table function: its kind,
// size, slide (HOP) or step (CUMULATE), and offset.
type windowDef struct {
	Kind                                  string
	SizeMillis, SlideMillis, OffsetMillis int64
}

// String renders the window as written: "TUMBLE(INTERVAL '5' MINUTE)".
func (w windowDef) String() string {
	s := w.Kind + "(" + intervalString(w.SizeMillis)
	if w.SlideMillis != 0 {
		s += ", " + intervalString(w.SlideMillis)
	}
	if w.OffsetMillis != 0 {
		s += ", offset " + intervalString(w.OffsetMillis)
	}
	return s + ")"
}

// Window columns, as traceWindow reports them.
const (
	winStart = iota
	winEnd
	winTime
)

var winColName = [...]string{"window_start", "window_end", "window_time"}

// traceWindow follows column idx of n down through filters, plain column
// references of projections, the keys of aggregations and window joins
// to the window table function whose window_start, window_end or
// window_time it is.
func traceWindow(n Node, idx int) (windowDef, int, bool) {
	for {
		switch x := n.(type) {
		case *Filter:
			n = x.Input
		case *Project:
			c, ok := x.Exprs[idx].(*ColRef)
			if !ok {
				return windowDef{}, 0, false
			}
			n, idx = x.Input, c.Index
		case *Aggregate:
			if idx >= len(x.Keys) {
				return windowDef{}, 0, false
			}
			c, ok := x.Keys[idx].(*ColRef)
			if !ok {
				return windowDef{}, 0, false
			}
			n, idx = x.Input, c.Index
		case *WindowJoin:
			if width := len(x.Left.Schema()); idx < width {
				n = x.Left
			} else {
				n, idx = x.Right, idx-width
			}
		case *WindowTVF:
			width := len(x.Input.Schema())
			if idx < width {
				return windowDef{}, 0, false
			}
			return windowDef{Kind: x.Kind, SizeMillis: x.SizeMillis, SlideMillis: x.SlideMillis, OffsetMillis: x.OffsetMillis}, idx - width, true
		default:
			return windowDef{}, 0, false
		}
	}
}

// windowPair is an equality of a window column of the left side and a
// window column of the right side.
type windowPair struct {
	lcol, rcol int // rcol indexes the right side
	l, r       windowDef
	lw, rw     int
	e          Expr
	pos        sql.Pos
}

// planWindowJoin recognises a window join: a join whose conditions equate
// the window_start and the window_end of windows on both sides (Flink's
// window join). ok is false when no condition equates window bounds of
// the two sides; the join is then planned as another kind of join. The
// other equalities between the two sides become the keys, the rest the
// residual condition.
func planWindowJoin(t JoinType, left, right Node, conds []joinConjunct, pos sql.Pos, names []string) (*WindowJoin, bool, error) {
	ls, rs := left.Schema(), right.Schema()
	width, n := len(ls), len(ls)+len(rs)
	var pairs []windowPair
	var others []joinConjunct
	for _, c := range conds {
		for _, e := range conjuncts(c.e) {
			if p, ok := windowEquality(e, left, right, width); ok {
				p.pos = c.pos
				pairs = append(pairs, p)
				continue
			}
			others = append(others, joinConjunct{e: e, pos: c.pos})
		}
	}
	var start, end *windowPair
	for i := range pairs {
		p := &pairs[i]
		ln, rn := names[p.lcol], names[width+p.rcol]
		switch {
		case p.lw != p.rw:
			return nil, true, sql.Errorf(p.pos, "a window join equates the window bounds of its two sides pairwise: `%s` is a %s, `%s` a %s", ln, winColName[p.lw], rn, winColName[p.rw])
		case p.l != p.r:
			return nil, true, sql.Errorf(p.pos, "a window join needs the same windows on both sides: `%s` is of %s windows, `%s` of %s windows", ln, p.l, rn, p.r)
		case p.l.Kind == WindowSession:
			return nil, true, sql.Errorf(p.pos, "a window join of SESSION windows is not supported yet")
		case p.lw == winStart && start == nil:
			start = p
		case p.lw == winEnd && end == nil:
			end = p
		default:
			// A repeated bound equality or window_time = window_time:
			// implied by the window equality, kept as a plain condition.
			others = append(others, joinConjunct{e: p.e, pos: p.pos})
		}
	}
	if start == nil && end == nil {
		return nil, false, nil
	}
	if start == nil || end == nil {
		have, miss := end, "window_start"
		if start != nil {
			have, miss = start, "window_end"
		}
		return nil, true, sql.Errorf(have.pos, "a window join needs equal window_start and equal window_end of its two sides: add %s = %s",
			qualifiedSibling(names[have.lcol], miss), qualifiedSibling(names[width+have.rcol], miss))
	}
	j := &WindowJoin{Left: left, Right: right, Type: t, Window: start.l, Pos: pos,
		LeftStart: start.lcol, LeftEnd: end.lcol, RightStart: start.rcol, RightEnd: end.rcol,
		LeftTime: windowTimeCol(left), RightTime: windowTimeCol(right)}
	var rest []Expr
	for _, c := range others {
		if l, r, ok := equiKey(c.e, width, n, rs); ok {
			j.LeftKeys, j.RightKeys = append(j.LeftKeys, l), append(j.RightKeys, r)
			continue
		}
		rest = append(rest, c.e)
	}
	j.Residual = andAll(rest)
	return j, true, nil
}

// windowEquality recognises left.col = right.col (either order) where
// both columns are window columns.
func windowEquality(e Expr, left, right Node, width int) (windowPair, bool) {
	call, ok := e.(*Call)
	if !ok || call.Fn != "=" || len(call.Args) != 2 {
		return windowPair{}, false
	}
	a, ok1 := call.Args[0].(*ColRef)
	b, ok2 := call.Args[1].(*ColRef)
	if !ok1 || !ok2 {
		return windowPair{}, false
	}
	if a.Index >= width {
		a, b = b, a
	}
	if a.Index >= width || b.Index < width {
		return windowPair{}, false
	}
	l, lw, ok1 := traceWindow(left, a.Index)
	r, rw, ok2 := traceWindow(right, b.Index-width)
	if !ok1 || !ok2 || (lw == winTime && rw == winTime) {
		return windowPair{}, false
	}
	return windowPair{lcol: a.Index, rcol: b.Index - width, l: l, r: r, lw: lw, rw: rw, e: e}, true
}

// windowTimeCol returns the first event-time attribute of n that is a
// window_time, or -1.
func windowTimeCol(n Node) int {
	for i, f := range n.Schema() {
		if !f.Type.TimeAttr {
			continue
		}
		if _, w, ok := traceWindow(n, i); ok && w == winTime {
			return i
		}
	}
	return -1
}

// qualifiedSibling replaces the column part of a qualified name:
// ("L.window_start", "window_end") is "L.window_end".
func qualifiedSibling(name, col string) string {
	for i := len(name) - 1; i >= 0; i-- {
		if name[i] == '.' {
			return fmt.Sprintf("%s.%s", name[:i], col)
		}
	}
	return col
}
