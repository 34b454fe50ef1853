package kafka

import (
	"net"
	"strings"
	"testing"
	"time"
)

func TestMissingTopic(t *testing.T) {
	b := startBroker(t)
	_, err := readAll(t, createTable(t, ddl("x", "id BIGINT", b.Addr(), "nope", "format", "json",
		"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset")), nil)
	if err == nil || !strings.Contains(err.Error(), "topic 'nope' does not exist on "+b.Addr()) {
		t.Fatalf("got %v", err)
	}
}

// closedPort returns a loopback address nothing listens on.
func closedPort(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	l.Close()
	return addr
}

func TestUnreachableBrokers(t *testing.T) {
	addr := closedPort(t)
	start := time.Now()
	_, err := readAll(t, createTable(t, ddl("x", "id BIGINT", addr, "t", "format", "json",
		"properties.request.timeout.ms", "1000")), nil)
	t.Log(err)
	if err == nil || !strings.Contains(err.Error(), "cannot reach Kafka brokers "+addr+" within 1s") {
		t.Fatalf("got %v", err)
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Fatalf("took %v", d)
	}
	_, err = NewSink(sinkParams(t, createTable(t, ddl("x", "id BIGINT", addr, "t", "format", "json",
		"properties.request.timeout.ms", "500"))))
	if err == nil || !strings.Contains(err.Error(), "cannot reach Kafka brokers "+addr) {
		t.Fatalf("sink: got %v", err)
	}
}

func TestValidation(t *testing.T) {
	const base = "'connector' = 'kafka', 'properties.bootstrap.servers' = '127.0.0.1:1', "
	cases := []createCase{
		{"'topic' = 't', 'format' = 'json', 'scan.startup.mod' = 'earliest-offset'", "unknown option 'scan.startup.mod' for connector 'kafka'; did you mean 'scan.startup.mode'?"},
		{"'topic' = 't', 'format' = 'json', 'properties.group.idd' = 'g'", "unknown Kafka property 'properties.group.idd'; did you mean 'properties.group.id'?"},
		{"'topic' = 't', 'format' = 'xml'", "invalid value 'xml'; allowed values: json, csv, raw"},
		{"'topic' = 't'", "requires option 'format'"},
		{"'format' = 'json'", "requires option 'topic'"},
		{"'topic' = 't', 'format' = 'json', 'csv.field-delimiter' = ';'", "option 'csv.field-delimiter' belongs to format 'csv' but the value format is 'json'"},
		{"'topic' = 't', 'format' = 'json', 'sink.delivery-guarantee' = 'exactly-once'", "'exactly-once' is not supported yet"},
		{"'topic' = 't', 'format' = 'json', 'scan.startup.mode' = 'timestamp'", "mode 'timestamp' needs option 'scan.startup.timestamp-millis'"},
		{"'topic' = 't', 'format' = 'json', 'scan.startup.mode' = 'specific-offsets', 'scan.startup.specific-offsets' = 'p:1'", "invalid entry 'p:1'"},
		{"'topic' = 't', 'format' = 'json', 'key.fields' = 'id'", "option 'key.fields' needs 'key.format'"},
		{"'topic' = 't', 'format' = 'json', 'key.format' = 'json', 'key.fields' = 'nope'", "'nope' is not a physical column"},
		{"'topic' = 't', 'format' = 'raw'", "format 'raw' needs exactly one column, here 2"},
		{"'topic' = 't', 'format' = 'json', 'properties.fetch.max.bytes' = 'lots'", "expected a non-negative integer"},
		{"'topic' = 't', 'format' = 'json', 'key.format' = 'json', 'key.fields' = 'id', 'key.json.ignore-parse-errors' = 'true'", ""},
	}
	checkCreateCases(t, base, cases)
	_, err := tryCreate("CREATE TABLE t (id BIGINT, h STRING METADATA FROM 'header') WITH (" + base + "'topic' = 't', 'format' = 'json');")
	if err == nil || !strings.Contains(err.Error(), "unknown metadata key 'header'") {
		t.Errorf("metadata: %v", err)
	}
}
