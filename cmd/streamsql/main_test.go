package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runCLI runs the CLI in dir and returns exit code, stdout and stderr.
func runCLI(t *testing.T, ctx context.Context, dir string, args ...string) (int, string, string) {
	t.Helper()
	if dir != "" {
		t.Chdir(dir)
	}
	var out, errb bytes.Buffer
	code := run(ctx, args, &out, &errb)
	return code, out.String(), errb.String()
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

// readParts returns the lines of the visible part files in dir and the
// number of hidden files.
func readParts(t *testing.T, dir string) (lines []string, hidden int) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			hidden++
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
			if l != "" {
				lines = append(lines, l)
			}
		}
	}
	return lines, hidden
}

func TestQuickstart(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	tmp := t.TempDir()
	// Run from a copy of the layout so out/ lands in a temporary directory.
	data, err := os.ReadFile(filepath.Join(root, "queries/quickstart/data/clicks.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, filepath.Join(tmp, "queries/quickstart/data/clicks.jsonl"), string(data))
	code, stdout, stderr := runCLI(t, context.Background(), tmp, "run", filepath.Join(root, "queries/quickstart/clicks_clean.sql"))
	if code != 0 {
		t.Fatalf("exit %d\nstderr:\n%s", code, stderr)
	}
	lines, hidden := readParts(t, filepath.Join(tmp, "out/quickstart/dwd_clicks"))
	if hidden != 0 {
		t.Errorf("%d hidden files left behind", hidden)
	}
	// Independently compute the expected rows from the input file.
	want, good, bad := 0, 0, 0
	for _, l := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var rec struct {
			UserID *int64   `json:"user_id"`
			AdID   *int64   `json:"ad_id"`
			Price  *float64 `json:"price"`
		}
		if json.Unmarshal([]byte(l), &rec) != nil {
			bad++ // malformed: skipped and counted by the job
			continue
		}
		good++
		if rec.UserID != nil && rec.Price != nil && *rec.Price > 0 {
			want++
		}
	}
	if len(lines) != want || want == 0 {
		t.Fatalf("dwd_clicks has %d rows, want %d", len(lines), want)
	}
	printed := strings.Count(stdout, "+I[")
	if printed != want {
		t.Errorf("printed %d rows, want %d:\n%s", printed, want, stdout)
	}
	// The summary counts every row once: good input lines read, rows
	// written per sink, and the malformed lines skipped.
	for _, line := range []string{
		fmt.Sprintf("read    %-24s %d rows", "ods_clicks", good),
		fmt.Sprintf("wrote   %-24s %d rows", "dwd_clicks", want),
		fmt.Sprintf("wrote   %-24s %d rows", "dwd_clicks_console", want),
		fmt.Sprintf("source %-24s %d (skipped_records)", "ods_clicks", bad),
	} {
		if !strings.Contains(stderr, line) {
			t.Errorf("summary lacks %q:\n%s", line, stderr)
		}
	}
}

func TestExitCodes(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "in.jsonl"), "{\"a\": 1}\n{\"a\": \"x\"}\n")
	writeFile(t, filepath.Join(dir, "bad.sql"), "CREATE TABLE t (a INT)\nWITH ('connector' = 'filesystem', 'path' = 'in.jsonl', 'format' = 'json');\nINSERT INTO nowhere SELECT a FROM t;\n")
	writeFile(t, filepath.Join(dir, "fail.sql"), "CREATE TABLE t (a INT)\nWITH ('connector' = 'filesystem', 'path' = 'in.jsonl', 'format' = 'json');\nCREATE TABLE o (a INT) WITH ('connector' = 'filesystem', 'path' = 'out', 'format' = 'json');\nINSERT INTO o SELECT a FROM t;\n")
	cases := []struct {
		args       []string
		code       int
		wantStdout string
		wantStderr string
	}{
		{[]string{"version"}, 0, "streamsql ", ""},
		{[]string{"help"}, 0, "Usage:", ""},
		{[]string{"help", "run"}, 0, "-batch-size", ""},
		{[]string{"help", "connectors"}, 0, "'json.ignore-parse-errors'", ""},
		{[]string{"repl", "-f", "missing.sql"}, 2, "", "missing.sql"},
		{[]string{"frobnicate"}, 2, "", `unknown command "frobnicate"`},
		{[]string{"run"}, 2, "", "no SQL files given"},
		{[]string{"run", "missing.sql"}, 2, "", "missing.sql"},
		{[]string{"run", "bad.sql"}, 2, "", "bad.sql:3:13: "},
		{[]string{"run", "fail.sql"}, 1, "", "in.jsonl:2"},
	}
	for _, c := range cases {
		t.Run(strings.Join(c.args, " "), func(t *testing.T) {
			code, stdout, stderr := runCLI(t, context.Background(), dir, c.args...)
			if code != c.code {
				t.Errorf("exit %d, want %d\nstderr: %s", code, c.code, stderr)
			}
			if !strings.Contains(stdout, c.wantStdout) {
				t.Errorf("stdout %q does not contain %q", stdout, c.wantStdout)
			}
			if !strings.Contains(stderr, c.wantStderr) {
				t.Errorf("stderr %q does not contain %q", stderr, c.wantStderr)
			}
		})
	}
	// The failed job left no visible part file.
	if lines, _ := readParts(t, filepath.Join(dir, "out")); len(lines) != 0 {
		t.Errorf("failed job left visible rows: %v", lines)
	}
}

// TestInterrupt cancels an unbounded job as Ctrl-C would: the CLI exits 130
// and leaves no visible part file.
func TestInterrupt(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "gen.sql"), `
CREATE TABLE gen (id BIGINT) WITH ('connector' = 'datagen', 'rows-per-second' = '1000');
CREATE TABLE o (id BIGINT) WITH ('connector' = 'filesystem', 'path' = 'out', 'format' = 'json');
INSERT INTO o SELECT id FROM gen;
`)
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	time.AfterFunc(300*time.Millisecond, cancel)
	code, _, stderr := runCLI(t, ctx, dir, "run", "gen.sql")
	if code != 130 {
		t.Fatalf("exit %d, want 130\n%s", code, stderr)
	}
	entries, _ := os.ReadDir(filepath.Join(dir, "out"))
	for _, e := range entries {
		t.Errorf("file left behind after interrupt: %s", e.Name())
	}
}

func TestExplain(t *testing.T) {
	root, _ := filepath.Abs("../..")
	code, stdout, stderr := runCLI(t, context.Background(), "", "explain", filepath.Join(root, "queries/quickstart/clicks_clean.sql"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	for _, want := range []string{"Physical Plan", "Source", "Calc", "Sink", "dwd_clicks"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("explain output lacks %q:\n%s", want, stdout)
		}
	}
}
