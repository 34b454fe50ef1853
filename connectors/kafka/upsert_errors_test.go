package kafka

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kgo"
)

func TestUpsertValidation(t *testing.T) {
	const addr = "127.0.0.1:1"
	cases := []struct{ ddl, want string }{
		{upsertDDL("t", "id BIGINT, name STRING", addr, "t"),
			"t.sql:1:1: table `t`: connector 'upsert-kafka' needs a PRIMARY KEY (...) NOT ENFORCED"},
		{upsertDDL("t", usersCols, addr, "t", "key.fields", "id"),
			"connector 'upsert-kafka' takes the record key from the PRIMARY KEY: remove option 'key.fields'"},
		{upsertDDL("t", usersCols, addr, "a;b"), "reads and writes exactly one topic"},
		{upsertDDL("t", usersCols, addr, "t", "topic-pattern", "a.*"), "unknown option 'topic-pattern' for connector 'upsert-kafka'"},
		{upsertDDL("t", usersCols, addr, "t", "scan.startup.mode", "latest-offset"), "unknown option 'scan.startup.mode'"},
		{upsertDDL("t", usersCols, addr, "t", "key.fields-prefix", "i"), "option 'key.fields-prefix' needs 'value.fields-include' = 'EXCEPT_KEY'"},
		{upsertDDL("t", usersCols, addr, "t", "key.fields-prefix", "k_", "value.fields-include", "EXCEPT_KEY"),
			"key column 'id' does not start with the prefix 'k_'"},
		{upsertDDL("t", usersCols, addr, "t", "sink.parallelism", "two"), "option 'sink.parallelism': invalid value 'two'"},
		{upsertDDL("t", usersCols, addr, "t", "sink.parallelism", "2", "sink.buffer-flush.max-rows", "100",
			"sink.buffer-flush.interval", "1 s", "sink.delivery-guarantee", "none", "key.json.ignore-parse-errors", "true"), ""},
	}
	for _, c := range cases {
		_, err := tryCreate(c.ddl)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.ddl, err)
		case c.want != "" && (err == nil || !strings.Contains(err.Error(), c.want)):
			t.Errorf("%s:\n got %v\nwant %s", c.ddl, err, c.want)
		}
	}
	// The error about 'key.fields' points at the option.
	_, err := tryCreate(upsertDDL("t", usersCols, addr, "t", "key.fields", "id"))
	if err == nil || !strings.Contains(err.Error(), "t.sql:1:") || strings.Contains(err.Error(), "t.sql:1:1:") {
		t.Errorf("key.fields position: %v", err)
	}
}

func TestUpsertIntoKafkaRejected(t *testing.T) {
	const addr = "127.0.0.1:1"
	job := upsertDDL("users", usersCols, addr, "users") + ddl("plain", "id BIGINT, name STRING", addr, "plain", "format", "json") +
		"\nINSERT INTO plain SELECT id, name FROM users;\n"
	_, _, err := runSQL(t, job, 16)
	if err == nil || !strings.Contains(err.Error(), "table `plain` (connector 'kafka') cannot take updates, but the query is updated by table `users` (connector 'upsert-kafka')") ||
		!strings.Contains(err.Error(), "job.sql:3:") {
		t.Fatalf("got %v", err)
	}
}

func TestUpsertBadKey(t *testing.T) {
	b := startBroker(t)
	for _, topic := range []string{"badkey", "nokey"} {
		if err := b.CreateTopic(topic, 1); err != nil {
			t.Fatal(err)
		}
	}
	produce(t, b.Addr(), kv("badkey", `{"id":1}`, `{"id":1,"name":"a"}`), kv("badkey", `{"id":`, `{"id":2,"name":"b"}`),
		kv("badkey", `{"id":3}`, `{"id":3,"name":"c"}`),
		&kgo.Record{Topic: "nokey", Value: []byte(`{"id":1,"name":"a"}`)})
	job := func(topic string, opts ...string) string {
		return upsertDDL("users", usersCols, b.Addr(), topic, opts...) + printOut + "INSERT INTO out SELECT id, name FROM users;\n"
	}
	_, _, err := runSQL(t, job("badkey"), 16)
	if err == nil || !strings.Contains(err.Error(), "badkey/0:1:") ||
		!strings.Contains(err.Error(), "at topic 'badkey' partition 0 offset 1: key:") {
		t.Fatalf("bad key: %v", err)
	}
	_, _, err = runSQL(t, job("nokey"), 16)
	if err == nil || !strings.Contains(err.Error(), "nokey/0:0:") || !strings.Contains(err.Error(), "the record has no key") {
		t.Fatalf("no key: %v", err)
	}
	// With the key format ignoring parse errors the record is skipped and
	// counted.
	lines, m, err := runSQL(t, job("badkey", "key.json.ignore-parse-errors", "true"), 16)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lines, " "); got != "+I[1, a] +I[3, c]" || m.Get("source.users.skipped_records") != 1 {
		t.Fatalf("got %s, skipped %d", got, m.Get("source.users.skipped_records"))
	}
}

// changes builds a batch of (id BIGINT, name STRING) rows and their kinds
// from "+U 1 a" lines.
func changes(t *testing.T, alloc memory.Allocator, schema *arrow.Schema, rows ...string) (arrow.Record, []executor.RowKind) {
	t.Helper()
	b := array.NewRecordBuilder(alloc, schema)
	defer b.Release()
	var kinds []executor.RowKind
	for _, r := range rows {
		f := strings.Fields(r)
		k, err := executor.ParseRowKind(f[0])
		if err != nil {
			t.Fatal(err)
		}
		kinds = append(kinds, k)
		b.Field(0).(*array.Int64Builder).Append(int64(f[1][0] - '0'))
		b.Field(1).(*array.StringBuilder).Append(f[2])
	}
	return b.NewRecord(), kinds
}

func TestUpsertSinkPendingUpdateBefore(t *testing.T) {
	b := startBroker(t)
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	p := sinkParams(t, createTable(t, upsertDDL("kv", usersCols, b.Addr(), "kv")))
	p.Alloc = alloc
	sink, err := NewUpsertSink(p)
	if err != nil {
		t.Fatal(err)
	}
	defer sink.Close()
	cs := sink.(executor.ChangelogSink)
	write := func(rows ...string) {
		t.Helper()
		rec, kinds := changes(t, alloc, p.Schema, rows...)
		defer rec.Release()
		if err := cs.WriteChanges(rec, kinds); err != nil {
			t.Fatal(err)
		}
	}
	write("-U 1 a", "+U 1 b")           // an update in one batch: one record
	write("-U 2 x")                     // an update across two batches
	write("+U 2 y", "-U 3 z", "+U 4 w") // 3's +U was filtered out: a tombstone for 3
	write("+I 5 v", "-D 5 v")           // a delete is a tombstone
	rec, _ := changes(t, alloc, p.Schema, "+I 7 append")
	if err := sink.Write(rec); err != nil { // an append batch: an upsert
		t.Fatal(err)
	}
	rec.Release()
	write("-U 6 u") // a lone -U at the end: a tombstone at Commit
	if err := sink.Commit(); err != nil {
		t.Fatal(err)
	}
	want := `{"id":1}={"id":1,"name":"b"} {"id":2}={"id":2,"name":"y"} {"id":3}=<tombstone> {"id":4}={"id":4,"name":"w"} ` +
		`{"id":5}={"id":5,"name":"v"} {"id":5}=<tombstone> {"id":7}={"id":7,"name":"append"} {"id":6}=<tombstone>`
	if got := render(topicRecords(t, b.Addr(), "kv")); got != want {
		t.Fatalf("got  %s\nwant %s", got, want)
	}
	if n := p.Metrics.Get("sink.kv.merged_update_before"); n != 2 {
		t.Fatalf("merged %d", n)
	}
}
