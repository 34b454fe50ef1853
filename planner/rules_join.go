package planner

// pushFilterIntoJoin: Filter(Join, c) moves each conjunct of c that reads
// one side only into that side when the join keeps every row of that side
// unchanged (the left side of INNER and LEFT joins, the right side of
// INNER and RIGHT joins), and, for an INNER join, each conjunct reading
// both sides into the join's residual condition. A filter on the side a
// join pads with NULLs stays above it: it also drops the padded rows.
func pushFilterIntoJoin(n Node) (Node, bool) {
	f, ok := n.(*Filter)
	if !ok {
		return n, false
	}
	j, ok := f.Input.(*Join)
	if !ok {
		return n, false
	}
	width, total := len(j.Left.Schema()), len(j.Schema())
	var left, right, both, stay []Expr
	for _, c := range conjuncts(f.Cond) {
		l, r := sidesRead(c, width, total)
		switch {
		case !deterministic(c) || !l && !r:
			stay = append(stay, c)
		case l && !r && (j.Type == JoinInner || j.Type == JoinLeft):
			left = append(left, c)
		case r && !l && (j.Type == JoinInner || j.Type == JoinRight):
			right = append(right, shiftRight(c, width, j.Right.Schema()))
		case l && r && j.Type == JoinInner:
			both = append(both, c)
		default:
			stay = append(stay, c)
		}
	}
	if len(left)+len(right)+len(both) == 0 {
		return n, false
	}
	out := pushIntoJoinSides(j, left, right)
	if len(both) > 0 {
		if j.Residual != nil {
			both = append([]Expr{j.Residual}, both...)
		}
		out.Residual = andAll(both)
	}
	if len(stay) == 0 {
		return out, true
	}
	return &Filter{Input: out, Cond: andAll(stay)}, true
}

// pushJoinResidual moves each conjunct of a join's residual condition
// that reads one side only into that side, when the side is not one the
// join keeps whole (the right side of a LEFT join takes them, the left
// side does not: its rows that fail must still be emitted, NULL-padded).
func pushJoinResidual(n Node) (Node, bool) {
	j, ok := n.(*Join)
	if !ok || j.Residual == nil {
		return n, false
	}
	width, total := len(j.Left.Schema()), len(j.Schema())
	var left, right, stay []Expr
	for _, c := range conjuncts(j.Residual) {
		l, r := sidesRead(c, width, total)
		switch {
		case !deterministic(c):
			stay = append(stay, c)
		case l && !r && (j.Type == JoinInner || j.Type == JoinRight):
			left = append(left, c)
		case r && !l && (j.Type == JoinInner || j.Type == JoinLeft):
			right = append(right, shiftRight(c, width, j.Right.Schema()))
		default:
			stay = append(stay, c)
		}
	}
	if len(left)+len(right) == 0 {
		return n, false
	}
	out := pushIntoJoinSides(j, left, right)
	out.Residual = andAll(stay)
	return out, true
}

// pushIntoJoinSides returns a copy of j with filters over its sides.
func pushIntoJoinSides(j *Join, left, right []Expr) *Join {
	out := *j
	if len(left) > 0 {
		out.Left = &Filter{Input: j.Left, Cond: andAll(left)}
	}
	if len(right) > 0 {
		out.Right = &Filter{Input: j.Right, Cond: andAll(right)}
	}
	return &out
}

// pruneJoin prunes each side of a join to the columns needed above it
// plus its keys, time column (none when -1, for a regular join viewed as
// a Join) and the columns of the residual condition.
func pruneJoin(n *Join, need []bool) (Node, []int, bool) {
	lneed, rneed := joinSideNeeds(need, len(n.Left.Schema()), n.LeftKeys, n.RightKeys, n.Residual)
	if n.LeftTime >= 0 && n.RightTime >= 0 {
		lneed[n.LeftTime], rneed[n.RightTime] = true, true
	}
	left, lm, lch := prune(n.Left, lneed)
	right, rm, rch := prune(n.Right, rneed)
	ls, rs := left.Schema(), right.Schema()
	out := &Join{Left: left, Right: right, Type: n.Type, LeftTime: -1, RightTime: -1,
		LowerMillis: n.LowerMillis, UpperMillis: n.UpperMillis, Pos: n.Pos}
	if n.LeftTime >= 0 && n.RightTime >= 0 {
		out.LeftTime, out.RightTime = lm[n.LeftTime], rm[n.RightTime]
	}
	out.LeftKeys, out.RightKeys = remapAll(n.LeftKeys, lm, ls), remapAll(n.RightKeys, rm, rs)
	m := joinColumnMap(lm, rm, len(ls))
	if n.Residual != nil {
		out.Residual = remap(n.Residual, m, out.Schema())
	}
	return out, m, lch || rch
}

// joinSideNeeds splits need, the columns needed of a join's combined row
// whose left side has width columns, into the columns needed of each
// side, adding the columns the keys of each side and the residual
// condition read.
func joinSideNeeds(need []bool, width int, leftKeys, rightKeys []Expr, residual Expr) (lneed, rneed []bool) {
	lneed = append([]bool(nil), need[:width]...)
	rneed = append([]bool(nil), need[width:]...)
	for _, k := range leftKeys {
		colsUsed(k, lneed)
	}
	for _, k := range rightKeys {
		colsUsed(k, rneed)
	}
	if residual != nil {
		used := make([]bool, len(need))
		colsUsed(residual, used)
		for i, u := range used {
			if u && i < width {
				lneed[i] = true
			} else if u {
				rneed[i-width] = true
			}
		}
	}
	return lneed, rneed
}

// remapAll remaps each of es with m onto the columns s (see remap); nil
// for none.
func remapAll(es []Expr, m []int, s Schema) []Expr {
	var out []Expr
	for _, e := range es {
		out = append(out, remap(e, m, s))
	}
	return out
}

// joinColumnMap combines the column maps of a join's pruned sides, lm of
// the left side of width columns and rm of the right side, into the map
// of its combined row.
func joinColumnMap(lm, rm []int, width int) []int {
	m := append([]int(nil), lm...)
	for _, j := range rm {
		if j >= 0 {
			j += width
		}
		m = append(m, j)
	}
	return m
}
