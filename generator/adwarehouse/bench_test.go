package adwarehouse

import (
	"context"
	"testing"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/generator"
)

// benchConfig generates b.N events at a high rate with the default
// imperfections.
func benchConfig(b *testing.B) Config {
	c := DefaultConfig()
	c.EventsPerSecond = 10000
	c.MaxEvents = int64(b.N)
	return c
}

// benchRun writes b.N events into sink and reports records per second.
func benchRun(b *testing.B, sink generator.Sink) {
	g, err := New(benchConfig(b))
	if err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	start := time.Now()
	sum, err := generator.Run(context.Background(), g, sink, generator.RunOptions{})
	if err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(sum.Records)/time.Since(start).Seconds(), "records/s")
}

// nullSink discards records.
type nullSink struct{}

func (nullSink) Write(context.Context, generator.Record) error { return nil }
func (nullSink) Flush(context.Context) error                   { return nil }
func (nullSink) Close(context.Context) error                   { return nil }

func BenchmarkGenerate(b *testing.B) {
	benchRun(b, nullSink{})
}

func BenchmarkFiles(b *testing.B) {
	sink, err := generator.NewFileSink(b.TempDir(), Topics...)
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, sink)
}

func BenchmarkKafka(b *testing.B) {
	br, err := broker.Start(broker.Options{})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	sink, err := generator.NewKafkaSink(context.Background(), generator.KafkaOptions{
		Brokers: []string{br.Addr()}, Topics: Topics, Partitions: 4})
	if err != nil {
		b.Fatal(err)
	}
	benchRun(b, sink)
}
