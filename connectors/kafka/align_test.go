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
	"github.com/twmb/franz-go/pkg/kgo"
)

// alignBase is the event time of the first record of every partition.
var alignBase = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// fillSkewed writes n records to each of the partitions of topic listed
// in steps: record i of partition p has event time (and Kafka timestamp)
// i*steps[p] after alignBase, so the partitions advance at different
// rates. Records are produced ten per partition at a time, so a partition
// holds many small batches and a small fetch size spreads it over many
// fetches.
func fillSkewed(t *testing.T, addr, topic string, n int, steps map[int32]time.Duration) (total int) {
	t.Helper()
	for i := 0; i < n; i += 10 {
		var recs []*kgo.Record
		for p, step := range steps {
			for j := i; j < min(i+10, n); j++ {
				ts := alignBase.Add(time.Duration(j) * step)
				r := rec(topic, p, "", fmt.Sprintf(`{"p":%d,"i":%d,"ts":"%s"}`, p, j, ts.Format("2006-01-02 15:04:05.000")))
				r.Timestamp = ts
				recs = append(recs, r)
			}
		}
		produce(t, addr, recs...)
		total += len(recs)
	}
	return total
}

// alignJob prints p, i and ts of every row of topic, in the order the
// source hands them on; opts are extra options of the source table.
func alignJob(addr, topic string, opts ...string) string {
	opts = append([]string{"format", "json", "scan.startup.mode", "earliest-offset"}, opts...)
	return ddl("events", "p INT, i INT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND", addr, topic, opts...) + "\n" +
		"CREATE TABLE out (p INT, i INT, ts TIMESTAMP(3)) WITH ('connector' = 'print');\n" +
		"INSERT INTO out SELECT p, i, ts FROM events;\n"
}

// printedRow is one row of the print sink: +I[p, i, ts].
type printedRow struct {
	p, i int
	ts   time.Time
}

func parseRows(t *testing.T, lines []string) []printedRow {
	t.Helper()
	out := make([]printedRow, 0, len(lines))
	for _, l := range lines {
		f := strings.Split(strings.TrimSuffix(strings.TrimPrefix(l, "+I["), "]"), ", ")
		if len(f) != 3 {
			t.Fatalf("unexpected line %q", l)
		}
		p, err1 := strconv.Atoi(f[0])
		i, err2 := strconv.Atoi(f[1])
		ts, err3 := time.Parse("2006-01-02 15:04:05.000", f[2])
		if err := errors.Join(err1, err2, err3); err != nil {
			t.Fatalf("line %q: %v", l, err)
		}
		out = append(out, printedRow{p, i, ts})
	}
	return out
}

// maxLag returns how far the rows fall behind the largest time printed
// before them, at most, and checks that every partition's rows come in
// order, each once.
func maxLag(t *testing.T, rows []printedRow) time.Duration {
	t.Helper()
	var top time.Time
	var lag time.Duration
	next := map[int]int{}
	for k, r := range rows {
		if r.i != next[r.p] {
			t.Fatalf("row %d: partition %d record %d, want record %d", k, r.p, r.i, next[r.p])
		}
		next[r.p]++
		if k > 0 && top.Sub(r.ts) > lag {
			lag = top.Sub(r.ts)
		}
		if r.ts.After(top) {
			top = r.ts
		}
	}
	return lag
}

// runAligned runs alignJob to its end (the table is bounded) and returns
// the printed rows and the engine's metrics.
func runAligned(t *testing.T, text string) ([]printedRow, map[string]int64) {
	t.Helper()
	out := &lockedBuffer{}
	e := engine.New(engine.Options{Stdout: out, BatchSize: 16})
	if err := e.LoadSource(&sql.Source{Name: "align.sql", Text: text}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := e.Run(ctx); err != nil {
		t.Fatal(err)
	}
	return parseRows(t, out.lines()), e.Metrics().Snapshot()
}

// TestAlignmentBoundsSkew reads 4 partitions whose event times advance at
// 1, 2, 3 and 4 s per record. Without alignment a partition's rows are
// handed on as fetched, so rows fall minutes behind rows printed before
// them; with a 5 s max drift no row is more than 5 s behind any row
// printed before it (every partition's timestamps increase, so the bound
// has no slack), whether a partition arrives in one fetch or in many
// small ones (which pauses partitions). Bounded reads still end.
func TestAlignmentBoundsSkew(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("skew", 4); err != nil {
		t.Fatal(err)
	}
	steps := map[int32]time.Duration{0: time.Second, 1: 2 * time.Second, 2: 3 * time.Second, 3: 4 * time.Second}
	total := fillSkewed(t, b.Addr(), "skew", 150, steps)
	bounded := []string{"scan.bounded.mode", "latest-offset"}

	rows, _ := runAligned(t, alignJob(b.Addr(), "skew", bounded...))
	if len(rows) != total {
		t.Fatalf("without alignment: %d rows, want %d", len(rows), total)
	}
	if lag := maxLag(t, rows); lag < time.Minute {
		t.Fatalf("without alignment the largest lag is only %v; the test does not show skew", lag)
	}

	const drift = 5 * time.Second
	for _, fetch := range []string{"", "256"} {
		opts := append([]string{"scan.watermark.alignment.max-drift", "5 s"}, bounded...)
		if fetch != "" {
			opts = append(opts, "properties.max.partition.fetch.bytes", fetch, "properties.fetch.max.bytes", fetch)
		}
		rows, m := runAligned(t, alignJob(b.Addr(), "skew", opts...))
		if len(rows) != total {
			t.Fatalf("fetch bytes %q: %d rows, want %d", fetch, len(rows), total)
		}
		if lag := maxLag(t, rows); lag > drift {
			t.Fatalf("fetch bytes %q: a row came %v behind an earlier one; max drift %v", fetch, lag, drift)
		}
		if fetch != "" && m["source.events.alignment_pauses"] == 0 {
			t.Fatalf("fetch bytes %q: no partition was ever paused", fetch)
		}
	}
}

// TestAlignmentQuietPartitions reads, unbounded, a topic whose partition 3
// is empty and whose partition 2 has two early records: neither holds the
// others back once read to its end, so every row arrives, within the
// drift of the rows before it.
func TestAlignmentQuietPartitions(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("quiet", 4); err != nil {
		t.Fatal(err)
	}
	total := fillSkewed(t, b.Addr(), "quiet", 100, map[int32]time.Duration{0: time.Second, 1: 3 * time.Second})
	total += fillSkewed(t, b.Addr(), "quiet", 2, map[int32]time.Duration{2: time.Second})

	out := &lockedBuffer{}
	e := engine.New(engine.Options{Stdout: out, BatchSize: 16})
	text := alignJob(b.Addr(), "quiet", "scan.watermark.alignment.max-drift", "5 s", "properties.max.partition.fetch.bytes", "256")
	if err := e.LoadSource(&sql.Source{Name: "quiet.sql", Text: text}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- e.Run(ctx) }()
	waitFor(t, time.Now().Add(20*time.Second), "every row", func() bool { return len(out.lines()) >= total })
	cancel()
	if err := <-done; !errors.Is(err, context.Canceled) {
		t.Fatalf("cancelled job returned %v", err)
	}
	rows := parseRows(t, out.lines())
	if len(rows) != total {
		t.Fatalf("%d rows, want %d", len(rows), total)
	}
	if lag := maxLag(t, rows); lag > 5*time.Second {
		t.Fatalf("a row came %v behind an earlier one", lag)
	}
}

func TestAlignmentOptions(t *testing.T) {
	const base = "'connector' = 'kafka', 'properties.bootstrap.servers' = '127.0.0.1:1', 'topic' = 't', 'format' = 'json', "
	cases := []createCase{
		{"'scan.watermark.alignment.max-drift' = '5 s'", ""},
		{"'scan.watermark.alignment.max-drift' = '0', 'scan.watermark.alignment.group' = 'g', 'scan.watermark.alignment.update-interval' = '200 ms'", ""},
		{"'scan.watermark.alignment.max-drift' = 'soon'", "invalid duration 'soon'"},
		{"'scan.watermark.alignment.group' = 'g'", "option 'scan.watermark.alignment.group' needs option 'scan.watermark.alignment.max-drift'"},
		{"'scan.watermark.alignment.max-drift' = '5 s', 'scan.watermark.alignment.update-interval' = '0'", "must be positive"},
	}
	checkCreateCases(t, base, cases)
	up := "CREATE TABLE u (id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', " +
		"'properties.bootstrap.servers' = '127.0.0.1:1', 'topic' = 'u', 'key.format' = 'json', 'value.format' = 'json', " +
		"'scan.watermark.alignment.max-drift' = '1 min');"
	if _, err := tryCreate(up); err != nil {
		t.Errorf("upsert-kafka: %v", err)
	}
}
