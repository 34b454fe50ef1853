package executor

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// failJob builds clicks -> sink out and other (blocking) -> sink out2.
func failJob(t *testing.T, alloc memory.Allocator, clicksSteps []srcStep, setup func(*fakeSink)) (*Job, *fakeConns) {
	t.Helper()
	other := table("other", colID, colName, colTS)
	conns := newFakeConns()
	conns.sinkSetup = setup
	conns.source("clicks", &scriptSource{steps: clicksSteps, block: true})
	conns.source("other", &scriptSource{steps: []srcStep{emit(0, "9, z, NULL")}, block: true})
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		sinkNode(1, 0, table("out", colID, colName, colTS)),
		sourceNode(2, other),
		sinkNode(3, 2, table("out2", colID, colName, colTS)),
	}}
	job, err := Build(g, conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	return job, conns
}

func checkAborted(t *testing.T, conns *fakeConns, names ...string) {
	t.Helper()
	for _, n := range names {
		if got := conns.sink(n).lifecycle(); !reflect.DeepEqual(got, []string{"abort", "close"}) {
			t.Errorf("sink %s calls %v, want abort then close", n, got)
		}
	}
	for name, s := range conns.sources {
		select {
		case <-s.closed:
		default:
			t.Errorf("source %s not closed", name)
		}
	}
}

func TestJobErrors(t *testing.T) {
	rows := []srcStep{emit(0, "1, a, 2024-01-01 00:00:01", "2, b, NULL")}
	for _, tc := range []struct {
		name  string
		steps []srcStep
		setup func(*fakeSink)
		want  string
	}{
		{"sink error", rows, func(s *fakeSink) {
			if s.name == "out" {
				s.failWrite = errors.New("disk full")
			}
		}, "Sink#1 (out): disk full"},
		{"sink panic", rows, func(s *fakeSink) {
			if s.name == "out" {
				s.panicOn = "write"
			}
		}, "(out): panic: sink write exploded"},
		{"source error", []srcStep{{kind: "fail"}}, nil, "Source#0 (clicks): source broke"},
		{"source schema", []srcStep{{kind: "wrong"}}, nil, "Source#0 (clicks): batch of split 0: 1 columns, want 3"},
		{"source panic", []srcStep{{kind: "panic"}}, nil, "Source#0 (clicks): panic: source exploded"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			alloc := testEnv(t)
			job, conns := failJob(t, alloc, tc.steps, tc.setup)
			err := runBounded(t, context.Background(), job)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
			checkAborted(t, conns, "out", "out2")
		})
	}
}

func TestJobCancel(t *testing.T) {
	alloc := testEnv(t)
	job, conns := failJob(t, alloc, []srcStep{emit(0, "1, a, 2024-01-01 00:00:01")}, nil)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	errc := startJob(ctx, job)
	deadline := time.Now().Add(waitLimit)
	for len(conns.sink("out").sortedRows()) == 0 || len(conns.sink("out2").sortedRows()) == 0 {
		if time.Now().After(deadline) {
			t.Fatal("rows did not reach the sinks")
		}
		time.Sleep(5 * time.Millisecond)
	}
	cancel()
	if err := waitJob(t, errc); !errors.Is(err, context.Canceled) {
		t.Fatalf("Run returned %v, want context.Canceled", err)
	}
	checkAborted(t, conns, "out", "out2")
	if err := job.Run(context.Background()); err == nil {
		t.Error("a second Run succeeded")
	}
}

func TestBuildErrors(t *testing.T) {
	alloc := testEnv(t)
	bad := func(nodes ...*planner.PNode) *planner.Graph { return &planner.Graph{Nodes: nodes} }
	for _, tc := range []struct {
		name string
		g    *planner.Graph
		want string
	}{
		{"empty", bad(), "empty graph"},
		{"unknown kind", bad(sourceNode(0, clicks), passNode(1, "Mystery", 0)), `Mystery#1: no operator for kind "Mystery"`},
		{"forward edge", bad(sourceNode(0, clicks), passNode(1, planner.OpUnion, 2)), "reads node 2"},
		{"no query sink", bad(sourceNode(0, clicks), &planner.PNode{ID: 1, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 0}}, Sink: &planner.SinkSpec{}}), "Sink#1: a query sink is needed"},
		{"sink type", bad(sourceNode(0, clicks), sinkNode(1, 0, table("out", colID, colName, col("ts", catalog.BigInt)))), "Sink#1 (out): column ts: input type"},
		{"no source", bad(sourceNode(0, table("nope", colID))), "Source#0 (nope): no fake source nope"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			conns := newFakeConns()
			conns.source("clicks", &scriptSource{})
			_, err := Build(tc.g, conns, Options{Alloc: alloc})
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want %q", err, tc.want)
			}
		})
	}
	// A job that is built but never run releases its connectors on Close.
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{})
	job, err := Build(bad(sourceNode(0, clicks), sinkNode(1, 0, table("out", colID, colName, colTS))), conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	if err := job.Close(); err != nil {
		t.Fatal(err)
	}
	checkAborted(t, conns, "out")
	if err := job.Run(context.Background()); err == nil || !strings.Contains(err.Error(), "already run or closed") {
		t.Errorf("Run after Close: %v", err)
	}
}

func TestJobCalcRowError(t *testing.T) {
	alloc := testEnv(t)
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{positioned: true, steps: []srcStep{
		{kind: "add", split: 0},
		emit(0, "1, 7, NULL", "2, x, NULL", "3, 8, NULL", "4, bad, NULL"),
	}})
	out := schemaOf(col("n", catalog.Int))
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		{ID: 1, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 0}}, Schema: out, Calc: &planner.CalcSpec{
			Filter:      call("<>", catalog.Boolean, ref(0, colID), lit(int64(2), catalog.BigInt)),
			Projections: []planner.Expr{call("CAST", catalog.Int, ref(1, colName))},
		}},
		{ID: 2, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 1}}, Schema: out,
			Sink: &planner.SinkSpec{Table: table("out", col("n", catalog.Int)), Columns: []int{0}}},
	}}
	job, err := Build(g, conns, Options{Alloc: alloc})
	if err != nil {
		t.Fatal(err)
	}
	err = runBounded(t, context.Background(), job)
	// The failing row is the 4th of the source batch (position 3), found
	// through the filter that dropped row 1; its source position (13 in
	// split-0) and the table it was headed for are named.
	want := "Calc#1 (INSERT INTO out): split-0:13: column n = CAST(name($1) AS INT): row (id=4, name=bad, ts=NULL): "
	if err == nil || !strings.HasPrefix(err.Error(), want) {
		t.Fatalf("error %v, want prefix %q", err, want)
	}
	var re *eval.RowError
	if !errors.As(err, &re) {
		t.Errorf("error %v does not wrap the *eval.RowError", err)
	}
	var rowErr *RowError
	if !errors.As(err, &rowErr) || rowErr.Row != 3 {
		t.Errorf("error %v does not carry input row 3", err)
	}
	checkAborted(t, conns, "out")
}

// faulty is a pass-through operator that fails or panics on demand.
type faulty struct {
	probe
	failAt string
}

func (f *faulty) act(at string) error {
	switch f.failAt {
	case at:
		return errors.New("broken at " + at)
	case at + "-panic":
		panic("exploded at " + at)
	}
	return nil
}

func (f *faulty) Open(ctx *OpContext, out Emitter) error {
	f.out = out
	return f.act("open")
}

func (f *faulty) OnBatch(i int, rec arrow.Record) error {
	if err := f.act("batch"); err != nil {
		return err
	}
	return f.out.Emit(rec)
}

func (f *faulty) OnEnd() error { return f.act("end") }

func (f *faulty) Close() error { return f.act("close") }

func TestJobOperatorFailures(t *testing.T) {
	for _, at := range []string{"build-panic", "open", "open-panic", "batch", "batch-panic", "end", "close", "close-panic"} {
		t.Run(at, func(t *testing.T) {
			alloc := testEnv(t)
			job, conns, err := faultyJob(alloc, at)
			if at == "build-panic" {
				if err == nil || !strings.Contains(err.Error(), "Faulty#1 (INSERT INTO out): panic: exploded at build") {
					t.Fatalf("Build error %v", err)
				}
				select {
				case <-conns.sources["clicks"].closed:
				default:
					t.Error("the source built before the failure was not closed")
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			err = runBounded(t, context.Background(), job)
			want := "Faulty#1 (INSERT INTO out): broken at "
			if strings.HasSuffix(at, "-panic") {
				want = "Faulty#1 (INSERT INTO out): panic: exploded at "
			}
			if err == nil || !strings.Contains(err.Error(), want) {
				t.Fatalf("error %v, want %q", err, want)
			}
			if at == "close" || at == "close-panic" {
				// The operator failed only while closing, after the sink
				// committed.
				return
			}
			checkAborted(t, conns, "out")
		})
	}
}

// faultyJob builds clicks -> Faulty -> sink out.
func faultyJob(alloc memory.Allocator, at string) (*Job, *fakeConns, error) {
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{steps: []srcStep{emit(0, "1, a, NULL")}, block: at != "end" && at != "close" && at != "close-panic"})
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		sinkNode(2, 1, table("out", colID, colName, colTS)),
	}}
	g.Nodes = []*planner.PNode{g.Nodes[0], passNode(1, "Faulty", 0), g.Nodes[1]}
	factory := func(*planner.Graph, *planner.PNode) (Operator, error) {
		if at == "build-panic" {
			panic("exploded at build")
		}
		return &faulty{failAt: at}, nil
	}
	job, err := Build(g, conns, Options{Alloc: alloc, Operators: map[planner.OpKind]OperatorFactory{"Faulty": factory}})
	return job, conns, err
}
