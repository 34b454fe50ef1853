package planner

import "math"

// fuseRankFilter: Filter(Rank, rn <= N AND c) => Filter(Rank[1..N], c).
// The conjuncts comparing the rank column with an integer constant (<,
// <=, =, >=, >; BETWEEN is bound as >= AND <=) narrow the Rank's range;
// the other conjuncts stay in the Filter (dropped when none is left).
func fuseRankFilter(n Node) (Node, bool) {
	f, ok := n.(*Filter)
	if !ok {
		return n, false
	}
	r, ok := f.Input.(*Rank)
	if !ok || !r.OutputRank {
		return n, false
	}
	rankCol := len(r.Input.Schema())
	lo, hi := r.RankStart, r.RankEnd
	if hi <= 0 {
		hi = math.MaxInt64
	}
	var rest []Expr
	fused := false
	for _, c := range conjuncts(f.Cond) {
		op, v, ok := rankBound(c, rankCol)
		if !ok {
			rest = append(rest, c)
			continue
		}
		fused = true
		switch op {
		case "<":
			hi = min(hi, v-1)
		case "<=":
			hi = min(hi, v)
		case "=":
			lo, hi = max(lo, v), min(hi, v)
		case ">=":
			lo = max(lo, v)
		case ">":
			lo = max(lo, v+1)
		}
	}
	if !fused {
		return n, false
	}
	out := *r
	out.RankStart, out.RankEnd = lo, hi
	if hi == math.MaxInt64 {
		out.RankEnd = 0
	} else if hi < 1 {
		// No rank can pass: keep an empty range (lo > hi) that physical
		// planning reports.
		out.RankEnd = -1
	}
	if len(rest) == 0 {
		return &out, true
	}
	return &Filter{Input: &out, Cond: andAll(rest)}, true
}

// rankBound matches `rank op constant` or `constant op rank` for an
// integer constant, returning the comparison as seen from the rank.
func rankBound(e Expr, rankCol int) (string, int64, bool) {
	c, ok := e.(*Call)
	if !ok || len(c.Args) != 2 {
		return "", 0, false
	}
	flip := map[string]string{"<": ">", "<=": ">=", "=": "=", ">=": "<=", ">": "<"}
	if _, ok := flip[c.Fn]; !ok {
		return "", 0, false
	}
	l, r, op := c.Args[0], c.Args[1], c.Fn
	if _, ok := r.(*ColRef); ok {
		l, r, op = r, l, flip[op]
	}
	ref, ok := l.(*ColRef)
	if !ok || ref.Index != rankCol {
		return "", 0, false
	}
	k, ok := r.(*Const)
	if !ok {
		return "", 0, false
	}
	v, ok := k.Val.(int64)
	return op, v, ok
}
