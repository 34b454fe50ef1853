package executor

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/planner"
)

// The operator test harness drives one Operator through the runtime's own
// per-node message loop (watermark combination across inputs, split
// routing, end of input), from a script:
//
//	batch [input=N] [split=S]   rows follow, one per line, up to a blank line
//	watermark [input=N] TS|MAX  a watermark arriving on input N
//	end [input=N]               input N ended
//	idle|active [input=N]       input N became idle or active again
//	split-add S [name]          split S announced (input 0)
//	split-done S                split S finished (input 0)
//	clock +MS | clock TS        move the fake processing-time clock
//	tick                        the periodic tick (Ticker operators)
//	metrics                     print the job counters
//
// After each directive that caused output it prints "> directive", then
// what the operator emitted: its rows, then "watermark TS" if the
// forwarded watermark advanced ("output idle"/"output active" first if
// the output's idleness changed), then "end" if the operator finished, or
// "error: ..." (which ends the script). Every script runs at batch sizes
// 1, 2, 3, 16 and 1024 (batches are cut into slices of that many rows) and
// must print the same at each.
//
// To test an operator, add a constructor to harnessCases (in an init
// function of the operator's test file) and a file under
// testdata/operators with "run op=<name>" blocks; regenerate expectations
// with -rewrite and review them. A Go test can also call opHarness.run.

// harnessBatchSizes are the batch sizes every script runs at.
var harnessBatchSizes = []int{1, 2, 3, 16, 1024}

// opHarness describes an operator under test.
type opHarness struct {
	// newOp returns a fresh operator for each run.
	newOp func() (Operator, error)
	// inputs are the schemas of the operator's inputs.
	inputs []*arrow.Schema
	// node is given to the operator in OpContext (optional).
	node *planner.PNode
	// startClock is the fake clock's value at the start of each run.
	startClock int64
}

// harnessCases are the operators the datadriven files can name.
var harnessCases = map[string]func(t *testing.T) opHarness{}

func TestOperatorsDataDriven(t *testing.T) {
	datadriven.Walk(t, "testdata/operators", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			if d.Cmd != "run" {
				t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
			}
			var name string
			d.ScanArgs(t, "op", &name)
			mk, ok := harnessCases[name]
			if !ok {
				t.Fatalf("%s: unknown operator case %q", d.Pos, name)
			}
			return mk(t).run(t, d.Input)
		})
	})
}

// directive is one parsed script line (with its rows for a batch).
type directive struct {
	line  string
	cmd   string
	args  []string
	input int
	split SplitID
	rows  []string
}

func parseScript(t *testing.T, script string) []directive {
	t.Helper()
	var out []directive
	lines := strings.Split(script, "\n")
	for i := 0; i < len(lines); i++ {
		line := strings.TrimSpace(lines[i])
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		f := strings.Fields(line)
		d := directive{line: line, cmd: f[0], split: noSplit}
		for _, a := range f[1:] {
			switch {
			case strings.HasPrefix(a, "input="):
				d.input = atoiT(t, strings.TrimPrefix(a, "input="))
			case strings.HasPrefix(a, "split="):
				d.split = SplitID(atoiT(t, strings.TrimPrefix(a, "split=")))
			default:
				d.args = append(d.args, a)
			}
		}
		if d.cmd == "batch" {
			for i+1 < len(lines) && strings.TrimSpace(lines[i+1]) != "" {
				i++
				d.rows = append(d.rows, strings.TrimSpace(lines[i]))
			}
		}
		out = append(out, d)
	}
	return out
}

func atoiT(t *testing.T, s string) int {
	t.Helper()
	n, err := strconv.Atoi(s)
	if err != nil {
		t.Fatalf("bad number %q", s)
	}
	return n
}

// run runs script at every harness batch size, fails the test if the
// outputs differ, and returns the output.
func (h opHarness) run(t *testing.T, script string) string {
	t.Helper()
	ds := parseScript(t, script)
	var first string
	for i, bs := range harnessBatchSizes {
		got := h.runOnce(t, ds, bs)
		if i == 0 {
			first = got
		} else if got != first {
			t.Fatalf("batch size %d output differs from batch size %d:\n%s\nvs\n%s", bs, harnessBatchSizes[0], got, first)
		}
	}
	return first
}

// runOnce runs the script once with batches cut to batchSize rows.
func (h opHarness) runOnce(t *testing.T, ds []directive, batchSize int) string {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	op, err := h.newOp()
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	clock := &fakeClock{}
	clock.Set(h.startClock)
	metrics := NewMetrics()
	pn := h.node
	if pn == nil {
		pn = &planner.PNode{ID: 1, Kind: "Test"}
	}
	capture := &node{name: "capture", inbox: make(chan message, 1<<16)}
	n := &node{pn: pn, name: "Op#1", op: op, nIn: len(h.inputs), outs: []outlet{{to: capture}}}
	ctx := context.Background()
	em := &emitter{n: n, ctx: ctx, split: noSplit, fwd: MinWatermark}
	var out strings.Builder
	defer func() {
		if err := op.Close(); err != nil {
			fmt.Fprintf(&out, "close error: %v\n", err)
		}
		collect(capture, &out)
	}()
	if err := op.Open(&OpContext{Alloc: alloc, Node: pn, Name: n.name, Clock: clock.Now, Metrics: metrics}, em); err != nil {
		fmt.Fprintf(&out, "error: %v\n", err)
		return out.String()
	}
	l := newOpLoop(n, em)
	for _, d := range ds {
		var dout strings.Builder
		err := h.exec(t, l, d, alloc, batchSize, clock, metrics, &dout)
		collect(capture, &dout)
		if err != nil {
			fmt.Fprintf(&dout, "error: %v\n", err)
		}
		if dout.Len() > 0 {
			fmt.Fprintf(&out, "> %s\n%s", d.line, dout.String())
		}
		if err != nil {
			break
		}
	}
	op.Close()
	collect(capture, &out)
	return out.String()
}

func (h opHarness) exec(t *testing.T, l *opLoop, d directive, alloc memory.Allocator, batchSize int, clock *fakeClock, metrics *Metrics, out *strings.Builder) error {
	t.Helper()
	if d.input < 0 || d.input >= len(h.inputs) {
		t.Fatalf("%s: no input %d", d.cmd, d.input)
	}
	switch d.cmd {
	case "batch":
		rec, err := parseRows(alloc, h.inputs[d.input], d.rows)
		if err != nil {
			t.Fatal(err)
		}
		defer rec.Release()
		for off := int64(0); off < rec.NumRows(); off += int64(batchSize) {
			chunk := rec.NewSlice(off, min(off+int64(batchSize), rec.NumRows()))
			if _, err := l.handle(message{kind: msgBatch, input: d.input, split: d.split, rec: chunk}); err != nil {
				return err
			}
		}
	case "watermark":
		if len(d.args) < 1 {
			t.Fatalf("watermark needs a value")
		}
		wm := MaxWatermark
		if d.args[0] != "MAX" {
			wm = mustTS(strings.Join(d.args, " "))
		}
		_, err := l.handle(message{kind: msgWatermark, input: d.input, wm: wm})
		return err
	case "end":
		_, err := l.handle(message{kind: msgEnd, input: d.input})
		return err
	case "idle", "active":
		_, err := l.handle(message{kind: msgIdle, input: d.input, idle: d.cmd == "idle"})
		return err
	case "split-add", "split-done":
		if len(d.args) < 1 {
			t.Fatalf("%s needs a split id", d.cmd)
		}
		m := message{kind: msgSplitAdd, input: d.input, split: SplitID(atoiT(t, d.args[0]))}
		if d.cmd == "split-done" {
			m.kind = msgSplitDone
		} else if len(d.args) > 1 {
			m.name = d.args[1]
		}
		_, err := l.handle(m)
		return err
	case "clock":
		if len(d.args) < 1 {
			t.Fatalf("clock needs a value")
		}
		if strings.HasPrefix(d.args[0], "+") {
			clock.Add(int64(atoiT(t, d.args[0][1:])))
		} else {
			clock.Set(mustTS(strings.Join(d.args, " ")))
		}
	case "tick":
		if l.ticker != nil {
			return l.ticker.OnTick(clock.Now())
		}
	case "metrics":
		snap := metrics.Snapshot()
		keys := make([]string, 0, len(snap))
		for k := range snap {
			keys = append(keys, k)
		}
		sort.Strings(keys)
		for _, k := range keys {
			fmt.Fprintf(out, "metric %s = %d\n", k, snap[k])
		}
	default:
		t.Fatalf("unknown directive %q", d.cmd)
	}
	return nil
}

// collect prints and releases what the operator emitted. Within one
// directive only the last watermark is printed, so the output does not
// depend on the batch size.
func collect(capture *node, out *strings.Builder) {
	var wm int64
	wmSeen, ended, idleSeen, idle := false, false, false, false
	for {
		select {
		case m := <-capture.inbox:
			switch m.kind {
			case msgBatch:
				for _, r := range formatRecord(m.rec) {
					out.WriteString(r)
					out.WriteByte('\n')
				}
				m.rec.Release()
			case msgWatermark:
				wm, wmSeen = m.wm, true
			case msgEnd:
				ended = true
			case msgIdle:
				idleSeen, idle = true, m.idle
			}
			continue
		default:
		}
		break
	}
	if idleSeen {
		if idle {
			out.WriteString("output idle\n")
		} else {
			out.WriteString("output active\n")
		}
	}
	if wmSeen {
		fmt.Fprintf(out, "watermark %s\n", formatWM(wm))
	}
	if ended {
		out.WriteString("end\n")
	}
}

// fakeClock is a settable processing-time clock, safe for concurrent use.
type fakeClock struct{ ms atomic.Int64 }

// Now returns the clock's time in ms.
func (c *fakeClock) Now() int64 { return c.ms.Load() }

// Set sets the clock.
func (c *fakeClock) Set(ms int64) { c.ms.Store(ms) }

// Add moves the clock forward by d ms.
func (c *fakeClock) Add(d int64) { c.ms.Add(d) }
