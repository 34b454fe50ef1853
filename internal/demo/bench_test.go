package demo

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/streamsql/streamsql/generator/adwarehouse"
)

// BenchmarkWarehouseLive measures the whole warehouse on the embedded
// broker under a sustained live load: for 20 seconds the generator
// produces impressions at R per second in real time (clicks and charges
// follow, about 8 % more events), while every layer runs as one job and
// the APP tables are read back. It reports the events per second produced
// and absorbed (every raw record read once the generator stops; the wait
// is included), the latency from the last input of a charge being
// produced to its pacing row being read back, and the rows dropped as late
// anywhere.
func BenchmarkWarehouseLive(b *testing.B) {
	b.Chdir("../..")
	for _, rate := range []float64{10000, 20000, 40000, 80000} {
		b.Run(fmt.Sprintf("rate=%g", rate), func(b *testing.B) { warehouseLive(b, rate) })
	}
}

func warehouseLive(b *testing.B, rate float64) {
	for i := 0; i < b.N; i++ {
		gen := adwarehouse.DefaultConfig()
		gen.EventsPerSecond, gen.Duration, gen.Disorder = rate, 20*time.Second, 4*time.Second
		start := time.Now()
		d, err := Start(context.Background(), Config{Dir: "queries/adwarehouse", Gen: gen, Live: true})
		if err != nil {
			b.Fatal(err)
		}
		var s Snapshot
		for {
			time.Sleep(10 * time.Millisecond)
			if err := d.Err(); err != nil {
				b.Fatal(err)
			}
			s = d.Snapshot()
			read := int64(0)
			for _, t := range []string{"ods_ad_shows", "ods_ad_clicks", "ods_ad_charges"} {
				read += s.Counters["source."+t+".rows"] + s.Counters["source."+t+".skipped_records"]
			}
			if s.GeneratorDone && read >= total(s.Generated) {
				break
			}
			if time.Since(start) > 5*time.Minute {
				b.Fatalf("read %d of %d records in 5 minutes", read, total(s.Generated))
			}
		}
		elapsed := time.Since(start)
		if err := d.Close(); err != nil {
			b.Fatal(err)
		}
		var late int64
		for k, v := range s.Counters {
			if strings.HasSuffix(k, ".late_rows") {
				late += v
			}
		}
		b.ReportMetric(float64(total(s.Generated))/elapsed.Seconds(), "events/s")
		b.ReportMetric(float64(s.Latency.P50)/float64(time.Millisecond), "p50-ms")
		b.ReportMetric(float64(s.Latency.P99)/float64(time.Millisecond), "p99-ms")
		b.ReportMetric(float64(late), "late-rows")
		b.ReportMetric(0, "ns/op")
	}
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}
