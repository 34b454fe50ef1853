package kafka

import (
	"context"
	"errors"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestSeveralTopicsAndPattern(t *testing.T) {
	b := startBroker(t)
	for _, tp := range []string{"ods_a", "ods_b", "other"} {
		if err := b.CreateTopic(tp, 1); err != nil {
			t.Fatal(err)
		}
		produce(t, b.Addr(), rec(tp, 0, "", "1,"+tp))
	}
	bounded := []string{"format", "csv", "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"}
	for _, tbl := range []string{
		ddl("t", "id INT, src STRING", b.Addr(), "ods_a;ods_b", bounded...),
		strings.Replace(ddl("t", "id INT, src STRING", b.Addr(), "", bounded...), "'topic' = ''", "'topic-pattern' = 'ods_.*'", 1),
	} {
		out, err := readAll(t, createTable(t, tbl), nil)
		if err != nil {
			t.Fatal(err)
		}
		sort.Strings(out.rows)
		if got := strings.Join(out.rows, " "); got != "ods_a/0@0: 1|ods_a ods_b/0@0: 1|ods_b" {
			t.Fatalf("%s:\n%s", tbl, got)
		}
	}
}

// signalOutput counts rows and closes reached when want rows arrived.
type signalOutput struct {
	countOutput
	want    int
	reached chan struct{}
}

func (s *signalOutput) Emit(id executor.SplitID, rec arrow.Record) error {
	err := s.countOutput.Emit(id, rec)
	if s.rows == s.want {
		close(s.reached)
	}
	return err
}

func TestUnboundedSourceStopsOnCancel(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("live", 2); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(), rec("live", 0, "", `{"id":1}`), rec("live", 1, "", `{"id":2}`))
	tbl := createTable(t, ddl("live", "id BIGINT", b.Addr(), "live", "format", "json",
		"scan.startup.mode", "earliest-offset", "properties.group.id", "live-g"))
	src, err := NewSource(sourceParams(tbl, memory.NewGoAllocator(), executor.NewMetrics()))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	out := &signalOutput{want: 2, reached: make(chan struct{})}
	done := make(chan error, 1)
	go func() { done <- src.Run(ctx, out) }()
	// Both records arrive; the source then waits for more until cancelled.
	select {
	case <-out.reached:
	case <-time.After(testTimeout):
		t.Fatal("records did not arrive")
	}
	cancel()
	select {
	case err := <-done:
		if !errors.Is(err, context.Canceled) {
			t.Fatalf("Run returned %v", err)
		}
	case <-time.After(testTimeout):
		t.Fatal("source did not stop after cancel")
	}
	src.Close()
	if out.rows != 2 {
		t.Fatalf("read %d rows", out.rows)
	}
	// Close committed the offsets: a group-offsets reader starts after them.
	produce(t, b.Addr(), rec("live", 1, "", `{"id":3}`))
	res, err := readAll(t, createTable(t, ddl("live", "id BIGINT", b.Addr(), "live", "format", "json",
		"properties.group.id", "live-g", "scan.bounded.mode", "latest-offset")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(res.rows) != 1 || res.rows[0] != "live/1@1: 3" {
		t.Fatalf("after restart: %v", res.rows)
	}
}

// A bounded read of a topic written in transactions ends although the
// last offset before the bound is a transaction marker.
func TestBoundedAfterTransactionMarker(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("txn", 1); err != nil {
		t.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr()), kgo.TransactionalID("tx-1"), kgo.DefaultProduceTopic("txn"))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	for i, commit := range []kgo.TransactionEndTry{kgo.TryCommit, kgo.TryAbort, kgo.TryCommit} {
		if err := cl.BeginTransaction(); err != nil {
			t.Fatal(err)
		}
		if err := cl.ProduceSync(ctx, &kgo.Record{Value: []byte(`{"id":` + string(rune('1'+i)) + `}`)}).FirstErr(); err != nil {
			t.Fatal(err)
		}
		if err := cl.EndTransaction(ctx, commit); err != nil {
			t.Fatal(err)
		}
	}
	for isolation, want := range map[string]int{"read_committed": 2, "read_uncommitted": 3} {
		out, err := readAll(t, createTable(t, ddl("txn", "id BIGINT", b.Addr(), "txn", "format", "json",
			"properties.isolation.level", isolation, "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset")), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.rows) != want {
			t.Errorf("%s: %v", isolation, out.rows)
		}
	}
}
