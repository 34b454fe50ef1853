package kafka

import (
	"context"
	"fmt"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kgo"
)

// benchRecords is the number of records each benchmark topic holds.
const benchRecords = 100_000

// seedBench writes benchRecords JSON records of about 100 bytes to a
// 3-partition topic.
func seedBench(b *testing.B, topic string) (addr string) {
	br := startBroker(b)
	if err := br.CreateTopic(topic, 3); err != nil {
		b.Fatal(err)
	}
	cl, err := kgo.NewClient(kgo.SeedBrokers(br.Addr()), kgo.DefaultProduceTopic(topic))
	if err != nil {
		b.Fatal(err)
	}
	defer cl.Close()
	ctx, cancel := context.WithTimeout(context.Background(), testTimeout)
	defer cancel()
	for i := 0; i < benchRecords; i++ {
		v := fmt.Sprintf(`{"id":%d,"name":"user-%08d","ts":"2026-01-01 00:00:00.000","score":%d.25,"tag":"abcdefgh"}`, i, i, i%1000)
		cl.Produce(ctx, &kgo.Record{Value: []byte(v)}, nil)
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	return br.Addr()
}

const benchCols = "id BIGINT, name STRING, ts TIMESTAMP(3), score DOUBLE, tag STRING"

func BenchmarkSourceDecode(b *testing.B) {
	addr := seedBench(b, "in")
	tbl := createTable(b, ddl("in", benchCols, addr, "in", "format", "json",
		"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))
	p := sourceParams(tbl, memory.NewGoAllocator(), executor.NewMetrics())
	p.BatchSize = 1024
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src, err := NewSource(p)
		if err != nil {
			b.Fatal(err)
		}
		out := &countOutput{}
		if err := src.Run(context.Background(), out); err != nil {
			b.Fatal(err)
		}
		src.Close()
		if out.rows != benchRecords {
			b.Fatalf("read %d rows", out.rows)
		}
	}
	b.ReportMetric(float64(benchRecords*b.N)/b.Elapsed().Seconds(), "records/s")
}

// countOutput counts rows and drops them.
type countOutput struct{ rows int }

func (c *countOutput) AddSplit(executor.SplitID, string) {}
func (c *countOutput) SplitDone(executor.SplitID)        {}
func (c *countOutput) Emit(_ executor.SplitID, rec arrow.Record) error {
	c.rows += int(rec.NumRows())
	rec.Release()
	return nil
}

func BenchmarkSinkEncode(b *testing.B) {
	br := startBroker(b)
	tbl := createTable(b, ddl("out", benchCols, br.Addr(), "out", "format", "json"))
	p := sinkParams(b, tbl)
	rb := array.NewRecordBuilder(memory.NewGoAllocator(), p.Schema)
	for i := 0; i < 1024; i++ {
		rb.Field(0).(*array.Int64Builder).Append(int64(i))
		rb.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("user-%08d", i))
		rb.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(1767225600000))
		rb.Field(3).(*array.Float64Builder).Append(float64(i) + 0.25)
		rb.Field(4).(*array.StringBuilder).Append("abcdefgh")
	}
	rec := rb.NewRecord()
	rb.Release()
	defer rec.Release()
	sink, err := NewSink(p)
	if err != nil {
		b.Fatal(err)
	}
	defer sink.Close()
	batches := benchRecords / 1024
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for j := 0; j < batches; j++ {
			if err := sink.Write(rec); err != nil {
				b.Fatal(err)
			}
		}
		if err := sink.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(batches*1024*b.N)/b.Elapsed().Seconds(), "records/s")
}

func BenchmarkKafkaToKafka(b *testing.B) {
	addr := seedBench(b, "in")
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		e := engine.New(engine.Options{})
		text := ddl("src", benchCols, addr, "in", "format", "json",
			"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset") + "\n" +
			ddl("dst", "id BIGINT, name STRING, score DOUBLE", addr, fmt.Sprintf("out%d", i), "format", "json") + "\n" +
			"INSERT INTO dst SELECT id, UPPER(name), score * 2 FROM src WHERE score >= 0;\n"
		if err := e.LoadSource(&sql.Source{Name: "bench.sql", Text: text}); err != nil {
			b.Fatal(err)
		}
		if err := e.Run(context.Background()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(benchRecords*b.N)/b.Elapsed().Seconds(), "records/s")
}
