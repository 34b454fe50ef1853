package kafka

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
)

// groupJob prints the rows of two tables of one alignment group as
// +I[table, i, ts]; extra are options of both tables.
func groupJob(addr, group string, extra ...string) string {
	opts := append([]string{"format", "json", "scan.startup.mode", "earliest-offset",
		"scan.watermark.alignment.max-drift", "5 s", "scan.watermark.alignment.group", group,
		"scan.watermark.alignment.update-interval", "50 ms"}, extra...)
	cols := "p INT, i INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND"
	return ddl("fast", cols, addr, "fast", opts...) + "\n" + ddl("slow", cols, addr, "slow", opts...) + "\n" +
		"CREATE TABLE out (src STRING, i INT, ts TIMESTAMP(3)) WITH ('connector' = 'print');\n" +
		"INSERT INTO out SELECT 'fast', i, ts FROM fast;\n" +
		"INSERT INTO out SELECT 'slow', i, ts FROM slow;\n"
}

// groupRows returns, per table, the number of rows printed and the
// largest time among them.
func groupRows(t *testing.T, out *lockedBuffer) (n map[string]int, top map[string]time.Time) {
	t.Helper()
	n, top = map[string]int{}, map[string]time.Time{}
	for _, l := range out.lines() {
		f := strings.Split(strings.TrimSuffix(strings.TrimPrefix(l, "+I["), "]"), ", ")
		if len(f) != 3 {
			t.Fatalf("unexpected line %q", l)
		}
		_, err1 := strconv.Atoi(f[1])
		ts, err2 := time.Parse("2006-01-02 15:04:05.000", f[2])
		if err := errors.Join(err1, err2); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		n[f[0]]++
		if ts.After(top[f[0]]) {
			top[f[0]] = ts
		}
	}
	return n, top
}

// startGroupJob runs text in an engine on clock (nil: the wall clock)
// until the test ends.
func startGroupJob(t *testing.T, text string, clock func() int64) *lockedBuffer {
	t.Helper()
	out := &lockedBuffer{}
	e := engine.New(engine.Options{Stdout: out, Clock: clock, BatchSize: 16})
	if err := e.LoadSource(&sql.Source{Name: "group.sql", Text: text}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	t.Cleanup(func() {
		cancel()
		if err := <-done; !errors.Is(err, context.Canceled) {
			t.Errorf("cancelled job returned %v", err)
		}
	})
	return out
}

// TestAlignmentGroupAcrossTables reads two tables of one group: 'fast'
// has 200 records a second apart from the start, 'slow' gets a record
// every 3 s of event time, written by the test one at a time. While slow
// is active (the processing-time clock stands still, so it never turns
// idle), fast runs exactly to slow's progress plus the 5 s max drift (its
// records are a second apart and in order, so there is no slack), and no
// further; before slow's first record it is held at its own start plus
// the drift. Once slow has been silent for its grace (250 ms: 5 update
// intervals, less than its idle timeout), fast reads to its end.
func TestAlignmentGroupAcrossTables(t *testing.T) {
	b := startBroker(t)
	for _, topic := range []string{"fast", "slow"} {
		if err := b.CreateTopic(topic, 1); err != nil {
			t.Fatal(err)
		}
	}
	total := fillSkewed(t, b.Addr(), "fast", 200, map[int32]time.Duration{0: time.Second})
	clock := &manualClock{}
	clock.ms.Store(time.Date(2026, 6, 1, 12, 0, 0, 0, time.UTC).UnixMilli())
	out := startGroupJob(t, groupJob(b.Addr(), "across", "scan.watermark.idle-timeout", "1 s"), clock.Now)
	deadline := time.Now().Add(20 * time.Second)
	const drift = 5 * time.Second

	waitFor(t, deadline, "fast to reach its start plus the drift", func() bool {
		_, top := groupRows(t, out)
		return top["fast"].Equal(alignBase.Add(drift))
	})
	for k := 0; k < 20; k++ {
		ts := alignBase.Add(time.Duration(3*k) * time.Second)
		r := rec("slow", 0, "", fmt.Sprintf(`{"p":0,"i":%d,"ts":"%s"}`, k, ts.Format("2006-01-02 15:04:05.000")))
		r.Timestamp = ts
		produce(t, b.Addr(), r)
		want := ts.Add(drift)
		if k == 0 {
			want = alignBase.Add(drift)
		}
		waitFor(t, deadline, fmt.Sprintf("slow row %d and fast to reach %s", k, want.Format(time.TimeOnly)), func() bool {
			n, top := groupRows(t, out)
			if top["fast"].After(want) {
				t.Fatalf("step %d: fast at %s, more than %v ahead of slow at %s", k, top["fast"].Format(time.TimeOnly), drift, ts.Format(time.TimeOnly))
			}
			return n["slow"] == k+1 && top["fast"].Equal(want)
		})
	}

	clock.Advance(2 * time.Second)
	waitFor(t, deadline, "fast to read to its end once slow is idle", func() bool {
		n, _ := groupRows(t, out)
		return n["fast"] == total
	})
}

// TestAlignmentGroupSilentMember reads a group whose 'slow' table never
// gets a record and has no idle timeout: it holds 'fast' at its start
// plus the drift only for five update intervals of the wall clock, then
// fast reads to its end.
func TestAlignmentGroupSilentMember(t *testing.T) {
	b := startBroker(t)
	for _, topic := range []string{"fast", "slow"} {
		if err := b.CreateTopic(topic, 2); err != nil {
			t.Fatal(err)
		}
	}
	total := fillSkewed(t, b.Addr(), "fast", 100, map[int32]time.Duration{0: time.Second, 1: 2 * time.Second})
	out := startGroupJob(t, groupJob(b.Addr(), "silent"), nil)
	waitFor(t, time.Now().Add(20*time.Second), "fast to read to its end", func() bool {
		n, _ := groupRows(t, out)
		return n["fast"] == total
	})
}

// TestAlignmentGroupRegistry checks that members share a group by name
// and that the group is dropped with its last member.
func TestAlignmentGroupRegistry(t *testing.T) {
	a, b := joinGroup("registry", 0), joinGroup("registry", 0)
	if a.g != b.g {
		t.Fatal("two members of one name are in different groups")
	}
	a.publish(10, 10)
	if low, _, _ := b.others(0); low != 10 {
		t.Fatalf("b sees low %d, want 10", low)
	}
	_, _, wake := b.others(0)
	a.publish(20, 20)
	select {
	case <-wake:
	default:
		t.Fatal("a new low did not wake the other member")
	}
	a.leave()
	b.leave()
	alignGroups.mu.Lock()
	_, kept := alignGroups.groups["registry"]
	alignGroups.mu.Unlock()
	if kept {
		t.Fatal("the group outlived its last member")
	}
}
