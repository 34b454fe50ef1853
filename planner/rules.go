package planner

// Rule is a named rewrite of a whole logical plan. Apply returns the new
// plan and whether it changed anything; a rule that changes nothing must
// report false so that optimisation reaches a fixpoint.
type Rule struct {
	Name  string
	Apply func(Node) (Node, bool)
}

// MaxOptimizePasses bounds how often the rule list is applied.
const MaxOptimizePasses = 20

// Rules are the logical rewrites, applied in order, pass after pass, until
// a pass changes nothing (at most MaxOptimizePasses passes).
//
// Filters move toward the scan (into the sides of a join where that keeps
// its result) but never below a WatermarkAssign, so the
// watermark generator sees every row of the source. Column pruning makes a
// source read only the columns used downstream, keeping the watermark's
// inputs.
var Rules = []Rule{
	{Name: "fold-constants", Apply: func(n Node) (Node, bool) { return transformUp(n, foldNode) }},
	{Name: "merge-filters", Apply: func(n Node) (Node, bool) { return transformUp(n, mergeFilters) }},
	{Name: "push-filter-through-project", Apply: func(n Node) (Node, bool) { return transformUp(n, pushFilterThroughProject) }},
	{Name: "fuse-rank-filter", Apply: func(n Node) (Node, bool) { return transformUp(n, fuseRankFilter) }},
	{Name: "push-filter-into-union", Apply: func(n Node) (Node, bool) { return transformUp(n, pushFilterIntoUnion) }},
	{Name: "push-filter-into-join", Apply: func(n Node) (Node, bool) { return transformUp(n, pushFilterIntoJoin) }},
	{Name: "push-join-residual", Apply: func(n Node) (Node, bool) { return transformUp(n, pushJoinResidual) }},
	{Name: "rewrite-regular-join", Apply: func(n Node) (Node, bool) { return transformUp(n, rewriteRegularJoin) }},
	{Name: "merge-unions", Apply: func(n Node) (Node, bool) { return transformUp(n, mergeUnions) }},
	{Name: "merge-projects", Apply: func(n Node) (Node, bool) { return transformUp(n, mergeProjects) }},
	{Name: "remove-identity-project", Apply: func(n Node) (Node, bool) { return transformUp(n, removeIdentityProject) }},
	{Name: "prune-columns", Apply: pruneColumns},
}

// Optimize applies Rules to a fixpoint.
func Optimize(n Node) Node {
	for pass := 0; pass < MaxOptimizePasses; pass++ {
		changed := false
		for _, r := range Rules {
			var ch bool
			n, ch = r.Apply(n)
			changed = changed || ch
		}
		if !changed {
			break
		}
	}
	return n
}

// mergeFilters: Filter(Filter(x, a), b) => Filter(x, a AND b).
func mergeFilters(n Node) (Node, bool) {
	f, ok := n.(*Filter)
	if !ok {
		return n, false
	}
	inner, ok := f.Input.(*Filter)
	if !ok {
		return n, false
	}
	return &Filter{Input: inner.Input, Cond: and(inner.Cond, f.Cond)}, true
}

// pushFilterThroughProject: Filter(Project(x), c) => Project(Filter(x, c'))
// where c' reads the projected expressions directly. Skipped when c reads
// a non-deterministic expression.
func pushFilterThroughProject(n Node) (Node, bool) {
	f, ok := n.(*Filter)
	if !ok {
		return n, false
	}
	p, ok := f.Input.(*Project)
	if !ok {
		return n, false
	}
	used := make([]bool, len(p.Exprs))
	colsUsed(f.Cond, used)
	for i, u := range used {
		if u && !deterministic(p.Exprs[i]) {
			return n, false
		}
	}
	return &Project{Input: &Filter{Input: p.Input, Cond: substitute(f.Cond, p.Exprs)}, Exprs: p.Exprs, Names: p.Names}, true
}

// pushFilterIntoUnion: Filter(Union(a, b), c) => Union(Filter(a, c),
// Filter(b, c)).
func pushFilterIntoUnion(n Node) (Node, bool) {
	f, ok := n.(*Filter)
	if !ok {
		return n, false
	}
	u, ok := f.Input.(*Union)
	if !ok {
		return n, false
	}
	out := &Union{}
	for _, in := range u.Inputs {
		s := in.Schema()
		m := make([]int, len(s))
		for i := range m {
			m[i] = i
		}
		out.Inputs = append(out.Inputs, &Filter{Input: in, Cond: remap(f.Cond, m, s)})
	}
	return out, true
}

// mergeUnions flattens a Union whose input is a Union.
func mergeUnions(n Node) (Node, bool) {
	u, ok := n.(*Union)
	if !ok {
		return n, false
	}
	changed := false
	out := &Union{}
	for _, in := range u.Inputs {
		if inner, ok := in.(*Union); ok {
			out.Inputs = append(out.Inputs, inner.Inputs...)
			changed = true
		} else {
			out.Inputs = append(out.Inputs, in)
		}
	}
	if !changed {
		return n, false
	}
	return out, true
}

// mergeProjects: Project(Project(x)) => Project(x) with the inner
// expressions inlined, unless that would evaluate a non-trivial or
// non-deterministic inner expression more than once.
func mergeProjects(n Node) (Node, bool) {
	p, ok := n.(*Project)
	if !ok {
		return n, false
	}
	inner, ok := p.Input.(*Project)
	if !ok {
		return n, false
	}
	refs := make([]int, len(inner.Exprs))
	for _, e := range p.Exprs {
		countRefs(e, refs)
	}
	for i, e := range inner.Exprs {
		if refs[i] > 1 && !trivial(e) || refs[i] > 0 && !deterministic(e) {
			return n, false
		}
	}
	exprs := make([]Expr, len(p.Exprs))
	for i, e := range p.Exprs {
		exprs[i] = substitute(e, inner.Exprs)
	}
	return &Project{Input: inner.Input, Exprs: exprs, Names: p.Names}, true
}

// removeIdentityProject drops a Project that passes its input through
// unchanged: with the same names, or below a table Sink (which writes by
// position, so names do not matter).
func removeIdentityProject(n Node) (Node, bool) {
	switch n := n.(type) {
	case *Project:
		s := n.Input.Schema()
		if !isIdentity(n.Exprs, s) {
			return n, false
		}
		for i, f := range s {
			if f.Name != n.Names[i] {
				return n, false
			}
		}
		return n.Input, true
	case *Sink:
		p, ok := n.Input.(*Project)
		if !ok || n.Table == nil || !isIdentity(p.Exprs, p.Input.Schema()) {
			return n, false
		}
		return &Sink{Input: p.Input, Table: n.Table, Columns: n.Columns, Pos: n.Pos}, true
	}
	return n, false
}
