package adwarehouse

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/generator"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// TestKafka writes a run into the in-process broker and reads it back:
// topics have the asked partitions, every record arrives with its key and
// event time, and each partition keeps the emission order.
func TestKafka(t *testing.T) {
	b, err := broker.Start(broker.Options{})
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()

	c := DefaultConfig()
	c.Duration = time.Minute
	c.MalformedRate = 0.01
	want := collect(t, c, 100000)
	g, err := New(c)
	if err != nil {
		t.Fatal(err)
	}
	sink, err := generator.NewKafkaSink(ctx, generator.KafkaOptions{Brokers: []string{b.Addr()}, Topics: Topics, Partitions: 3})
	if err != nil {
		t.Fatal(err)
	}
	sum, err := generator.Run(ctx, g, sink, generator.RunOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if sum.Records != int64(len(want)) {
		t.Fatalf("wrote %d records, want %d", sum.Records, len(want))
	}

	cl, err := kgo.NewClient(kgo.SeedBrokers(b.Addr()), kgo.ConsumeTopics(Topics...),
		kgo.ConsumeResetOffset(kgo.NewOffset().AtStart()))
	if err != nil {
		t.Fatal(err)
	}
	defer cl.Close()
	details, err := kadm.NewClient(cl).ListTopics(ctx, Topics...)
	if err != nil {
		t.Fatal(err)
	}
	for _, topic := range Topics {
		if n := len(details[topic].Partitions); n != 3 {
			t.Errorf("topic %s has %d partitions, want 3", topic, n)
		}
	}

	got := map[string][]*kgo.Record{} // by topic/partition
	n := 0
	for n < len(want) && ctx.Err() == nil {
		fs := cl.PollFetches(ctx)
		if err := fs.Err0(); err != nil && ctx.Err() == nil {
			t.Fatal(err)
		}
		fs.EachRecord(func(r *kgo.Record) {
			k := fmt.Sprintf("%s/%d", r.Topic, r.Partition)
			got[k] = append(got[k], r)
			n++
		})
	}
	if n != len(want) {
		t.Fatalf("read %d records, want %d", n, len(want))
	}
	// Emission order, per partition, must match; every record has its
	// key and event time.
	next := map[string]int{}
	parts := map[string]map[int32]bool{}
	for i, w := range want {
		var r *kgo.Record
		for p := int32(0); p < 3 && r == nil; p++ {
			k := fmt.Sprintf("%s/%d", w.Topic, p)
			if j := next[k]; j < len(got[k]) && bytes.Equal(got[k][j].Key, w.Key) && bytes.Equal(got[k][j].Value, w.Value) {
				r = got[k][j]
				next[k]++
			}
		}
		if r == nil {
			t.Fatalf("record %d (%s %s) not found in emission order", i, w.Topic, w.Key)
		}
		if !r.Timestamp.Equal(w.Time) {
			t.Fatalf("record %s: timestamp %v, want %v", w.Key, r.Timestamp, w.Time)
		}
		if parts[w.Topic] == nil {
			parts[w.Topic] = map[int32]bool{}
		}
		parts[w.Topic][r.Partition] = true
	}
	for _, topic := range Topics {
		if len(parts[topic]) != 3 {
			t.Errorf("topic %s: records in partitions %v, want all 3", topic, parts[topic])
		}
	}
}
