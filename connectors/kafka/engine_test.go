package kafka

import (
	"context"
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
)

// pipelineSQL reads a bounded JSON topic, filters and projects, and
// writes another topic.
func pipelineSQL(addr, in, out string) string {
	return ddl("clicks", "id BIGINT, name STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '1' SECOND", addr, in,
		"format", "json", "scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset") + "\n" +
		ddl("clean", "id BIGINT, name STRING", addr, out, "format", "json", "key.format", "json", "key.fields", "id") + "\n" +
		"INSERT INTO clean SELECT id, UPPER(name) FROM clicks WHERE id % 2 = 0;\n"
}

func TestEngineKafkaToKafka(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("clicks", 3); err != nil {
		t.Fatal(err)
	}
	for i := 0; i < 30; i++ {
		produce(t, b.Addr(), rec("clicks", int32(i%3), "", fmt.Sprintf(`{"id":%d,"name":"n%d","ts":"2026-01-01 00:00:%02d"}`, i, i, i)))
	}
	e := engine.New(engine.Options{BatchSize: 7})
	if err := e.LoadSource(&sql.Source{Name: "job.sql", Text: pipelineSQL(b.Addr(), "clicks", "clean")}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	if err := e.Run(ctx); err != nil {
		t.Fatal(err)
	}
	recs := readBack(t, b.Addr(), "clean", 15)
	var got []string
	for _, r := range recs {
		got = append(got, string(r.Key)+"="+string(r.Value))
	}
	sort.Strings(got)
	if len(got) != 15 || !strings.Contains(strings.Join(got, " "), `{"id":28}={"id":28,"name":"N28"}`) {
		t.Fatalf("got %d records: %v", len(got), got)
	}
}

func TestEngineDecodeErrorNamesOffset(t *testing.T) {
	b := startBroker(t)
	if err := b.CreateTopic("clicks", 1); err != nil {
		t.Fatal(err)
	}
	produce(t, b.Addr(), rec("clicks", 0, "", `{"id":1,"name":"a","ts":"2026-01-01 00:00:00"}`), rec("clicks", 0, "", `{"id":}`))
	e := engine.New(engine.Options{})
	if err := e.LoadSource(&sql.Source{Name: "job.sql", Text: pipelineSQL(b.Addr(), "clicks", "clean")}); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	err := e.Run(ctx)
	t.Log(err)
	if err == nil || !strings.Contains(err.Error(), "clicks/0:1:") {
		t.Fatalf("got %v", err)
	}
}
