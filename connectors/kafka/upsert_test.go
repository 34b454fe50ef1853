package kafka

import (
	"bytes"
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// upsertDDL renders a CREATE TABLE of an upsert-kafka table on addr with
// JSON keys and values, read to the topic's end; opts (key, value pairs)
// add or replace options.
func upsertDDL(name, cols, addr, topic string, opts ...string) string {
	keys := []string{"connector", "topic", "properties.bootstrap.servers", "key.format", "value.format", "scan.bounded.mode"}
	vals := map[string]string{"connector": "upsert-kafka", "topic": topic, "properties.bootstrap.servers": addr,
		"key.format": "json", "value.format": "json", "scan.bounded.mode": "latest-offset"}
	for i := 0; i+1 < len(opts); i += 2 {
		if _, ok := vals[opts[i]]; !ok {
			keys = append(keys, opts[i])
		}
		vals[opts[i]] = opts[i+1]
	}
	var o []string
	for _, k := range keys {
		o = append(o, fmt.Sprintf("'%s' = '%s'", k, vals[k]))
	}
	return fmt.Sprintf("CREATE TABLE %s (%s) WITH (%s);\n", name, cols, strings.Join(o, ", "))
}

const printOut = "CREATE TABLE out (id BIGINT, name STRING) WITH ('connector' = 'print');\n"

// runSQL runs a script through the engine with a checked allocator and
// returns what it printed (one string per line) and its counters.
func runSQL(t *testing.T, text string, batchSize int) ([]string, *executor.Metrics, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	var buf bytes.Buffer
	e := engine.New(engine.Options{Alloc: alloc, Stdout: &buf, BatchSize: batchSize})
	if err := e.LoadSource(&sql.Source{Name: "job.sql", Text: text}); err != nil {
		return nil, nil, err
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	err := e.Run(ctx)
	if ctx.Err() != nil {
		t.Fatalf("job did not end within %v", testTimeout)
	}
	return strings.Split(strings.TrimSpace(buf.String()), "\n"), e.Metrics(), err
}

// finalRows applies printed changelog lines and returns the rows left,
// sorted; a retraction of a row that is not there fails the test.
func finalRows(t *testing.T, lines []string) []string {
	t.Helper()
	n := map[string]int{}
	for _, l := range lines {
		kind, row := l[:2], l[2:]
		if kind == "+I" || kind == "+U" {
			n[row]++
			continue
		}
		if n[row] == 0 {
			t.Fatalf("%q retracts a row that is not there in %q", l, lines)
		}
		n[row]--
	}
	var out []string
	for row, c := range n {
		for ; c > 0; c-- {
			out = append(out, row)
		}
	}
	sort.Strings(out)
	return out
}

func kv(topic, key, value string) *kgo.Record {
	r := &kgo.Record{Topic: topic, Key: []byte(key)}
	if value != "" {
		r.Value = []byte(value)
	}
	return r
}

// produceUsers writes the changelog of the users topic: 1 is updated,
// 2 deleted, 3 inserted, 1 written again unchanged, 9 (never written)
// deleted.
func produceUsers(t *testing.T, b interface{ Addr() string }, topic string) {
	produce(t, b.Addr(),
		kv(topic, `{"id":1}`, `{"id":1,"name":"a"}`),
		kv(topic, `{"id":2}`, `{"id":2,"name":"b"}`),
		kv(topic, `{"id":1}`, `{"id":1,"name":"c"}`),
		kv(topic, `{"id":2}`, ""),
		kv(topic, `{"id":3}`, `{"id":3,"name":"x"}`),
		kv(topic, `{"id":1}`, `{"id":1,"name":"c"}`),
		kv(topic, `{"id":9}`, ""),
	)
}

const usersCols = "id BIGINT, name STRING, PRIMARY KEY (id) NOT ENFORCED"

func TestUpsertSourceChangelog(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("users", 1); err != nil {
		t.Fatal(err)
	}
	produceUsers(t, b, "users")
	job := upsertDDL("users", usersCols, b.Addr(), "users") + printOut + "INSERT INTO out SELECT id, name FROM users;\n"
	want := []string{"+I[1, a]", "+I[2, b]", "-U[1, a]", "+U[1, c]", "-D[2, b]", "+I[3, x]"}
	for _, bs := range []int{1, 3, 1024} {
		lines, m, err := runSQL(t, job, bs)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Join(lines, " ") != strings.Join(want, " ") {
			t.Fatalf("batch size %d: printed\n%s\nwant\n%s", bs, strings.Join(lines, "\n"), strings.Join(want, "\n"))
		}
		if got := strings.Join(finalRows(t, lines), " "); got != "[1, c] [3, x]" {
			t.Fatalf("final rows %s", got)
		}
		if m.Get("state.users.delete_missing") != 1 || m.Get("source.users.rows") != 7 {
			t.Fatalf("delete_missing %d, rows %d", m.Get("state.users.delete_missing"), m.Get("source.users.rows"))
		}
	}
	// The key is read even when no query selects it.
	lines, _, err := runSQL(t, upsertDDL("users", usersCols, b.Addr(), "users")+
		"CREATE TABLE names (name STRING) WITH ('connector' = 'print');\nINSERT INTO names SELECT name FROM users;\n", 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(lines, " "); got != "+I[a] +I[b] -U[a] +U[c] -D[b] +I[x]" {
		t.Fatalf("names: %s", got)
	}
}

func TestUpsertExplain(t *testing.T) {
	lines, _, err := runSQL(t, upsertDDL("users", usersCols, "127.0.0.1:1", "users")+printOut+
		"SET 'table.exec.state.ttl' = '1 h';\nEXPLAIN INSERT INTO out SELECT id, name FROM users WHERE id > 1;\n", 16)
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Join(lines, "\n")
	for _, want := range []string{
		"Source(table=[users], connector=[upsert-kafka], columns=[id, name])",
		"changelog=[UA,D]",
		"ChangelogNormalize(inputs=[#0], keys=[id], ttl=[INTERVAL '1' HOUR])",
		"changelog=[I,UB,UA,D] state=[last row per key]",
	} {
		if !strings.Contains(text, want) {
			t.Fatalf("EXPLAIN lacks %q:\n%s", want, text)
		}
	}
}

// topicRecords reads every record of topic up to its end offsets.
func topicRecords(t *testing.T, addr, topic string) []*kgo.Record {
	t.Helper()
	cl, err := kgo.NewClient(kgo.SeedBrokers(addr))
	if err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	ends, err := kadm.NewClient(cl).ListEndOffsets(ctx, topic)
	cl.Close()
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	ends.Each(func(o kadm.ListedOffset) { n += int(o.Offset) })
	return readBack(t, addr, topic, n)
}

// render shows records as "key=value", "key=<tombstone>" for no value.
func render(recs []*kgo.Record) string {
	var out []string
	for _, r := range recs {
		v := string(r.Value)
		if r.Value == nil {
			v = "<tombstone>"
		}
		out = append(out, string(r.Key)+"="+v)
	}
	return strings.Join(out, " ")
}

func TestUpsertRoundTrip(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("users", 1); err != nil {
		t.Fatal(err)
	}
	produceUsers(t, b, "users")
	job := upsertDDL("users", usersCols, b.Addr(), "users") +
		upsertDDL("copy", usersCols, b.Addr(), "copy") +
		upsertDDL("slim", "k_id BIGINT, name STRING, PRIMARY KEY (k_id) NOT ENFORCED", b.Addr(), "slim",
			"key.fields-prefix", "k_", "value.fields-include", "EXCEPT_KEY") +
		"INSERT INTO copy SELECT id, name FROM users;\nINSERT INTO slim SELECT id, name FROM users;\n"
	if _, _, err := runSQL(t, job, 4); err != nil {
		t.Fatal(err)
	}
	// The update of 1 is one record (its -U is merged into the +U), the
	// delete of 2 a tombstone; the unchanged 1 and the unknown 9 write
	// nothing.
	want := `{"id":1}={"id":1,"name":"a"} {"id":2}={"id":2,"name":"b"} {"id":1}={"id":1,"name":"c"} {"id":2}=<tombstone> {"id":3}={"id":3,"name":"x"}`
	if got := render(topicRecords(t, b.Addr(), "copy")); got != want {
		t.Fatalf("copy:\n got %s\nwant %s", got, want)
	}
	wantSlim := `{"id":1}={"name":"a"} {"id":2}={"name":"b"} {"id":1}={"name":"c"} {"id":2}=<tombstone> {"id":3}={"name":"x"}`
	if got := render(topicRecords(t, b.Addr(), "slim")); got != wantSlim {
		t.Fatalf("slim:\n got %s\nwant %s", got, wantSlim)
	}
	// Reading the written topics back gives the same final state.
	for _, tbl := range []string{"copy", "slim"} {
		cols, key := usersCols, "id"
		var opts []string
		if tbl == "slim" {
			cols, key = "k_id BIGINT, name STRING, PRIMARY KEY (k_id) NOT ENFORCED", "k_id"
			opts = []string{"key.fields-prefix", "k_", "value.fields-include", "EXCEPT_KEY"}
		}
		lines, _, err := runSQL(t, upsertDDL(tbl, cols, b.Addr(), tbl, opts...)+printOut+
			fmt.Sprintf("INSERT INTO out SELECT %s, name FROM %s;\n", key, tbl), 3)
		if err != nil {
			t.Fatal(err)
		}
		if got := strings.Join(finalRows(t, lines), " "); got != "[1, c] [3, x]" {
			t.Fatalf("%s read back: %s (%q)", tbl, got, lines)
		}
	}
}

func TestUpsertAppendQueryIntoUpsertSink(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("events", 1); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(), rec("events", 0, "", `{"id":1,"name":"a"}`), rec("events", 0, "", `{"id":1,"name":"b"}`))
	job := ddl("events", "id BIGINT, name STRING", b.Addr(), "events", "format", "json",
		"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset") + "\n" +
		upsertDDL("latest", usersCols, b.Addr(), "latest", "value.format", "csv") +
		"INSERT INTO latest SELECT id, name FROM events;\n"
	if _, _, err := runSQL(t, job, 16); err != nil {
		t.Fatal(err)
	}
	if got := render(topicRecords(t, b.Addr(), "latest")); got != `{"id":1}=1,a {"id":1}=1,b` {
		t.Fatalf("got %s", got)
	}
}

func TestUpsertSourceWithWatermark(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("ticks", 2); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(),
		rec("ticks", 0, `{"id":1}`, `{"id":1,"name":"a","ts":"2026-01-01 00:00:01"}`),
		rec("ticks", 1, `{"id":2}`, `{"id":2,"name":"b","ts":"2026-01-01 00:00:02"}`),
		rec("ticks", 0, `{"id":1}`, `{"id":1,"name":"c","ts":"2026-01-01 00:00:03"}`),
		&kgo.Record{Topic: "ticks", Partition: 1, Key: []byte(`{"id":2}`)})
	job := upsertDDL("ticks", "id BIGINT, name STRING, ts TIMESTAMP(3), PRIMARY KEY (id) NOT ENFORCED, WATERMARK FOR ts AS ts",
		b.Addr(), "ticks", "scan.watermark.idle-timeout", "1 s") + printOut + "INSERT INTO out SELECT id, name FROM ticks;\n"
	lines, _, err := runSQL(t, job, 2)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(finalRows(t, lines), " "); got != "[1, c]" || len(lines) != 5 {
		t.Fatalf("final %s from %q", got, lines)
	}
}

func TestUpsertNormalizeShared(t *testing.T) {
	e := engine.New(engine.Options{Stdout: &bytes.Buffer{}})
	job := upsertDDL("users", usersCols, "127.0.0.1:1", "users") + printOut +
		"CREATE TABLE names (name STRING) WITH ('connector' = 'print');\n" +
		"INSERT INTO out SELECT id, name FROM users;\nINSERT INTO names SELECT name FROM users WHERE id > 2;\n"
	if err := e.LoadSource(&sql.Source{Name: "job.sql", Text: job}); err != nil {
		t.Fatal(err)
	}
	text, err := e.Explain()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Count(text, "ChangelogNormalize(") != 1 || strings.Count(text, "Source(") != 1 {
		t.Fatalf("want one source and one normalize:\n%s", text)
	}
}
