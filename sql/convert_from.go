package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// tableExpr converts an entry of FROM.
func (c *converter) tableExpr(n ast.ResultSetNode) (TableExpr, error) {
	switch n := n.(type) {
	case *ast.Join:
		return c.join(n)
	case *ast.TableSource:
		return c.tableSource(n)
	}
	return nil, Errorf(c.pos(c.here()), "this FROM entry is not supported")
}

// join converts a join; a join without a right side is its left side.
func (c *converter) join(n *ast.Join) (TableExpr, error) {
	left, err := c.tableExpr(n.Left)
	if err != nil || n.Right == nil {
		return left, err
	}
	if n.NaturalJoin {
		return nil, Errorf(c.pos(c.findWord("NATURAL")), "NATURAL JOIN is not supported")
	}
	if n.StraightJoin {
		return nil, Errorf(c.pos(c.findWord("STRAIGHT_JOIN")), "STRAIGHT_JOIN is not supported")
	}
	j := &JoinExpr{Node: Node{P: left.Position()}, Left: left}
	switch n.Tp {
	case ast.LeftJoin:
		j.Kind = LeftJoin
		if k := c.find(func(t liftToken) bool { return t.is("JOIN") }); k >= 0 && c.isFullJoin(k) {
			j.Kind = FullJoin
		}
	case ast.RightJoin:
		j.Kind = RightJoin
	default:
		j.Kind = CrossJoin
		if n.On != nil || len(n.Using) > 0 {
			j.Kind = InnerJoin
		}
	}
	if j.Right, err = c.tableExpr(n.Right); err != nil {
		return nil, err
	}
	if n.On != nil {
		if j.On, err = c.expr(n.On.Expr); err != nil {
			return nil, err
		}
	}
	for _, u := range n.Using {
		if err := c.checkNames(u.Name.O); err != nil {
			return nil, err
		}
		if u.Schema.O != "" || u.Table.O != "" {
			return nil, Errorf(c.pos(c.here()), "USING takes plain column names")
		}
		c.findName(u.Name.O)
		j.Using = append(j.Using, u.Name.O)
	}
	return j, nil
}

// isFullJoin reports whether the JOIN keyword at token k was written
// FULL [OUTER] JOIN (rewritten to LEFT by the lifting pass).
func (c *converter) isFullJoin(k int) bool {
	for b := k - 1; b >= 0 && b >= k-2; b-- {
		if c.l.full[c.toks[b].off] {
			return true
		}
	}
	return false
}

// tableSource converts a named table, a lifted window function or a
// subquery, with its alias and hints.
func (c *converter) tableSource(n *ast.TableSource) (TableExpr, error) {
	if n.Lateral {
		return nil, Errorf(c.pos(c.findWord("LATERAL")), "LATERAL is not supported yet")
	}
	if len(n.ColumnNames) > 0 {
		return nil, Errorf(c.pos(c.here()), "column alias lists are not supported yet")
	}
	alias := n.AsName.O
	if err := c.checkNames(alias); err != nil {
		return nil, err
	}
	switch src := n.Source.(type) {
	case *ast.TableName:
		return c.tableName(src, alias)
	case *ast.SelectStmt, *ast.SetOprStmt:
		p := c.findOff(func(t liftToken) bool { return t.isPunct("(") })
		q, err := c.query(src)
		if err != nil {
			return nil, err
		}
		if alias != "" {
			c.findName(alias)
		}
		return &SubqueryRef{Node: Node{P: c.pos(p)}, Query: q, Alias: alias}, nil
	case *ast.Join:
		if alias != "" {
			return nil, Errorf(c.pos(c.here()), "an alias on a parenthesised join is not supported")
		}
		return c.join(src)
	}
	return nil, Errorf(c.pos(c.here()), "this FROM entry is not supported")
}

// tableName converts a table reference; placeholder names stand for
// lifted window table functions.
func (c *converter) tableName(t *ast.TableName, alias string) (TableExpr, error) {
	if item, ok := c.l.items[t.Name.O]; ok && t.Schema.O == "" && item.name != "" {
		c.find(func(tok liftToken) bool { return tok.val == t.Name.O })
		ref := &TableRef{Node: Node{P: item.namePos}, Name: item.name, Alias: alias, Hints: c.l.takeHints(item.nameLast)}
		if alias != "" {
			c.findName(alias)
		}
		return ref, nil
	}
	if t.Schema.O == "" {
		if item, ok := c.l.items[t.Name.O]; ok && item.tvf != nil {
			k := c.find(func(tok liftToken) bool { return tok.val == t.Name.O })
			w := *item.tvf
			w.Alias = alias
			if alias != "" {
				c.findName(alias)
			}
			if k >= 0 && len(c.l.takeHints(c.toks[k].off)) > 0 {
				return nil, Errorf(w.P, "hints are not allowed on a window table function")
			}
			return &w, nil
		}
	}
	if err := c.checkNames(t.Schema.O, t.Name.O); err != nil {
		return nil, err
	}
	first := t.Name.O
	name := t.Name.O
	if t.Schema.O != "" {
		first = t.Schema.O
		name = t.Schema.O + "." + t.Name.O
	}
	p := c.findName(first)
	last := p
	if t.Schema.O != "" {
		last = c.findName(t.Name.O)
	}
	if strings.HasPrefix(strings.ToLower(name), liftPrefix) {
		return nil, Errorf(c.pos(p), "this construct is not allowed here")
	}
	switch {
	case len(t.IndexHints) > 0:
		return nil, Errorf(c.pos(p), "index hints are not supported")
	case len(t.PartitionNames) > 0:
		return nil, Errorf(c.pos(p), "PARTITION selection is not supported")
	case t.TableSample != nil:
		return nil, Errorf(c.pos(p), "TABLESAMPLE is not supported")
	case t.AsOf != nil:
		return nil, Errorf(c.pos(p), "AS OF is not supported")
	}
	ref := &TableRef{Node: Node{P: c.pos(p)}, Name: name, Alias: alias, Hints: c.l.takeHints(last)}
	if alias != "" {
		c.findName(alias)
	}
	return ref, nil
}
