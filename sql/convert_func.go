package sql

import (
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
)

// literal converts a literal. Its kind and text come from the token as
// written, so that numbers keep their exact digits.
func (c *converter) literal(e ast.ValueExpr, off int, known bool) (Expr, error) {
	if !known {
		off = c.findOff(func(t liftToken) bool {
			return t.kind == liftNumber || t.kind == liftString || t.is("NULL") || t.is("TRUE") || t.is("FALSE")
		})
	}
	node := Node{P: c.pos(off)}
	if k := c.tokAt(off); k >= 0 {
		t := c.toks[k]
		switch {
		case t.kind == liftNumber:
			kind := LitInt
			if strings.ContainsAny(t.val, "eE") {
				kind = LitFloat
			} else if strings.Contains(t.val, ".") {
				kind = LitDecimal
			}
			return &Literal{Node: node, Kind: kind, Text: t.val}, nil
		case t.kind == liftString:
			// Adjacent string literals are one literal: 'ab' 'cd' is 'abcd'.
			text := t.val
			for k+1 < len(c.toks) && c.toks[k+1].kind == liftString {
				k++
				text += c.toks[k].val
				c.advanceTo(k)
			}
			return &Literal{Node: node, Kind: LitString, Text: text}, nil
		case t.is("NULL"):
			return &Literal{Node: node, Kind: LitNull, Text: "NULL"}, nil
		case t.is("TRUE") || t.is("FALSE"):
			return &Literal{Node: node, Kind: LitBool, Text: strings.ToUpper(t.val)}, nil
		}
	}
	switch v := e.GetValue().(type) {
	case nil:
		return &Literal{Node: node, Kind: LitNull, Text: "NULL"}, nil
	case string:
		return &Literal{Node: node, Kind: LitString, Text: v}, nil
	}
	return nil, Errorf(node.P, "this literal is not supported")
}

// isStarCall reports whether the call whose name is token k was written
// NAME(*).
func (c *converter) isStarCall(k int) bool {
	return k >= 0 && k+2 < len(c.toks) && c.toks[k+1].isPunct("(") && c.toks[k+2].isPunct("*")
}

// funcCall converts a plain function call, `a || b` and TRIM.
func (c *converter) funcCall(e *ast.FuncCallExpr, node Node) (Expr, error) {
	if e.FnName.L == ast.Concat && len(e.Args) == 2 && e.Args[0].OriginTextPosition() == e.OriginTextPosition() {
		x, err := c.exprs(e.Args)
		if err != nil {
			return nil, err
		}
		return &Binary{Node: node, Op: "||", L: x[0], R: x[1]}, nil
	}
	if err := c.checkNames(e.FnName.O); err != nil {
		return nil, err
	}
	if e.Schema.O != "" {
		return nil, Errorf(node.P, "qualified function names are not supported")
	}
	k := c.tokAt(node.P.Offset)
	defer c.skipGroup(k)
	name := strings.ToUpper(e.FnName.O)
	if name == "CEILING" {
		name = "CEIL"
	}
	if e.FnName.L == ast.Trim {
		return c.trim(e, node)
	}
	for _, a := range e.Args {
		if a == nil {
			return nil, Errorf(node.P, "this form of %s is not supported", name)
		}
	}
	args, err := c.exprs(e.Args)
	if err != nil {
		return nil, err
	}
	return &FuncCall{Node: node, Name: name, Args: args}, nil
}

// trim converts TRIM([BOTH|LEADING|TRAILING] [chars] FROM s) into
// TRIM(s [, chars]), LTRIM(s [, chars]) or RTRIM(s [, chars]).
func (c *converter) trim(e *ast.FuncCallExpr, node Node) (Expr, error) {
	name := "TRIM"
	var str, chars ast.ExprNode
	if len(e.Args) > 0 {
		str = e.Args[0]
	}
	if len(e.Args) > 1 && e.Args[1] != nil && e.Args[1].OriginTextPosition() > 0 {
		chars = e.Args[1] // the grammar adds an unpositioned ' ' when none is written
	}
	if len(e.Args) > 2 {
		if d, ok := e.Args[2].(*ast.TrimDirectionExpr); ok {
			switch d.Direction {
			case ast.TrimLeading:
				name = "LTRIM"
			case ast.TrimTrailing:
				name = "RTRIM"
			}
		}
	}
	if str == nil {
		return nil, Errorf(node.P, "TRIM needs a string")
	}
	if chars == nil {
		x, err := c.expr(str)
		return &FuncCall{Node: node, Name: name, Args: []Expr{x}}, err
	}
	// Convert in source order: TRIM(chars FROM str) writes chars first.
	if chars.OriginTextPosition() < str.OriginTextPosition() {
		x, err := c.exprs([]ast.ExprNode{chars, str})
		if err != nil {
			return nil, err
		}
		return &FuncCall{Node: node, Name: name, Args: []Expr{x[1], x[0]}}, nil
	}
	x, err := c.exprs([]ast.ExprNode{str, chars})
	if err != nil {
		return nil, err
	}
	return &FuncCall{Node: node, Name: name, Args: x}, nil
}

// aggregate converts an aggregate call; COUNT(*) sets Star.
func (c *converter) aggregate(e *ast.AggregateFuncExpr, node Node) (Expr, error) {
	name := strings.ToUpper(e.F)
	k := c.tokAt(node.P.Offset)
	defer c.skipGroup(k)
	if e.Order != nil || name == "GROUP_CONCAT" {
		return nil, Errorf(node.P, "%s with ORDER BY or SEPARATOR is not supported", name)
	}
	fc := &FuncCall{Node: node, Name: name, Distinct: e.Distinct}
	if name == "COUNT" && c.isStarCall(k) {
		fc.Star = true
		return fc, nil
	}
	args, err := c.exprs(e.Args)
	fc.Args = args
	return fc, err
}

// windowFunc converts f(...) OVER (PARTITION BY ... ORDER BY ...).
func (c *converter) windowFunc(e *ast.WindowFuncExpr, node Node) (Expr, error) {
	name := strings.ToUpper(e.Name)
	k := c.tokAt(node.P.Offset)
	if e.IgnoreNull || e.FromLast {
		return nil, Errorf(node.P, "IGNORE NULLS and FROM LAST are not supported")
	}
	fc := &FuncCall{Node: node, Name: name, Distinct: e.Distinct}
	if name == "COUNT" && c.isStarCall(k) {
		fc.Star = true
	} else {
		args, err := c.exprs(e.Args)
		if err != nil {
			return nil, err
		}
		fc.Args = args
	}
	c.skipGroup(k)
	over := c.find(func(t liftToken) bool { return t.is("OVER") })
	overOff := c.here()
	if over >= 0 {
		overOff = c.toks[over].off
	}
	spec := e.Spec
	switch {
	case spec.Name.O != "" || spec.Ref.O != "" || spec.OnlyAlias:
		return nil, Errorf(c.pos(overOff), "named windows are not supported yet")
	case spec.Frame != nil:
		return nil, Errorf(c.pos(overOff), "window frames (ROWS/RANGE BETWEEN) are not supported yet")
	}
	ws := &WindowSpec{Node: Node{P: c.pos(overOff)}}
	if spec.PartitionBy != nil {
		for _, it := range spec.PartitionBy.Items {
			x, err := c.expr(it.Expr)
			if err != nil {
				return nil, err
			}
			ws.PartitionBy = append(ws.PartitionBy, x)
		}
	}
	if spec.OrderBy != nil {
		items, err := c.orderItems(spec.OrderBy.Items)
		if err != nil {
			return nil, err
		}
		ws.OrderBy = items
	}
	c.skipGroup(over)
	fc.Over = ws
	return fc, nil
}
