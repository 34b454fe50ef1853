package kafka

import (
	"context"
	"encoding/json"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kgo"
)

// benchSize is one record size of the benchmarks: records JSON records
// whose tag field is tagLen characters long.
type benchSize struct {
	name    string
	records int
	tagLen  int
}

// benchSizes are about 100-byte and about 1 KB records (the 1 KB topic
// holds fewer records to bound the broker's memory).
var benchSizes = []benchSize{
	{name: "size=100B", records: 100_000, tagLen: 8},
	{name: "size=1KB", records: 50_000, tagLen: 932},
}

const benchCols = "id BIGINT, name STRING, ts TIMESTAMP(3), score DOUBLE, tag STRING"

func (s benchSize) tag() string {
	return strings.Repeat("abcdefgh", s.tagLen/8+1)[:s.tagLen]
}

// value is record i as JSON; the sink encodes the same row to the same
// text.
func (s benchSize) value(i int, tag string) string {
	return fmt.Sprintf(`{"id":%d,"name":"user-%08d","ts":"2026-01-01 00:00:00.000","score":%d.25,"tag":"%s"}`, i, i, i%1000, tag)
}

// bytes is the total size of the records' values.
func (s benchSize) bytes() int {
	n, tag := 0, s.tag()
	for i := 0; i < s.records; i++ {
		n += len(s.value(i, tag))
	}
	return n
}

// report adds records/s and MB/s (of record values) for records and
// bytes processed per iteration.
func report(b *testing.B, records, bytes int) {
	sec := b.Elapsed().Seconds()
	b.ReportMetric(float64(records*b.N)/sec, "records/s")
	b.ReportMetric(float64(bytes*b.N)/sec/1e6, "MB/s")
}

// seedBench writes the records of s to a 3-partition topic.
func seedBench(b *testing.B, topic string, s benchSize) (addr string) {
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
	tag := s.tag()
	for i := 0; i < s.records; i++ {
		cl.Produce(ctx, &kgo.Record{Value: []byte(s.value(i, tag))}, nil)
	}
	if err := cl.Flush(ctx); err != nil {
		b.Fatal(err)
	}
	return br.Addr()
}

func BenchmarkSourceDecode(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			addr := seedBench(b, "in", s)
			tbl := createTable(b, ddl("in", benchCols, addr, "in", "format", "json",
				"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset"))
			p := sourceParams(tbl, memory.NewGoAllocator(), executor.NewMetrics())
			p.BatchSize = 1024
			bytes := s.bytes()
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
				if out.rows != s.records {
					b.Fatalf("read %d rows", out.rows)
				}
			}
			report(b, s.records, bytes)
		})
	}
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
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			br := startBroker(b)
			tbl := createTable(b, ddl("out", benchCols, br.Addr(), "out", "format", "json"))
			p := sinkParams(b, tbl)
			// One 1024-row batch, written records/1024 times per iteration.
			batches := s.records / 1024
			rb := array.NewRecordBuilder(memory.NewGoAllocator(), p.Schema)
			tag, bytes := s.tag(), 0
			for i := 0; i < 1024; i++ {
				rb.Field(0).(*array.Int64Builder).Append(int64(i))
				rb.Field(1).(*array.StringBuilder).Append(fmt.Sprintf("user-%08d", i))
				rb.Field(2).(*array.TimestampBuilder).Append(arrow.Timestamp(1767225600000))
				rb.Field(3).(*array.Float64Builder).Append(float64(i) + 0.25)
				rb.Field(4).(*array.StringBuilder).Append(tag)
				bytes += len(s.value(i, tag))
			}
			rec := rb.NewRecord()
			rb.Release()
			defer rec.Release()
			sink, err := NewSink(p)
			if err != nil {
				b.Fatal(err)
			}
			defer sink.Close()
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
			report(b, batches*1024, batches*bytes)
			b.StopTimer()
			// The byte count assumes the sink writes what the source reads.
			got := readBack(b, br.Addr(), "out", 1)[0].Value
			var row struct{ ID int }
			if err := json.Unmarshal(got, &row); err != nil || string(got) != s.value(row.ID, tag) {
				b.Fatalf("encoded %s", got)
			}
		})
	}
}

func BenchmarkKafkaToKafka(b *testing.B) {
	for _, s := range benchSizes {
		b.Run(s.name, func(b *testing.B) {
			addr := seedBench(b, "in", s)
			bytes := s.bytes()
			b.ResetTimer()
			for i := 0; i < b.N; i++ {
				e := engine.New(engine.Options{})
				text := ddl("src", benchCols, addr, "in", "format", "json",
					"scan.startup.mode", "earliest-offset", "scan.bounded.mode", "latest-offset") + "\n" +
					ddl("dst", "id BIGINT, name STRING, score DOUBLE, tag STRING", addr, fmt.Sprintf("out%d", i), "format", "json") + "\n" +
					"INSERT INTO dst SELECT id, UPPER(name), score * 2, tag FROM src WHERE score >= 0;\n"
				if err := e.LoadSource(&sql.Source{Name: "bench.sql", Text: text}); err != nil {
					b.Fatal(err)
				}
				if err := e.Run(context.Background()); err != nil {
					b.Fatal(err)
				}
			}
			report(b, s.records, bytes)
		})
	}
}
