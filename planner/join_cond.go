package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// joinConjunct is one condition of a join, bound over the combined row
// (left columns, then right columns), with the text to blame for it.
type joinConjunct struct {
	e   Expr
	pos sql.Pos
}

// timeBound is a comparison of a left and a right timestamp column,
// normalised to l.col OP r.col + offset.
type timeBound struct {
	lcol, rcol int // rcol indexes the combined row
	op         string
	offset     int64
	pos        sql.Pos
	e          Expr
}

// timeTerm recognises col, col + INTERVAL, col - INTERVAL (nested) over
// a timestamp column, returning the column and the offset in ms.
func timeTerm(e Expr) (*ColRef, int64, bool) {
	switch e := e.(type) {
	case *ColRef:
		return e, 0, e.T.IsTimestamp()
	case *Call:
		if (e.Fn != "+" && e.Fn != "-") || len(e.Args) != 2 {
			return nil, 0, false
		}
		iv, ok := e.Args[1].(*Const)
		if !ok || iv.T.Kind != catalog.KindInterval || iv.Val == nil {
			return nil, 0, false
		}
		c, off, ok := timeTerm(e.Args[0])
		if !ok {
			return nil, 0, false
		}
		if e.Fn == "+" {
			return c, off + iv.Val.(int64), true
		}
		return c, off - iv.Val.(int64), true
	}
	return nil, 0, false
}

// mirror is the comparison with its operands swapped.
var mirror = map[string]string{"<": ">", "<=": ">=", ">": "<", ">=": "<="}

// asTimeBound recognises a comparison between a left and a right time
// term (either order).
func asTimeBound(c joinConjunct, width int) (timeBound, bool) {
	call, ok := c.e.(*Call)
	if !ok || mirror[call.Fn] == "" || len(call.Args) != 2 {
		return timeBound{}, false
	}
	a, aoff, ok1 := timeTerm(call.Args[0])
	b, boff, ok2 := timeTerm(call.Args[1])
	if !ok1 || !ok2 {
		return timeBound{}, false
	}
	switch {
	case a.Index < width && b.Index >= width:
		// a + aoff OP b + boff  =>  a OP b + (boff - aoff)
		return timeBound{lcol: a.Index, rcol: b.Index, op: call.Fn, offset: boff - aoff, pos: c.pos, e: c.e}, true
	case b.Index < width && a.Index >= width:
		return timeBound{lcol: b.Index, rcol: a.Index, op: mirror[call.Fn], offset: aoff - boff, pos: c.pos, e: c.e}, true
	}
	return timeBound{}, false
}

// joinKind maps the kind of a written join to the planner's join type.
func joinKind(k sql.JoinKind) JoinType {
	switch k {
	case sql.LeftJoin:
		return JoinLeft
	case sql.RightJoin:
		return JoinRight
	case sql.FullJoin:
		return JoinFull
	}
	return JoinInner
}

// planJoin turns the conditions of a join of left and right into a
// window join when they equate the two sides' window bounds (see
// planWindowJoin), else into an interval join: equalities between the
// two sides become the keys, comparisons of their event-time attributes
// the time bounds, and the rest the residual condition. A join with keys
// but no comparison of event-time attributes is a regular join (see
// regularJoin). pos is where the join's condition is written, and names
// the qualified name of each combined column.
func planJoin(t JoinType, left, right Node, conds []joinConjunct, pos sql.Pos, names []string) (Node, error) {
	if wj, ok, err := planWindowJoin(t, left, right, conds, pos, names); err != nil || ok {
		if err != nil {
			return nil, err
		}
		return wj, nil
	}
	ls, rs := left.Schema(), right.Schema()
	width, n := len(ls), len(ls)+len(rs)
	j := &Join{Left: left, Right: right, Type: t, Pos: pos}
	var flat []joinConjunct
	for _, c := range conds {
		for _, e := range conjuncts(c.e) {
			flat = append(flat, joinConjunct{e: e, pos: c.pos})
		}
	}
	var bounds, notTime []timeBound
	var rest []Expr
	for _, c := range flat {
		if l, r, ok := equiKey(c.e, width, n, rs); ok {
			j.LeftKeys, j.RightKeys = append(j.LeftKeys, l), append(j.RightKeys, r)
			continue
		}
		if tb, ok := asTimeBound(c, width); ok {
			if ls[tb.lcol].Type.TimeAttr && rs[tb.rcol-width].Type.TimeAttr {
				bounds = append(bounds, tb)
			} else {
				notTime = append(notTime, tb)
			}
			continue
		}
		rest = append(rest, c.e)
	}
	if len(j.LeftKeys) == 0 {
		return nil, sql.Errorf(pos, "an unbounded cross join of two streams is not supported: add an equality condition between the two sides")
	}
	if len(bounds) == 0 {
		return regularJoin(j, rest, notTime), nil
	}
	// The time columns are the first pair bounded from both ends (else
	// the first pair, which is then reported).
	pair := bounds[0]
	for _, tb := range bounds {
		if lower, upper := pairBounds(bounds, tb); lower && upper {
			pair = tb
			break
		}
	}
	j.LeftTime, j.RightTime = pair.lcol, pair.rcol-width
	var hasLower, hasUpper bool
	for _, tb := range bounds {
		if tb.lcol != pair.lcol || tb.rcol != pair.rcol {
			rest = append(rest, tb.e) // another pair of time columns: a plain condition
			continue
		}
		lo, hi, isLo, isHi := boundOf(tb)
		if isLo && (!hasLower || lo > j.LowerMillis) {
			j.LowerMillis, hasLower = lo, true
		}
		if isHi && (!hasUpper || hi < j.UpperMillis) {
			j.UpperMillis, hasUpper = hi, true
		}
	}
	for _, tb := range notTime {
		rest = append(rest, tb.e)
	}
	lt, rt := names[j.LeftTime], names[width+j.RightTime]
	switch {
	case !hasLower || !hasUpper:
		missing := "lower"
		if hasLower {
			missing = "upper"
		}
		return nil, sql.Errorf(pair.pos, "the time condition between `%s` and `%s` has no %s bound, so rows would be kept forever; an interval join needs both (e.g. %s BETWEEN %s - INTERVAL '1' HOUR AND %s), a one-sided bound is not supported yet", lt, rt, missing, lt, rt, rt)
	case j.LowerMillis > j.UpperMillis:
		return nil, sql.Errorf(pair.pos, "the time condition between `%s` and `%s` can never hold: its lower bound (%s) exceeds its upper bound (%s)", lt, rt, offsetString(rt, j.LowerMillis), offsetString(rt, j.UpperMillis))
	}
	j.Residual = andAll(rest)
	return j, nil
}

// pairBounds reports whether the comparisons of bounds between the time
// columns of tb bound them from below and from above.
func pairBounds(bounds []timeBound, tb timeBound) (lower, upper bool) {
	for _, b := range bounds {
		if b.lcol == tb.lcol && b.rcol == tb.rcol {
			_, _, isLo, isHi := boundOf(b)
			lower, upper = lower || isLo, upper || isHi
		}
	}
	return lower, upper
}

// boundOf turns l OP r + offset into bounds of l - r (strict bounds move
// by 1 ms, the timestamp resolution).
func boundOf(tb timeBound) (lo, hi int64, isLo, isHi bool) {
	switch tb.op {
	case "<=":
		return 0, tb.offset, false, true
	case "<":
		return 0, tb.offset - 1, false, true
	case ">=":
		return tb.offset, 0, true, false
	default: // ">"
		return tb.offset + 1, 0, true, false
	}
}

// offsetString renders r + ms as "r + 600000 ms" or "r - 600000 ms".
func offsetString(r string, ms int64) string {
	if ms < 0 {
		return fmt.Sprintf("%s - %d ms", r, -ms)
	}
	return fmt.Sprintf("%s + %d ms", r, ms)
}
