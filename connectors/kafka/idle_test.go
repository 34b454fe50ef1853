package kafka

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
)

// lockedBuffer is an io.Writer that the test reads while a job writes.
type lockedBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *lockedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *lockedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.String()
}

// lines returns the non-empty lines written so far.
func (l *lockedBuffer) lines() []string {
	var out []string
	for _, s := range strings.Split(l.String(), "\n") {
		if s != "" {
			out = append(out, s)
		}
	}
	return out
}

// manualClock is a processing-time clock that moves only when told.
type manualClock struct{ ms atomic.Int64 }

func (c *manualClock) Now() int64              { return c.ms.Load() }
func (c *manualClock) Advance(d time.Duration) { c.ms.Add(d.Milliseconds()) }

// waitFor polls cond until it holds or the deadline passes.
func waitFor(t *testing.T, deadline time.Time, what string, cond func() bool) {
	t.Helper()
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// at renders one JSON row of the windowed table.
func at(id int, ts string) string {
	return fmt.Sprintf(`{"id":%d,"ts":"2026-01-01 %s"}`, id, ts)
}

// TestWatermarkHeldBySlowPartitionUntilIdle runs a tumbling-window count
// over an unbounded 2-partition topic. Partition 1 has one early row and
// then nothing: while it counts as active its watermark holds the job's
// watermark back and no window fires, however far partition 0 runs ahead.
// Once it has been silent for the idle timeout (processing time, from the
// engine's clock) it stops holding back, and the windows up to partition
// 0's watermark fire while the job keeps running.
func TestWatermarkHeldBySlowPartitionUntilIdle(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("events", 2); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(), rec("events", 1, "", at(100, "00:00:00.200")))
	for i := 0; i < 6; i++ { // event time 0.1 s .. 5.1 s: watermark 4.1 s
		produce(t, b.Addr(), rec("events", 0, "", at(i, fmt.Sprintf("00:00:%02d.100", i))))
	}

	clock := &manualClock{}
	clock.ms.Store(time.Date(2026, 1, 1, 12, 0, 0, 0, time.UTC).UnixMilli())
	out := &lockedBuffer{}
	e := engine.New(engine.Options{Stdout: out, Clock: clock.Now, BatchSize: 4})
	text := ddl("events", "id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND", b.Addr(), "events",
		"format", "json", "scan.startup.mode", "earliest-offset", "scan.watermark.idle-timeout", "200 ms") + "\n" +
		"CREATE TABLE counts (window_start TIMESTAMP(3), n BIGINT) WITH ('connector' = 'print');\n" +
		"INSERT INTO counts SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE events, DESCRIPTOR(ts), INTERVAL '1' SECOND))" +
		" GROUP BY window_start, window_end;\n"
	if err := e.LoadSource(&sql.Source{Name: "idle.sql", Text: text}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	deadline := time.Now().Add(20 * time.Second)

	// (a) Every row is read and several ticks pass, but the processing-time
	// clock stands still: partition 1 is not idle, its watermark (-0.8 s)
	// is the minimum, and no window fires.
	waitFor(t, deadline, "the 7 rows to be read", func() bool { return e.Metrics().Get("source.events.rows") == 7 })
	time.Sleep(500 * time.Millisecond) // several ticks of the idle check
	if got := out.String(); got != "" {
		t.Fatalf("windows fired while partition 1 was active and behind:\n%s", got)
	}
	select {
	case err := <-done:
		t.Fatalf("the unbounded job ended: %v", err)
	default:
	}

	// (b) The clock passes the idle timeout: partition 1 turns idle at the
	// next tick (partition 0 too, having no new rows). A new row on
	// partition 0 makes it active again, alone: the watermark becomes its
	// 6.0 s and the windows [0 s, 1 s) .. [5 s, 6 s) fire.
	clock.Advance(time.Second)
	produce(t, b.Addr(), rec("events", 0, "", at(6, "00:00:07.000")))
	want := []string{
		"+I[2026-01-01 00:00:00.000, 2]", // partition 0's first row and partition 1's row
		"+I[2026-01-01 00:00:01.000, 1]",
		"+I[2026-01-01 00:00:02.000, 1]",
		"+I[2026-01-01 00:00:03.000, 1]",
		"+I[2026-01-01 00:00:04.000, 1]",
		"+I[2026-01-01 00:00:05.000, 1]",
	}
	waitFor(t, deadline, "6 windows to fire", func() bool { return len(out.lines()) >= len(want) })
	select {
	case err := <-done:
		t.Fatalf("the unbounded job ended: %v", err)
	default:
	}
	got := out.lines()
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("fired windows:\n%s\nwant:\n%s", out.String(), strings.Join(want, "\n"))
	}

	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("cancelled job returned %v", err)
		}
	case <-time.After(testTimeout):
		t.Fatal("the job did not stop after cancel")
	}
	// The window holding the 7.0 s row never saw a watermark past it.
	if got := len(out.lines()); got != len(want) {
		t.Fatalf("%d windows after cancel, want %d:\n%s", got, len(want), out.String())
	}
}
