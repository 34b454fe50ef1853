package kafka

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kgo"
)

// withHeaders returns r with headers added as key, value pairs; a value
// "<nil>" is a header without value.
func withHeaders(r *kgo.Record, kv ...string) *kgo.Record {
	for i := 0; i+1 < len(kv); i += 2 {
		h := kgo.RecordHeader{Key: kv[i]}
		if kv[i+1] != "<nil>" {
			h.Value = []byte(kv[i+1])
		}
		r.Headers = append(r.Headers, h)
	}
	return r
}

// runHeadersSQL runs a job of text on a fresh engine with a checked allocator and
// returns what print sinks wrote.
func runHeadersSQL(t *testing.T, text string) (string, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	var out bytes.Buffer
	e := engine.New(engine.Options{Stdout: &out, Alloc: alloc})
	if err := e.LoadSource(&sql.Source{Name: "job.sql", Text: text}); err != nil {
		return "", err
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	err := e.Run(ctx)
	alloc.AssertSize(t, 0)
	return out.String(), err
}

// headersSource is a bounded JSON table on topic with a headers column.
func headersSource(addr, topic string) string {
	return ddl("src", "id BIGINT, headers MAP<STRING, BYTES> METADATA VIRTUAL", addr, topic,
		"format", "json", "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset") + "\n"
}

func produceHeaderRecords(t *testing.T, b interface{ Addr() string }) {
	produce(t, b.Addr(),
		withHeaders(rec("in", 0, "", `{"id":1}`), "trace-id", "abc", "x", "1", "trace-id", "def"),
		rec("in", 0, "", `{"id":2}`),
		withHeaders(rec("in", 0, "", `{"id":3}`), "empty", "", "none", "<nil>"))
}

func TestHeadersToPrint(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("in", 1); err != nil {
		t.Fatal(err)
	}
	produceHeaderRecords(t, b)
	text := headersSource(b.Addr(), "in") +
		"CREATE TABLE out (id BIGINT, h MAP<STRING, BYTES>, trace BYTES, n INT, absent BYTES) WITH ('connector' = 'print');\n" +
		"INSERT INTO out SELECT id, headers, headers['trace-id'], CARDINALITY(headers), headers['nope'] FROM src WHERE id <> 0;\n"
	got, err := runHeadersSQL(t, text)
	if err != nil {
		t.Fatal(err)
	}
	// 'abc' is YWJj, 'def' ZGVm, '1' MQ==: BYTES print in base64.
	want := "+I[1, {x=MQ==, trace-id=ZGVm}, ZGVm, 2, null]\n" +
		"+I[2, {}, null, 0, null]\n" +
		"+I[3, {empty=, none=null}, null, 2, null]\n"
	if got != want {
		t.Fatalf("printed:\n%s\nwant:\n%s", got, want)
	}
}

func TestHeadersToKafkaSink(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("in", 1); err != nil {
		t.Fatal(err)
	}
	produceHeaderRecords(t, b)
	text := headersSource(b.Addr(), "in") +
		ddl("dst", "id BIGINT, hs MAP<STRING, BYTES> METADATA FROM 'headers'", b.Addr(), "out", "format", "json") + "\n" +
		"INSERT INTO dst SELECT id, headers FROM src WHERE id <> 2;\n" +
		"INSERT INTO dst (id) SELECT id FROM src WHERE id = 2;\n" +
		"CREATE TABLE up (id BIGINT, hs MAP<STRING, BYTES> METADATA FROM 'headers', PRIMARY KEY (id) NOT ENFORCED) WITH (" +
		"'connector' = 'upsert-kafka', 'topic' = 'up', 'properties.bootstrap.servers' = '" + b.Addr() + "', " +
		"'key.format' = 'json', 'value.format' = 'json');\n" +
		"INSERT INTO up SELECT id, headers FROM src WHERE id = 1;\n"
	if _, err := runHeadersSQL(t, text); err != nil {
		t.Fatal(err)
	}
	up := readBack(t, b.Addr(), "up", 1)
	if len(up) != 1 || len(up[0].Headers) != 2 || up[0].Headers[1].Key != "trace-id" || string(up[0].Headers[1].Value) != "def" {
		t.Fatalf("upsert-kafka record: %+v", up)
	}
	recs := readBack(t, b.Addr(), "out", 3)
	got := map[string]string{}
	for _, r := range recs {
		var hs []string
		for _, h := range r.Headers {
			v := fmt.Sprintf("%q", h.Value)
			if h.Value == nil {
				v = "nil"
			}
			hs = append(hs, h.Key+"="+v)
		}
		got[string(r.Value)] = strings.Join(hs, " ")
	}
	want := map[string]string{
		`{"id":1}`: `x="1" trace-id="def"`,
		`{"id":2}`: ``,
		`{"id":3}`: `empty="" none=nil`,
	}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Fatalf("record headers:\n%v\nwant:\n%v", got, want)
	}
}

func TestHeadersErrors(t *testing.T) {
	const addr = "127.0.0.1:1"
	for _, c := range []struct{ ddl, want string }{
		{ddl("t", "id BIGINT, headers MAP<STRING, STRING> METADATA", addr, "t", "format", "json"),
			"t.sql:1:28: metadata column 'headers' (key 'headers') must be MAP<STRING, BYTES>, not MAP<STRING, STRING>"},
		{ddl("t", "id BIGINT, h STRING METADATA FROM 'headers'", addr, "t", "format", "json"),
			"t.sql:1:28: metadata column 'h' (key 'headers') must be MAP<STRING, BYTES>, not STRING"},
		{ddl("t", "id BIGINT, m MAP<STRING, STRING>", addr, "t", "format", "csv"),
			"t.sql:1:28: column `m` is MAP<STRING, STRING>: format 'csv' cannot hold MAP columns; use format 'json'"},
	} {
		_, err := tryCreate(c.ddl)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s:\ngot  %v\nwant %s", c.ddl, err, c.want)
		}
	}
}

func TestHeadersInStatefulOperatorRejected(t *testing.T) {
	b := startBroker(t)
	text := headersSource(b.Addr(), "in") +
		"CREATE TABLE out (id BIGINT, h MAP<STRING, BYTES>) WITH ('connector' = 'print');\n" +
		"INSERT INTO out SELECT a.id, a.headers FROM src a JOIN src b ON a.id = b.id;\n"
	_, err := runHeadersSQL(t, text)
	if err == nil || !strings.Contains(err.Error(), "Join does not support MAP columns yet: column `headers` is MAP<STRING, BYTES>") {
		t.Fatalf("got %v", err)
	}
	// Only an element of the map reaches the aggregation: accepted.
	text = headersSource(b.Addr(), "in") +
		"CREATE TABLE agg (t BYTES, n BIGINT) WITH ('connector' = 'blackhole');\n" +
		"INSERT INTO agg SELECT headers['t'], COUNT(*) FROM src GROUP BY headers['t'];\n"
	if err := b.CreateTopic("in", 1); err != nil {
		t.Fatal(err)
	}
	if _, err := runHeadersSQL(t, text); err != nil {
		t.Fatalf("aggregating an element: %v", err)
	}
}
