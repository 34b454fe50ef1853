package planner

import "github.com/streamsql/streamsql/catalog"

// colsUsed marks in used every input column that e reads.
func colsUsed(e Expr, used []bool) {
	switch e := e.(type) {
	case *ColRef:
		used[e.Index] = true
	case *Call:
		for _, a := range e.Args {
			colsUsed(a, used)
		}
	}
}

// remap rewrites the ColRefs of e through m (old index -> new index) and
// renames them from schema s.
func remap(e Expr, m []int, s Schema) Expr {
	switch e := e.(type) {
	case *ColRef:
		i := m[e.Index]
		return &ColRef{Index: i, Name: s[i].Name, T: e.T}
	case *Call:
		args := make([]Expr, len(e.Args))
		for i, a := range e.Args {
			args[i] = remap(a, m, s)
		}
		return &Call{Fn: e.Fn, Args: args, T: e.T}
	}
	return e
}

// substitute replaces every ColRef i in e with exprs[i] (inlining a
// projection below e).
func substitute(e Expr, exprs []Expr) Expr {
	switch e := e.(type) {
	case *ColRef:
		return exprs[e.Index]
	case *Call:
		args := make([]Expr, len(e.Args))
		for i, a := range e.Args {
			args[i] = substitute(a, exprs)
		}
		return &Call{Fn: e.Fn, Args: args, T: e.T}
	}
	return e
}

// deterministic reports whether e gives the same result for the same row
// every time it is evaluated (UNIX_TIMESTAMP() and PROCTIME() read the
// clock).
func deterministic(e Expr) bool {
	c, ok := e.(*Call)
	if !ok {
		return true
	}
	if c.Fn == "UNIX_TIMESTAMP" && len(c.Args) == 0 || c.Fn == "PROCTIME" {
		return false
	}
	for _, a := range c.Args {
		if !deterministic(a) {
			return false
		}
	}
	return true
}

// trivial reports whether e costs nothing to duplicate.
func trivial(e Expr) bool {
	switch e.(type) {
	case *ColRef, *Const:
		return true
	}
	return false
}

// countRefs adds to n[i] the number of times e reads column i.
func countRefs(e Expr, n []int) {
	switch e := e.(type) {
	case *ColRef:
		n[e.Index]++
	case *Call:
		for _, a := range e.Args {
			countRefs(a, n)
		}
	}
}

// colRef builds a reference to column i of schema s.
func colRef(s Schema, i int) *ColRef { return &ColRef{Index: i, Name: s[i].Name, T: s[i].Type} }

// and combines two conditions.
func and(a, b Expr) Expr {
	return &Call{Fn: "AND", Args: []Expr{a, b}, T: boolType(a.Type().NotNull && b.Type().NotNull)}
}

func boolType(notNull bool) catalog.Type {
	t := catalog.Boolean
	t.NotNull = notNull
	return t
}

// isIdentity reports whether exprs read exactly the columns of s in order.
func isIdentity(exprs []Expr, s Schema) bool {
	if len(exprs) != len(s) {
		return false
	}
	for i, e := range exprs {
		c, ok := e.(*ColRef)
		if !ok || c.Index != i {
			return false
		}
	}
	return true
}
