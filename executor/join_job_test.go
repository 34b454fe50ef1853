package executor

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// joinJob returns a graph clicks -> watermark and views -> watermark,
// LEFT interval join on name with l.ts - r.ts in [-1s, 1s] and the
// given residual, -> sink "joined".
func joinJob(residual planner.Expr) *planner.Graph {
	views := table("views", colID, colName, colTS)
	spec := &planner.IntervalJoinSpec{Type: planner.JoinLeft, LeftKeys: []int{1}, RightKeys: []int{1}, LeftTime: 2, RightTime: 2,
		LowerMillis: -1000, UpperMillis: 1000, Residual: residual, LateName: "cv"}
	out := append(schemaOf(clicks.Columns...), schemaOf(views.Columns...)...)
	cols := make([]catalog.Column, len(out))
	idx := make([]int, len(out))
	for i, f := range out {
		cols[i], idx[i] = col(f.Name+string(rune('0'+i)), f.Type.WithoutTimeAttr()), i
	}
	joined := table("joined", cols...)
	rwm := wmNode(3, 2, 0)
	return &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks), wmNode(1, 0, 0), sourceNode(2, views), rwm,
		{ID: 4, Kind: planner.OpIntervalJoin, Inputs: []planner.Edge{{From: 1}, {From: 3}}, Schema: out, IntervalJoin: spec},
		{ID: 5, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 4}}, Schema: out, Sink: &planner.SinkSpec{Table: joined, Columns: idx}},
	}}
}

// TestJoinJob runs the interval join in a job over two bounded sources:
// the final watermark flushes the unmatched left rows.
func TestJoinJob(t *testing.T) {
	alloc := testEnv(t)
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{steps: []srcStep{
		addSplit(0),
		emit(0, "1, a, 2024-01-01 00:00:01", "2, b, 2024-01-01 00:00:02", "3, NULL, 2024-01-01 00:00:03"),
		splitDone(0),
	}})
	conns.source("views", &scriptSource{steps: []srcStep{
		addSplit(0),
		emit(0, "10, a, 2024-01-01 00:00:00", "11, a, 2024-01-01 00:00:02.001", "12, b, 2024-01-01 00:00:01"),
		splitDone(0),
	}})
	job, err := Build(joinJob(nil), conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	if err := runBounded(t, context.Background(), job); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1, a, 2024-01-01 00:00:01, 10, a, 2024-01-01 00:00:00",
		"2, b, 2024-01-01 00:00:02, 12, b, 2024-01-01 00:00:01",
		"3, NULL, 2024-01-01 00:00:03, NULL, NULL, NULL",
	}
	if got := conns.sink("joined").sortedRows(); !reflect.DeepEqual(got, want) {
		t.Errorf("joined:\n%s", strings.Join(got, "\n"))
	}
}

// TestJoinJobRowError: a failing join condition names the operator and
// the row.
func TestJoinJobRowError(t *testing.T) {
	alloc := testEnv(t)
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{positioned: true, steps: []srcStep{
		addSplit(0), emit(0, "9999999999, a, 2024-01-01 00:00:01"), splitDone(0),
	}})
	conns.source("views", &scriptSource{steps: []srcStep{
		addSplit(0), emit(0, "1, a, 2024-01-01 00:00:01"), splitDone(0),
	}})
	bad := call("=", catalog.Boolean, call("CAST", catalog.Int, ref(0, colID)), lit(int64(1), catalog.Int))
	job, err := Build(joinJob(bad), conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	err = runBounded(t, context.Background(), job)
	if err == nil || !strings.Contains(err.Error(), "IntervalJoin#4") || !strings.Contains(err.Error(), "9999999999") {
		t.Fatalf("error %v", err)
	}
	t.Log(err)
}
