package planner

import (
	"fmt"
	"strings"
)

// nodeKey identifies what a physical node computes: two nodes with the
// same key produce the same rows and can be one node.
func nodeKey(n *PNode) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s|%v|%s|", n.Kind, n.Inputs, n.Changelog)
	for _, f := range n.Schema {
		fmt.Fprintf(&b, "%s:%s,", f.Name, f.Type)
	}
	switch {
	case n.Source != nil:
		fmt.Fprintf(&b, "|%p|%v", n.Source.Table, n.Source.Columns)
	case n.Watermark != nil:
		fmt.Fprintf(&b, "|%d|%s|%d", n.Watermark.TimeCol, exprKey(n.Watermark.Expr), n.Watermark.IdleTimeoutMillis)
	case n.WindowAgg != nil:
		b.WriteString(windowAggKey(n.WindowAgg))
	case n.IntervalJoin != nil:
		b.WriteString(intervalJoinKey(n.IntervalJoin))
	case n.GroupAgg != nil:
		fmt.Fprintf(&b, "|%+v", *n.GroupAgg)
	case n.Rank != nil:
		fmt.Fprintf(&b, "|%+v", *n.Rank)
	case n.WindowRank != nil:
		fmt.Fprintf(&b, "|%+v", *n.WindowRank)
	case n.WindowTVF != nil:
		fmt.Fprintf(&b, "|%+v", *n.WindowTVF)
	case n.Normalize != nil:
		fmt.Fprintf(&b, "|%+v", *n.Normalize)
	case n.Join != nil:
		j := *n.Join
		j.Residual = nil
		fmt.Fprintf(&b, "|%+v|%s", j, optExprKey(n.Join.Residual))
	case n.WindowJoin != nil:
		j := *n.WindowJoin
		j.Residual = nil
		fmt.Fprintf(&b, "|%+v|%s", j, optExprKey(n.WindowJoin.Residual))
	case n.Calc != nil:
		if n.Calc.Filter != nil {
			b.WriteString("|" + exprKey(n.Calc.Filter))
		}
		for _, e := range n.Calc.Projections {
			b.WriteString("|" + exprKey(e))
		}
	}
	return b.String()
}

// exprKey renders an expression with every type, so that two keys are
// equal only for identical expressions.
func exprKey(e Expr) string {
	switch e := e.(type) {
	case *ColRef:
		return fmt.Sprintf("$%d:%s", e.Index, e.T)
	case *Const:
		return fmt.Sprintf("%s:%s", constString(e), e.T)
	case *Call:
		args := make([]string, len(e.Args))
		for i, a := range e.Args {
			args[i] = exprKey(a)
		}
		return fmt.Sprintf("%s:%s(%s)", e.Fn, e.T, strings.Join(args, ","))
	}
	return fmt.Sprintf("%T", e)
}

// optExprKey is exprKey, or "" for nil.
func optExprKey(e Expr) string {
	if e == nil {
		return ""
	}
	return exprKey(e)
}
