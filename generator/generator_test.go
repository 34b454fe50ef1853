package generator

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"testing"
	"time"
)

var t0 = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// sliceStream yields fixed records.
type sliceStream struct{ recs []Record }

func (s *sliceStream) Next() (Record, bool) {
	if len(s.recs) == 0 {
		return Record{}, false
	}
	r := s.recs[0]
	s.recs = s.recs[1:]
	return r, true
}

// fakeClock advances only when slept on; cancel, when set, is called on
// the n-th sleep.
type fakeClock struct {
	now    time.Time
	sleeps []time.Duration
	cancel func()
	n      int
}

func (c *fakeClock) Now() time.Time { return c.now }

func (c *fakeClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps = append(c.sleeps, d)
	if c.cancel != nil && len(c.sleeps) == c.n {
		c.cancel()
		return ctx.Err()
	}
	c.now = c.now.Add(d)
	return nil
}

// recs returns records of topic a at the given arrival offsets (ms).
func recs(offsets ...int) []Record {
	var out []Record
	for i, ms := range offsets {
		at := t0.Add(time.Duration(ms) * time.Millisecond)
		out = append(out, Record{Topic: "a", Key: []byte(fmt.Sprint(i)), Value: []byte(fmt.Sprintf(`{"n":%d}`, i)),
			Time: at, Arrival: at, Duplicate: i == 1, Malformed: i == 2})
	}
	return out
}

func TestRunFilesUnpaced(t *testing.T) {
	dir := t.TempDir()
	sink, err := NewFileSink(dir, "a", "b")
	if err != nil {
		t.Fatal(err)
	}
	sum, err := Run(context.Background(), &sliceStream{recs(0, 1000, 5000)}, sink, RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, _ := os.ReadFile(Path(dir, "a"))
	if string(got) != "{\"n\":0}\n{\"n\":1}\n{\"n\":2}\n" {
		t.Errorf("file a: %q", got)
	}
	if b, err := os.ReadFile(Path(dir, "b")); err != nil || len(b) != 0 {
		t.Errorf("file b: %q, %v", b, err)
	}
	if c := sum.Topic("a"); sum.Records != 3 || c.Duplicates != 1 || c.Malformed != 1 {
		t.Errorf("summary %+v %+v", sum, c)
	}
	if sum.Last.Sub(sum.First) != 5*time.Second {
		t.Errorf("span %v", sum.Last.Sub(sum.First))
	}
	var b strings.Builder
	sum.Print(&b, []string{"b"}, time.Second)
	for _, want := range []string{"b                     0 records", "a                     3 records", "total", "2026-01-01 00:00:05.000", "3 records/s"} {
		if !strings.Contains(b.String(), want) {
			t.Errorf("summary lacks %q:\n%s", want, b.String())
		}
	}
}

func TestRunPaced(t *testing.T) {
	dir := t.TempDir()
	sink, err := NewFileSink(dir)
	if err != nil {
		t.Fatal(err)
	}
	clock := &fakeClock{now: time.Unix(1e9, 0)}
	_, err = Run(context.Background(), &sliceStream{recs(0, 1, 1000, 1000, 3500)}, sink, RunOptions{Pace: clock, Origin: t0})
	if err != nil {
		t.Fatal(err)
	}
	// 1 ms ahead is written at once (the clock does not move); then 1 s
	// and 2.5 s of sleep.
	if fmt.Sprint(clock.sleeps) != "[1s 2.5s]" {
		t.Errorf("sleeps %v", clock.sleeps)
	}
}

func TestRunCancelledKeepsWholeLines(t *testing.T) {
	dir := t.TempDir()
	sink, err := NewFileSink(dir, "a")
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &fakeClock{now: t0, cancel: cancel, n: 2}
	sum, err := Run(ctx, &sliceStream{recs(0, 1000, 2000, 3000)}, sink, RunOptions{Pace: clock, Origin: t0})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("err %v, want cancellation", err)
	}
	got, _ := os.ReadFile(Path(dir, "a"))
	if sum.Records != 2 || string(got) != "{\"n\":0}\n{\"n\":1}\n" {
		t.Errorf("%d records, file %q", sum.Records, got)
	}
}

func TestFileSinkBadTopic(t *testing.T) {
	sink, err := NewFileSink(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	if err := sink.Write(context.Background(), Record{Topic: "../x"}); err == nil {
		t.Error("want an error for a topic with a slash")
	}
	if err := sink.Close(context.Background()); err != nil {
		t.Error(err)
	}
}

func TestProgress(t *testing.T) {
	sink, err := NewFileSink(t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	var seen []int64
	_, err = Run(context.Background(), &sliceStream{recs(0, 1, 2, 3, 4)}, sink, RunOptions{
		ProgressEvery: 2, Progress: func(s Summary) { seen = append(seen, s.Records) }})
	if err != nil || fmt.Sprint(seen) != "[2 4]" {
		t.Errorf("progress %v, err %v", seen, err)
	}
}
