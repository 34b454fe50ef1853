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

// catchUpConfig is the generator configuration of the catch-up runs: two
// minutes of events at 1000 impressions per second.
func catchUpConfig() adwarehouse.Config {
	gen := adwarehouse.DefaultConfig()
	gen.EventsPerSecond, gen.Duration = 1000, 2*time.Minute
	return gen
}

// BenchmarkWarehouseCatchUp measures the whole warehouse catching up on a
// backlog on the embedded broker: the events of catchUpConfig are
// produced first, then every layer runs as one job from the earliest
// offsets, and the clock stops when every raw record has been read and
// the layers' output has stopped changing (the quiet period that shows it
// is not counted). A catch-up must lose nothing: before timing, the same
// events run live (at 8 times the wall clock), and every catch-up must
// write the rows per DWD table the live run wrote and drop no row as
// late. It logs the rows written per DWD table against the valid events
// produced (records less duplicates and malformed ones; a malformed
// record whose broken field the DWD layer does not read still counts) and
// every late-row and alignment counter.
func BenchmarkWarehouseCatchUp(b *testing.B) {
	b.Chdir("../..")
	live := liveRows(b)
	var events, elapsed float64
	for i := 0; i < b.N; i++ {
		n, d := warehouseCatchUp(b, live)
		events += float64(n)
		elapsed += d.Seconds()
	}
	b.ReportMetric(events/elapsed, "events/s")
	b.ReportMetric(0, "ns/op")
}

func warehouseCatchUp(b *testing.B, live map[string]int64) (int64, time.Duration) {
	b.StopTimer()
	br, err := broker.Start(broker.Options{Partitions: 4})
	if err != nil {
		b.Fatal(err)
	}
	defer br.Close()
	g, err := adwarehouse.New(catchUpConfig())
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
			for _, t := range dwdTables {
				if m["sink."+t+".rows"] != live[t] {
					b.Errorf("%s: the catch-up wrote %d rows, the live run %d", t, m["sink."+t+".rows"], live[t])
				}
			}
			if n := lateRows(m); n > 0 {
				b.Errorf("the catch-up dropped %d rows as late", n)
			}
			b.Logf("%d records in %s", produced, quietSince.Sub(start))
			return produced, quietSince.Sub(start)
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("read %d of %d records in 5 minutes", read, produced)
		}
	}
}

// dwdTables are the DWD tables whose rows a catch-up must match.
var dwdTables = []string{"dwd_ad_shows", "dwd_ad_clicks", "dwd_ad_charges"}

// liveRows runs the events of catchUpConfig live, at 8 times the wall
// clock, and returns the rows written per DWD table once every raw record
// is read and the counters have been still for 3 s.
func liveRows(b *testing.B) map[string]int64 {
	b.Helper()
	d, err := Start(context.Background(), Config{Dir: "queries/adwarehouse", Gen: catchUpConfig(), Live: true, Clock: NewScaledClock(8)})
	if err != nil {
		b.Fatal(err)
	}
	defer d.Close()
	start := time.Now()
	var last map[string]int64
	quietSince := time.Now()
	for {
		time.Sleep(20 * time.Millisecond)
		if err := d.Err(); err != nil {
			b.Fatal(err)
		}
		s := d.Snapshot()
		read := int64(0)
		for _, t := range []string{"ods_ad_shows", "ods_ad_clicks", "ods_ad_charges"} {
			read += s.Counters["source."+t+".rows"] + s.Counters["source."+t+".skipped_records"]
		}
		if !equalCounts(s.Rows, last) {
			last, quietSince = s.Rows, time.Now()
			continue
		}
		if s.GeneratorDone && read >= total(s.Generated) && time.Since(quietSince) >= 3*time.Second {
			b.Logf("live run: dwd_ad_shows %d, dwd_ad_clicks %d, dwd_ad_charges %d, late rows %d",
				s.Rows["dwd_ad_shows"], s.Rows["dwd_ad_clicks"], s.Rows["dwd_ad_charges"], lateRows(s.Counters))
			return s.Rows
		}
		if time.Since(start) > 5*time.Minute {
			b.Fatalf("the live run read %d of %d records in 5 minutes", read, total(s.Generated))
		}
	}
}

// lateRows sums the late-row counters of m.
func lateRows(m map[string]int64) int64 {
	var n int64
	for k, v := range m {
		if strings.HasSuffix(k, ".late_rows") {
			n += v
		}
	}
	return n
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
