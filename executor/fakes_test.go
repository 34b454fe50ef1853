package executor

import (
	"context"
	"errors"
	"fmt"
	"runtime"
	"sort"
	"sync"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// waitLimit bounds every wait in the tests.
const waitLimit = 10 * time.Second

// Test tables and schema helpers.

func col(name string, t catalog.Type) catalog.Column { return catalog.Column{Name: name, Type: t} }

func table(name string, cols ...catalog.Column) *catalog.Table {
	return &catalog.Table{Name: name, Columns: cols, Options: map[string]string{"connector": "fake"}}
}

func schemaOf(cols ...catalog.Column) planner.Schema {
	s := make(planner.Schema, len(cols))
	for i, c := range cols {
		s[i] = planner.Field{Name: c.Name, Type: c.Type}
	}
	return s
}

func ref(i int, c catalog.Column) *planner.ColRef {
	return &planner.ColRef{Index: i, Name: c.Name, T: c.Type}
}

func arrowSchemaT(t testing.TB, s planner.Schema) *arrow.Schema {
	t.Helper()
	as, err := ArrowSchema(s)
	if err != nil {
		t.Fatal(err)
	}
	return as
}

var (
	colID   = col("id", catalog.BigInt)
	colName = col("name", catalog.String)
	colTS   = col("ts", catalog.Timestamp)
)

// srcStep is one action of a scripted source.
type srcStep struct {
	kind  string // "add", "emit", "done", "fail", "panic"
	split SplitID
	rows  []string
}

func addSplit(s SplitID) srcStep             { return srcStep{kind: "add", split: s} }
func emit(s SplitID, rows ...string) srcStep { return srcStep{kind: "emit", split: s, rows: rows} }
func splitDone(s SplitID) srcStep            { return srcStep{kind: "done", split: s} }

// scriptSource plays fixed steps, then live steps from a channel until it
// is closed (if live is set), then blocks until cancelled if block is set.
type scriptSource struct {
	p      SourceParams
	steps  []srcStep
	live   chan srcStep
	block  bool
	closed chan struct{}
	// positioned emits through PositionedOutput, row i of each batch at
	// position 10+i.
	positioned bool
}

// Run implements Source.
func (s *scriptSource) Run(ctx context.Context, out SourceOutput) error {
	for _, st := range s.steps {
		if err := s.do(out, st); err != nil {
			return err
		}
	}
	if s.live != nil {
		for {
			select {
			case st, ok := <-s.live:
				if !ok {
					return nil
				}
				if err := s.do(out, st); err != nil {
					return err
				}
			case <-ctx.Done():
				return ctx.Err()
			}
		}
	}
	if s.block {
		<-ctx.Done()
		return ctx.Err()
	}
	return nil
}

func (s *scriptSource) do(out SourceOutput, st srcStep) error {
	switch st.kind {
	case "add":
		out.AddSplit(st.split, fmt.Sprintf("split-%d", st.split))
	case "done":
		out.SplitDone(st.split)
	case "fail":
		return errors.New("source broke")
	case "panic":
		panic("source exploded")
	case "wrong":
		rec, err := parseRows(s.p.Alloc, arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil), []string{"1"})
		if err != nil {
			return err
		}
		return out.Emit(st.split, rec)
	case "emit":
		rec, err := parseRows(s.p.Alloc, s.p.Schema, st.rows)
		if err != nil {
			return err
		}
		if po, ok := out.(PositionedOutput); ok && s.positioned {
			pos := make([]int64, rec.NumRows())
			for i := range pos {
				pos[i] = int64(10 + i)
			}
			return po.EmitAt(st.split, rec, pos)
		}
		return out.Emit(st.split, rec)
	}
	return nil
}

// Close implements Source.
func (s *scriptSource) Close() error {
	close(s.closed)
	return nil
}

// fakeSink records what it is given. It is read by the test goroutine.
type fakeSink struct {
	mu        sync.Mutex
	name      string
	schema    *arrow.Schema
	rows      []string
	calls     []string
	failWrite error
	panicOn   string
}

func (s *fakeSink) call(name string) {
	s.mu.Lock()
	s.calls = append(s.calls, name)
	p := s.panicOn
	s.mu.Unlock()
	if p == name {
		panic("sink " + name + " exploded")
	}
}

// Write implements Sink.
func (s *fakeSink) Write(rec arrow.Record) error {
	s.call("write")
	if !rec.Schema().Equal(s.schema) {
		return fmt.Errorf("fake sink: schema %s, want %s", rec.Schema(), s.schema)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.failWrite != nil {
		return s.failWrite
	}
	s.rows = append(s.rows, formatRecord(rec)...)
	return nil
}

// Commit implements Sink.
func (s *fakeSink) Commit() error { s.call("commit"); return nil }

// Abort implements Sink.
func (s *fakeSink) Abort() error { s.call("abort"); return nil }

// Close implements Sink.
func (s *fakeSink) Close() error { s.call("close"); return nil }

// sortedRows returns the rows written, sorted.
func (s *fakeSink) sortedRows() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	out := append([]string(nil), s.rows...)
	sort.Strings(out)
	return out
}

// lifecycle returns the Commit/Abort/Close calls in order ("write" calls
// are left out).
func (s *fakeSink) lifecycle() []string {
	s.mu.Lock()
	defer s.mu.Unlock()
	var out []string
	for _, c := range s.calls {
		if c != "write" {
			out = append(out, c)
		}
	}
	return out
}

// fakeConns creates scripted sources and recording sinks by table name.
type fakeConns struct {
	mu      sync.Mutex
	sources map[string]*scriptSource
	sinks   map[string]*fakeSink
	// sinkSetup, if set, configures each new sink.
	sinkSetup func(*fakeSink)
}

func newFakeConns() *fakeConns {
	return &fakeConns{sources: map[string]*scriptSource{}, sinks: map[string]*fakeSink{}}
}

// source registers the script for table name.
func (c *fakeConns) source(name string, s *scriptSource) *scriptSource {
	s.closed = make(chan struct{})
	c.sources[name] = s
	return s
}

// NewSource implements Connectors.
func (c *fakeConns) NewSource(p SourceParams) (Source, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s, ok := c.sources[p.Spec.Table.Name]
	if !ok {
		return nil, fmt.Errorf("no fake source %s", p.Spec.Table.Name)
	}
	s.p = p
	return s, nil
}

// NewSink implements Connectors.
func (c *fakeConns) NewSink(p SinkParams) (Sink, error) {
	c.mu.Lock()
	defer c.mu.Unlock()
	s := &fakeSink{name: p.Spec.Table.Name, schema: p.Schema}
	if c.sinkSetup != nil {
		c.sinkSetup(s)
	}
	c.sinks[p.Spec.Table.Name] = s
	return s, nil
}

func (c *fakeConns) sink(name string) *fakeSink {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.sinks[name]
}

// probe is a pass-through test operator that records the watermarks it
// receives.
type probe struct {
	mu     sync.Mutex
	wms    []int64
	rows   int64
	signal chan struct{}
	out    Emitter
}

func newProbe() *probe { return &probe{signal: make(chan struct{}, 1)} }

const probeKind planner.OpKind = "Probe"

func (p *probe) factory() OperatorFactory {
	return func(*planner.Graph, *planner.PNode) (Operator, error) { return p, nil }
}

func (p *probe) notify() {
	select {
	case p.signal <- struct{}{}:
	default:
	}
}

// Open implements Operator.
func (p *probe) Open(_ *OpContext, out Emitter) error { p.out = out; return nil }

// OnBatch implements Operator.
func (p *probe) OnBatch(_ int, rec arrow.Record) error {
	p.mu.Lock()
	p.rows += rec.NumRows()
	p.mu.Unlock()
	p.notify()
	return p.out.Emit(rec)
}

// OnWatermark implements Operator.
func (p *probe) OnWatermark(wm int64) (int64, error) {
	p.mu.Lock()
	p.wms = append(p.wms, wm)
	p.mu.Unlock()
	p.notify()
	return wm, nil
}

// OnEnd implements Operator.
func (p *probe) OnEnd() error { return nil }

// Close implements Operator.
func (p *probe) Close() error { return nil }

func (p *probe) watermarks() []int64 {
	p.mu.Lock()
	defer p.mu.Unlock()
	return append([]int64(nil), p.wms...)
}

// waitFor waits, bounded, until cond holds on the probe.
func (p *probe) waitFor(t *testing.T, what string, cond func(rows int64, wms []int64) bool) {
	t.Helper()
	deadline := time.After(waitLimit)
	for {
		p.mu.Lock()
		ok := cond(p.rows, p.wms)
		p.mu.Unlock()
		if ok {
			return
		}
		select {
		case <-p.signal:
		case <-time.After(20 * time.Millisecond):
		case <-deadline:
			t.Fatalf("timed out waiting for %s; watermarks %v", what, fmtWMs(p.watermarks()))
		}
	}
}

// lastWM is a probe condition: the last watermark seen is wm.
func lastWM(wm int64) func(int64, []int64) bool {
	return func(_ int64, wms []int64) bool { return len(wms) > 0 && wms[len(wms)-1] == wm }
}

func fmtWMs(wms []int64) []string {
	out := make([]string, len(wms))
	for i, w := range wms {
		out[i] = formatWM(w)
	}
	return out
}

// checkGoroutines fails t if the goroutine count does not return to
// before within the wait limit.
func checkGoroutines(t *testing.T, before int) {
	t.Helper()
	deadline := time.Now().Add(waitLimit)
	for runtime.NumGoroutine() > before {
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<16)
			t.Fatalf("goroutines leaked: %d > %d\n%s", runtime.NumGoroutine(), before, buf[:runtime.Stack(buf, true)])
		}
		time.Sleep(5 * time.Millisecond)
	}
}
