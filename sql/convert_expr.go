package sql

import (
	"fmt"
	"strings"

	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/opcode"
)

// binaryOps maps the grammar's operators to the spelling in Binary.Op.
var binaryOps = map[opcode.Op]string{
	opcode.Plus: "+", opcode.Minus: "-", opcode.Mul: "*", opcode.Div: "/", opcode.Mod: "%",
	opcode.EQ: "=", opcode.NE: "<>", opcode.LT: "<", opcode.LE: "<=", opcode.GT: ">", opcode.GE: ">=",
	opcode.LogicAnd: "AND", opcode.LogicOr: "OR",
}

// unsupportedOps names MySQL operators that have no Flink meaning.
var unsupportedOps = map[opcode.Op]string{
	opcode.IntDiv: "DIV", opcode.And: "&", opcode.Or: "|", opcode.Xor: "^", opcode.LeftShift: "<<",
	opcode.RightShift: ">>", opcode.LogicXor: "XOR", opcode.NullEQ: "<=>", opcode.BitNeg: "~", opcode.Not2: "!",
}

// at returns the position of a grammar expression, or the cursor's.
func (c *converter) at(e ast.ExprNode) (int, bool) {
	if off, ok := c.exprOff(e); ok {
		return off, true
	}
	return c.here(), false
}

// exprs converts a list of expressions.
func (c *converter) exprs(list []ast.ExprNode) ([]Expr, error) {
	out := make([]Expr, 0, len(list))
	for _, e := range list {
		x, err := c.expr(e)
		if err != nil {
			return nil, err
		}
		out = append(out, x)
	}
	return out, nil
}

// opName spells an operator for an error message.
func opName(op opcode.Op) string {
	if s, ok := unsupportedOps[op]; ok {
		return s
	}
	return strings.ToUpper(op.String())
}

// expr converts one expression.
func (c *converter) expr(e ast.ExprNode) (Expr, error) {
	if e == nil {
		return nil, Errorf(c.pos(c.here()), "expected an expression")
	}
	off, known := c.at(e)
	if _, ok := e.(*ast.PositionExpr); ok && !known {
		off = c.findOff(func(t liftToken) bool { return t.kind == liftNumber })
	}
	node := Node{P: c.pos(off)}
	switch e := e.(type) {
	case *ast.ColumnNameExpr:
		return c.column(e, node)
	case ast.ValueExpr:
		return c.literal(e, off, known)
	case *ast.ParenthesesExpr:
		return c.expr(e.Expr)
	case *ast.UnaryOperationExpr:
		x, err := c.expr(e.V)
		if err != nil {
			return nil, err
		}
		switch e.Op {
		case opcode.Minus:
			return &Unary{Node: node, Op: "-", X: x}, nil
		case opcode.Plus:
			return &Unary{Node: node, Op: "+", X: x}, nil
		case opcode.Not:
			return &Unary{Node: node, Op: "NOT", X: x}, nil
		}
		return nil, Errorf(node.P, "operator %s is not supported", opName(e.Op))
	case *ast.BinaryOperationExpr:
		return c.binary(e, node)
	case *ast.IsNullExpr:
		x, err := c.expr(e.Expr)
		return &IsNull{Node: node, X: x, Not: e.Not}, err
	case *ast.IsTruthExpr:
		x, err := c.expr(e.Expr)
		return &IsBool{Node: node, X: x, Not: e.Not, Value: e.True != 0}, err
	case *ast.PatternInExpr:
		return c.in(e, node)
	case *ast.BetweenExpr:
		x, err := c.exprs([]ast.ExprNode{e.Expr, e.Left, e.Right})
		if err != nil {
			return nil, err
		}
		return &Between{Node: node, X: x[0], Lo: x[1], Hi: x[2], Not: e.Not}, nil
	case *ast.PatternLikeOrIlikeExpr:
		return c.like(e, node)
	case *ast.CaseExpr:
		return c.caseExpr(e, node)
	case *ast.SubqueryExpr:
		q, err := c.query(e.Query)
		return &SubqueryExpr{Node: node, Query: q}, err
	case *ast.ExistsSubqueryExpr:
		sub, err := c.expr(e.Sel)
		if err != nil {
			return nil, err
		}
		s, ok := sub.(*SubqueryExpr)
		if !ok {
			return nil, Errorf(node.P, "EXISTS needs a subquery")
		}
		s.P, s.Exists, s.Not = node.P, true, e.Not
		return s, nil
	case *ast.FuncCallExpr:
		return c.funcCall(e, node)
	case *ast.AggregateFuncExpr:
		return c.aggregate(e, node)
	case *ast.WindowFuncExpr:
		return c.windowFunc(e, node)
	case *ast.TimeUnitExpr:
		return c.timeUnit(e.Unit.String(), off)
	}
	return nil, Errorf(node.P, "%s is not supported", describeGrammarNode(e))
}

// describeGrammarNode names an unsupported grammar node for an error.
func describeGrammarNode(e ast.ExprNode) string {
	switch e.(type) {
	case *ast.RowExpr:
		return "a row value (a, b)"
	case *ast.CompareSubqueryExpr:
		return "comparison with ANY/ALL/SOME"
	case *ast.PatternRegexpExpr:
		return "REGEXP"
	case *ast.VariableExpr:
		return "a variable"
	case ast.ParamMarkerExpr:
		return "a parameter marker"
	case *ast.DefaultExpr:
		return "DEFAULT"
	case *ast.PositionExpr:
		return "a column position (ORDER BY 1)"
	case *ast.FuncCastExpr:
		return "this conversion"
	case *ast.SetCollationExpr:
		return "COLLATE"
	case *ast.MatchAgainst:
		return "MATCH ... AGAINST"
	}
	name := strings.TrimPrefix(fmt.Sprintf("%T", e), "*ast.")
	return "expression " + strings.TrimSuffix(name, "Expr")
}

// column converts a column reference or a lifted placeholder.
func (c *converter) column(e *ast.ColumnNameExpr, node Node) (Expr, error) {
	n := e.Name
	if n.Schema.O == "" && n.Table.O == "" {
		if item, ok := c.l.items[n.Name.O]; ok {
			switch {
			case item.name != "":
				return nil, Errorf(node.P, "column references have at most two parts (table.column): %s", item.name)
			case item.expr == nil:
				return nil, Errorf(node.P, "a window table function is not allowed here")
			}
			return item.expr, nil
		}
	}
	if err := c.checkNames(n.Table.O); err != nil {
		return nil, err
	}
	if n.Schema.O != "" {
		return nil, Errorf(node.P, "column references with a schema (%s.%s.%s) are not supported", n.Schema.O, n.Table.O, n.Name.O)
	}
	if k := c.tokAt(node.P.Offset); k >= 0 && n.Table.O != "" && k+2 < len(c.toks) && c.toks[k+1].isPunct(".") {
		c.advanceTo(k + 2) // past the qualifier and the name
	}
	return &ColumnRef{Node: node, Table: n.Table.O, Name: n.Name.O}, nil
}

// binary converts an infix operator.
func (c *converter) binary(e *ast.BinaryOperationExpr, node Node) (Expr, error) {
	op, ok := binaryOps[e.Op]
	if !ok {
		return nil, Errorf(node.P, "operator %s is not supported", opName(e.Op))
	}
	x, err := c.exprs([]ast.ExprNode{e.L, e.R})
	if err != nil {
		return nil, err
	}
	if k := c.tokAt(node.P.Offset); k >= 0 && c.toks[k].is("MOD") {
		node.P = c.pos(c.toks[k].off)
		c.skipGroup(k)
	}
	return &Binary{Node: node, Op: op, L: x[0], R: x[1]}, nil
}

// in converts X [NOT] IN (list) and X [NOT] IN (subquery).
func (c *converter) in(e *ast.PatternInExpr, node Node) (Expr, error) {
	x, err := c.expr(e.Expr)
	if err != nil {
		return nil, err
	}
	if e.Sel != nil {
		sub, err := c.expr(e.Sel)
		if err != nil {
			return nil, err
		}
		s, ok := sub.(*SubqueryExpr)
		if !ok {
			return nil, Errorf(node.P, "IN needs a list or a subquery")
		}
		s.P, s.In, s.Not = node.P, x, e.Not
		return s, nil
	}
	list, err := c.exprs(e.List)
	if err != nil {
		return nil, err
	}
	return &InList{Node: node, X: x, List: list, Not: e.Not}, nil
}

// like converts X [NOT] LIKE pattern [ESCAPE 'c'].
func (c *converter) like(e *ast.PatternLikeOrIlikeExpr, node Node) (Expr, error) {
	if !e.IsLike {
		return nil, Errorf(node.P, "ILIKE is not supported yet")
	}
	x, err := c.exprs([]ast.ExprNode{e.Expr, e.Pattern})
	if err != nil {
		return nil, err
	}
	l := &Like{Node: node, X: x[0], Pattern: x[1], Not: e.Not}
	if e.EscapeExplicit {
		c.find(func(t liftToken) bool { return t.is("ESCAPE") })
		k := c.find(func(t liftToken) bool { return t.kind == liftString })
		if k < 0 {
			return nil, Errorf(node.P, "expected a string after ESCAPE")
		}
		l.Escape = &Literal{Node: Node{P: c.pos(c.toks[k].off)}, Kind: LitString, Text: c.toks[k].val}
	}
	return l, nil
}

// caseExpr converts both forms of CASE.
func (c *converter) caseExpr(e *ast.CaseExpr, node Node) (Expr, error) {
	out := &Case{Node: node}
	var err error
	if e.Value != nil {
		if out.Operand, err = c.expr(e.Value); err != nil {
			return nil, err
		}
	}
	for _, w := range e.WhenClauses {
		x, err := c.exprs([]ast.ExprNode{w.Expr, w.Result})
		if err != nil {
			return nil, err
		}
		out.Whens = append(out.Whens, When{Cond: x[0], Result: x[1]})
	}
	if e.ElseClause != nil {
		if out.Else, err = c.expr(e.ElseClause); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// timeUnit converts a bare time unit argument; its position is the next
// word under the cursor when the grammar did not record one.
func (c *converter) timeUnit(unit string, off int) (Expr, error) {
	unit = strings.ToUpper(unit)
	if k := c.tokAt(off); k < 0 || !c.toks[k].is(unit) {
		off = c.findOff(func(t liftToken) bool { return t.is(unit) })
	}
	if unit == "MICROSECOND" || strings.Contains(unit, "_") {
		return nil, Errorf(c.pos(off), "time unit %s is not supported", unit)
	}
	return &TimeUnit{Node: Node{P: c.pos(off)}, Unit: unit}, nil
}
