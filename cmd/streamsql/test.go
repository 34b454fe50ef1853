package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"regexp"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/internal/fixturetest"
)

// testFlags are the flags of `streamsql test`.
type testFlags struct {
	update     bool
	junit      string
	run        string
	verbose    bool
	batchSizes string
}

func testFlagSet(out io.Writer, f *testFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("streamsql test", flag.ContinueOnError)
	fs.SetOutput(out)
	fs.BoolVar(&f.update, "update", false, "rewrite the expectation files from the actual results")
	fs.StringVar(&f.junit, "junit", "", "also write a JUnit XML report to `FILE`")
	fs.StringVar(&f.run, "run", "", "test only the pipelines whose name matches `REGEXP`")
	fs.BoolVar(&f.verbose, "v", false, "print the SQL files of each pipeline")
	fs.StringVar(&f.batchSizes, "batch-sizes", "1024,1", "comma-separated batch `SIZES` every pipeline must give the same result at")
	return fs
}

const testHelp = `A pipeline directory is any directory below DIR (default: .) holding a
fixtures/ or expected/ directory. Its SQL is every *.sql file from DIR down
to it, parents first. Source tables read fixtures/<table>.jsonl; written
tables are compared with expected/<table>.jsonl (rows in any order, after
applying updates), expected/<table>.changelog.jsonl (the exact changelog)
or expected/error.txt (the pipeline must fail with that text).

Exit codes: 0 every pipeline passed, 1 some failed, 2 bad usage or no
pipeline found.
`

// cmdTest runs `streamsql test [flags] [DIR...]`.
func cmdTest(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	var f testFlags
	fs := testFlagSet(stderr, &f)
	if err := fs.Parse(args); err != nil {
		return 2
	}
	sizes, err := parseSizes(f.batchSizes)
	if err != nil {
		fmt.Fprintf(stderr, "streamsql test: --batch-sizes: %v\n", err)
		return 2
	}
	var re *regexp.Regexp
	if f.run != "" {
		if re, err = regexp.Compile(f.run); err != nil {
			fmt.Fprintf(stderr, "streamsql test: --run: %v\n", err)
			return 2
		}
	}
	roots := fs.Args()
	if len(roots) == 0 {
		roots = []string{"."}
	}
	pipelines, err := fixturetest.Discover(roots, re)
	if err != nil {
		fmt.Fprintf(stderr, "streamsql test: %v\n", err)
		return 2
	}
	if len(pipelines) == 0 {
		fmt.Fprintf(stderr, "streamsql test: no pipeline directories (with fixtures/ or expected/) found under %s\n", strings.Join(roots, ", "))
		return 2
	}
	cfg := fixturetest.Config{BatchSizes: sizes, Update: f.update}
	results := make([]fixturetest.Result, 0, len(pipelines))
	for _, p := range pipelines {
		if ctx.Err() != nil {
			break
		}
		r := fixturetest.RunPipeline(ctx, cfg, p)
		fixturetest.WriteResult(stdout, r, f.verbose)
		results = append(results, r)
	}
	fixturetest.WriteSummary(stdout, results)
	code := 0
	for _, r := range results {
		if !r.Passed {
			code = 1
		}
	}
	if f.junit != "" {
		if err := writeJUnitFile(f.junit, results); err != nil {
			fmt.Fprintf(stderr, "streamsql test: --junit: %v\n", err)
			code = 1
		}
	}
	if ctx.Err() != nil {
		return 130
	}
	return code
}

// parseSizes parses "1024,1" into positive batch sizes.
func parseSizes(s string) ([]int, error) {
	var out []int
	for _, part := range strings.Split(s, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(part))
		if err != nil || n <= 0 {
			return nil, fmt.Errorf("want positive integers separated by commas, got %q", s)
		}
		out = append(out, n)
	}
	return out, nil
}

func writeJUnitFile(path string, results []fixturetest.Result) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	if err := fixturetest.WriteJUnit(f, results); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}
