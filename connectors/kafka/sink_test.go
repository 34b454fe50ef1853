package kafka

import (
	"context"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/twmb/franz-go/pkg/kgo"
)

func sinkParams(t testing.TB, tbl *catalog.Table) executor.SinkParams {
	var fs []arrow.Field
	var cols []int
	for i, ci := range tbl.PhysicalColumns() {
		c := tbl.Columns[ci]
		cols = append(cols, i)
		fs = append(fs, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
	}
	return executor.SinkParams{Spec: &planner.SinkSpec{Table: tbl, Columns: cols}, Alloc: memory.NewGoAllocator(),
		Schema: arrow.NewSchema(fs, nil), Metrics: executor.NewMetrics()}
}

// readBack consumes n records of topic from the start.
func readBack(t testing.TB, addr, topic string, n int) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr), kgo.ConsumeTopics(topic), kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	var out []*kgo.Record
	for len(out) < n {
		fs := cl.PollFetches(ctx)
		if ctx.Err() != nil {
			t.Fatalf("read %d of %d records", len(out), n)
		}
		out = append(out, fs.Records()...)
	}
	return out
}

// batch builds (id BIGINT, name STRING, ts TIMESTAMP(3)) rows.
func batch(schema *arrow.Schema, n int) arrow.Record {
	b := array.NewRecordBuilder(memory.NewGoAllocator(), schema)
	defer b.Release()
	for i := 0; i < n; i++ {
		b.Field(0).(*array.Int64Builder).Append(int64(i))
		b.Field(1).(*array.StringBuilder).Append("line\nbreak")
		b.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(1700000000000 + i))
	}
	return b.NewRecord()
}

func TestSinkRoundTrip(t *testing.T) {
	b := startBroker(t)
	for _, f := range []string{"json", "csv"} {
		topic := "out-" + f
		tbl := createTable(t, ddl("o", "id BIGINT, name STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts", b.Addr(), topic,
			"format", f, "key.format", "json", "key.fields", "id", "sink.topic.partitions", "2"))
		p := sinkParams(t, tbl)
		sink, err := NewSink(p)
		if err != nil {
			t.Fatal(err)
		}
		r := batch(p.Schema, 3)
		if err := sink.Write(r); err != nil {
			t.Fatal(err)
		}
		r.Release()
		if err := sink.Commit(); err != nil {
			t.Fatal(err)
		}
		sink.Close()
		recs := readBack(t, b.Addr(), topic, 3)
		var got []string
		for _, r := range recs {
			got = append(got, string(r.Key)+" "+string(r.Value)+" "+r.Timestamp.UTC().Format("05.000"))
		}
		joined := strings.Join(got, "\n")
		want := map[string]string{
			"json": `{"id":1} {"id":1,"name":"line\nbreak","ts":"2023-11-14 22:13:20.001"} 20.001`,
			"csv":  "{\"id\":1} 1,\"line\nbreak\",2023-11-14 22:13:20.001 20.001",
		}[f]
		if !strings.Contains(joined, want) {
			t.Errorf("%s: got\n%s\nwant a record %s", f, joined, want)
		}
	}
}

func TestSinkTopicCreation(t *testing.T) {
	b := startBroker(t)
	_, err := NewSink(sinkParams(t, createTable(t, ddl("o", "id BIGINT", b.Addr(), "missing", "format", "json",
		"sink.topic.auto-create", "false"))))
	if err == nil || !strings.Contains(err.Error(), "topic 'missing' does not exist on "+b.Addr()) {
		t.Fatalf("got %v", err)
	}
	tbl := createTable(t, ddl("o", "v STRING", b.Addr(), "fixed", "format", "raw",
		"sink.partitioner", "fixed", "sink.topic.partitions", "3"))
	p := sinkParams(t, tbl)
	s, err := NewSink(p)
	if err != nil {
		t.Fatal(err)
	}
	bl := array.NewRecordBuilder(memory.NewGoAllocator(), p.Schema)
	bl.Field(0).(*array.StringBuilder).AppendValues([]string{"a", "b", "c", "d"}, nil)
	r := bl.NewRecord()
	bl.Release()
	if err := s.Write(r); err != nil {
		t.Fatal(err)
	}
	r.Release()
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	s.Close()
	for _, rec := range readBack(t, b.Addr(), "fixed", 4) {
		if rec.Partition != 0 {
			t.Fatalf("record %q in partition %d", rec.Value, rec.Partition)
		}
	}
}
