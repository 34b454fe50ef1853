package planner

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow/decimal128"

	"github.com/streamsql/streamsql/catalog"
)

// foldNode folds constant expressions of a Filter or Project and removes a
// Filter whose condition is the constant TRUE.
func foldNode(n Node) (Node, bool) {
	switch n := n.(type) {
	case *Filter:
		cond, changed := fold(n.Cond)
		if c, ok := cond.(*Const); ok && c.Val == true {
			return n.Input, true
		}
		if !changed {
			return n, false
		}
		return &Filter{Input: n.Input, Cond: cond}, true
	case *Project:
		changed := false
		exprs := make([]Expr, len(n.Exprs))
		for i, e := range n.Exprs {
			var ch bool
			exprs[i], ch = fold(e)
			changed = changed || ch
		}
		if !changed {
			return n, false
		}
		return &Project{Input: n.Input, Exprs: exprs, Names: n.Names}, true
	case *Join:
		return foldJoin(n)
	}
	return n, false
}

// foldJoin folds a join's keys and residual condition (a residual that is
// always TRUE disappears).
func foldJoin(n *Join) (Node, bool) {
	out := *n
	changed := false
	foldAll := func(es []Expr) []Expr {
		res := make([]Expr, len(es))
		for i, e := range es {
			var ch bool
			res[i], ch = fold(e)
			changed = changed || ch
		}
		return res
	}
	out.LeftKeys, out.RightKeys = foldAll(n.LeftKeys), foldAll(n.RightKeys)
	if n.Residual != nil {
		var ch bool
		out.Residual, ch = fold(n.Residual)
		changed = changed || ch
		if c, ok := out.Residual.(*Const); ok && c.Val == true {
			out.Residual, changed = nil, true
		}
	}
	if !changed {
		return n, false
	}
	return &out, true
}

// fold evaluates the parts of e that do not depend on the row: integer
// arithmetic that does not overflow, comparisons of constants, boolean
// logic with a constant side, IS [NOT] NULL of a constant and CASTs of
// constants between integer types or from a string to a date or timestamp.
func fold(e Expr) (Expr, bool) {
	c, ok := e.(*Call)
	if !ok {
		return e, false
	}
	changed := false
	args := make([]Expr, len(c.Args))
	for i, a := range c.Args {
		var ch bool
		args[i], ch = fold(a)
		changed = changed || ch
	}
	call := c
	if changed {
		call = &Call{Fn: c.Fn, Args: args, T: c.T}
	}
	if out := foldCall(call); out != nil {
		return out, true
	}
	return call, changed
}

func constOf(e Expr) (*Const, bool) {
	c, ok := e.(*Const)
	return c, ok
}

func boolConst(v bool) *Const { return &Const{Val: v, T: boolType(true)} }

func foldCall(c *Call) Expr {
	switch c.Fn {
	case "AND", "OR":
		return foldLogic(c)
	case "NOT":
		if a, ok := constOf(c.Args[0]); ok {
			if v, ok := a.Val.(bool); ok {
				return boolConst(!v)
			}
		}
	case "IS NULL", "IS NOT NULL":
		if a, ok := constOf(c.Args[0]); ok {
			return boolConst((a.Val == nil) == (c.Fn == "IS NULL"))
		}
	case "CAST":
		return foldCast(c)
	case "+", "-", "*":
		return foldArith(c)
	case "=", "<>", "<", "<=", ">", ">=":
		return foldCompare(c)
	}
	return nil
}

func foldLogic(c *Call) Expr {
	short := c.Fn == "OR" // the value that decides the result
	for i, a := range c.Args {
		k, ok := constOf(a)
		if !ok {
			continue
		}
		if v, ok := k.Val.(bool); ok {
			if v == short {
				return boolConst(short)
			}
			return c.Args[1-i]
		}
	}
	return nil
}

func foldCast(c *Call) Expr {
	a, ok := constOf(c.Args[0])
	if !ok {
		return nil
	}
	t := c.T
	t.NotNull = a.Val != nil
	if a.Val == nil {
		return &Const{T: t}
	}
	if t.Kind == catalog.KindDecimal {
		return foldToDecimal(a, t)
	}
	switch v := a.Val.(type) {
	case int64:
		if a.T.IsInteger() && t.IsInteger() && fitsInt(v, t.Kind) {
			return &Const{Val: v, T: t}
		}
		if a.T.IsInteger() && (t.Kind == catalog.KindDouble || t.Kind == catalog.KindFloat) && v > -1<<53 && v < 1<<53 {
			return &Const{Val: float64(v), T: t}
		}
	case string:
		switch t.Kind {
		case catalog.KindDate, catalog.KindTimestamp, catalog.KindTimestampLTZ:
			if k, ok := parseTimeConst(v, t.Kind); ok {
				k.T.Precision = t.Precision
				return k
			}
		case catalog.KindString:
			if t.Length == 0 {
				return &Const{Val: v, T: t}
			}
		}
	}
	return nil
}

// foldToDecimal converts an integer or decimal constant to DECIMAL t when
// the value fits exactly.
func foldToDecimal(a *Const, t catalog.Type) Expr {
	var n decimal128.Num
	var scale int32
	switch v := a.Val.(type) {
	case int64:
		if !a.T.IsInteger() {
			return nil
		}
		n = decimal128.FromI64(v)
	case decimal128.Num:
		n, scale = v, int32(a.T.Scale)
	default:
		return nil
	}
	out, err := n.Rescale(scale, int32(t.Scale))
	if err != nil || !out.FitsInPrecision(int32(t.Precision)) {
		return nil
	}
	return &Const{Val: out, T: t}
}

func fitsInt(v int64, k catalog.Kind) bool {
	switch k {
	case catalog.KindTinyInt:
		return v >= math.MinInt8 && v <= math.MaxInt8
	case catalog.KindSmallInt:
		return v >= math.MinInt16 && v <= math.MaxInt16
	case catalog.KindInt:
		return v >= math.MinInt32 && v <= math.MaxInt32
	}
	return true
}

func foldArith(c *Call) Expr {
	a, ok1 := constOf(c.Args[0])
	b, ok2 := constOf(c.Args[1])
	if !ok1 || !ok2 || !c.T.IsInteger() {
		return nil
	}
	x, ok1 := a.Val.(int64)
	y, ok2 := b.Val.(int64)
	if !ok1 || !ok2 {
		return nil
	}
	var r int64
	switch c.Fn {
	case "+":
		r = x + y
		if (r > x) != (y > 0) {
			return nil
		}
	case "-":
		r = x - y
		if (r < x) != (y > 0) {
			return nil
		}
	case "*":
		if x != 0 && (x*y/x != y || (x == -1 && y == math.MinInt64) || (y == -1 && x == math.MinInt64)) {
			return nil
		}
		r = x * y
	}
	if !fitsInt(r, c.T.Kind) {
		return nil
	}
	t := c.T
	t.NotNull = true
	return &Const{Val: r, T: t}
}

func foldCompare(c *Call) Expr {
	a, ok1 := constOf(c.Args[0])
	b, ok2 := constOf(c.Args[1])
	if !ok1 || !ok2 || a.Val == nil || b.Val == nil {
		return nil
	}
	var cmp int
	switch x := a.Val.(type) {
	case int64:
		y, ok := b.Val.(int64)
		if !ok {
			return nil
		}
		cmp = order(x < y, x > y)
	case float64:
		y, ok := b.Val.(float64)
		if !ok || math.IsNaN(x) || math.IsNaN(y) {
			return nil
		}
		cmp = order(x < y, x > y)
	case string:
		y, ok := b.Val.(string)
		if !ok {
			return nil
		}
		cmp = order(x < y, x > y)
	case bool:
		y, ok := b.Val.(bool)
		if !ok {
			return nil
		}
		cmp = order(!x && y, x && !y)
	default:
		return nil
	}
	switch c.Fn {
	case "=":
		return boolConst(cmp == 0)
	case "<>":
		return boolConst(cmp != 0)
	case "<":
		return boolConst(cmp < 0)
	case "<=":
		return boolConst(cmp <= 0)
	case ">":
		return boolConst(cmp > 0)
	}
	return boolConst(cmp >= 0)
}

func order(less, greater bool) int {
	switch {
	case less:
		return -1
	case greater:
		return 1
	}
	return 0
}
