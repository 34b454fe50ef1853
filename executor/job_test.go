package executor

import (
	"context"
	"reflect"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// testEnv gives a test a checked allocator and checks, at cleanup, that
// every buffer was released and no goroutine was left behind.
func testEnv(t *testing.T) *memory.CheckedAllocator {
	t.Helper()
	before := runtime.NumGoroutine()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	t.Cleanup(func() {
		checkGoroutines(t, before)
		alloc.AssertSize(t, 0)
	})
	return alloc
}

// runBounded runs job and fails the test if it does not return in time.
func runBounded(t *testing.T, ctx context.Context, job *Job) error {
	t.Helper()
	errc := startJob(ctx, job)
	return waitJob(t, errc)
}

func startJob(ctx context.Context, job *Job) chan error {
	errc := make(chan error, 1)
	go func() { errc <- job.Run(ctx) }()
	return errc
}

func waitJob(t *testing.T, errc chan error) error {
	t.Helper()
	select {
	case err := <-errc:
		return err
	case <-time.After(waitLimit):
		t.Fatal("job did not finish in time")
		return nil
	}
}

var clicks = table("clicks", colID, colName, colTS)

// sourceNode reads every column of t.
func sourceNode(id int, t *catalog.Table) *planner.PNode {
	idx := make([]int, len(t.Columns))
	for i := range idx {
		idx[i] = i
	}
	return &planner.PNode{ID: id, Kind: planner.OpSource, Schema: schemaOf(t.Columns...), Source: &planner.SourceSpec{Table: t, Columns: idx}}
}

// wmNode assigns watermarks from column ts (index 2) of clicks rows.
func wmNode(id, from int, idle int64) *planner.PNode {
	return &planner.PNode{ID: id, Kind: planner.OpWatermark, Inputs: []planner.Edge{{From: from}}, Schema: schemaOf(clicks.Columns...),
		Watermark: &planner.WatermarkSpec{TimeCol: 2, Expr: ref(2, colTS), IdleTimeoutMillis: idle}}
}

func passNode(id int, kind planner.OpKind, from ...int) *planner.PNode {
	n := &planner.PNode{ID: id, Kind: kind, Schema: schemaOf(clicks.Columns...)}
	for _, f := range from {
		n.Inputs = append(n.Inputs, planner.Edge{From: f})
	}
	return n
}

// sinkNode writes clicks-shaped rows into t, column i to table column i.
func sinkNode(id, from int, t *catalog.Table) *planner.PNode {
	return &planner.PNode{ID: id, Kind: planner.OpSink, Inputs: []planner.Edge{{From: from}}, Schema: schemaOf(clicks.Columns...),
		Sink: &planner.SinkSpec{Table: t, Columns: []int{0, 1, 2}}}
}

func TestJobPipeline(t *testing.T) {
	alloc := testEnv(t)
	// out has a physical column the query omits (note, NULL-filled) and a
	// computed and a metadata column that sinks do not write.
	out := table("out", col("id", catalog.BigInt), col("note", catalog.String), col("ts", catalog.Timestamp),
		catalog.Column{Name: "c", Type: catalog.Int, Kind: catalog.Computed},
		catalog.Column{Name: "m", Type: catalog.BigInt, Kind: catalog.Metadata, MetadataKey: "offset"})
	calcOut := schemaOf(colTS, colID)
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{steps: []srcStep{
		addSplit(0), addSplit(1),
		emit(0, "1, a, 2024-01-01 00:00:01", "2, b, 2024-01-01 00:00:03"),
		emit(1, "3, c, 2024-01-01 00:00:02"),
		emit(0, "4, NULL, 2024-01-01 00:00:05"),
		splitDone(0),
		emit(1, "5, e, 2024-01-01 00:00:04", "6, f, NULL"),
		splitDone(1),
	}})
	p := newProbe()
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		wmNode(1, 0, 0),
		passNode(2, probeKind, 1),
		{ID: 3, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 2}}, Schema: calcOut,
			Calc: &planner.CalcSpec{Projections: []planner.Expr{ref(2, colTS), ref(0, colID)}}},
		{ID: 4, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 3}}, Schema: calcOut,
			Sink: &planner.SinkSpec{Table: out, Columns: []int{2, 0}}},
	}}
	job, err := Build(g, conns, Options{Alloc: alloc, Operators: map[planner.OpKind]OperatorFactory{probeKind: p.factory()}})
	if err != nil {
		t.Fatal(err)
	}
	if err := runBounded(t, context.Background(), job); err != nil {
		t.Fatal(err)
	}
	sink := conns.sink("out")
	want := []string{
		"1, NULL, 2024-01-01 00:00:01", "2, NULL, 2024-01-01 00:00:03", "3, NULL, 2024-01-01 00:00:02",
		"4, NULL, 2024-01-01 00:00:05", "5, NULL, 2024-01-01 00:00:04", "6, NULL, NULL",
	}
	if got := sink.sortedRows(); !reflect.DeepEqual(got, want) {
		t.Errorf("rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	if got := sink.lifecycle(); !reflect.DeepEqual(got, []string{"commit", "close"}) {
		t.Errorf("sink calls %v", got)
	}
	// Min over splits: split 1 holds back at 00:00:02, then 00:00:04; the
	// end of input brings MAX.
	wantWM := []int64{mustTS("2024-01-01 00:00:02"), mustTS("2024-01-01 00:00:04"), MaxWatermark}
	if got := p.watermarks(); !reflect.DeepEqual(got, wantWM) {
		t.Errorf("watermarks %v, want %v", fmtWMs(got), fmtWMs(wantWM))
	}
	m := job.Metrics()
	if m.Get("sink.out.rows") != 6 || m.Get("source.clicks.rows") != 6 || m.Get("watermark.clicks.null_rowtime") != 1 {
		t.Errorf("metrics:\n%s", m)
	}
}

func TestJobUnionFanOut(t *testing.T) {
	alloc := testEnv(t)
	other := table("other", colID, colName, colTS)
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{steps: []srcStep{
		addSplit(0), addSplit(1),
		emit(0, "1, a, 2024-01-01 00:00:01"), emit(1, "2, b, 2024-01-01 00:00:02"), emit(0, "3, c, 2024-01-01 00:00:03"),
	}})
	conns.source("other", &scriptSource{steps: []srcStep{emit(0, "10, x, 2024-01-02 00:00:00", "11, y, NULL")}})
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		sourceNode(1, other),
		passNode(2, planner.OpUnion, 0, 1),
		sinkNode(3, 2, table("out1", colID, colName, colTS)),
		sinkNode(4, 2, table("out2", colID, colName, colTS)),
	}}
	g.Nodes[4].Sink.Columns = nil // no column list: physical columns in order
	job, err := Build(g, conns, Options{Alloc: alloc, ChannelSize: 1})
	if err != nil {
		t.Fatal(err)
	}
	if err := runBounded(t, context.Background(), job); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"1, a, 2024-01-01 00:00:01", "10, x, 2024-01-02 00:00:00", "11, y, NULL",
		"2, b, 2024-01-01 00:00:02", "3, c, 2024-01-01 00:00:03",
	}
	for _, name := range []string{"out1", "out2"} {
		s := conns.sink(name)
		if got := s.sortedRows(); !reflect.DeepEqual(got, want) {
			t.Errorf("%s rows:\n%s", name, strings.Join(got, "\n"))
		}
		if got := s.lifecycle(); !reflect.DeepEqual(got, []string{"commit", "close"}) {
			t.Errorf("%s calls %v", name, got)
		}
	}
}

func TestJobQuerySink(t *testing.T) {
	alloc := testEnv(t)
	conns := newFakeConns()
	conns.source("clicks", &scriptSource{steps: []srcStep{emit(0, "1, a, 2024-01-01 00:00:01")}})
	qs := &fakeSink{}
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		{ID: 1, Kind: planner.OpSink, Inputs: []planner.Edge{{From: 0}}, Schema: schemaOf(clicks.Columns...), Sink: &planner.SinkSpec{}},
	}}
	opts := Options{Alloc: alloc, QuerySink: func(s *arrow.Schema) (Sink, error) { qs.schema = s; return qs, nil }}
	job, err := Build(g, conns, opts)
	if err != nil {
		t.Fatal(err)
	}
	if err := runBounded(t, context.Background(), job); err != nil {
		t.Fatal(err)
	}
	if got := qs.sortedRows(); !reflect.DeepEqual(got, []string{"1, a, 2024-01-01 00:00:01"}) {
		t.Errorf("rows %v", got)
	}
	if job.Metrics().Get("sink.query.rows") != 1 {
		t.Errorf("metrics:\n%s", job.Metrics())
	}
}

// liveGraph builds source(s) -> assigner -> ... -> probe -> sink with
// live-scripted sources; it returns the graph and the step channels.
func liveJob(t *testing.T, alloc memory.Allocator, p *probe, clock *fakeClock, idle int64, tables ...*catalog.Table) (*Job, *fakeConns, []chan srcStep) {
	t.Helper()
	conns := newFakeConns()
	var chans []chan srcStep
	var nodes []*planner.PNode
	var wms []int
	for i, tb := range tables {
		ch := make(chan srcStep)
		chans = append(chans, ch)
		conns.source(tb.Name, &scriptSource{live: ch})
		nodes = append(nodes, sourceNode(2*i, tb), wmNode(2*i+1, 2*i, idle))
		wms = append(wms, 2*i+1)
	}
	id := 2 * len(tables)
	last := wms[0]
	if len(wms) > 1 {
		nodes = append(nodes, passNode(id, planner.OpUnion, wms...))
		last = id
		id++
	}
	nodes = append(nodes, passNode(id, probeKind, last), sinkNode(id+1, id, table("out", colID, colName, colTS)))
	opts := Options{Alloc: alloc, Clock: clock.Now, TickInterval: -1,
		Operators: map[planner.OpKind]OperatorFactory{probeKind: p.factory()}}
	job, err := Build(&planner.Graph{Nodes: nodes}, conns, opts)
	if err != nil {
		t.Fatal(err)
	}
	return job, conns, chans
}

func send(t *testing.T, ch chan srcStep, steps ...srcStep) {
	t.Helper()
	for _, s := range steps {
		select {
		case ch <- s:
		case <-time.After(waitLimit):
			t.Fatal("source step not taken in time")
		}
	}
}

func TestJobWatermarkMinAcrossInputs(t *testing.T) {
	alloc := testEnv(t)
	p, clock := newProbe(), &fakeClock{}
	a, b := table("a", colID, colName, colTS), table("b", colID, colName, colTS)
	job, conns, ch := liveJob(t, alloc, p, clock, 0, a, b)
	errc := startJob(context.Background(), job)
	send(t, ch[0], addSplit(0), emit(0, "1, a, 2024-01-01 00:00:10"))
	send(t, ch[1], addSplit(0), emit(0, "2, b, 2024-01-01 00:00:05"))
	p.waitFor(t, "min of inputs", lastWM(mustTS("2024-01-01 00:00:05")))
	send(t, ch[0], emit(0, "3, a, 2024-01-01 00:00:20"))
	send(t, ch[1], emit(0, "4, b, 2024-01-01 00:00:08"))
	p.waitFor(t, "b advances", func(rows int64, wms []int64) bool {
		return rows == 4 && lastWM(mustTS("2024-01-01 00:00:08"))(rows, wms)
	})
	close(ch[1]) // b ends: it no longer holds the union back
	p.waitFor(t, "b ended", lastWM(mustTS("2024-01-01 00:00:20")))
	close(ch[0])
	if err := waitJob(t, errc); err != nil {
		t.Fatal(err)
	}
	want := []int64{mustTS("2024-01-01 00:00:05"), mustTS("2024-01-01 00:00:08"), mustTS("2024-01-01 00:00:20"), MaxWatermark}
	if got := p.watermarks(); !reflect.DeepEqual(got, want) {
		t.Errorf("watermarks %v, want %v", fmtWMs(got), fmtWMs(want))
	}
	if n := len(conns.sink("out").sortedRows()); n != 4 {
		t.Errorf("sink got %d rows", n)
	}
}

func TestJobIdleAndFinishedSplits(t *testing.T) {
	alloc := testEnv(t)
	p, clock := newProbe(), &fakeClock{}
	job, _, ch := liveJob(t, alloc, p, clock, 1000, clicks)
	errc := startJob(context.Background(), job)
	send(t, ch[0], addSplit(0), addSplit(1), addSplit(2), emit(0, "1, a, 2024-01-01 00:00:10"))
	p.waitFor(t, "first row", func(rows int64, _ []int64) bool { return rows == 1 })
	clock.Add(999)
	job.Tick()
	send(t, ch[0], emit(2, "2, c, 2024-01-01 00:00:01"), emit(0, "6, a, 2024-01-01 00:00:10"))
	p.waitFor(t, "more rows", func(rows int64, _ []int64) bool { return rows == 3 })
	if wms := p.watermarks(); len(wms) != 0 {
		t.Fatalf("no split is idle yet, got watermarks %v", fmtWMs(wms))
	}
	// Split 1 never emitted and goes idle; splits 0 and 2 just emitted
	// and hold the watermark at their minimum.
	clock.Add(1)
	job.Tick()
	p.waitFor(t, "split 1 idle", lastWM(mustTS("2024-01-01 00:00:01")))
	send(t, ch[0], splitDone(2))
	p.waitFor(t, "split 2 done", lastWM(mustTS("2024-01-01 00:00:10")))
	// Split 1 comes back behind the watermark: no regression, and it
	// holds back again until it catches up.
	send(t, ch[0], emit(1, "3, b, 2024-01-01 00:00:03"), emit(0, "4, a, 2024-01-01 00:00:30"), emit(1, "5, b, 2024-01-01 00:00:15"))
	p.waitFor(t, "split 1 active again", lastWM(mustTS("2024-01-01 00:00:15")))
	close(ch[0])
	if err := waitJob(t, errc); err != nil {
		t.Fatal(err)
	}
	want := []int64{mustTS("2024-01-01 00:00:01"), mustTS("2024-01-01 00:00:10"), mustTS("2024-01-01 00:00:15"), MaxWatermark}
	if got := p.watermarks(); !reflect.DeepEqual(got, want) {
		t.Errorf("watermarks %v, want %v", fmtWMs(got), fmtWMs(want))
	}
}

func TestJobIdleInput(t *testing.T) {
	alloc := testEnv(t)
	p, clock := newProbe(), &fakeClock{}
	a, b := table("a", colID, colName, colTS), table("b", colID, colName, colTS)
	job, _, ch := liveJob(t, alloc, p, clock, 1000, a, b)
	errc := startJob(context.Background(), job)
	send(t, ch[0], addSplit(0), emit(0, "1, a, 2024-01-01 00:00:10"))
	send(t, ch[1], addSplit(0), emit(0, "2, b, 2024-01-01 00:00:05"))
	p.waitFor(t, "min of inputs", lastWM(mustTS("2024-01-01 00:00:05")))
	clock.Add(500)
	send(t, ch[0], emit(0, "3, a, 2024-01-01 00:00:20"))
	p.waitFor(t, "third row", func(rows int64, _ []int64) bool { return rows == 3 })
	// b's only split has been silent for the idle timeout: b's output is
	// idle and the union follows a alone.
	clock.Add(500)
	job.Tick()
	p.waitFor(t, "b idle", lastWM(mustTS("2024-01-01 00:00:20")))
	// b comes back: it holds the union back again from its next watermark.
	send(t, ch[1], emit(0, "4, b, 2024-01-01 00:00:25"))
	p.waitFor(t, "fourth row", func(rows int64, _ []int64) bool { return rows == 4 })
	send(t, ch[0], emit(0, "5, a, 2024-01-01 00:00:30"))
	p.waitFor(t, "b active", lastWM(mustTS("2024-01-01 00:00:25")))
	close(ch[0])
	close(ch[1])
	if err := waitJob(t, errc); err != nil {
		t.Fatal(err)
	}
	// Which source ends first is up to the scheduler: 00:00:30 may show
	// up before MAX.
	want := []int64{mustTS("2024-01-01 00:00:05"), mustTS("2024-01-01 00:00:20"), mustTS("2024-01-01 00:00:25")}
	got := p.watermarks()
	if len(got) < 4 || !reflect.DeepEqual(got[:3], want) || got[len(got)-1] != MaxWatermark {
		t.Errorf("watermarks %v, want %v, then MAX", fmtWMs(got), fmtWMs(want))
	}
}

// TestJobSplitsThroughCalc checks that split information crosses a Calc
// between the source and the assigner (computed columns), and that the
// periodic ticker detects idleness without explicit ticks.
func TestJobSplitsThroughCalc(t *testing.T) {
	alloc := testEnv(t)
	p, clock := newProbe(), &fakeClock{}
	conns := newFakeConns()
	ch := make(chan srcStep)
	conns.source("clicks", &scriptSource{live: ch})
	g := &planner.Graph{Nodes: []*planner.PNode{
		sourceNode(0, clicks),
		{ID: 1, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 0}}, Schema: schemaOf(clicks.Columns...),
			Calc: &planner.CalcSpec{Projections: []planner.Expr{ref(0, colID), ref(1, colName), ref(2, colTS)}}},
		wmNode(2, 1, 1000),
		passNode(3, probeKind, 2),
		sinkNode(4, 3, table("out", colID, colName, colTS)),
	}}
	job, err := Build(g, conns, Options{Alloc: alloc, Clock: clock.Now, TickInterval: time.Millisecond,
		Operators: map[planner.OpKind]OperatorFactory{probeKind: p.factory()}})
	if err != nil {
		t.Fatal(err)
	}
	errc := startJob(context.Background(), job)
	send(t, ch, addSplit(0), addSplit(1), addSplit(2),
		emit(0, "1, a, 2024-01-01 00:00:10"), emit(1, "2, b, 2024-01-01 00:00:05"))
	p.waitFor(t, "two rows", func(rows int64, _ []int64) bool { return rows == 2 })
	send(t, ch, splitDone(1), emit(2, "3, c, 2024-01-01 00:00:07"))
	p.waitFor(t, "split 1 done", lastWM(mustTS("2024-01-01 00:00:07")))
	send(t, ch, emit(0, "4, a, 2024-01-01 00:00:20"))
	p.waitFor(t, "fourth row", func(rows int64, _ []int64) bool { return rows == 4 })
	// Split 2 goes idle on the ticker's own schedule.
	clock.Add(1000)
	send(t, ch, emit(0, "5, a, 2024-01-01 00:00:21"))
	p.waitFor(t, "split 2 idle", lastWM(mustTS("2024-01-01 00:00:21")))
	close(ch)
	if err := waitJob(t, errc); err != nil {
		t.Fatal(err)
	}
	if got := p.watermarks(); got[len(got)-1] != MaxWatermark {
		t.Errorf("watermarks %v, want MAX last", fmtWMs(got))
	}
}
