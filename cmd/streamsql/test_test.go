package main

import (
	"context"
	"encoding/xml"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const testExamples = "../../internal/fixturetest/testdata/adwarehouse"

// writePipeline writes a one-layer warehouse under dir: a catalog file at
// the root and a pipeline below it with the given expectation of its
// output table.
func writePipeline(t *testing.T, dir, expected string) string {
	t.Helper()
	writeFile(t, filepath.Join(dir, "catalog.sql"), `CREATE TABLE src (id BIGINT, name STRING) WITH ('connector' = 'filesystem', 'path' = '/nowhere', 'format' = 'json');`)
	writeFile(t, filepath.Join(dir, "layer", "layer.sql"), `CREATE TABLE dst (id BIGINT, name STRING) WITH ('connector' = 'blackhole');
INSERT INTO dst SELECT id, UPPER(name) FROM src WHERE id > 1;`)
	writeFile(t, filepath.Join(dir, "layer", "fixtures", "src.jsonl"), "{\"id\": 1, \"name\": \"a\"}\n{\"id\": 2, \"name\": \"b\"}\n")
	path := filepath.Join(dir, "layer", "expected", "dst.jsonl")
	writeFile(t, path, expected)
	return path
}

func TestTestCommandPasses(t *testing.T) {
	junit := filepath.Join(t.TempDir(), "report.xml")
	code, out, errs := runCLI(t, context.Background(), "", "test", "-v", "--junit", junit, testExamples)
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, out, errs)
	}
	for _, want := range []string{
		"PASS  " + testExamples + "/dwd_clicks (",
		"    sql " + filepath.Join(testExamples, "catalog.sql") + "\n    sql " + filepath.Join(testExamples, "dwd_clicks", "dwd_clicks.sql") + "\n",
		"2 malformed skipped",
		"ok: 4 pipelines, 4 passed, 0 failed\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	data, err := os.ReadFile(junit)
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Failed int `xml:"failures,attr"`
	}
	if err := xml.Unmarshal(data, &doc); err != nil || doc.Tests != 4 || doc.Failed != 0 {
		t.Errorf("junit report %+v (%v):\n%s", doc, err, data)
	}
}

func TestTestCommandFailsAndUpdates(t *testing.T) {
	dir := t.TempDir()
	exp := writePipeline(t, dir, "{\"id\": 2, \"name\": \"b\"}\n")
	junit := filepath.Join(dir, "report.xml")
	code, out, _ := runCLI(t, context.Background(), dir, "test", "--junit", junit)
	if code != 1 {
		t.Fatalf("exit %d, want 1:\n%s", code, out)
	}
	rel := filepath.Join("layer", "expected", "dst.jsonl")
	for _, want := range []string{
		"FAIL  layer (",
		"table dst: 1 missing row, 1 unexpected row (" + rel + ")",
		"missing     " + rel + `:1  {"id": 2, "name": "b"}`,
		`unexpected  {"id":2,"name":"B"}`,
		"FAIL: 1 pipeline, 0 passed, 1 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("missing %q in:\n%s", want, out)
		}
	}
	data, _ := os.ReadFile(junit)
	if !strings.Contains(string(data), `failures="1"`) || !strings.Contains(string(data), "<failure message=\"table dst: 1 missing row, 1 unexpected row") {
		t.Errorf("junit report:\n%s", data)
	}
	if code, out, _ := runCLI(t, context.Background(), dir, "test", "--update"); code != 0 || !strings.Contains(out, "    wrote "+rel) {
		t.Fatalf("--update: exit %d\n%s", code, out)
	}
	if got, _ := os.ReadFile(exp); string(got) != "{\"id\":2,\"name\":\"B\"}\n" {
		t.Errorf("rewritten expectation %q", got)
	}
	if code, out, _ := runCLI(t, context.Background(), dir, "test", "."); code != 0 {
		t.Errorf("after --update: exit %d\n%s", code, out)
	}
}

func TestTestCommandRunFilter(t *testing.T) {
	code, out, _ := runCLI(t, context.Background(), "", "test", "--run", "dw[ds]_ad|orders$", "--batch-sizes", "7", testExamples)
	if code != 0 || !strings.Contains(out, "ok: 2 pipelines, 2 passed") || strings.Contains(out, "dwd_clicks") {
		t.Errorf("exit %d\n%s", code, out)
	}
}

func TestTestCommandUsageErrors(t *testing.T) {
	empty := t.TempDir()
	for _, args := range [][]string{
		{"test", "--no-such-flag"},
		{"test", "--batch-sizes", "1,x", testExamples},
		{"test", "--batch-sizes", "0", testExamples},
		{"test", "--run", "(", testExamples},
		{"test", empty},
		{"test", "--run", "nothing-matches", testExamples},
		{"test", filepath.Join(empty, "missing")},
	} {
		code, out, errs := runCLI(t, context.Background(), "", args...)
		if code != 2 {
			t.Errorf("%v: exit %d, want 2\n%s%s", args, code, out, errs)
		}
	}
	code, out, _ := runCLI(t, context.Background(), "", "help", "test")
	if code != 0 || !strings.Contains(out, "Usage: streamsql test [flags] [DIR...]") || !strings.Contains(out, "-update") {
		t.Errorf("help test: exit %d\n%s", code, out)
	}
}
