package kafka

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kgo"
)

// seed creates a 3-partition topic with n JSON records per partition:
// {"id": p*100+i, "name": "n<p>-<i>"}.
func seed(t *testing.T, addr string, b interface {
	CreateTopic(string, int32) error
}, topic string, n int) {
	t.Helper()
	if err := b.CreateTopic(topic, 3); err != nil {
		t.Fatal(err)
	}
	for p := int32(0); p < 3; p++ {
		for i := 0; i < n; i++ {
			produce(t, addr, rec(topic, p, fmt.Sprintf(`{"id":%d}`, int(p)*100+i), fmt.Sprintf(`{"id":%d,"name":"n%d-%d"}`, int(p)*100+i, p, i)))
		}
	}
}

func TestBoundedSource(t *testing.T) {
	b := startBroker(t)
	seed(t, b.Addr(), b, "orders", 5)
	tbl := createTable(t, ddl("orders", "id BIGINT, name STRING", b.Addr(), "orders",
		"format", "json", "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))
	out, err := readAll(t, tbl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.rows) != 15 {
		t.Fatalf("got %d rows: %v", len(out.rows), out.rows)
	}
	sort.Strings(out.done)
	if got := strings.Join(out.done, ","); got != "orders/0,orders/1,orders/2" {
		t.Fatalf("splits done: %s", got)
	}
	for _, want := range []string{"orders/0@0: 0|n0-0", "orders/1@4: 104|n1-4", "orders/2@2: 202|n2-2"} {
		if !contains(out.rows, want) {
			t.Errorf("missing row %q in %v", want, out.rows)
		}
	}
}

func contains(rows []string, want string) bool {
	for _, r := range rows {
		if r == want {
			return true
		}
	}
	return false
}

func TestStartupModes(t *testing.T) {
	b := startBroker(t)
	seed(t, b.Addr(), b, "events", 4)
	cases := []struct {
		opts []string
		rows int
	}{
		{[]string{"scan.startup.mode", "earliest-offset"}, 12},
		{[]string{"scan.startup.mode", "latest-offset"}, 0},
		{[]string{"scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "0"}, 12},
		{[]string{"scan.startup.mode", "timestamp", "scan.startup.timestamp-millis", "99999999999999"}, 0},
		{[]string{"scan.startup.mode", "specific-offsets", "scan.startup.specific-offsets", "partition:0,offset:3;partition:2,offset:1"}, 1 + 4 + 3},
		{[]string{"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "specific-offsets", "scan.bounded.specific-offsets", "partition:0,offset:1;partition:1,offset:0;partition:2,offset:2"}, 3},
		{[]string{"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "timestamp", "scan.bounded.timestamp-millis", "1"}, 0},
	}
	for _, c := range cases {
		opts := append([]string{"format", "json"}, c.opts...)
		if !contains(c.opts, "scan.bounded.mode") {
			opts = append(opts, "scan.bounded.mode", "latest-offset")
		}
		out, err := readAll(t, createTable(t, ddl("events", "id BIGINT, name STRING", b.Addr(), "events", opts...)), nil)
		if err != nil {
			t.Fatalf("%v: %v", c.opts, err)
		}
		if len(out.rows) != c.rows {
			t.Errorf("%v: got %d rows, want %d: %v", c.opts, len(out.rows), c.rows, out.rows)
		}
	}
}

func TestGroupOffsets(t *testing.T) {
	b := startBroker(t)
	seed(t, b.Addr(), b, "g", 2)
	tbl := func(reset string) string {
		return ddl("g", "id BIGINT, name STRING", b.Addr(), "g", "format", "json", "properties.group.id", "grp",
			"scan.startup.mode", "group-offsets", "properties.auto.offset.reset", reset, "scan.bounded.mode", "latest-offset")
	}
	// No committed offsets: auto.offset.reset decides; reading commits.
	for i, want := range []int{6, 0} {
		out, err := readAll(t, createTable(t, tbl("earliest")), nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(out.rows) != want {
			t.Fatalf("run %d: got %d rows, want %d", i, len(out.rows), want)
		}
	}
	produce(t, b.Addr(), rec("g", 1, "", `{"id":7,"name":"new"}`))
	out, err := readAll(t, createTable(t, tbl("earliest")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.rows) != 1 || out.rows[0] != "g/1@2: 7|new" {
		t.Fatalf("after commit: %v", out.rows)
	}
}

func TestKeyAndValueFormats(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("kv", 1); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(), rec("kv", 0, `{"id":1}`, `{"name":"a","id":99}`), rec("kv", 0, "", `{"name":"nokey"}`))
	out, err := readAll(t, createTable(t, ddl("kv", "id BIGINT, name STRING", b.Addr(), "kv", "value.format", "json",
		"key.format", "json", "key.fields", "id", "value.fields-include", "EXCEPT_KEY",
		"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out.rows, "\n"); got != "kv/0@0: 1|a\nkv/0@1: (null)|nokey" {
		t.Fatalf("EXCEPT_KEY:\n%s", got)
	}
	// ALL: the key columns come from the value.
	out, err = readAll(t, createTable(t, ddl("kv", "id BIGINT, name STRING", b.Addr(), "kv", "format", "json",
		"key.format", "json", "key.fields", "id",
		"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out.rows, "\n"); got != "kv/0@0: 99|a\nkv/0@1: (null)|nokey" {
		t.Fatalf("ALL:\n%s", got)
	}
	// raw value, csv key.
	out, err = readAll(t, createTable(t, ddl("kv", "k STRING, v STRING", b.Addr(), "kv", "format", "raw",
		"key.format", "raw", "key.fields", "k", "value.fields-include", "EXCEPT_KEY",
		"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset")), nil)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out.rows, "\n"); got != `kv/0@0: {"id":1}|{"name":"a","id":99}`+"\n"+`kv/0@1: (null)|{"name":"nokey"}` {
		t.Fatalf("raw:\n%s", got)
	}
}

func TestMetadataColumns(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("m", 2); err != nil {
		t.Fatal(err)
	}
	r := rec("m", 1, "", `{"id":5}`)
	r.Timestamp = r.Timestamp.Add(0)
	produce(t, b.Addr(), r)
	tbl := createTable(t, ddl("m", "id BIGINT, `topic` STRING METADATA VIRTUAL, p INT METADATA FROM 'partition' VIRTUAL, "+
		"o BIGINT METADATA FROM 'offset' VIRTUAL, ts TIMESTAMP_LTZ(3) METADATA FROM 'timestamp' VIRTUAL",
		b.Addr(), "m", "format", "json", "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))
	out, err := readAll(t, tbl, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.rows) != 1 || !strings.HasPrefix(out.rows[0], "m/1@0: 5|m|1|0|") {
		t.Fatalf("rows: %v", out.rows)
	}
}

func TestDecodeErrors(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("bad", 2); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(), rec("bad", 1, "", `{"id":1}`), rec("bad", 1, "", `{"id":"x"}`),
		&kgo.Record{Topic: "bad", Partition: 1}, rec("bad", 1, "", `{"id":3}`))
	opts := []string{"format", "json", "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"}
	_, err := readAll(t, createTable(t, ddl("bad", "id BIGINT", b.Addr(), "bad", opts...)), nil)
	if err == nil || !strings.Contains(err.Error(), "bad/1:1:") {
		t.Fatalf("want an error naming bad/1:1, got %v", err)
	}
	m := executor.NewMetrics()
	out, err := readAll(t, createTable(t, ddl("bad", "id BIGINT", b.Addr(), "bad", append(opts, "json.ignore-parse-errors", "true")...)), m)
	if err != nil {
		t.Fatal(err)
	}
	if len(out.rows) != 2 || m.Get("source.bad.skipped_records") != 1 || m.Get("source.bad.skipped_tombstones") != 1 {
		t.Fatalf("rows %v, metrics %s", out.rows, m)
	}
}
