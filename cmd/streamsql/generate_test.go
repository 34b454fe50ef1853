package main

import (
	"bytes"
	"context"
	"net"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestGenerateFiles(t *testing.T) {
	dir := t.TempDir()
	var first map[string][]byte
	for range 2 {
		code, stdout, stderr := runCLI(t, context.Background(), "", "generate", "adwarehouse",
			"--out", dir, "--seed", "3", "--duration", "30s", "--rate", "50", "--malformed", "0.01")
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, want := range []string{"ad_shows", "ad_clicks", "ad_charges", "duplicates", "malformed", "total",
			"event time   2026-01-01 00:00:00", "elapsed"} {
			if !strings.Contains(stdout, want) {
				t.Errorf("summary lacks %q:\n%s", want, stdout)
			}
		}
		files := map[string][]byte{}
		for _, name := range []string{"ad_shows.jsonl", "ad_clicks.jsonl", "ad_charges.jsonl"} {
			b, err := os.ReadFile(filepath.Join(dir, name))
			if err != nil || len(b) == 0 {
				t.Fatalf("%s: %d bytes, %v", name, len(b), err)
			}
			files[name] = b
		}
		if first == nil {
			first = files
			continue
		}
		for name, b := range files {
			if !bytes.Equal(b, first[name]) {
				t.Errorf("%s differs between runs", name)
			}
		}
	}
	code, stdout, _ := runCLI(t, context.Background(), "", "generate", "adwarehouse", "--out", dir, "--events", "10", "--quiet")
	if code != 0 || stdout != "" {
		t.Errorf("quiet run: exit %d, output %q", code, stdout)
	}
}

func TestGenerateBadFlags(t *testing.T) {
	dir := t.TempDir()
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, "Usage: streamsql generate adwarehouse"},
		{[]string{"nosuch"}, `unknown generator "nosuch"`},
		{[]string{"adwarehouse"}, "give --out DIR or --brokers HOST:PORT"},
		{[]string{"adwarehouse", "--out", dir, "--brokers", "localhost:9092"}, "not both"},
		{[]string{"adwarehouse", "--out", dir, "--rate", "0"}, "events per second"},
		{[]string{"adwarehouse", "--out", dir, "--duplicates", "2"}, "duplicate rate"},
		{[]string{"adwarehouse", "--out", dir, "--disorder", "-1s"}, "disorder"},
		{[]string{"adwarehouse", "--out", dir, "--events", "-5"}, "--events"},
		{[]string{"adwarehouse", "--out", dir, "--start", "yesterday"}, `--start: "yesterday"`},
		{[]string{"adwarehouse", "--brokers", "nohostport"}, "not host:port"},
		{[]string{"adwarehouse", "--brokers", "localhost:9092", "--partitions", "0"}, "--partitions"},
		{[]string{"adwarehouse", "--out", dir, "extra"}, `unexpected argument "extra"`},
		{[]string{"adwarehouse", "--nosuch"}, "flag provided but not defined"},
	} {
		code, _, stderr := runCLI(t, context.Background(), "", append([]string{"generate"}, tc.args...)...)
		if code != 2 || !strings.Contains(stderr, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want 2 and %q", tc.args, code, stderr, tc.want)
		}
	}
	code, stdout, _ := runCLI(t, context.Background(), "", "generate", "adwarehouse", "--help")
	if code != 0 || !strings.Contains(stdout, "--brokers") && !strings.Contains(stdout, "-brokers") {
		t.Errorf("help: exit %d, %q", code, stdout)
	}
	if _, stdout, _ := runCLI(t, context.Background(), "", "help"); !strings.Contains(stdout, "streamsql generate adwarehouse") {
		t.Errorf("top-level help does not list generate:\n%s", stdout)
	}
}

func TestGenerateKafka(t *testing.T) {
	b, err := broker.Start(broker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	code, stdout, stderr := runCLI(t, context.Background(), "", "generate", "adwarehouse",
		"--brokers", b.Addr(), "--partitions", "2", "--events", "2000")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "Kafka "+b.Addr()) {
		t.Errorf("summary does not name the brokers:\n%s", stdout)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	adm := kadm.NewClient(cl)
	topics, err := adm.ListTopics(ctx, "ad_shows", "ad_clicks", "ad_charges")
	if err != nil {
		t.Fatal(err)
	}
	ends, err := adm.ListEndOffsets(ctx, "ad_shows", "ad_clicks", "ad_charges")
	if err != nil {
		t.Fatal(err)
	}
	var total int64
	for _, name := range []string{"ad_shows", "ad_clicks", "ad_charges"} {
		if n := len(topics[name].Partitions); n != 2 {
			t.Errorf("%s has %d partitions, want 2", name, n)
		}
		for _, o := range ends[name] {
			total += o.Offset
		}
	}
	// 2000 events plus about 1% duplicates.
	if total < 2000 || total > 2100 {
		t.Errorf("%d records in Kafka, want 2000 and the duplicates", total)
	}
}

func TestGenerateUnreachableBrokers(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	code, _, stderr := runCLI(t, context.Background(), "", "generate", "adwarehouse", "--brokers", addr, "--timeout", "500ms")
	if code != 1 || !strings.Contains(stderr, "cannot reach Kafka brokers "+addr) {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// stepClock is a fake clock: sleeping advances it; the n-th sleep
// cancels the run instead when cancel is set.
type stepClock struct {
	now    time.Time
	slept  time.Duration
	sleeps int
	n      int
	cancel func()
}

func (c *stepClock) Now() time.Time { return c.now }

func (c *stepClock) Sleep(ctx context.Context, d time.Duration) error {
	c.sleeps++
	if c.cancel != nil && c.sleeps == c.n {
		c.cancel()
		return ctx.Err()
	}
	c.now = c.now.Add(d)
	c.slept += d
	return nil
}

func useClock(t *testing.T, c *stepClock) {
	old := generateClock
	generateClock = c
	t.Cleanup(func() { generateClock = old })
}

func TestGenerateLive(t *testing.T) {
	clock := &stepClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)}
	useClock(t, clock)
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, context.Background(), "", "generate", "adwarehouse",
		"--out", dir, "--live", "--duration", "20s", "--rate", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	// Events of 20 s of event time, starting now, paced by the clock:
	// the run sleeps through the span (plus at most the disorder).
	if clock.slept < 15*time.Second || clock.slept > 25*time.Second {
		t.Errorf("slept %v in total for a 20s span", clock.slept)
	}
	if !strings.Contains(stdout, "from 2026-03-01 12:00:00.000 UTC in real time") ||
		!strings.Contains(stdout, "event time   2026-03-01 12:00:") {
		t.Errorf("output:\n%s", stdout)
	}
}

func TestGenerateLiveInterrupted(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	clock := &stepClock{now: time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC), n: 50, cancel: cancel}
	useClock(t, clock)
	dir := t.TempDir()
	code, stdout, stderr := runCLI(t, ctx, "", "generate", "adwarehouse", "--out", dir, "--live", "--rate", "20")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	if !strings.Contains(stdout, "total") {
		t.Errorf("no summary after the interrupt:\n%s", stdout)
	}
	b, err := os.ReadFile(filepath.Join(dir, "ad_shows.jsonl"))
	if err != nil || len(b) == 0 || b[len(b)-1] != '\n' {
		t.Errorf("ad_shows.jsonl: %d bytes, %v, want whole lines", len(b), err)
	}
}
