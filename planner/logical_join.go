package planner

import (
	"strconv"

	"github.com/streamsql/streamsql/sql"
)

// Join is an interval join of two streams (see IntervalJoinSpec): a left
// row l and a right row r match when every LeftKeys[i] of l equals
// RightKeys[i] of r, r.time + LowerMillis <= l.time <= r.time +
// UpperMillis on the event-time columns LeftTime of Left and RightTime of
// Right, and Residual (nil, or a condition over Left's columns then
// Right's) is TRUE. LeftKeys read Left's columns, RightKeys Right's, and
// the two are pairwise of the same type.
//
// The output is Left's columns then Right's (a right column named like an
// earlier one is renamed with a numeric suffix, as in Flink); the columns
// of a side padded with NULLs (the right side of a LEFT join, for
// example) are nullable. Of the inputs' event-time attributes only the
// two time columns remain ones.
type Join struct {
	Left, Right         Node
	Type                JoinType
	LeftKeys, RightKeys []Expr
	LeftTime, RightTime int
	// LowerMillis and UpperMillis bound l.time - r.time (inclusive).
	LowerMillis, UpperMillis int64
	Residual                 Expr
	// Pos is where the join is written, for errors of physical planning.
	Pos sql.Pos
}

// Schema implements Node.
func (n *Join) Schema() Schema {
	return joinSchema(n.Left.Schema(), n.Right.Schema(), n.Type, n.LeftTime, n.RightTime)
}

// Children implements Node.
func (n *Join) Children() []Node { return []Node{n.Left, n.Right} }

func (n *Join) withChildren(ch []Node) Node {
	c := *n
	c.Left, c.Right = ch[0], ch[1]
	return &c
}

// joinSchema is the output of a join of l and r: l's columns, then r's,
// with the time attributes and nullability the Join documents.
func joinSchema(l, r Schema, t JoinType, lt, rt int) Schema {
	s := make(Schema, 0, len(l)+len(r))
	names := map[string]bool{}
	add := func(side Schema, time int, padded bool) {
		for i, f := range side {
			f.Type.TimeAttr = f.Type.TimeAttr && i == time
			if padded {
				f.Type.NotNull = false
			}
			f.Name = uniqueName(f.Name, names)
			s = append(s, f)
		}
	}
	add(l, lt, t == JoinRight || t == JoinFull)
	add(r, rt, t == JoinLeft || t == JoinFull)
	return s
}

// uniqueName returns name, or name with the first numeric suffix not in
// taken, and records it as taken.
func uniqueName(name string, taken map[string]bool) string {
	out := name
	for i := 0; taken[out]; i++ {
		out = name + strconv.Itoa(i)
	}
	taken[out] = true
	return out
}

// shiftRight maps the columns of a condition over a join's combined row
// (left columns, then right columns) whose left side has width columns
// onto the right side: column i becomes i - width.
func shiftRight(e Expr, width int, right Schema) Expr {
	m := make([]int, width+len(right))
	for i := range m {
		m[i] = i - width
	}
	return remap(e, m, right)
}

// shiftLeft is the inverse of shiftRight: it maps an expression over the
// right side onto the combined row out.
func shiftLeft(e Expr, width int, out Schema) Expr {
	m := make([]int, len(out)-width)
	for i := range m {
		m[i] = i + width
	}
	return remap(e, m, out)
}

// conjuncts splits a condition at its top-level ANDs.
func conjuncts(e Expr) []Expr {
	if c, ok := e.(*Call); ok && c.Fn == "AND" && len(c.Args) == 2 {
		return append(conjuncts(c.Args[0]), conjuncts(c.Args[1])...)
	}
	return []Expr{e}
}

// andAll combines conditions with AND; nil for none.
func andAll(es []Expr) Expr {
	var out Expr
	for _, e := range es {
		if out == nil {
			out = e
		} else {
			out = and(out, e)
		}
	}
	return out
}

// equiKey recognises a join key in e, a condition over a join's combined
// row of n columns whose left side has width columns and whose right side
// has columns right: an equality of an expression over the left side only
// with one over the right side only. It returns the left expression and
// the right one (over the right side's columns).
func equiKey(e Expr, width, n int, right Schema) (l, r Expr, ok bool) {
	call, ok := e.(*Call)
	if !ok || call.Fn != "=" || len(call.Args) != 2 {
		return nil, nil, false
	}
	al, ar := sidesRead(call.Args[0], width, n)
	bl, br := sidesRead(call.Args[1], width, n)
	switch {
	case al && !ar && br && !bl:
		return call.Args[0], shiftRight(call.Args[1], width, right), true
	case bl && !br && ar && !al:
		return call.Args[1], shiftRight(call.Args[0], width, right), true
	}
	return nil, nil, false
}

// sidesRead reports whether e reads columns of the left side (below
// width) and of the right side of a combined row of n columns.
func sidesRead(e Expr, width, n int) (left, right bool) {
	used := make([]bool, n)
	colsUsed(e, used)
	for i, u := range used {
		if u && i < width {
			left = true
		} else if u {
			right = true
		}
	}
	return left, right
}
