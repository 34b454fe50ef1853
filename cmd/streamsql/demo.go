package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"time"

	"github.com/chzyer/readline"
	"github.com/streamsql/streamsql/generator/adwarehouse"
	"github.com/streamsql/streamsql/internal/demo"
)

const demoUsage = `Usage: streamsql demo [flags]

Runs the reference advertising warehouse (queries/adwarehouse) live in this
process: an embedded Kafka-protocol broker, the event generator writing ad
impressions, clicks and charges in real time, and every layer (DWD, DWS,
APP) as one job. The APP tables are read back from their upsert-kafka
topics and shown, refreshing, until Ctrl-C or --duration: the top campaigns
of the last complete minute, every advertiser's spend against its daily
budget, and the latency from the last input of a charge (the charge, its
click, the click's impression) being produced to the pacing row it updates
being read back from Kafka.

Run it from the repository root (the warehouse's budget file is read from
queries/adwarehouse/data).

Flags:
`

type demoFlags struct {
	dir        string
	port       int
	rate       float64
	seed       int64
	duration   time.Duration
	refresh    time.Duration
	partitions int
}

func demoFlagSet(out io.Writer, f *demoFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("streamsql demo", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.StringVar(&f.dir, "dir", "queries/adwarehouse", "the warehouse directory")
	fs.IntVar(&f.port, "port", 0, "port of the embedded broker on 127.0.0.1 (0: a free port)")
	fs.Float64Var(&f.rate, "rate", 200, "ad impressions per second (clicks and charges follow)")
	fs.Int64Var(&f.seed, "seed", 1, "random seed of the generated events")
	fs.DurationVar(&f.duration, "duration", 0, "stop after this long (0: run until Ctrl-C)")
	fs.DurationVar(&f.refresh, "refresh", time.Second, "how often the screen is redrawn")
	fs.IntVar(&f.partitions, "partitions", 4, "partitions of every topic")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), demoUsage)
		fs.PrintDefaults()
	}
	return fs
}

// cmdDemo runs `streamsql demo`.
func cmdDemo(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f demoFlags
	fs := demoFlagSet(stderr, &f)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 || f.rate <= 0 || f.refresh <= 0 || f.partitions <= 0 {
		fmt.Fprintln(stderr, "streamsql demo: takes no arguments; --rate, --refresh and --partitions must be positive")
		return 2
	}
	gen := adwarehouse.DefaultConfig()
	gen.Seed, gen.EventsPerSecond, gen.Start, gen.Disorder = f.seed, f.rate, time.Time{}, 4*time.Second
	if f.duration > 0 {
		gen.Duration = f.duration
	}
	d, err := demo.Start(ctx, demo.Config{Dir: f.dir, Port: f.port, Partitions: int32(f.partitions), Gen: gen, Live: true})
	if err != nil {
		fmt.Fprintf(stderr, "streamsql demo: %v\n", err)
		return 1
	}
	term := false
	if f, ok := stdout.(*os.File); ok {
		term = readline.IsTerminal(int(f.Fd()))
	}
	if f.duration > 0 {
		var cancel context.CancelFunc
		ctx, cancel = context.WithTimeout(ctx, f.duration)
		defer cancel()
	}
	tick := time.NewTicker(f.refresh)
	defer tick.Stop()
	lastLine := time.Now()
loop:
	for d.Err() == nil {
		select {
		case <-ctx.Done():
			break loop
		case <-tick.C:
		}
		switch {
		case term:
			fmt.Fprint(stdout, "\x1b[H\x1b[2J"+renderDemo(d.Snapshot(), true))
		case time.Since(lastLine) >= 10*time.Second:
			lastLine = time.Now()
			fmt.Fprintln(stdout, statusLine(d.Snapshot()))
		}
	}
	snap := d.Snapshot()
	err = d.Close()
	fmt.Fprint(stdout, renderDemo(snap, false))
	if err != nil {
		fmt.Fprintf(stderr, "streamsql demo: %v\n", err)
		return 1
	}
	return 0
}

// statusLine is one line of progress for a non-terminal output.
func statusLine(s demo.Snapshot) string {
	return fmt.Sprintf("%s  generated %d records, %d pacing updates read back (p50 %s, p99 %s)",
		s.Elapsed.Round(time.Second), total(s.Generated), s.Latency.Samples, ms(s.Latency.P50), ms(s.Latency.P99))
}

// renderDemo draws a snapshot: live (a screen's worth) or as the final
// summary.
func renderDemo(s demo.Snapshot, live bool) string {
	var b strings.Builder
	if live {
		fmt.Fprintf(&b, "streamsql demo: the advertising warehouse, live on the embedded broker %s (Ctrl-C stops)\n\n", s.Broker)
	} else {
		fmt.Fprintf(&b, "\nstreamsql demo ran %s on the embedded broker %s\n\n", s.Elapsed.Round(time.Second), s.Broker)
	}
	fmt.Fprintf(&b, "generated  %d shows, %d clicks, %d charges (%d duplicates, %d malformed)\n",
		s.Generated["ad_shows"], s.Generated["ad_clicks"], s.Generated["ad_charges"], s.Duplicates, s.Malformed)
	var tables []string
	for t := range s.Rows {
		tables = append(tables, t)
	}
	sort.Strings(tables)
	b.WriteString("written   ")
	for i, t := range tables {
		if i > 0 && i%4 == 0 {
			b.WriteString("\n          ")
		}
		fmt.Fprintf(&b, " %s %d", t, s.Rows[t])
	}
	b.WriteString("\n")
	var notes []string
	for k, v := range s.Counters {
		if v > 0 && (strings.Contains(k, "skipped") || strings.Contains(k, "late")) {
			notes = append(notes, fmt.Sprintf("%s %d", k, v))
		}
	}
	sort.Strings(notes)
	if len(notes) > 0 {
		fmt.Fprintf(&b, "dropped    %s\n", strings.Join(notes, ", "))
	}
	fmt.Fprintf(&b, "latency    last input of a charge produced -> its pacing row read back: p50 %s, p99 %s, max %s over %d updates\n\n",
		ms(s.Latency.P50), ms(s.Latency.P99), ms(s.Latency.Max), s.Latency.Samples)
	if len(s.Top) > 0 {
		fmt.Fprintf(&b, "Top campaigns by spend, %s - %s UTC\n", s.Top[0].WindowStart.Format("15:04"), s.Top[0].WindowEnd.Format("15:04"))
		fmt.Fprintf(&b, "  %4s  %10s  %10s  %6s  %9s\n", "rank", "campaign", "advertiser", "clicks", "spend")
		for _, r := range s.Top {
			fmt.Fprintf(&b, "  %4d  %10d  %10d  %6d  %9s\n", r.Rank, r.CampaignID, r.AdvertiserID, r.Clicks, r.Spend)
		}
	} else {
		b.WriteString("Top campaigns by spend: waiting for the first minute to close\n")
	}
	b.WriteString("\nSpend pacing today (spend / daily budget)\n")
	fmt.Fprintf(&b, "  %10s  %10s  %9s  %9s  %7s  %7s\n", "advertiser", "day", "spend", "budget", "pacing", "charges")
	for i, r := range s.Pacing {
		if live && i == 10 {
			fmt.Fprintf(&b, "  ... and %d more advertisers\n", len(s.Pacing)-10)
			break
		}
		fmt.Fprintf(&b, "  %10d  %10s  %9s  %9s  %6.1f%%  %7d\n", r.AdvertiserID, r.Day, r.Spend, r.Budget, 100*r.Pacing, r.Charges)
	}
	return b.String()
}

func total(m map[string]int64) int64 {
	var n int64
	for _, v := range m {
		n += v
	}
	return n
}

func ms(d time.Duration) string {
	return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond))
}
