package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Regular join test inputs: left k STRING, v BIGINT; right rk STRING,
// w BIGINT; joined on k = rk.
var (
	rjLeft  = schemaOf(col("k", catalog.String), col("v", catalog.BigInt))
	rjRight = schemaOf(col("rk", catalog.String), col("w", catalog.BigInt))
)

// rjoinGraph returns a graph of two sources (updating when updating)
// feeding a regular join node with spec.
func rjoinGraph(spec *planner.JoinSpec, left, right planner.Schema, updating bool) (*planner.Graph, *planner.PNode) {
	mode := planner.ChangelogAppend
	if updating {
		mode = planner.ChangelogRetract
	}
	l := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: left, Changelog: mode}
	r := &planner.PNode{ID: 1, Kind: planner.OpSource, Schema: right, Changelog: mode}
	out := append(append(planner.Schema(nil), left...), right...)
	outMode := planner.ChangelogRetract
	if !updating && spec.Type == planner.JoinInner {
		outMode = planner.ChangelogAppend
	}
	n := &planner.PNode{ID: 2, Kind: planner.OpJoin, Inputs: []planner.Edge{{From: 0}, {From: 1}},
		Schema: out, Join: spec, Changelog: outMode}
	return &planner.Graph{Nodes: []*planner.PNode{l, r, n}}, n
}

// rjoinCase registers a harness case for spec over rjLeft and rjRight.
func rjoinCase(name string, spec *planner.JoinSpec, updating bool) {
	harnessCases[name] = func(t *testing.T) opHarness {
		g, n := rjoinGraph(spec, rjLeft, rjRight, updating)
		in := []*arrow.Schema{arrowSchemaT(t, rjLeft), arrowSchemaT(t, rjRight)}
		if updating {
			in = []*arrow.Schema{WithRowKind(in[0]), WithRowKind(in[1])}
		}
		return opHarness{inputs: in, node: n, newOp: func() (Operator, error) { return newRegularJoin(g, n) }}
	}
}

func rjSpec(typ planner.JoinType) *planner.JoinSpec {
	return &planner.JoinSpec{Type: typ, LeftKeys: []int{0}, RightKeys: []int{0}, Name: "j"}
}

func init() {
	for _, typ := range []planner.JoinType{planner.JoinInner, planner.JoinLeft, planner.JoinRight, planner.JoinFull} {
		rjoinCase("regular_join_"+string(typ), rjSpec(typ), true)
	}
	rjoinCase("regular_join_append", rjSpec(planner.JoinInner), false)
	// v + w <> 11, over the joined row (v is column 1, w column 3).
	res := rjSpec(planner.JoinFull)
	res.Residual = call("<>", catalog.Boolean,
		call("+", catalog.BigInt, ref(1, col("v", catalog.BigInt)), ref(3, col("w", catalog.BigInt))), lit(int64(11), catalog.BigInt))
	rjoinCase("regular_join_residual", res, true)
	ttl := rjSpec(planner.JoinLeft)
	ttl.LeftTTLMillis, ttl.RightTTLMillis = 1000, 500
	rjoinCase("regular_join_ttl", ttl, true)
}
