package kafka

import (
	"context"
	"errors"
	"fmt"
	"net"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kgo"
)

// restartRow is the JSON value of record id and the line the print sink
// shows for it.
func restartRow(id int) (value, printed string) {
	return fmt.Sprintf(`{"id":%d,"name":"name-%d"}`, id, id), fmt.Sprintf("+I[%d, name-%d]", id, id)
}

// produceRange writes records from..to-1 round-robin over 2 partitions.
func produceRange(t *testing.T, addr string, from, to int) {
	t.Helper()
	var recs []*kgo.Record
	for i := from; i < to; i++ {
		v, _ := restartRow(i)
		recs = append(recs, rec("events", int32(i%2), "", v))
	}
	produce(t, addr, recs...)
}

// heldBuffer is a lockedBuffer whose writes can be held: while held, a
// write (the print sink's) waits, and the job backs up behind it.
type heldBuffer struct {
	lockedBuffer
	mu   sync.Mutex
	gate chan struct{}
}

func (h *heldBuffer) Write(p []byte) (int, error) {
	h.mu.Lock()
	g := h.gate
	h.mu.Unlock()
	if g != nil {
		select {
		case <-g:
		case <-time.After(testTimeout):
		}
	}
	return h.lockedBuffer.Write(p)
}

func (h *heldBuffer) hold() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gate == nil {
		h.gate = make(chan struct{})
	}
}

func (h *heldBuffer) release() {
	h.mu.Lock()
	defer h.mu.Unlock()
	if h.gate != nil {
		close(h.gate)
		h.gate = nil
	}
}

// startAt starts a broker on dir and port, retrying while the port is
// still held by the previous broker's listener.
func startAt(t *testing.T, dir string, port int) *broker.Broker {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		b, err := broker.Start(broker.Options{DataDir: dir, Port: port})
		if err == nil {
			return b
		}
		if time.Now().After(deadline) {
			t.Fatal(err)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// checkRows asserts that lines hold every record of want and nothing
// else, each exactly as produced, and returns how many lines repeat one.
func checkRows(t *testing.T, lines []string, want []int) (dups int) {
	t.Helper()
	expect := map[string]bool{}
	for _, id := range want {
		_, p := restartRow(id)
		expect[p] = true
	}
	seen := map[string]int{}
	for _, l := range lines {
		if !expect[l] {
			t.Fatalf("unexpected row %q", l)
		}
		seen[l]++
	}
	for _, id := range want {
		if _, p := restartRow(id); seen[p] == 0 {
			t.Fatalf("record %d was lost", id)
		}
	}
	return len(lines) - len(seen)
}

func ids(from, to int) []int {
	var out []int
	for i := from; i < to; i++ {
		out = append(out, i)
	}
	return out
}

// restartSQL reads topic events from the group's committed offsets (the
// earliest without one) and prints every row; bounded reads up to the end
// offsets at start.
func restartSQL(addr string, bounded bool) string {
	opts := []string{"format", "json", "properties.group.id", "restart", "scan.startup.mode", "group-offsets",
		"properties.auto.offset.reset", "earliest"}
	if bounded {
		opts = append(opts, "scan.bounded.mode", "latest-offset")
	}
	return ddl("events", "id BIGINT, name STRING", addr, "events", opts...) + "\n" +
		"CREATE TABLE copy (id BIGINT, name STRING) WITH ('connector' = 'print');\n" +
		"INSERT INTO copy SELECT id, name FROM events;\n"
}

// TestBrokerRestartMidRun stops the broker under a running unbounded job
// while most of 1000 new records are not read yet (the job's sink is held,
// so the job backs up), and starts it again on the same port and data
// directory. The job's client reconnects by itself and goes on reading
// from its position: every record produced before and after the restart
// arrives exactly as produced, none is lost. The source is at-least-once
// (offsets are committed every few seconds and at close, so a job started
// again from the group's offsets may re-read rows); duplicates are counted
// and logged, not failed. A bounded job of the same group, after another
// restart, then starts at the offsets the first job committed at close:
// records and committed offsets survive the restarts.
func TestBrokerRestartMidRun(t *testing.T) {
	dir := t.TempDir()
	b, err := broker.Start(broker.Options{DataDir: dir})
	if err != nil {
		t.Fatal(err)
	}
	_, ps, err := net.SplitHostPort(b.Addr())
	if err != nil {
		t.Fatal(err)
	}
	port, _ := strconv.Atoi(ps)
	defer func() { b.Close() }() // whichever broker runs last; after the job stops
	if err := b.CreateTopic("events", 2); err != nil {
		t.Fatal(err)
	}
	addr := b.Addr()
	produceRange(t, addr, 0, 100)

	out := &heldBuffer{}
	e := engine.New(engine.Options{Stdout: out, BatchSize: 16})
	if err := e.LoadSource(&sql.Source{Name: "restart.sql", Text: restartSQL(addr, false)}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	deadline := time.Now().Add(25 * time.Second)
	stopped := false
	stop := func() error { // cancel the job and wait for it, once
		if stopped {
			return nil
		}
		stopped = true
		cancel()
		select {
		case err := <-done:
			return err
		case <-time.After(testTimeout):
			t.Fatal("the job did not stop after cancel")
		}
		return nil
	}
	defer stop()
	waitFor(t, deadline, "the first 100 rows", func() bool { return len(out.lines()) >= 100 })

	// The sink is held and 1000 more records arrive: the job backs up
	// with them in flight (fetched, decoded or waiting in its channels),
	// and the broker stops and starts again under it.
	out.hold()
	defer out.release()
	produceRange(t, addr, 100, 1100)
	read := e.Metrics().Get("source.events.rows")
	b.Close()
	b = startAt(t, dir, port)
	if b.Addr() != addr {
		t.Fatalf("restarted on %s, not %s", b.Addr(), addr)
	}
	before := len(out.lines())
	out.release()
	produceRange(t, addr, 1100, 1200)
	waitFor(t, deadline, "all 1200 rows after the restart", func() bool {
		seen := map[string]bool{}
		for _, l := range out.lines() {
			seen[l] = true
		}
		return len(seen) >= 1200
	})
	if err := stop(); !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled job returned %v", err)
	}
	dups := checkRows(t, out.lines(), ids(0, 1200))
	t.Logf("unbounded job across the restart: 1200 records (%d of 1100 read and %d written before the restart), %d duplicate rows, %d failed commits",
		read, before, dups, e.Metrics().Get("source.events.commit_errors"))

	// Closing the job committed its offsets (1200 records). Restart again
	// (any port), add 50 records: a bounded job of the same group reads
	// exactly those.
	b.Close()
	b = startAt(t, dir, 0)
	produceRange(t, b.Addr(), 1200, 1250)
	out2 := &lockedBuffer{}
	e2 := engine.New(engine.Options{Stdout: out2})
	if err := e2.LoadSource(&sql.Source{Name: "bounded.sql", Text: restartSQL(b.Addr(), true)}); err != nil {
		t.Fatal(err)
	}
	ctx2, cancel2 := context.WithTimeout(context.Background(), testTimeout)
	defer cancel2()
	if err := e2.Run(ctx2); err != nil {
		t.Fatal(err)
	}
	if d := checkRows(t, out2.lines(), ids(1200, 1250)); d != 0 || len(out2.lines()) != 50 {
		t.Fatalf("bounded job after the restart read %d rows (%d duplicates), want the 50 new ones", len(out2.lines()), d)
	}
}
