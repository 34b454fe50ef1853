package executor

import (
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Interval join test inputs: left k STRING, v BIGINT, ts TIMESTAMP(3);
// right k STRING, w BIGINT, ts TIMESTAMP(3).
var (
	jLeft  = schemaOf(col("k", catalog.String), col("v", catalog.BigInt), col("ts", catalog.Timestamp))
	jRight = schemaOf(col("rk", catalog.String), col("w", catalog.BigInt), col("rts", catalog.Timestamp))
)

// joinGraph returns a graph of two sources feeding an interval join node
// with spec over inputs left and right.
func joinGraph(spec *planner.IntervalJoinSpec, left, right planner.Schema) (*planner.Graph, *planner.PNode) {
	l := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: left}
	r := &planner.PNode{ID: 1, Kind: planner.OpSource, Schema: right}
	out := append(append(planner.Schema(nil), left...), right...)
	n := &planner.PNode{ID: 2, Kind: planner.OpIntervalJoin, Inputs: []planner.Edge{{From: 0}, {From: 1}},
		Schema: out, IntervalJoin: spec}
	return &planner.Graph{Nodes: []*planner.PNode{l, r, n}}, n
}

// joinCase registers a harness case for spec over jLeft and jRight.
func joinCase(name string, spec *planner.IntervalJoinSpec) {
	harnessCases[name] = func(t *testing.T) opHarness {
		g, n := joinGraph(spec, jLeft, jRight)
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, jLeft), arrowSchemaT(t, jRight)}, node: n,
			newOp: func() (Operator, error) { return newIntervalJoin(g, n) },
		}
	}
}

// jSpec is the test spec: keys k = rk, r.ts - 2s <= l.ts <= r.ts + 1s.
func jSpec(typ planner.JoinType, residual planner.Expr) *planner.IntervalJoinSpec {
	return &planner.IntervalJoinSpec{Type: typ, LeftKeys: []int{0}, RightKeys: []int{0}, LeftTime: 2, RightTime: 2,
		LowerMillis: -2000, UpperMillis: 1000, Residual: residual, LateName: "j"}
}

func init() {
	joinCase("interval_join_inner", jSpec(planner.JoinInner, nil))
	joinCase("interval_join_left", jSpec(planner.JoinLeft, nil))
	joinCase("interval_join_right", jSpec(planner.JoinRight, nil))
	joinCase("interval_join_full", jSpec(planner.JoinFull, nil))
	// v + w <> 11, over the joined row (v is column 1, w column 4).
	residual := call("<>", catalog.Boolean,
		call("+", catalog.BigInt, ref(1, col("v", catalog.BigInt)), ref(4, col("w", catalog.BigInt))), lit(int64(11), catalog.BigInt))
	joinCase("interval_join_residual", jSpec(planner.JoinFull, residual))
	// CAST(w AS INT) as a row-level error: a BIGINT that does not fit.
	bad := call("=", catalog.Boolean, call("CAST", catalog.Int, ref(4, col("w", catalog.BigInt))), lit(int64(1), catalog.Int))
	joinCase("interval_join_row_error", jSpec(planner.JoinInner, bad))
}

func TestIntervalJoinFactoryErrors(t *testing.T) {
	mod := func(f func(s *planner.IntervalJoinSpec)) planner.IntervalJoinSpec {
		s := jSpec(planner.JoinInner, nil)
		f(s)
		return *s
	}
	cases := []struct {
		spec planner.IntervalJoinSpec
		want string
	}{
		{mod(func(s *planner.IntervalJoinSpec) { s.Type = "SEMI" }), `join type "SEMI" is not supported`},
		{mod(func(s *planner.IntervalJoinSpec) { s.LowerMillis = 5000 }), "lower bound 5000 ms is above the upper bound 1000 ms"},
		{mod(func(s *planner.IntervalJoinSpec) { s.RightKeys = nil }), "1 left keys and 0 right keys"},
		{mod(func(s *planner.IntervalJoinSpec) { s.LowerMillis = -1 << 63 }), "out of range"},
		{mod(func(s *planner.IntervalJoinSpec) { s.LeftTime = 1 }), "left time column 1 is not a timestamp"},
		{mod(func(s *planner.IntervalJoinSpec) { s.RightKeys = []int{7} }), "right key column 7 out of range"},
		{mod(func(s *planner.IntervalJoinSpec) { s.RightKeys = []int{1} }), "key 0 compares utf8 with int64"},
	}
	for _, c := range cases {
		g, n := joinGraph(&c.spec, jLeft, jRight)
		_, err := newIntervalJoin(g, n)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.spec, err, c.want)
		}
	}
	g, n := joinGraph(jSpec(planner.JoinInner, nil), jLeft, jRight)
	n.Inputs = n.Inputs[:1]
	if _, err := newIntervalJoin(g, n); err == nil || !strings.Contains(err.Error(), "needs two inputs") {
		t.Errorf("one input: error %v", err)
	}
}

// TestIntervalJoinManyPairs: one row with more partners than fit in one
// output batch; the residual keeps the even ones.
func TestIntervalJoinManyPairs(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	even := call("=", catalog.Boolean, call("%", catalog.BigInt, ref(4, col("w", catalog.BigInt)), lit(int64(2), catalog.BigInt)),
		lit(int64(0), catalog.BigInt))
	op, err := newIntervalJoinFor(jSpec(planner.JoinFull, even), jLeft, jRight, append(append(planner.Schema(nil), jLeft...), jRight...))
	if err != nil {
		t.Fatal(err)
	}
	out, _ := openCapture(t, op, alloc, "J", nil)
	defer op.Close()
	const n = 2*joinEmitMaxRows + 5
	lines := make([]string, n)
	for i := range lines {
		lines[i] = fmt.Sprintf("a, %d, 2024-01-01 00:00:10", i)
	}
	for side, rows := range [][]string{lines, {"a, 1, 2024-01-01 00:00:10"}} {
		rec, err := parseRows(alloc, arrowSchemaT(t, []planner.Schema{jRight, jLeft}[side]), rows)
		if err != nil {
			t.Fatal(err)
		}
		err = op.OnBatch(1-side, rec)
		rec.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(out.rows) != (n+1)/2 {
		t.Fatalf("%d pairs, want %d", len(out.rows), (n+1)/2)
	}
	if _, err := op.OnWatermark(MaxWatermark); err != nil {
		t.Fatal(err)
	}
	if len(out.rows) != n {
		t.Fatalf("%d rows after the final watermark, want %d", len(out.rows), n)
	}
	for _, r := range out.rows[(n+1)/2:] {
		if !strings.HasPrefix(r, "NULL, NULL, NULL, a, ") {
			t.Fatalf("unexpected padded row %q", r)
		}
	}
}
