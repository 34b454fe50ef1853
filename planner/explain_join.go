package planner

import (
	"fmt"
	"strings"
)

// intervalJoinState is the state an IntervalJoin keeps, as EXPLAIN shows
// it.
const intervalJoinState = "rows of each side until the watermark passes their bound"

// joinParts renders a join for EXPLAIN over its output schema out (left
// columns, then right columns): the type, the key pairs, the time
// condition and the residual condition. leftKeys and rightKeys are over
// out.
func joinParts(t JoinType, out Schema, leftKeys, rightKeys []Expr, ltime, rtime int, lower, upper int64, residual Expr) []string {
	keys := make([]string, len(leftKeys))
	for i := range leftKeys {
		keys[i] = ExprString(leftKeys[i]) + " = " + ExprString(rightKeys[i])
	}
	r := fmt.Sprintf("%s($%d)", out[rtime].Name, rtime)
	parts := []string{
		"type=[" + string(t) + "]",
		"keys=[" + strings.Join(keys, ", ") + "]",
		fmt.Sprintf("time=[%s($%d) BETWEEN %s AND %s]", out[ltime].Name, ltime, offsetString(r, lower), offsetString(r, upper)),
	}
	if residual != nil {
		parts = append(parts, "residual=["+ExprString(residual)+"]")
	}
	return parts
}

// explainJoin renders a logical Join.
func explainJoin(b *strings.Builder, n *Join) {
	out := n.Schema()
	width := len(n.Left.Schema())
	lk := make([]Expr, len(n.LeftKeys))
	rk := make([]Expr, len(n.RightKeys))
	for i := range n.LeftKeys {
		lk[i] = remap(n.LeftKeys[i], identity(width), out)
		rk[i] = shiftLeft(n.RightKeys[i], width, out)
	}
	parts := joinParts(n.Type, out, lk, rk, n.LeftTime, width+n.RightTime, n.LowerMillis, n.UpperMillis, n.Residual)
	fmt.Fprintf(b, "IntervalJoin(%s)", strings.Join(parts, ", "))
}

// intervalJoinSpecParts renders the specification of an OpIntervalJoin
// node for EXPLAIN, naming every column by its index in the node's output
// schema (the left input's columns, then the right input's).
func intervalJoinSpecParts(n *PNode, left Schema) []string {
	j := n.IntervalJoin
	width := len(left)
	lk := make([]Expr, len(j.LeftKeys))
	rk := make([]Expr, len(j.RightKeys))
	for i := range j.LeftKeys {
		lk[i] = colRef(n.Schema, j.LeftKeys[i])
		rk[i] = colRef(n.Schema, width+j.RightKeys[i])
	}
	parts := joinParts(j.Type, n.Schema, lk, rk, j.LeftTime, width+j.RightTime, j.LowerMillis, j.UpperMillis, j.Residual)
	return append(parts, "late-name=["+j.LateName+"]")
}

// intervalJoinKey renders what an IntervalJoin computes, for nodeKey.
func intervalJoinKey(j *IntervalJoinSpec) string {
	k := fmt.Sprintf("|%s|%v|%v|%d|%d|%d|%d|%s", j.Type, j.LeftKeys, j.RightKeys, j.LeftTime, j.RightTime, j.LowerMillis, j.UpperMillis, j.LateName)
	if j.Residual != nil {
		k += "|" + exprKey(j.Residual)
	}
	return k
}
