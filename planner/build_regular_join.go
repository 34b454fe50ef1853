package planner

import (
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// regularJoinState is the state a regular Join keeps, as EXPLAIN shows it.
const regularJoinState = "rows of each side by key, with a count per identical row and its number of matches; each side's rows expire after its ttl"

func init() {
	opSpecParts[OpJoin] = regularJoinSpecParts
	opState[OpJoin] = regularJoinState
}

// ttlScope holds the STATE_TTL hints of the SELECT block being bound and
// the names of the inputs of its stateful operators (for "did you mean").
type ttlScope struct {
	hints  []*ttlHint
	inputs []string
	// stateful is set when an operator of the block read the hints; only
	// then must every hint name one of its inputs.
	stateful bool
}

// withTTLHints makes the STATE_TTL hints of a SELECT the ones its regular
// joins read, until done is called (at the end of the SELECT's binding);
// done reports a hint that named no input of a stateful operator of the
// block, and restores the enclosing SELECT's hints.
func (b *binder) withTTLHints(hints []sql.Hint) (done func() error, err error) {
	hs, err := stateTTLHints(hints)
	if err != nil {
		return nil, err
	}
	outer := b.ttl
	sc := &ttlScope{hints: hs}
	b.ttl = sc
	return func() error {
		b.ttl = outer
		if !sc.stateful {
			return nil
		}
		return unusedTTL(sc.hints, sc.inputs)
	}, nil
}

// sideNames returns the names a STATE_TTL hint may use for a join input
// (its alias, its table name), or none for a nested join.
func sideNames(te sql.TableExpr) []string {
	switch t := te.(type) {
	case *sql.TableRef:
		if t.Alias != "" {
			return []string{t.Alias, t.Name}
		}
		return []string{t.Name}
	case *sql.SubqueryRef:
		return []string{t.Alias}
	}
	return nil
}

// nameJoinSides gives a regular join the retention the SELECT's STATE_TTL
// hints set for its two direct inputs, and names its sides for its
// counters.
func (b *binder) nameJoinSides(j *RegularJoin, te *sql.JoinExpr) {
	for i, side := range []sql.TableExpr{te.Left, te.Right} {
		names := sideNames(side)
		j.Names[i] = "join"
		if len(names) > 0 {
			j.Names[i] = names[len(names)-1]
		}
		if b.ttl == nil {
			continue
		}
		b.ttl.stateful = true
		b.ttl.inputs = append(b.ttl.inputs, names...)
		j.TTL[i].Hint, j.TTL[i].Pos = ttlFor(b.ttl.hints, names...)
	}
}

// buildPhysical implements physicalBuilder: Calc -> Join <- Calc, each
// side's Calc applying the filters pushed into that side and computing
// its key columns (as for an interval join). The output is append when
// the join is INNER and both inputs are append, retract otherwise.
func (n *RegularJoin) buildPhysical(b *physBuilder) (int, []int, error) {
	// A regular join has no time column: joinInput's time result is
	// ignored.
	lid, lm, lkeys, _, err := b.joinInput(n.Left, n.LeftKeys, 0)
	if err != nil {
		return 0, nil, err
	}
	rid, rm, rkeys, _, err := b.joinInput(n.Right, n.RightKeys, 0)
	if err != nil {
		return 0, nil, err
	}
	if rid == lid {
		// A stream joined with itself: the right side gets its own node.
		s := b.g.Nodes[rid].Schema
		rid = b.addUnique(&PNode{Kind: OpCalc, Inputs: []Edge{{From: rid}}, Schema: s, Calc: &CalcSpec{Projections: selectCols(identity(len(s)), s, s)}})
	}
	var ttl [2]int64
	for i := range ttl {
		if ttl[i], err = b.stateTTL(n.TTL[i].Hint, n.TTL[i].Pos); err != nil {
			return 0, nil, err
		}
	}
	ls, rs := b.g.Nodes[lid].Schema, b.g.Nodes[rid].Schema
	out := joinSchema(ls, rs, n.Type, -1, -1)
	m := append([]int(nil), lm...)
	for _, j := range rm {
		m = append(m, len(ls)+j)
	}
	spec := &JoinSpec{Type: n.Type, LeftKeys: lkeys, RightKeys: rkeys, LeftTTLMillis: ttl[0], RightTTLMillis: ttl[1]}
	if n.Residual != nil {
		spec.Residual = remap(n.Residual, m, out)
	}
	mode := ChangelogRetract
	if n.Type == JoinInner && !b.g.Nodes[lid].Changelog.Updating() && !b.g.Nodes[rid].Changelog.Updating() {
		mode = ChangelogAppend
	}
	node := &PNode{Kind: OpJoin, Inputs: []Edge{{From: lid, ShuffleKeys: lkeys}, {From: rid, ShuffleKeys: rkeys}},
		Schema: out, Join: spec, Changelog: mode, Pos: n.Pos}
	return b.addShared(node, func() {
		if b.lateNames == nil {
			b.lateNames = map[string]bool{}
		}
		spec.Name = uniqueName(n.Names[0]+"_"+n.Names[1], b.lateNames)
	}), m, nil
}

// regularJoinSpecParts renders the specification of an OpJoin node for
// EXPLAIN, naming every column by its index in the node's output schema
// (the left input's columns, then the right input's): type, keys,
// residual, each side's state retention and the counters' name.
func regularJoinSpecParts(g *Graph, n *PNode) []string {
	j := n.Join
	width := len(g.Nodes[n.Inputs[0].From].Schema)
	keys := make([]string, len(j.LeftKeys))
	for i := range j.LeftKeys {
		keys[i] = ExprString(colRef(n.Schema, j.LeftKeys[i])) + " = " + ExprString(colRef(n.Schema, width+j.RightKeys[i]))
	}
	parts := []string{"type=[" + string(j.Type) + "]", "keys=[" + strings.Join(keys, ", ") + "]"}
	if j.Residual != nil {
		parts = append(parts, "residual=["+ExprString(j.Residual)+"]")
	}
	return append(parts, "left-ttl=["+ttlString(j.LeftTTLMillis)+"]", "right-ttl=["+ttlString(j.RightTTLMillis)+"]", "name=["+j.Name+"]")
}
