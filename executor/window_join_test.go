package executor

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Window join test inputs: left k STRING, v BIGINT, ws, we TIMESTAMP(3);
// right rk STRING, w BIGINT, rws, rwe TIMESTAMP(3). The rows carry their
// windows, as a window table function emits them.
var (
	wjLeft  = schemaOf(col("k", catalog.String), col("v", catalog.BigInt), col("ws", catalog.Timestamp), col("we", catalog.Timestamp))
	wjRight = schemaOf(col("rk", catalog.String), col("w", catalog.BigInt), col("rws", catalog.Timestamp), col("rwe", catalog.Timestamp))
)

// wjSpec is the test spec: keys k = rk, windows (ws, we) = (rws, rwe).
func wjSpec(typ planner.JoinType, residual planner.Expr) *planner.WindowJoinSpec {
	return &planner.WindowJoinSpec{Type: typ, LeftKeys: []int{0}, RightKeys: []int{0},
		LeftWindowStart: 2, LeftWindowEnd: 3, RightWindowStart: 2, RightWindowEnd: 3, Residual: residual, LateName: "wj"}
}

// wjCase registers a harness case for spec over wjLeft and wjRight.
func wjCase(name string, spec *planner.WindowJoinSpec) {
	harnessCases[name] = func(t *testing.T) opHarness {
		l := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: wjLeft}
		r := &planner.PNode{ID: 1, Kind: planner.OpSource, Schema: wjRight}
		n := &planner.PNode{ID: 2, Kind: planner.OpWindowJoin, Inputs: []planner.Edge{{From: 0}, {From: 1}},
			Schema: append(append(planner.Schema(nil), wjLeft...), wjRight...), WindowJoin: spec}
		g := &planner.Graph{Nodes: []*planner.PNode{l, r, n}}
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, wjLeft), arrowSchemaT(t, wjRight)}, node: n,
			newOp: func() (Operator, error) { return newWindowJoin(g, n) },
		}
	}
}

func init() {
	wjCase("window_join_inner", wjSpec(planner.JoinInner, nil))
	wjCase("window_join_left", wjSpec(planner.JoinLeft, nil))
	wjCase("window_join_right", wjSpec(planner.JoinRight, nil))
	wjCase("window_join_full", wjSpec(planner.JoinFull, nil))
	// v < w over the joined row (v is column 1, w column 5).
	residual := call("<", catalog.Boolean, ref(1, col("v", catalog.BigInt)), ref(5, col("w", catalog.BigInt)))
	wjCase("window_join_residual", wjSpec(planner.JoinFull, residual))
	// Windows only, no equi-key.
	nokey := wjSpec(planner.JoinInner, nil)
	nokey.LeftKeys, nokey.RightKeys = nil, nil
	wjCase("window_join_nokey", nokey)
}

func TestWindowJoinFactoryErrors(t *testing.T) {
	mod := func(f func(s *planner.WindowJoinSpec)) planner.WindowJoinSpec {
		s := wjSpec(planner.JoinInner, nil)
		f(s)
		return *s
	}
	out := append(append(planner.Schema(nil), wjLeft...), wjRight...)
	cases := []struct {
		spec planner.WindowJoinSpec
		want string
	}{
		{mod(func(s *planner.WindowJoinSpec) { s.Type = "SEMI" }), `join type "SEMI" is not supported`},
		{mod(func(s *planner.WindowJoinSpec) { s.RightKeys = nil }), "1 left keys and 0 right keys"},
		{mod(func(s *planner.WindowJoinSpec) { s.LeftWindowEnd = 1 }), "left window bound column 1 is not a timestamp"},
		{mod(func(s *planner.WindowJoinSpec) { s.RightWindowStart = 9 }), "right window bound column 9 is not a timestamp"},
		{mod(func(s *planner.WindowJoinSpec) { s.RightKeys = []int{7} }), "right key column 7 out of range"},
		{mod(func(s *planner.WindowJoinSpec) { s.RightKeys = []int{1} }), "key 0 compares utf8 with int64"},
	}
	for _, c := range cases {
		_, err := newWindowJoinFor(&c.spec, wjLeft, wjRight, out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.spec, err, c.want)
		}
	}
	if _, err := newWindowJoinFor(wjSpec(planner.JoinInner, nil), wjLeft, wjRight, wjLeft); err == nil || !strings.Contains(err.Error(), "4 output columns, want 8") {
		t.Errorf("short output schema: got %v", err)
	}
}
