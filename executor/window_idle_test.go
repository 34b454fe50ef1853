package executor

import (
	"context"
	"reflect"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// TestWindowJobIdleSplit runs a tumbling window behind a source with two
// splits. While split 1 has sent nothing, it holds the watermark back and
// no window fires, however far split 0 gets; once split 1 has been silent
// for the idle timeout (processing time, from the job clock), the
// watermark follows split 0 alone and the windows it passed fire, before
// the input ends.
func TestWindowJobIdleSplit(t *testing.T) {
	alloc := testEnv(t)
	before, after, clock := newProbe(), newProbe(), &fakeClock{}
	g, _, _ := windowJob(agg("COUNT", catalog.BigInt))
	win, sink := g.Nodes[2], g.Nodes[3]
	win.WindowAgg.LateSink = nil
	// Probes before and after the window show what the watermark assigner
	// sent and what has fired.
	const afterKind planner.OpKind = "ProbeAfter"
	win.Inputs = []planner.Edge{{From: 2}}
	win.ID = 3
	sink.ID, sink.Inputs = 5, []planner.Edge{{From: 4}}
	afterNode := passNode(4, afterKind, 3)
	afterNode.Schema = win.Schema
	g.Nodes = []*planner.PNode{g.Nodes[0], wmNode(1, 0, 1000), passNode(2, probeKind, 1), win, afterNode, sink}
	conns := newFakeConns()
	ch := make(chan srcStep)
	conns.source("clicks", &scriptSource{live: ch})
	job, err := Build(g, conns, Options{Alloc: alloc, Clock: clock.Now, TickInterval: -1,
		Operators: map[planner.OpKind]OperatorFactory{probeKind: before.factory(), afterKind: after.factory()}})
	if err != nil {
		t.Fatal(err)
	}
	errc := startJob(context.Background(), job)
	send(t, ch, addSplit(0), addSplit(1),
		emit(0, "1, a, 2024-01-01 00:00:00.100", "2, a, 2024-01-01 00:00:00.900"),
		emit(0, "3, b, 2024-01-01 00:00:01.500", "4, a, 2024-01-01 00:00:03.200"))
	// The assigner has seen both splits announced at processing time 0.
	before.waitFor(t, "first rows past the assigner", func(rows int64, _ []int64) bool { return rows == 4 })
	clock.Add(999)
	job.Tick()
	// Split 1 has been silent for 999 ms of the 1000 ms timeout: every
	// window waits for it.
	send(t, ch, emit(0, "5, a, 2024-01-01 00:00:03.300"))
	before.waitFor(t, "every row past the assigner", func(rows int64, _ []int64) bool { return rows == 5 })
	if wms := before.watermarks(); len(wms) != 0 {
		t.Fatalf("the watermark advanced while split 1 held it back: %v", fmtWMs(wms))
	}
	clock.Add(1)
	job.Tick()
	// [0 s, 1 s) and [1 s, 2 s) are behind split 0's watermark 00:00:03.300;
	// [3 s, 4 s) is not.
	after.waitFor(t, "windows fired after split 1 went idle", func(rows int64, wms []int64) bool {
		return rows == 2 && len(wms) == 1 && wms[0] == mustTS("2024-01-01 00:00:03.300")
	})
	close(ch)
	if err := waitJob(t, errc); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"a, 2024-01-01 00:00:00, 2024-01-01 00:00:01, 2024-01-01 00:00:00.999, 2",
		"a, 2024-01-01 00:00:03, 2024-01-01 00:00:04, 2024-01-01 00:00:03.999, 2",
		"b, 2024-01-01 00:00:01, 2024-01-01 00:00:02, 2024-01-01 00:00:01.999, 1",
	}
	if got := conns.sink("counts").sortedRows(); !reflect.DeepEqual(got, want) {
		t.Errorf("counts:\n%s", strings.Join(got, "\n"))
	}
}
