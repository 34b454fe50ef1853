package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
)

// settingsFlag collects repeated --set key=value flags.
type settingsFlag []string

func (s *settingsFlag) String() string { return strings.Join(*s, ",") }

func (s *settingsFlag) Set(v string) error {
	if !strings.Contains(v, "=") {
		return fmt.Errorf("want key=value, got %q", v)
	}
	*s = append(*s, v)
	return nil
}

type runConfig struct {
	batchSize int
	servers   string
	settings  settingsFlag
	quiet     bool
}

var cfg runConfig

func runFlags(out io.Writer) *flag.FlagSet {
	fs := flag.NewFlagSet("streamsql", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.IntVar(&cfg.batchSize, "batch-size", 1024, "maximum rows per columnar batch")
	fs.StringVar(&cfg.servers, "bootstrap-servers", "", "HOST:PORT[,...] replacing 'properties.bootstrap.servers' of every kafka and upsert-kafka table")
	fs.Var(&cfg.settings, "set", "a setting as key=value, like SET 'key' = 'value' (repeatable)")
	fs.BoolVar(&cfg.quiet, "quiet", false, "do not print the job summary on stderr")
	return fs
}

// load builds an engine, applies --set flags, and loads the files.
func load(args []string, stdout, stderr io.Writer) (*engine.Engine, int) {
	cfg = runConfig{}
	fs := runFlags(stderr)
	if err := fs.Parse(args); err != nil {
		return nil, 2
	}
	if fs.NArg() == 0 {
		fmt.Fprintln(stderr, "streamsql: no SQL files given")
		return nil, 2
	}
	eng := engine.New(engine.Options{Stdout: stdout, BatchSize: cfg.batchSize, BootstrapServers: cfg.servers})
	for _, kv := range cfg.settings {
		k, v, _ := strings.Cut(kv, "=")
		if err := eng.Exec(&sql.Set{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)}); err != nil {
			fmt.Fprintf(stderr, "streamsql: %v\n", err)
			return nil, 2
		}
	}
	for _, path := range fs.Args() {
		if err := eng.LoadFile(path); err != nil {
			fmt.Fprintf(stderr, "streamsql: %v\n", err)
			return nil, 2
		}
	}
	return eng, 0
}

func cmdRun(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	eng, code := load(args, stdout, stderr)
	if eng == nil {
		return code
	}
	if eng.Pending() == 0 {
		fmt.Fprintln(stderr, "streamsql: the files contain no INSERT INTO or SELECT to run")
		return 2
	}
	start := time.Now()
	err := eng.Run(ctx)
	if !cfg.quiet {
		printSummary(stderr, eng, time.Since(start), err)
	}
	if err != nil {
		if errors.Is(err, context.Canceled) {
			fmt.Fprintln(stderr, "streamsql: interrupted; sinks aborted, no partial output left visible")
		} else {
			fmt.Fprintf(stderr, "streamsql: job failed: %v\n", err)
		}
	}
	return exitCode(err)
}

func cmdExplain(args []string, stdout, stderr io.Writer) int {
	eng, code := load(args, stdout, stderr)
	if eng == nil {
		return code
	}
	text, err := eng.Explain()
	if err != nil {
		fmt.Fprintf(stderr, "streamsql: %v\n", err)
		return 2
	}
	fmt.Fprint(stdout, text)
	return 0
}

// printSummary writes per-table row counts and skipped-record counts.
func printSummary(w io.Writer, eng *engine.Engine, took time.Duration, err error) {
	snap := eng.Metrics().Snapshot()
	keys := make([]string, 0, len(snap))
	for k := range snap {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	status := "finished"
	if err != nil {
		status = "stopped"
	}
	fmt.Fprintf(w, "streamsql: job %s after %s\n", status, took.Round(time.Millisecond))
	for _, k := range keys {
		kind, rest, ok := strings.Cut(k, ".")
		if !ok {
			continue
		}
		i := strings.LastIndexByte(rest, '.')
		if i < 0 {
			continue
		}
		table, what := rest[:i], rest[i+1:]
		switch {
		case kind == "source" && what == "rows":
			fmt.Fprintf(w, "  read    %-24s %d rows\n", table, snap[k])
		case kind == "sink" && what == "rows":
			fmt.Fprintf(w, "  wrote   %-24s %d rows\n", table, snap[k])
		case strings.Contains(what, "skipped") || strings.Contains(what, "null_rowtime") || strings.Contains(what, "late"):
			fmt.Fprintf(w, "  %s %-24s %d (%s)\n", kind, table, snap[k], what)
		}
	}
}
