package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

// runPiped runs the REPL with stdin not a terminal.
func runPiped(t *testing.T, dir, stdin string, args ...string) (int, string, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	t.Chdir(dir)
	var out, errb bytes.Buffer
	code := cmdRepl(ctx, args, replIO{Stdin: strings.NewReader(stdin), Stdout: &out, Stderr: &errb})
	return code, out.String(), errb.String()
}

const clicksDDL = "CREATE TABLE clicks (name STRING, n INT)\n" +
	"WITH ('connector' = 'filesystem', 'path' = 'clicks.jsonl', 'format' = 'json');\n"

func clicksDir(t *testing.T) string {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "clicks.jsonl"), "{\"name\": \"ann\", \"n\": 1}\n{\"name\": \"b\\tob\", \"n\": null}\n")
	return dir
}

func TestREPLPipedTSV(t *testing.T) {
	dir := clicksDir(t)
	code, out, errs := runPiped(t, dir, clicksDDL+"SHOW TABLES;\nSELECT name, n + 1 AS m\nFROM clicks;\n")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "clicks\nname\tm\nann\t2\nb\\tob\tnull\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if strings.Contains(out+errs, "\x1b") || strings.Contains(out, prompt) {
		t.Errorf("escape codes or prompt in piped output: %q", out)
	}
}

func TestREPLPipedJSON(t *testing.T) {
	dir := clicksDir(t)
	code, out, errs := runPiped(t, dir, clicksDDL+"SELECT name, n FROM clicks", "--output", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	want := "{\"name\":\"ann\",\"n\":1}\n{\"name\":\"b\\tob\",\"n\":null}\n"
	if out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
}

// TestREPLPipedError stops at the first failing statement with its
// position.
func TestREPLPipedError(t *testing.T) {
	dir := clicksDir(t)
	code, out, errs := runPiped(t, dir, clicksDDL+"SELECT nme FROM clicks;\nSHOW TABLES;\n")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, "<stdin>:3:8: ") || !strings.Contains(errs, "       ^") {
		t.Errorf("stderr %q lacks the positioned error", errs)
	}
	if out != "" {
		t.Errorf("statements after the error ran: %q", out)
	}
	// A query failing at run time exits 1 naming the reason.
	writeFile(t, filepath.Join(dir, "bad.jsonl"), "{\"n\": \"x\"}\n")
	code, _, errs = runPiped(t, dir, "CREATE TABLE bad (n INT) WITH ('connector' = 'filesystem', 'path' = 'bad.jsonl', 'format' = 'json');\nSELECT n FROM bad;\n")
	if code != 1 || !strings.Contains(errs, "query failed") || !strings.Contains(errs, "bad.jsonl:1") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
}

// TestREPLScript runs -f: statements run in order, INSERT jobs are waited
// for, and the first failing statement stops the script.
func TestREPLScript(t *testing.T) {
	dir := clicksDir(t)
	writeFile(t, filepath.Join(dir, "init.sql"), clicksDDL)
	writeFile(t, filepath.Join(dir, "ok.sql"), "CREATE TABLE o (name STRING) WITH ('connector' = 'filesystem', 'path' = 'out', 'format' = 'json');\n"+
		"INSERT INTO o SELECT name FROM clicks;\nSHOW JOBS;\n")
	code, out, errs := runPiped(t, dir, "", "-i", "init.sql", "-f", "ok.sql")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(errs, "Submitted job") || !strings.Contains(out, "FINISHED") && !strings.Contains(out, "RUNNING") {
		t.Errorf("stdout %q\nstderr %q", out, errs)
	}
	if lines, _ := readParts(t, filepath.Join(dir, "out")); len(lines) != 2 {
		t.Errorf("the INSERT wrote %v", lines)
	}

	writeFile(t, filepath.Join(dir, "bad.sql"), clicksDDL+"SHOW TABLES;\n\nSELECT name\n  FROM nowhere;\nSHOW TABLES;\n")
	code, out, errs = runPiped(t, dir, "", "-f", "bad.sql")
	if code != 2 {
		t.Errorf("exit %d, want 2", code)
	}
	if !strings.Contains(errs, "bad.sql:6:8: ") || !strings.Contains(errs, "FROM nowhere") {
		t.Errorf("stderr %q lacks the positioned error", errs)
	}
	if out != "clicks\n" {
		t.Errorf("stdout %q: want only the first SHOW TABLES", out)
	}
}

func TestREPLCommands(t *testing.T) {
	dir := clicksDir(t)
	code, out, errs := runPiped(t, dir, "HELP;\nSHOW JOBS;\nSTOP JOB 'nope';\n")
	if code != 2 || !strings.Contains(out, "STOP JOB 'id'") || !strings.Contains(out, "No jobs.") {
		t.Errorf("exit %d\nstdout %q", code, out)
	}
	if !strings.Contains(errs, "<stdin>:3:10: no job 'nope'") {
		t.Errorf("stderr %q", errs)
	}
	code, _, errs = runPiped(t, dir, "STOP JOB nope;\n")
	if code != 2 || !strings.Contains(errs, "<stdin>:1:10: STOP JOB wants a quoted job id") {
		t.Errorf("exit %d, stderr %q", code, errs)
	}
	code, out, _ = runPiped(t, dir, "QUIT;\nSHOW TABLES;\n")
	if code != 0 || out != "" {
		t.Errorf("after QUIT: exit %d, stdout %q", code, out)
	}
}

func TestCompleter(t *testing.T) {
	s := newSession(replIO{Stdout: &bytes.Buffer{}, Stderr: &bytes.Buffer{}}, false, "tsv", 0)
	if err := s.runText(context.Background(), "t", "CREATE TABLE clicks (user_name STRING) WITH ('connector' = 'blackhole');"); err != 0 {
		t.Fatal("DDL failed")
	}
	c := &completer{s: s}
	do := func(line string) []string {
		got, n := c.Do([]rune(line), len([]rune(line)))
		var out []string
		for _, g := range got {
			out = append(out, line[len(line)-n:]+string(g))
		}
		return out
	}
	has := func(list []string, want string) bool {
		for _, l := range list {
			if l == want {
				return true
			}
		}
		return false
	}
	if got := do("sel"); !has(got, "select") {
		t.Errorf("sel completes to %v", got)
	}
	if got := do("SELECT user_"); !has(got, "user_name") {
		t.Errorf("column: %v", got)
	}
	if got := do("SELECT * FROM cl"); !has(got, "clicks") {
		t.Errorf("table: %v", got)
	}
	c.setPending("CREATE TABLE x (a INT)\nWITH (\n")
	if got := do("  'connector' = 'datagen', 'rows-"); !has(got, "'rows-per-second'") {
		t.Errorf("option key: %v", got)
	}
	c.setPending("")
	if got := do("SELECT 'rows-"); len(got) != 0 {
		t.Errorf("option keys outside WITH: %v", got)
	}
}
