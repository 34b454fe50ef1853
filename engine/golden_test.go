package engine

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/sql"
)

// TestGolden runs every file in testdata/ end to end through the engine, as
// `streamsql run` does, at several batch sizes: the output must be the same
// at every size, and every Arrow buffer must be released.
//
// Commands:
//
//	file path=REL        write the input to $DIR/REL (a fixture file)
//	exec                 load SQL (DDL, SET, SHOW, DESCRIBE, EXPLAIN); prints
//	                     what the statements print, or the error
//	run [unsorted|materialize]
//	                     load SQL and run the queued job to completion;
//	                     prints stdout lines (sorted unless unsorted), the
//	                     error if the job failed, and skip/late counters;
//	                     with materialize, the print sinks' changelog lines
//	                     (+I[..] -U[..] +U[..] -D[..], optionally after a
//	                     "name> " prefix) are applied and the final rows
//	                     printed sorted, as "prefix> [..]" (an update
//	                     retracting a row never inserted is an error)
//	output path=REL      the lines of every visible file under $DIR/REL,
//	                     sorted, and the number of hidden in-progress files
//
// $DIR in any input is replaced by the test's temporary directory.
func TestGolden(t *testing.T) {
	for _, bs := range []int{1, 3, 1024} {
		t.Run(fmt.Sprintf("batch=%d", bs), func(t *testing.T) {
			datadriven.Walk(t, "testdata", func(t *testing.T, path string) {
				runGoldenFile(t, path, bs)
			})
		})
	}
}

func runGoldenFile(t *testing.T, path string, batchSize int) {
	dir := t.TempDir()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	var stdout bytes.Buffer
	eng := New(Options{Stdout: &stdout, Alloc: alloc, BatchSize: batchSize, Clock: func() int64 { return 0 }})
	datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
		input := strings.ReplaceAll(d.Input, "$DIR", dir)
		stdout.Reset()
		switch d.Cmd {
		case "file":
			var rel string
			d.ScanArgs(t, "path", &rel)
			full := filepath.Join(dir, rel)
			if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
				t.Fatal(err)
			}
			if err := os.WriteFile(full, []byte(input+"\n"), 0o644); err != nil {
				t.Fatal(err)
			}
			return ""
		case "exec":
			err := eng.LoadSource(&sql.Source{Name: "test.sql", Text: input})
			return scrub(stdout.String()+errText(err), dir)
		case "run":
			before := eng.Metrics().Snapshot()
			if err := eng.LoadSource(&sql.Source{Name: "test.sql", Text: input}); err != nil {
				return scrub(errText(err), dir)
			}
			err := eng.Run(context.Background())
			lines := splitLines(stdout.String())
			if d.HasArg("materialize") {
				var merr error
				if lines, merr = materialize(lines); merr != nil {
					t.Fatalf("%s: %v", d.Pos, merr)
				}
			}
			if !d.HasArg("unsorted") {
				sort.Strings(lines)
			}
			var b strings.Builder
			for _, l := range lines {
				b.WriteString(l + "\n")
			}
			b.WriteString(errText(err))
			b.WriteString(counterDelta(before, eng.Metrics().Snapshot()))
			return scrub(b.String(), dir)
		case "output":
			var rel string
			d.ScanArgs(t, "path", &rel)
			return readOutput(t, filepath.Join(dir, rel))
		}
		t.Fatalf("%s: unknown command %q", d.Pos, d.Cmd)
		return ""
	})
	alloc.AssertSize(t, 0)
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return "error: " + err.Error() + "\n"
}

func scrub(s, dir string) string { return strings.ReplaceAll(s, dir, "$DIR") }

func splitLines(s string) []string {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return nil
	}
	return strings.Split(s, "\n")
}

// counterDelta prints the skip, late and null-rowtime counters that changed.
func counterDelta(before, after map[string]int64) string {
	var keys []string
	for k, v := range after {
		if v != before[k] && (strings.Contains(k, "skipped") || strings.Contains(k, "late") || strings.Contains(k, "null_rowtime")) {
			keys = append(keys, k)
		}
	}
	sort.Strings(keys)
	var b strings.Builder
	for _, k := range keys {
		fmt.Fprintf(&b, "counter %s = %d\n", k, after[k]-before[k])
	}
	return b.String()
}

// readOutput lists the lines of the visible files below dir, sorted, and
// counts hidden (in-progress) files.
func readOutput(t *testing.T, dir string) string {
	var lines []string
	hidden := 0
	err := filepath.WalkDir(dir, func(p string, de os.DirEntry, err error) error {
		if err != nil || de.IsDir() {
			return err
		}
		if strings.HasPrefix(de.Name(), ".") || strings.HasPrefix(de.Name(), "_") {
			hidden++
			return nil
		}
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		lines = append(lines, splitLines(string(data))...)
		return nil
	})
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	sort.Strings(lines)
	var b strings.Builder
	for _, l := range lines {
		b.WriteString(l + "\n")
	}
	if hidden > 0 {
		fmt.Fprintf(&b, "hidden files: %d\n", hidden)
	}
	return b.String()
}

func sourceOf(text string) *sql.Source { return &sql.Source{Name: "test.sql", Text: text} }

// materialize applies printed changelog lines and returns the rows left,
// each with its prefix ("name> [..]"); lines that are not changelog rows
// are kept as they are.
func materialize(lines []string) ([]string, error) {
	count := map[string]int{}
	var order, other []string
	for _, l := range lines {
		prefix, row := "", l
		if i := strings.Index(l, "> "); i >= 0 && !strings.ContainsAny(l[:i], "[") {
			prefix, row = l[:i+2], l[i+2:]
		}
		if len(row) < 4 || row[2] != '[' || !strings.Contains("+I-U+U-D", row[:2]) {
			other = append(other, l)
			continue
		}
		key := prefix + row[2:]
		switch row[:2] {
		case "+I", "+U":
			if count[key] == 0 {
				order = append(order, key)
			}
			count[key]++
		default:
			if count[key] == 0 {
				return nil, fmt.Errorf("%q retracts a row that is not there", l)
			}
			count[key]--
		}
	}
	out := other
	for _, k := range order {
		for i := 0; i < count[k]; i++ {
			out = append(out, k)
		}
		count[k] = 0
	}
	return out, nil
}
