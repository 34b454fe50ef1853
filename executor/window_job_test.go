package executor

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// windowJob returns a graph clicks -> watermark -> TUMBLE(1s) by name
// with aggs -> sink "counts", late rows to "late_clicks".
func windowJob(aggs ...planner.WindowAggCall) (*planner.Graph, *catalog.Table, *catalog.Table) {
	late := table("late_clicks", col("ts", catalog.Timestamp), col("id", catalog.BigInt), col("extra", catalog.String))
	spec := &planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: 2, SizeMillis: 1000, Keys: []int{1},
		Aggs: aggs, LateName: "clicks", LateSink: &planner.SinkSpec{Table: late, Columns: []int{1, -1, 0}}}
	out := windowOut(spec, schemaOf(clicks.Columns...))
	cols := make([]catalog.Column, len(out))
	idx := make([]int, len(out))
	for i, f := range out {
		cols[i], idx[i] = col(f.Name, f.Type.WithoutTimeAttr()), i
	}
	counts := table("counts", cols...)
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		wmNode(1, 0, 0),
		{ID: 2, Kind: planner.OpWindowAgg, Inputs: []planner.Edge{{From: 1}}, Schema: out, WindowAgg: spec},
		{ID: 3, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 2}}, Schema: out, Sink: &planner.SinkSpec{Table: counts, Columns: idx}},
	}}
	return g, counts, late
}

// TestWindowJobLateSink runs the operator in a job: late and NULL-time
// rows go to the late table, which commits at the end.
func TestWindowJobLateSink(t *testing.T) {
	alloc := testEnv(t)
	g, _, _ := windowJob(agg("COUNT", catalog.BigInt))
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{steps: []srcStep{
		addSplit(0),
		emit(0, "1, a, 2024-01-01 00:00:01", "2, a, 2024-01-01 00:00:02.500"),
		emit(0, "3, b, 2024-01-01 00:00:01.500", "4, c, NULL"),
		splitDone(0),
	}})
	job, err := Build(g, conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	if err := runBounded(t, context.Background(), job); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a, 2024-01-01 00:00:01, 2024-01-01 00:00:02, 2024-01-01 00:00:01.999, 1",
		"a, 2024-01-01 00:00:02, 2024-01-01 00:00:03, 2024-01-01 00:00:02.999, 1",
	}
	if got := conns.sink("counts").sortedRows(); !reflect.DeepEqual(got, want) {
		t.Errorf("counts:\n%s", strings.Join(got, "\n"))
	}
	wantLate := []string{"2024-01-01 00:00:01.500, 3, NULL", "NULL, 4, NULL"}
	ls := conns.sink("late_clicks")
	if got := ls.sortedRows(); !reflect.DeepEqual(got, wantLate) {
		t.Errorf("late rows:\n%s", strings.Join(got, "\n"))
	}
	if got := ls.lifecycle(); !reflect.DeepEqual(got, []string{"commit", "close"}) {
		t.Errorf("late sink calls %v", got)
	}
	m := job.Metrics()
	if m.Get("window.clicks.late_rows") != 1 || m.Get("window.clicks.null_rowtime") != 1 || m.Get("sink.late_clicks.rows") != 2 {
		t.Errorf("metrics:\n%s", m)
	}
}

// TestWindowJobErrorAbortsLateSink: a failing window operator names
// itself and the row's source position, and its late sink is aborted.
func TestWindowJobErrorAbortsLateSink(t *testing.T) {
	alloc := testEnv(t)
	g, _, _ := windowJob(agg("SUM", catalog.BigInt, 0))
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{positioned: true, steps: []srcStep{
		addSplit(0),
		emit(0, "1, a, NULL", "9223372036854775807, a, 2024-01-01 00:00:01", "1, a, 2024-01-01 00:00:01"),
		splitDone(0),
	}})
	job, err := Build(g, conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	err = runBounded(t, context.Background(), job)
	if err == nil || !strings.Contains(err.Error(), "WindowAggregate#2") || !strings.Contains(err.Error(), "SUM(id): BIGINT overflow") {
		t.Fatalf("error %v", err)
	}
	if got := conns.sink("late_clicks").lifecycle(); !reflect.DeepEqual(got, []string{"abort", "close"}) {
		t.Errorf("late sink calls %v", got)
	}
	t.Log(err)
}
