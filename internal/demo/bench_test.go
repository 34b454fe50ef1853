package demo

import (
	"context"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/broker"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
)

// BenchmarkWarehouse measures the events per second the whole warehouse
// sustains on the embedded broker: two minutes of events at 1000
// impressions per second are produced first, then every layer runs as one
// job from the earliest offsets, and the clock stops when every raw
// record has been read and the layers' output has stopped changing (the
// 300 ms of quiet that shows it are not counted).
func BenchmarkWarehouse(b *testing.B) {
	b.Chdir("../..")
	var events, elapsed float64
	for i := 0; i < b.N; i++ {
		n, d := warehouseRun(b)
		events += float64(n)
		elapsed += d.Seconds()
	}
	b.ReportMetric(events/elapsed, "events/s")
	b.ReportMetric(0, "ns/op")
}

func warehouseRun(b *testing.B) (int64, time.Duration) {
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
	produced := sum.Topic("ad_shows").Records + sum.Topic("ad_clicks").Records + sum.Topic("ad_charges").Records
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
			b.Logf("%d records (ad_shows %d, ad_clicks %d, ad_charges %d) in %s; written: dwd_ad_shows %d, dwd_ad_clicks %d, dwd_ad_charges %d, dws_ad_minute %d, app_advertiser_pacing %d",
				produced, sum.Topic("ad_shows").Records, sum.Topic("ad_clicks").Records, sum.Topic("ad_charges").Records, quietSince.Sub(start),
				m["sink.dwd_ad_shows.rows"], m["sink.dwd_ad_clicks.rows"], m["sink.dwd_ad_charges.rows"],
				m["sink.dws_ad_minute.rows"], m["sink.app_advertiser_pacing.rows"])
			for k, v := range m {
				if strings.Contains(k, "late") {
					b.Logf("%s = %d", k, v)
				}
			}
			return produced, quietSince.Sub(start)
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("read %d of %d records in 5 minutes", read, produced)
		}
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
