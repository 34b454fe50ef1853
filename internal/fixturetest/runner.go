package fixturetest

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/connectors"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
)

// DefaultClock is the processing time of every test run, in ms since the
// epoch: 2024-01-01 00:00:00 UTC. PROCTIME() and CURRENT_TIMESTAMP return
// it, so results never depend on the wall clock.
const DefaultClock int64 = 1704067200000

// DefaultBatchSizes are the batch sizes every pipeline runs at. The first
// is the reference run that --update records.
var DefaultBatchSizes = []int{1024, 1}

// Config configures RunPipeline. Zero values take defaults.
type Config struct {
	// BatchSizes are the batch sizes to run at (default DefaultBatchSizes).
	BatchSizes []int
	// Update rewrites the expectation files from the first run's result
	// before comparing.
	Update bool
	// Alloc is the Arrow allocator of every run (default: Go allocator).
	Alloc memory.Allocator
	// Clock is the fixed processing time in ms (default DefaultClock).
	Clock int64
	// Connectors serves what is not under test, such as the print sink of
	// a plain SELECT (default connectors.New()).
	Connectors executor.Connectors
}

func (c *Config) defaults() {
	if len(c.BatchSizes) == 0 {
		c.BatchSizes = DefaultBatchSizes
	}
	if c.Alloc == nil {
		c.Alloc = memory.NewGoAllocator()
	}
	if c.Clock == 0 {
		c.Clock = DefaultClock
	}
	if c.Connectors == nil {
		c.Connectors = connectors.New()
	}
}

// Result is the outcome of one pipeline.
type Result struct {
	Pipeline Pipeline
	Passed   bool
	Duration time.Duration
	// RowsIn, RowsOut and Skipped count the rows the reference run read
	// from fixtures, wrote to tables and skipped as malformed.
	RowsIn, RowsOut, Skipped int64
	// Failure is the failure report ("" when Passed): diffs, or the error.
	Failure string
	// Updated lists the expectation files --update wrote or removed.
	Updated []string
}

// run is one execution of a pipeline at one batch size.
type run struct {
	batchSize int
	err       error
	outputs   map[string]*Output
	metrics   map[string]int64
}

// RunPipeline runs p at every batch size of cfg and compares the results
// with its expectations.
func RunPipeline(ctx context.Context, cfg Config, p Pipeline) Result {
	cfg.defaults()
	start := time.Now()
	res := Result{Pipeline: p}
	ef, err := scanExpected(filepath.Join(p.Dir, ExpectedDir))
	if err != nil {
		res.Failure = err.Error() + "\n"
		res.Duration = time.Since(start)
		return res
	}
	runs := make([]*run, len(cfg.BatchSizes))
	for i, bs := range cfg.BatchSizes {
		runs[i] = runOnce(ctx, cfg, p, bs)
	}
	res.RowsIn, res.RowsOut, res.Skipped = counts(runs[0].metrics)
	res.Failure, res.Updated = evaluate(cfg, ef, runs)
	res.Passed = res.Failure == ""
	res.Duration = time.Since(start)
	return res
}

// runOnce loads the pipeline's SQL into a fresh engine whose connectors
// read fixtures and collect output, and runs it.
func runOnce(ctx context.Context, cfg Config, p Pipeline, batchSize int) *run {
	r := &run{batchSize: batchSize, outputs: map[string]*Output{}}
	fc := &fixtureConnectors{base: cfg.Connectors, dir: filepath.Join(p.Dir, FixturesDir), outputs: r.outputs}
	clock := cfg.Clock
	eng := engine.New(engine.Options{Stdout: io.Discard, Alloc: cfg.Alloc, BatchSize: batchSize,
		Clock: func() int64 { return clock }, Connectors: fc})
	fc.cat = eng.Catalog()
	defer func() { r.metrics = eng.Metrics().Snapshot() }()
	if len(p.SQLFiles) == 0 {
		r.err = fmt.Errorf("no *.sql file in %s or the directories above it", p.Dir)
		return r
	}
	for _, f := range p.SQLFiles {
		if r.err = eng.LoadFile(f); r.err != nil {
			return r
		}
	}
	if eng.Pending() == 0 {
		r.err = fmt.Errorf("the SQL files contain no INSERT INTO to test")
		return r
	}
	r.err = eng.Run(ctx)
	return r
}

// counts sums the rows read, written and skipped in a run's metrics.
func counts(m map[string]int64) (in, out, skipped int64) {
	for k, v := range m {
		switch {
		case strings.HasPrefix(k, "source.") && strings.HasSuffix(k, ".rows"):
			in += v
		case strings.HasPrefix(k, "sink.") && strings.HasSuffix(k, ".rows") && k != "sink.query.rows":
			out += v
		case strings.HasPrefix(k, "source.") && strings.HasSuffix(k, ".skipped_records"):
			skipped += v
		}
	}
	return in, out, skipped
}

// evaluate compares the runs with the expectations (after rewriting them
// from the first run with Update) and returns the failure report.
func evaluate(cfg Config, ef *expectedFiles, runs []*run) (string, []string) {
	if ef.hasError {
		return expectError(cfg, ef, runs)
	}
	if msg := perRun(runs, func(r *run) string {
		if r.err != nil {
			return "error: " + indentRest(r.err.Error()) + "\n"
		}
		return ""
	}); msg != "" {
		return msg, nil
	}
	var updated []string
	if cfg.Update {
		var err error
		if updated, err = writeExpectations(cfg.Alloc, ef, runs[0].outputs); err != nil {
			return err.Error() + "\n", updated
		}
		if ef, err = scanExpected(ef.dir); err != nil {
			return err.Error() + "\n", updated
		}
	}
	if msg := checkCoverage(ef, runs[0].outputs); msg != "" {
		return msg, updated
	}
	expected := map[string][]ExpectedRow{}
	for name, out := range runs[0].outputs {
		rows, err := loadExpected(cfg.Alloc, out.Table, ef.tables[name])
		if err != nil {
			return err.Error() + "\n", updated
		}
		expected[name] = rows
	}
	return perRun(runs, func(r *run) string {
		var b strings.Builder
		for _, name := range sortedKeys(r.outputs) {
			f := ef.tables[name]
			if f.changelog {
				b.WriteString(DiffChangelog(name, f.path, expected[name], r.outputs[name].Changes()))
			} else {
				b.WriteString(DiffRows(name, f.path, expected[name], r.outputs[name].Changes()))
			}
		}
		return b.String()
	}), updated
}

// checkCoverage reports written tables without an expectation and
// expectations of tables the pipeline does not write.
func checkCoverage(ef *expectedFiles, outputs map[string]*Output) string {
	var b strings.Builder
	for _, name := range sortedKeys(outputs) {
		if _, ok := ef.tables[name]; !ok {
			fmt.Fprintf(&b, "no expectation for table %s: write %s or run with --update\n", name, filepath.Join(ef.dir, name+RowsSuffix))
		}
	}
	for _, name := range ef.names() {
		if _, ok := outputs[name]; !ok {
			fmt.Fprintf(&b, "%s: the pipeline does not write table %s\n", ef.tables[name].path, name)
		}
	}
	return b.String()
}

// expectError checks that every run failed with the expected text.
func expectError(cfg Config, ef *expectedFiles, runs []*run) (string, []string) {
	path := filepath.Join(ef.dir, ErrorFile)
	var updated []string
	if cfg.Update && runs[0].err != nil && !strings.Contains(runs[0].err.Error(), ef.errorText) {
		text, _, _ := strings.Cut(runs[0].err.Error(), "\n")
		if err := writeFile(path, []byte(text+"\n")); err != nil {
			return err.Error() + "\n", nil
		}
		ef.errorText, updated = text, []string{"wrote " + path}
	}
	return perRun(runs, func(r *run) string {
		switch {
		case r.err == nil:
			return fmt.Sprintf("expected an error containing %q (%s), but the pipeline succeeded\n", ef.errorText, path)
		case !strings.Contains(r.err.Error(), ef.errorText):
			return fmt.Sprintf("expected an error containing %q (%s), got:\n  %s\n", ef.errorText, path, indentRest(r.err.Error()))
		}
		return ""
	}), updated
}

// perRun applies check to every run. When every run gives the same
// report, it is returned once; otherwise each non-empty report is
// returned under its batch size, noting that the result depends on it.
func perRun(runs []*run, check func(*run) string) string {
	msgs := make([]string, len(runs))
	same := true
	for i, r := range runs {
		msgs[i] = check(r)
		same = same && msgs[i] == msgs[0]
	}
	if same {
		return msgs[0]
	}
	var b strings.Builder
	b.WriteString("the result depends on the batch size (end a batch with a '" + BatchBreak + "' line where rows must arrive after the watermark has passed)\n")
	for i, r := range runs {
		if msgs[i] == "" {
			fmt.Fprintf(&b, "at batch size %d: as expected\n", r.batchSize)
			continue
		}
		fmt.Fprintf(&b, "at batch size %d:\n%s", r.batchSize, indent(msgs[i], "  "))
	}
	return b.String()
}

func sortedKeys(m map[string]*Output) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// indentRest indents every line of s but the first by two spaces.
func indentRest(s string) string {
	return strings.ReplaceAll(strings.TrimRight(s, "\n"), "\n", "\n  ")
}

// indent prefixes every non-empty line of s.
func indent(s, prefix string) string {
	lines := strings.SplitAfter(s, "\n")
	for i, l := range lines {
		if strings.TrimSpace(l) != "" {
			lines[i] = prefix + l
		}
	}
	return strings.Join(lines, "")
}
