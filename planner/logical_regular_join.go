package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// RegularJoin is a regular (unbounded) join of two streams on equal keys
// with no event-time bound (see JoinSpec): a left row l and a right row r
// match when every LeftKeys[i] of l equals RightKeys[i] of r and Residual
// (nil, or a condition over Left's columns then Right's) is TRUE.
// LeftKeys read Left's columns, RightKeys Right's, pairwise of the same
// type.
//
// The output is Left's columns then Right's, named as for an interval
// join; a padded side's columns are nullable. No column of the output is
// an event-time attribute (as in Flink): a regular join's rows can be
// retracted and re-emitted at any time, so no watermark bounds them.
type RegularJoin struct {
	Left, Right         Node
	Type                JoinType
	LeftKeys, RightKeys []Expr
	Residual            Expr
	// Pos is where the join's condition is written, for errors of
	// physical planning (a sink that cannot take its updates).
	Pos sql.Pos
	// TTL is each side's STATE_TTL hint (left, right); an empty Hint
	// means the session setting.
	TTL [2]JoinTTLHint
	// Names name each side (its table, or its alias) for the operator's
	// counters.
	Names [2]string
}

// JoinTTLHint is the state retention a STATE_TTL query hint gives one side
// of a regular join: Hint is the duration as written ("1 d"), Pos where.
type JoinTTLHint struct {
	Hint string
	Pos  sql.Pos
}

// Schema implements Node.
func (n *RegularJoin) Schema() Schema {
	return joinSchema(n.Left.Schema(), n.Right.Schema(), n.Type, -1, -1)
}

// Children implements Node.
func (n *RegularJoin) Children() []Node { return []Node{n.Left, n.Right} }

func (n *RegularJoin) withChildren(ch []Node) Node {
	c := *n
	c.Left, c.Right = ch[0], ch[1]
	return &c
}

// regularJoin turns the conditions planJoin found no time bound in into a
// regular join: j holds the keys, other the remaining conditions (in the
// order written, time comparisons of columns that are not event-time
// attributes included), which become the residual condition.
func regularJoin(j *Join, rest []Expr, notTime []timeBound) *RegularJoin {
	for _, tb := range notTime {
		rest = append(rest, tb.e)
	}
	return &RegularJoin{Left: j.Left, Right: j.Right, Type: j.Type, LeftKeys: j.LeftKeys, RightKeys: j.RightKeys,
		Residual: andAll(rest), Pos: j.Pos}
}

// asJoin views the regular join as a Join without time columns, so that
// the rules and pruning written for joins apply to it (they keep the
// outer-join semantics of both).
func (n *RegularJoin) asJoin() *Join {
	return &Join{Left: n.Left, Right: n.Right, Type: n.Type, LeftKeys: n.LeftKeys, RightKeys: n.RightKeys,
		LeftTime: -1, RightTime: -1, Residual: n.Residual, Pos: n.Pos}
}

// restore turns the Joins asJoin made (possibly under a Filter) back into
// regular joins with n's hints and names.
func (n *RegularJoin) restore(x Node) Node {
	switch x := x.(type) {
	case *Filter:
		return &Filter{Input: n.restore(x.Input), Cond: x.Cond}
	case *Join:
		out := *n
		out.Left, out.Right, out.Type = x.Left, x.Right, x.Type
		out.LeftKeys, out.RightKeys, out.Residual = x.LeftKeys, x.RightKeys, x.Residual
		return &out
	}
	return x
}

// rewriteRegularJoin applies to regular joins the join rewrites: constant
// folding of the keys and residual, the push-down of a filter above the
// join into its sides or residual, and of the residual's one-sided
// conjuncts into the sides (see pushFilterIntoJoin, pushJoinResidual).
func rewriteRegularJoin(n Node) (Node, bool) {
	switch x := n.(type) {
	case *Filter:
		rj, ok := x.Input.(*RegularJoin)
		if !ok {
			return n, false
		}
		out, ch := pushFilterIntoJoin(&Filter{Input: rj.asJoin(), Cond: x.Cond})
		if !ch {
			return n, false
		}
		return rj.restore(out), true
	case *RegularJoin:
		folded, ch1 := foldJoin(x.asJoin())
		out, ch2 := pushJoinResidual(folded)
		if !ch1 && !ch2 {
			return n, false
		}
		return x.restore(out), true
	}
	return n, false
}

// prune implements pruner: each side keeps the columns needed above it,
// its keys and the columns of the residual condition.
func (n *RegularJoin) prune(need []bool) (Node, []int, bool) {
	out, m, ch := pruneJoin(n.asJoin(), need)
	return n.restore(out), m, ch
}

// explain implements logicalExplainer.
func (n *RegularJoin) explain(b *strings.Builder) {
	out := n.Schema()
	width := len(n.Left.Schema())
	keys := make([]string, len(n.LeftKeys))
	for i := range n.LeftKeys {
		keys[i] = ExprString(remap(n.LeftKeys[i], identity(width), out)) + " = " + ExprString(shiftLeft(n.RightKeys[i], width, out))
	}
	parts := []string{"type=[" + string(n.Type) + "]", "keys=[" + strings.Join(keys, ", ") + "]"}
	if n.Residual != nil {
		parts = append(parts, "residual=["+ExprString(n.Residual)+"]")
	}
	for i, side := range []string{"left", "right"} {
		if h := n.TTL[i].Hint; h != "" {
			parts = append(parts, fmt.Sprintf("%s-ttl-hint=['%s']", side, h))
		}
	}
	fmt.Fprintf(b, "Join(%s)", strings.Join(parts, ", "))
}

// regularJoinOf returns the regular join column col of n passes through
// unchanged (through filters and projections) when the column was a time
// attribute of the join's input, or nil: a window over it then fails
// because of the join.
func regularJoinOf(n Node, col int) *RegularJoin {
	for {
		switch x := n.(type) {
		case *Filter:
			n = x.Input
		case *Project:
			c, ok := x.Exprs[col].(*ColRef)
			if !ok {
				return nil
			}
			n, col = x.Input, c.Index
		case *RegularJoin:
			ls, rs := x.Left.Schema(), x.Right.Schema()
			if col < len(ls) && ls[col].Type.TimeAttr || col >= len(ls) && rs[col-len(ls)].Type.TimeAttr {
				return x
			}
			return nil
		default:
			return nil
		}
	}
}
