package sql

import (
	"sort"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// converter turns the MySQL grammar's tree for a lifted text into the
// project's tree.
//
// The grammar records the offset of the first token only on expression
// nodes that a grammar rule returns as an expression; nodes it synthesises
// inside a rule (the argument of COUNT(*), LIMIT counts, the unit of
// TIMESTAMPDIFF, numeric arguments of LAG/LEAD, TRIM's default) carry 0,
// and statements, table references, select fields, joins and CTEs carry
// nothing. Every position the grammar does not give (SELECT keywords, table
// names, CTE names, stars, those synthesised nodes) is found by walking the
// tokens of the rewritten text with a cursor that only moves forward: the
// conversion visits the tree in source order, each expression position
// moves the cursor past it, and a call moves it past its parentheses.
type converter struct {
	l     *lifted
	toks  []liftToken // tokens of the rewritten text
	cur   int
	delta int // offset in the user's text = grammar offset + delta
}

// newConverter scans the rewritten text of l; delta maps the grammar's
// offsets back to the user's text.
func newConverter(l *lifted, delta int) (*converter, error) {
	rew := &Source{Name: l.src.Name, Text: l.src.Text[:l.start] + l.text()}
	sc, err := liftScan(rew, l.start, l.end)
	if err != nil {
		return nil, err
	}
	return &converter{l: l, toks: sc.toks, delta: delta}, nil
}

// pos returns the Pos of an offset in the user's text.
func (c *converter) pos(off int) Pos { return PosAt(c.l.src, off) }

// tokAt returns the index of the token starting at offset off, or -1.
func (c *converter) tokAt(off int) int {
	k := sort.Search(len(c.toks), func(k int) bool { return c.toks[k].off >= off })
	if k < len(c.toks) && c.toks[k].off == off {
		return k
	}
	return -1
}

// advanceTo moves the cursor to just after token index k.
func (c *converter) advanceTo(k int) {
	if k+1 > c.cur {
		c.cur = k + 1
	}
}

// exprOff returns the user-text offset of a grammar expression and moves
// the cursor past its first token. ok is false when the grammar did not
// record the position.
func (c *converter) exprOff(e ast.ExprNode) (int, bool) {
	o := e.OriginTextPosition()
	if o <= 0 {
		return 0, false
	}
	off := o + c.delta
	if k := c.tokAt(off); k >= 0 {
		c.advanceTo(k)
		return off, true
	}
	return 0, false
}

// here is the offset of the token under the cursor (or the end of text).
func (c *converter) here() int {
	if c.cur < len(c.toks) {
		return c.toks[c.cur].off
	}
	if len(c.toks) > 0 {
		return c.toks[len(c.toks)-1].off
	}
	return c.l.start
}

// find moves the cursor past the next token satisfying match and returns
// its index, or -1 (cursor unchanged) when there is none.
func (c *converter) find(match func(liftToken) bool) int {
	for k := c.cur; k < len(c.toks); k++ {
		if match(c.toks[k]) {
			c.cur = k + 1
			return k
		}
	}
	return -1
}

// findOff is find returning the token's offset, or the cursor's offset.
func (c *converter) findOff(match func(liftToken) bool) int {
	if k := c.find(match); k >= 0 {
		return c.toks[k].off
	}
	return c.here()
}

// findName finds the next identifier token naming name.
func (c *converter) findName(name string) int {
	return c.findOff(func(t liftToken) bool { return t.isName(name) })
}

// findWord finds the next bare word w.
func (c *converter) findWord(w string) int {
	return c.findOff(func(t liftToken) bool { return t.is(w) })
}

// skipGroup moves the cursor past the parenthesised group opening at
// token k+1, if there is one (the arguments of a call at token k).
func (c *converter) skipGroup(k int) {
	if k >= 0 && k+1 < len(c.toks) && c.toks[k+1].isPunct("(") {
		if m := liftMatch(c.toks, k+1); m >= 0 {
			c.advanceTo(m)
		}
	}
}

// checkNames rejects names that are placeholders of lifted constructs:
// the grammar took a lifted construct for a name (an alias, a qualifier),
// so the user's text has a construct where a name or nothing belongs.
func (c *converter) checkNames(names ...string) error {
	for _, n := range names {
		if _, ok := c.l.items[n]; !ok {
			continue
		}
		for _, t := range c.toks {
			if t.val != n {
				continue
			}
			k := sort.Search(len(c.l.toks), func(i int) bool { return c.l.toks[i].off >= t.off })
			if k < len(c.l.toks) {
				orig := c.l.toks[k]
				return Errorf(c.pos(orig.off), "syntax error near %s", liftDescribe(orig))
			}
		}
		return Errorf(c.pos(c.here()), "syntax error")
	}
	return nil
}

// query converts a SELECT or set operation.
func (c *converter) query(n ast.ResultSetNode) (Query, error) {
	switch n := n.(type) {
	case *ast.SelectStmt:
		return c.selectStmt(n)
	case *ast.SetOprStmt:
		return c.setOpr(n)
	case *ast.SubqueryExpr:
		return c.query(n.Query)
	}
	return nil, Errorf(c.pos(c.here()), "this query form is not supported")
}

// ctes converts a WITH clause and returns the position of WITH.
func (c *converter) ctes(w *ast.WithClause) ([]CTE, Pos, error) {
	if w == nil {
		return nil, Pos{}, nil
	}
	at := c.pos(c.findWord("WITH"))
	if w.IsRecursive {
		return nil, at, Errorf(c.pos(c.findWord("RECURSIVE")), "WITH RECURSIVE is not supported")
	}
	var out []CTE
	for _, cte := range w.CTEs {
		if err := c.checkNames(cte.Name.O); err != nil {
			return nil, at, err
		}
		p := c.findName(cte.Name.O)
		if len(cte.ColNameList) > 0 {
			return nil, at, Errorf(c.pos(p), "column lists in WITH are not supported yet")
		}
		q, err := c.query(cte.Query.Query)
		if err != nil {
			return nil, at, err
		}
		out = append(out, CTE{Node: Node{P: c.pos(p)}, Name: cte.Name.O, Query: q})
	}
	return out, at, nil
}

// attachWith adds the common table expressions of a WITH clause written
// at pos to q, which then starts at pos.
func attachWith(q Query, with []CTE, pos Pos) {
	if len(with) == 0 {
		return
	}
	switch q := q.(type) {
	case *SetOp:
		q.With = append(with, q.With...)
		q.P = pos
	case *Select:
		q.With = append(with, q.With...)
		q.P = pos
	}
}

// setOpr converts UNION / INTERSECT / EXCEPT chains, left-associative.
func (c *converter) setOpr(n *ast.SetOprStmt) (Query, error) {
	with, withPos, err := c.ctes(n.With)
	if err != nil {
		return nil, err
	}
	q, err := c.setList(n.SelectList)
	if err != nil {
		return nil, err
	}
	if n.OrderBy != nil || n.Limit != nil {
		at := c.findOff(func(t liftToken) bool { return t.is("ORDER") || t.is("LIMIT") })
		return nil, Errorf(c.pos(at), "ORDER BY or LIMIT after a set operation is not supported yet")
	}
	attachWith(q, with, withPos)
	return q, nil
}

// setList folds a list of operands joined by set operators.
func (c *converter) setList(list *ast.SetOprSelectList) (Query, error) {
	if list.OrderBy != nil || list.Limit != nil {
		at := c.findOff(func(t liftToken) bool { return t.is("ORDER") || t.is("LIMIT") })
		return nil, Errorf(c.pos(at), "ORDER BY or LIMIT after a set operation is not supported yet")
	}
	with, withPos, err := c.ctes(list.With)
	if err != nil {
		return nil, err
	}
	var acc Query
	for _, s := range list.Selects {
		var q Query
		var op *ast.SetOprType
		switch s := s.(type) {
		case *ast.SelectStmt:
			op = s.AfterSetOperator
			q, err = c.selectStmt(s)
		case *ast.SetOprSelectList:
			op = s.AfterSetOperator
			q, err = c.setList(s)
		default:
			err = Errorf(c.pos(c.here()), "this query form is not supported")
		}
		if err != nil {
			return nil, err
		}
		if acc == nil {
			acc = q
			continue
		}
		so := &SetOp{Node: Node{P: acc.Position()}, Left: acc, Right: q}
		if op != nil {
			s := op.String()
			so.Op, _, _ = strings.Cut(s, " ")
			so.All = strings.HasSuffix(s, " ALL")
		}
		acc = so
	}
	attachWith(acc, with, withPos)
	return acc, nil
}
