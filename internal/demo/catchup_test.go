package demo

import (
	"context"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
)

// BenchmarkWarehouseCatchUp measures the whole warehouse catching up on a
// backlog on the embedded broker: two minutes of events at 1000
// impressions per second are produced first, then every layer runs as one
// job from the earliest offsets, and the clock stops when every raw
// record has been read and the layers' output has stopped changing (the
// quiet period that shows it is not counted). It logs the rows written
// per DWD table against the valid events produced (records less
// duplicates and malformed ones) and every late-row counter.
func BenchmarkWarehouseCatchUp(b *testing.B) {
	b.Chdir("../..")
	var events, elapsed float64
	for i := 0; i < b.N; i++ {
		n, d := warehouseCatchUp(b)
		events += float64(n)
		elapsed += d.Seconds()
	}
	b.ReportMetric(events/elapsed, "events/s")
	b.ReportMetric(0, "ns/op")
}

func warehouseCatchUp(b *testing.B) (int64, time.Duration) {
	b.StopTimer()
	br, err := broker.Start(broker.Options{Partitions: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	gen := adwarehouse.DefaultConfig()
	gen.EventsPerSecond, gen.Duration = 1000, 2*time.Minute
	g, err := adwarehouse.New(gen)
	if err != nil {
		b.Fatal(err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	sink, err := generator.NewKafkaSink(ctx, generator.KafkaOptions{Brokers: []string{br.Addr()}, Topics: adwarehouse.Topics, Partitions: 4})
	if err != nil {
		b.Fatal(err)
	}
	sum, err := generator.Run(ctx, g, sink, generator.RunOptions{})
	if err != nil {
		b.Fatal(err)
	}
	eng := engine.New(engine.Options{BootstrapServers: br.Addr()})
	files, err := LayerFiles("queries/adwarehouse")
	if err != nil {
		b.Fatal(err)
	}
	d := &Demo{broker: br, eng: eng, cfg: Config{Partitions: 4}}
	if err := d.load(files); err != nil {
		b.Fatal(err)
	}
	produced := sum.Topic(adwarehouse.TopicShows).Records + sum.Topic(adwarehouse.TopicClicks).Records + sum.Topic(adwarehouse.TopicCharges).Records
	b.StartTimer()
	start := time.Now()
	done := make(chan error, 1)
	go func() { done <- eng.Run(ctx) }()
	var last map[string]int64
	quietSince := time.Now()
	for {
		select {
		case err := <-done:
			b.Fatalf("the job ended: %v", err)
		case <-time.After(20 * time.Millisecond):
		}
		m := eng.Metrics().Snapshot()
		read := int64(0)
		for _, t := range []string{"ods_ad_shows", "ods_ad_clicks", "ods_ad_charges"} {
			read += m["source."+t+".rows"] + m["source."+t+".skipped_records"]
		}
		if !equalCounts(m, last) {
			last, quietSince = m, time.Now()
			continue
		}
		if read >= produced && time.Since(quietSince) >= 3*time.Second {
			b.StopTimer()
			catchUpReport(b, sum, m)
			b.Logf("%d records in %s", produced, quietSince.Sub(start))
			return produced, quietSince.Sub(start)
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("read %d of %d records in 5 minutes", read, produced)
		}
	}
}

// catchUpReport logs the rows written per DWD table against the valid
// events produced, and the late-row and alignment counters.
func catchUpReport(b *testing.B, sum generator.Summary, m map[string]int64) {
	b.Helper()
	for _, c := range []struct{ table, topic string }{
		{"dwd_ad_shows", adwarehouse.TopicShows},
		{"dwd_ad_clicks", adwarehouse.TopicClicks},
		{"dwd_ad_charges", adwarehouse.TopicCharges},
	} {
		tc := sum.Topic(c.topic)
		b.Logf("%s: written %d, valid produced %d", c.table, m["sink."+c.table+".rows"], tc.Records-tc.Duplicates-tc.Malformed)
	}
	var keys []string
	for k := range m {
		if strings.Contains(k, "late") || strings.HasSuffix(k, "alignment_pauses") {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	for _, k := range keys {
		b.Logf("%s = %d", k, m[k])
	}
}

func equalCounts(a, b map[string]int64) bool {
	if len(a) != len(b) {
		return false
	}
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}
