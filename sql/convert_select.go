package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// selectStmt converts one SELECT block.
func (c *converter) selectStmt(n *ast.SelectStmt) (Query, error) {
	with, withPos, err := c.ctes(n.With)
	if err != nil {
		return nil, err
	}
	if n.Kind != ast.SelectStmtKindSelect {
		return nil, Errorf(c.pos(c.here()), "%s is not supported here", strings.ToUpper(n.Kind.String()))
	}
	selK := c.find(func(t liftToken) bool { return t.is("SELECT") })
	selOff := c.here()
	if selK >= 0 {
		selOff = c.toks[selK].off
	}
	sel := &Select{Node: Node{P: c.pos(selOff)}, Distinct: n.Distinct}
	attachWith(sel, with, withPos)
	if selK >= 0 {
		sel.Hints = c.l.takeHints(selOff)
	}
	if err := c.checkSelectOpts(n, selOff); err != nil {
		return nil, err
	}
	if n.Fields != nil {
		for _, f := range n.Fields.Fields {
			item, err := c.selectItem(f)
			if err != nil {
				return nil, err
			}
			sel.Items = append(sel.Items, item)
		}
	}
	if n.From != nil && n.From.TableRefs != nil {
		c.findWord("FROM")
		if sel.From, err = c.tableExpr(n.From.TableRefs); err != nil {
			return nil, err
		}
	}
	if n.Where != nil {
		if sel.Where, err = c.expr(n.Where); err != nil {
			return nil, err
		}
	}
	if n.GroupBy != nil {
		if n.GroupBy.Rollup {
			return nil, Errorf(c.pos(c.findWord("ROLLUP")), "WITH ROLLUP is not supported")
		}
		for _, it := range n.GroupBy.Items {
			e, err := c.expr(it.Expr)
			if err != nil {
				return nil, err
			}
			sel.GroupBy = append(sel.GroupBy, e)
		}
	}
	if n.Having != nil {
		if sel.Having, err = c.expr(n.Having.Expr); err != nil {
			return nil, err
		}
	}
	if len(n.WindowSpecs) > 0 {
		return nil, Errorf(c.pos(c.findWord("WINDOW")), "named windows (WINDOW w AS ...) are not supported yet")
	}
	if n.OrderBy != nil {
		if sel.OrderBy, err = c.orderItems(n.OrderBy.Items); err != nil {
			return nil, err
		}
	}
	if n.Limit != nil {
		if sel.Limit, err = c.limit(n.Limit); err != nil {
			return nil, err
		}
	}
	return sel, nil
}

// checkSelectOpts rejects MySQL-only SELECT options.
func (c *converter) checkSelectOpts(n *ast.SelectStmt, at int) error {
	switch {
	case n.LockInfo != nil && n.LockInfo.LockType != ast.SelectLockNone:
		return Errorf(c.pos(at), "locking clauses (FOR UPDATE, ...) are not supported")
	case n.SelectIntoOpt != nil:
		return Errorf(c.pos(at), "SELECT ... INTO is not supported")
	case n.SelectStmtOpts != nil && (n.SelectStmtOpts.StraightJoin || n.SelectStmtOpts.CalcFoundRows ||
		n.SelectStmtOpts.Priority != 0 || n.SelectStmtOpts.SQLSmallResult || n.SelectStmtOpts.SQLBigResult ||
		n.SelectStmtOpts.SQLBufferResult):
		return Errorf(c.pos(at), "MySQL SELECT options are not supported")
	}
	return nil
}

// selectItem converts one select list entry.
func (c *converter) selectItem(f *ast.SelectField) (SelectItem, error) {
	if err := c.checkNames(f.AsName.O); err != nil {
		return SelectItem{}, err
	}
	if f.WildCard != nil {
		if err := c.checkNames(f.WildCard.Schema.O, f.WildCard.Table.O); err != nil {
			return SelectItem{}, err
		}
		if f.WildCard.Schema.O != "" {
			return SelectItem{}, Errorf(c.pos(c.findName(f.WildCard.Schema.O)), "schema-qualified stars are not supported")
		}
		if t := f.WildCard.Table.O; t != "" {
			p := c.findName(t)
			c.find(func(t liftToken) bool { return t.isPunct("*") })
			return SelectItem{Node: Node{P: c.pos(p)}, Star: true, StarTable: t}, nil
		}
		p := c.findOff(func(t liftToken) bool { return t.isPunct("*") })
		return SelectItem{Node: Node{P: c.pos(p)}, Star: true}, nil
	}
	e, err := c.expr(f.Expr)
	if err != nil {
		return SelectItem{}, err
	}
	item := SelectItem{Node: Node{P: e.Position()}, Expr: e, Alias: f.AsName.O}
	if item.Alias != "" {
		c.findName(item.Alias)
	}
	return item, nil
}

// orderItems converts ORDER BY entries.
func (c *converter) orderItems(items []*ast.ByItem) ([]OrderItem, error) {
	var out []OrderItem
	for _, it := range items {
		e, err := c.expr(it.Expr)
		if err != nil {
			return nil, err
		}
		out = append(out, OrderItem{Node: Node{P: e.Position()}, Expr: e, Desc: it.Desc})
	}
	return out, nil
}

// limit converts LIMIT n; OFFSET is not supported.
func (c *converter) limit(l *ast.Limit) (Expr, error) {
	at := c.findWord("LIMIT")
	if l.Offset != nil {
		return nil, Errorf(c.pos(at), "LIMIT with an offset is not supported")
	}
	return c.expr(l.Count)
}
