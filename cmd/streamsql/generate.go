package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
)

const generateUsage = `Usage: streamsql generate adwarehouse [flags] (--out DIR | --brokers HOST:PORT[,...])

Generates the raw events of the advertising warehouse: impressions
(ad_shows), clicks (ad_clicks) and cost-per-click charges (ad_charges) as
JSON records, with out-of-order arrival, duplicates and malformed records at
the given rates. The same seed and flags give the same records, byte for
byte, on any machine.

With --out, each topic goes to DIR/TOPIC.jsonl. With --brokers, records go
to Kafka (topics are created with --partitions partitions when missing),
keyed by their id, with the event time as the record timestamp.

Without --live the events start at 2026-01-01 00:00:00 UTC and span one
minute of event time unless --duration or --events say otherwise; they are
written as fast as possible. With --live the events start now and are
written in real time, each when its event time comes (late ones up to
--disorder later), until --duration or --events is reached or Ctrl-C.

Flags:
`

// generateClock paces live runs; tests replace it.
var generateClock generator.Clock = generator.WallClock{}

// generateFlags are the parsed flags of `streamsql generate adwarehouse`.
type generateFlags struct {
	cfg        adwarehouse.Config
	start      string
	out        string
	brokers    string
	partitions int
	timeout    time.Duration
	live       bool
	quiet      bool
}

func generateFlagSet(out io.Writer, f *generateFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("streamsql generate adwarehouse", flag.ContinueOnError)
	fs.SetOutput(out)
	d := adwarehouse.DefaultConfig()
	f.cfg = d
	fs.Int64Var(&f.cfg.Seed, "seed", d.Seed, "random seed: the same seed and flags give the same records")
	fs.Float64Var(&f.cfg.EventsPerSecond, "rate", d.EventsPerSecond, "ad shows per second of event time (clicks and charges follow)")
	fs.DurationVar(&f.cfg.Duration, "duration", 0, "event-time span of the events (default 1m, or unbounded with --live or --events)")
	fs.Int64Var(&f.cfg.MaxEvents, "events", 0, "stop after this many events, duplicates not counted (0: no limit)")
	fs.StringVar(&f.start, "start", "", "event time of the first event, 'yyyy-MM-dd HH:mm:ss[.SSS]' UTC or RFC 3339 (default 2026-01-01 00:00:00, or now with --live)")
	fs.DurationVar(&f.cfg.Disorder, "disorder", d.Disorder, "how far in event time a record may arrive behind later ones")
	fs.Float64Var(&f.cfg.DuplicateRate, "duplicates", d.DuplicateRate, "fraction of records sent twice")
	fs.Float64Var(&f.cfg.MalformedRate, "malformed", d.MalformedRate, "fraction of events written as malformed records")
	fs.StringVar(&f.out, "out", "", "write DIR/ad_shows.jsonl, DIR/ad_clicks.jsonl and DIR/ad_charges.jsonl")
	fs.StringVar(&f.brokers, "brokers", "", "write to the Kafka brokers host:port[,host:port...]")
	fs.IntVar(&f.partitions, "partitions", 4, "partitions of the Kafka topics created")
	fs.DurationVar(&f.timeout, "timeout", 10*time.Second, "how long to wait for the Kafka brokers")
	fs.BoolVar(&f.live, "live", false, "start now and write each event when its event time comes")
	fs.BoolVar(&f.quiet, "quiet", false, "print nothing but errors")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), generateUsage)
		fs.PrintDefaults()
	}
	return fs
}

// cmdGenerate runs `streamsql generate GENERATOR [flags]`.
func cmdGenerate(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f generateFlags
	if len(args) == 0 {
		fmt.Fprintln(stderr, "streamsql generate: name a generator (known: adwarehouse)")
		generateFlagSet(stderr, &f).Usage()
		return 2
	}
	if isHelp(args[0]) {
		generateFlagSet(stdout, &f).Usage()
		return 0
	}
	if args[0] != "adwarehouse" {
		fmt.Fprintf(stderr, "streamsql generate: unknown generator %q (known: adwarehouse)\n", args[0])
		return 2
	}
	fs := generateFlagSet(stderr, &f)
	for _, a := range args[1:] {
		if isHelp(a) {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
	}
	if err := fs.Parse(args[1:]); err != nil {
		return 2
	}
	if err := f.check(fs); err != nil {
		fmt.Fprintf(stderr, "streamsql generate: %v\n", err)
		return 2
	}
	g, err := adwarehouse.New(f.cfg)
	if err != nil {
		fmt.Fprintf(stderr, "streamsql generate: %v\n", err)
		return 2
	}
	return f.run(ctx, g, stdout, stderr)
}

func isHelp(a string) bool { return a == "-h" || a == "-help" || a == "--help" }

// check validates the flags that the configuration does not cover and
// fills in the mode-dependent defaults.
func (f *generateFlags) check(fs *flag.FlagSet) error {
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	switch {
	case f.out == "" && f.brokers == "":
		return errors.New("give --out DIR or --brokers HOST:PORT")
	case f.out != "" && f.brokers != "":
		return errors.New("give either --out or --brokers, not both")
	case f.partitions < 1:
		return fmt.Errorf("--partitions must be at least 1, got %d", f.partitions)
	case f.timeout <= 0:
		return fmt.Errorf("--timeout must be positive, got %v", f.timeout)
	case f.cfg.Duration < 0:
		return fmt.Errorf("--duration must not be negative, got %v", f.cfg.Duration)
	case f.cfg.MaxEvents < 0:
		return fmt.Errorf("--events must not be negative, got %d", f.cfg.MaxEvents)
	}
	for _, b := range f.brokerList() {
		if _, port, ok := strings.Cut(b, ":"); !ok || port == "" {
			return fmt.Errorf("--brokers: %q is not host:port", b)
		}
	}
	switch {
	case f.start != "":
		t, err := parseStart(f.start)
		if err != nil {
			return err
		}
		f.cfg.Start = t
	case f.live:
		f.cfg.Start = generateClock.Now().UTC().Truncate(time.Millisecond)
	default:
		f.cfg.Start = adwarehouse.DefaultStart
	}
	if !f.live && f.cfg.Duration == 0 && f.cfg.MaxEvents == 0 {
		f.cfg.Duration = time.Minute
	}
	return nil
}

func (f *generateFlags) brokerList() []string {
	var out []string
	for _, b := range strings.Split(f.brokers, ",") {
		if b = strings.TrimSpace(b); b != "" {
			out = append(out, b)
		}
	}
	return out
}

// startLayouts are the accepted forms of --start; zoneless ones are UTC.
var startLayouts = []string{
	"2006-01-02 15:04:05.000", "2006-01-02 15:04:05", "2006-01-02 15:04", "2006-01-02",
	time.RFC3339Nano, "2006-01-02T15:04:05",
}

func parseStart(s string) (time.Time, error) {
	for _, l := range startLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t.UTC(), nil
		}
	}
	return time.Time{}, fmt.Errorf("--start: %q is not a time like '2026-01-01 00:00:00' or RFC 3339", s)
}

// run opens the sink, writes the generator's records and prints the
// summary.
func (f *generateFlags) run(ctx context.Context, g *adwarehouse.Generator, stdout, stderr io.Writer) int {
	var sink generator.Sink
	where := f.out
	if f.out != "" {
		s, err := generator.NewFileSink(f.out, adwarehouse.Topics...)
		if err != nil {
			fmt.Fprintf(stderr, "streamsql generate: %v\n", err)
			return 1
		}
		sink = s
	} else {
		brokers := f.brokerList()
		where = "Kafka " + strings.Join(brokers, ",")
		s, err := generator.NewKafkaSink(ctx, generator.KafkaOptions{Brokers: brokers,
			Topics: adwarehouse.Topics, Partitions: int32(f.partitions), Timeout: f.timeout})
		if err != nil {
			fmt.Fprintf(stderr, "streamsql generate: %v\n", err)
			return exitCode(err)
		}
		sink = s
	}
	o := generator.RunOptions{}
	if f.live {
		o.Pace, o.Origin = generateClock, f.cfg.Start
		if !f.quiet {
			fmt.Fprintf(stdout, "generating adwarehouse events into %s from %s UTC in real time; Ctrl-C stops\n",
				where, f.cfg.Start.Format(generator.TimeLayout))
		}
	}
	began := time.Now()
	sum, err := generator.Run(ctx, g, sink, o)
	elapsed := time.Since(began)
	stopped := f.live && errors.Is(err, context.Canceled) && ctx.Err() != nil
	if err != nil && !stopped {
		fmt.Fprintf(stderr, "streamsql generate: %v\n", err)
	}
	if !f.quiet {
		fmt.Fprintf(stdout, "adwarehouse events (seed %d) written to %s:\n", f.cfg.Seed, where)
		sum.Print(stdout, adwarehouse.Topics, elapsed)
	}
	if stopped {
		return 0
	}
	return exitCode(err)
}
