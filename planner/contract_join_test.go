package planner_test

import (
	"fmt"
	"slices"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// checkIntervalJoin checks an OpIntervalJoin node against
// planner.IntervalJoinSpec: two inputs, key and time columns in range,
// key types equal pairwise, both time columns event-time attributes, the
// bounds ordered, the output schema the left input's columns then the
// right input's (nullable where padded, the time columns still time
// attributes), the residual a BOOLEAN over the output row, and each input
// shuffled by its keys.
func checkIntervalJoin(n *planner.PNode, g *planner.Graph) error {
	j := n.IntervalJoin
	if j == nil || len(n.Inputs) != 2 {
		return fmt.Errorf("interval join needs a spec and two inputs")
	}
	ls, rs := g.Nodes[n.Inputs[0].From].Schema, g.Nodes[n.Inputs[1].From].Schema
	if n.Inputs[0].From == n.Inputs[1].From {
		return fmt.Errorf("both inputs come from node %d", n.Inputs[0].From)
	}
	switch j.Type {
	case planner.JoinInner, planner.JoinLeft, planner.JoinRight, planner.JoinFull:
	default:
		return fmt.Errorf("unknown join type %q", j.Type)
	}
	if len(j.LeftKeys) == 0 || len(j.LeftKeys) != len(j.RightKeys) {
		return fmt.Errorf("%d left keys and %d right keys", len(j.LeftKeys), len(j.RightKeys))
	}
	inRange := func(what string, s planner.Schema, idx ...int) error {
		for _, c := range idx {
			if c < 0 || c >= len(s) {
				return fmt.Errorf("%s column %d out of range (%d columns)", what, c, len(s))
			}
		}
		return nil
	}
	for _, err := range []error{
		inRange("left key", ls, j.LeftKeys...), inRange("right key", rs, j.RightKeys...),
		inRange("left time", ls, j.LeftTime), inRange("right time", rs, j.RightTime),
	} {
		if err != nil {
			return err
		}
	}
	for i := range j.LeftKeys {
		if l, r := ls[j.LeftKeys[i]].Type, rs[j.RightKeys[i]].Type; !l.Equal(r) {
			return fmt.Errorf("key %d is %s on the left but %s on the right", i, l, r)
		}
	}
	for _, t := range []catalog.Type{ls[j.LeftTime].Type, rs[j.RightTime].Type} {
		if !t.IsTimestamp() || !t.TimeAttr {
			return fmt.Errorf("time column is %s, not an event-time attribute", t)
		}
	}
	if j.LowerMillis > j.UpperMillis {
		return fmt.Errorf("lower bound %d exceeds upper bound %d", j.LowerMillis, j.UpperMillis)
	}
	if len(n.Schema) != len(ls)+len(rs) {
		return fmt.Errorf("schema has %d columns, want %d + %d", len(n.Schema), len(ls), len(rs))
	}
	padL := j.Type == planner.JoinRight || j.Type == planner.JoinFull
	padR := j.Type == planner.JoinLeft || j.Type == planner.JoinFull
	for i, f := range n.Schema {
		in, padded, time := ls, padL, j.LeftTime
		k := i
		if i >= len(ls) {
			in, padded, time, k = rs, padR, j.RightTime, i-len(ls)
		}
		want := in[k].Type
		if !f.Type.Equal(want) || f.Type.NotNull && (padded || !want.NotNull) {
			return fmt.Errorf("column %d is %s but its input column is %s", i, f.Type, want)
		}
		if f.Type.TimeAttr != (k == time) {
			return fmt.Errorf("column %d is %s: only the time columns are time attributes", i, f.Type)
		}
	}
	if r := j.Residual; r != nil {
		if r.Type().Kind != catalog.KindBoolean {
			return fmt.Errorf("residual is %s", r.Type())
		}
		if err := checkExpr(r, n.Schema); err != nil {
			return fmt.Errorf("residual: %v", err)
		}
	}
	if !slices.Equal(n.Inputs[0].ShuffleKeys, j.LeftKeys) || !slices.Equal(n.Inputs[1].ShuffleKeys, j.RightKeys) {
		return fmt.Errorf("inputs are shuffled by %v and %v, not by the keys", n.Inputs[0].ShuffleKeys, n.Inputs[1].ShuffleKeys)
	}
	if j.LateName == "" {
		return fmt.Errorf("no late name")
	}
	return nil
}
