package filesystem

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
)

func writeFiles(t *testing.T, dir string, files map[string]string) {
	t.Helper()
	for name, body := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

var userCols = []catalog.Column{
	{Name: "id", Type: catalog.BigInt},
	{Name: "name", Type: catalog.String},
	{Name: "ts", Type: catalog.Timestamp},
	{Name: "src", Type: catalog.String, Kind: catalog.Metadata, MetadataKey: "file.name"},
}

func TestSourceDirectorySplits(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{
		"b.json": `{"id":3,"name":"c","ts":"2024-01-01 00:00:03"}` + "\n",
		"a.json": `{"id":1,"name":"a","ts":"2024-01-01 00:00:01"}` + "\n\n" +
			`{"name":"b","id":2}` + "\r\n" + `{"id":4}`, // no final newline
		".hidden":            `not json`,
		"_SUCCESS":           ``,
		"sub/nested.json":    `not read`,
		".part-x.inprogress": `not json`,
	})
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	m := executor.NewMetrics()
	tab := table(map[string]string{"connector": "filesystem", "path": dir, "format": "json"}, userCols...)
	out := &recorder{t: t}
	// Reads ts and id (reordered), name not projected, plus file.name.
	if err := runSource(t, sourceParams(tab, alloc, 2, m, 2, 0, 3), out); err != nil {
		t.Fatal(err)
	}
	want := []string{
		"add 0 a.json", "add 1 b.json",
		"emit 0 [2024-01-01 00:00:01Z|1|a.json (null)|2|a.json]",
		"emit 0 [(null)|4|a.json]",
		"done 0",
		"emit 1 [2024-01-01 00:00:03Z|3|b.json]",
		"done 1",
	}
	if got := strings.Join(out.events, "\n"); got != strings.Join(want, "\n") {
		t.Fatalf("got:\n%s\nwant:\n%s", got, strings.Join(want, "\n"))
	}
}

func TestSourceParseErrorNamesLine(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"in.json": "{\"id\":1}\n{\"id\":\"x\"}\n"})
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	tab := table(map[string]string{"connector": "filesystem", "path": dir, "format": "json"}, userCols[:3]...)
	err := runSource(t, sourceParams(tab, alloc, 10, executor.NewMetrics(), 0), &recorder{t: t})
	want := filepath.Join(dir, "in.json") + `:2: field 'id': cannot parse "x" as BIGINT`
	if err == nil || err.Error() != want {
		t.Fatalf("got %v\nwant %s", err, want)
	}
}

func TestSourceIgnoreParseErrors(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"in.csv": "# header\n1,a,2024-01-01 00:00:00\nx,b,\n2,c\n3,\"d,e\",\n"})
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	m := executor.NewMetrics()
	tab := table(map[string]string{"connector": "filesystem", "path": filepath.Join(dir, "in.csv"), "format": "csv",
		"csv.ignore-parse-errors": "true", "csv.allow-comments": "true"}, userCols[:3]...)
	out := &recorder{t: t}
	if err := runSource(t, sourceParams(tab, alloc, 10, m, 0, 1), out); err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(out.events, "\n"); got != "add 0 in.csv\nemit 0 [1|a 3|d,e]\ndone 0" {
		t.Fatalf("got:\n%s", got)
	}
	if m.Get("source.t.skipped_records") != 2 {
		t.Fatalf("metrics:\n%s", m)
	}
}

func TestSourceLongLines(t *testing.T) {
	dir := t.TempDir()
	long := strings.Repeat("x", 3*readBufferSize)
	writeFiles(t, dir, map[string]string{"in.json": `{"id":1,"name":"` + long + `"}` + "\n" + `{"id":2}`})
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	tab := table(map[string]string{"connector": "filesystem", "path": dir, "format": "json"}, userCols[:3]...)
	out := &recorder{t: t}
	if err := runSource(t, sourceParams(tab, alloc, 10, executor.NewMetrics(), 0), out); err != nil {
		t.Fatal(err)
	}
	if out.rows != 2 {
		t.Fatalf("rows %d", out.rows)
	}
}

func TestSourceStopsOnCancel(t *testing.T) {
	dir := t.TempDir()
	writeFiles(t, dir, map[string]string{"in.json": strings.Repeat("{\"id\":1}\n", 1000)})
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	tab := table(map[string]string{"connector": "filesystem", "path": dir, "format": "json"}, userCols[:3]...)
	ctx, cancel := context.WithCancel(context.Background())
	out := &recorder{t: t, emitFn: func() error { cancel(); return nil }}
	src, err := NewSource(sourceParams(tab, alloc, 10, executor.NewMetrics(), 0))
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	if err := src.Run(ctx, out); !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v", err)
	}
	if out.rows != 10 {
		t.Fatalf("read %d rows after cancel", out.rows)
	}
}

func TestSourceMissingPath(t *testing.T) {
	tab := table(map[string]string{"connector": "filesystem", "path": filepath.Join(t.TempDir(), "nope"), "format": "json"}, userCols[:3]...)
	_, err := NewSource(sourceParams(tab, memory.NewGoAllocator(), 10, executor.NewMetrics(), 0))
	if err == nil || !strings.Contains(err.Error(), "no such file") {
		t.Fatalf("got %v", err)
	}
}
