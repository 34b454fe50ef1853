package engine

import (
	"bytes"
	"testing"

	"github.com/streamsql/streamsql/sql"

	// The Kafka connectors are registered by importing them.
	_ "github.com/streamsql/streamsql/connectors/kafka"
)

// BootstrapServers points every Kafka table at other brokers, and leaves
// other connectors alone.
func TestBootstrapServersOverride(t *testing.T) {
	var out bytes.Buffer
	e := New(Options{Stdout: &out, BootstrapServers: "127.0.0.1:19092"})
	err := e.LoadSource(&sql.Source{Name: "t.sql", Text: `
CREATE TABLE k (a STRING, PRIMARY KEY (a) NOT ENFORCED) WITH ('connector' = 'upsert-kafka', 'topic' = 't',
  'properties.bootstrap.servers' = 'kafka:9092', 'key.format' = 'json', 'value.format' = 'json');
CREATE TABLE f (a STRING) WITH ('connector' = 'print');`})
	if err != nil {
		t.Fatal(err)
	}
	k, _ := e.Catalog().Lookup("k")
	if got := k.Options["properties.bootstrap.servers"]; got != "127.0.0.1:19092" {
		t.Errorf("upsert-kafka servers = %q", got)
	}
	f, _ := e.Catalog().Lookup("f")
	if _, ok := f.Options["properties.bootstrap.servers"]; ok {
		t.Error("print table got a servers option")
	}
}
