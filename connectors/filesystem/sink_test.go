package filesystem

import (
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

func sinkParams(tab *planner.SinkSpec, m *executor.Metrics) executor.SinkParams {
	return executor.SinkParams{Spec: tab, Metrics: m}
}

// batch builds an (id BIGINT, name STRING, ts TIMESTAMP) record.
func batch(alloc memory.Allocator, ids ...int64) arrow.Record {
	var fs []arrow.Field
	for _, c := range userCols[:3] {
		fs = append(fs, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
	}
	rb := array.NewRecordBuilder(alloc, arrow.NewSchema(fs, nil))
	defer rb.Release()
	for _, id := range ids {
		rb.Field(0).(*array.Int64Builder).Append(id)
		rb.Field(1).(*array.StringBuilder).Append("n\"" + string(rune('a'+id)))
		rb.Field(2).AppendNull()
	}
	return rb.NewRecord()
}

func listDir(t *testing.T, dir string) (visible, hidden []string) {
	t.Helper()
	ents, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ents {
		if strings.HasPrefix(e.Name(), ".") {
			hidden = append(hidden, e.Name())
		} else {
			visible = append(visible, e.Name())
		}
	}
	sort.Strings(visible)
	return visible, hidden
}

func writeBatches(t *testing.T, s executor.Sink, alloc memory.Allocator, batches ...[]int64) {
	t.Helper()
	for _, ids := range batches {
		rec := batch(alloc, ids...)
		if err := s.Write(rec); err != nil {
			t.Fatal(err)
		}
		rec.Release()
	}
}

func TestSinkCommitMakesFilesVisible(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "out") // created by the sink
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	m := executor.NewMetrics()
	tab := table(map[string]string{"connector": "filesystem", "path": dir, "format": "json",
		"sink.rolling-policy.file-size": "60b"}, userCols...)
	s, err := NewSink(sinkParams(&planner.SinkSpec{Table: tab}, m))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	writeBatches(t, s, alloc, []int64{1}, []int64{2, 3}, []int64{4})
	vis, hid := listDir(t, dir)
	if len(vis) != 0 || len(hid) != 2 {
		t.Fatalf("before commit: visible %v hidden %v", vis, hid)
	}
	if err := s.Commit(); err != nil {
		t.Fatal(err)
	}
	vis, hid = listDir(t, dir)
	if len(vis) != 2 || len(hid) != 0 || !strings.HasSuffix(vis[0], "-0.json") || !strings.HasSuffix(vis[1], "-1.json") {
		t.Fatalf("after commit: visible %v hidden %v", vis, hid)
	}
	var all []string
	for _, f := range vis {
		b, err := os.ReadFile(filepath.Join(dir, f))
		if err != nil {
			t.Fatal(err)
		}
		all = append(all, string(b))
	}
	want := `{"id":1,"name":"n\"b","ts":null}
{"id":2,"name":"n\"c","ts":null}
{"id":3,"name":"n\"d","ts":null}
|{"id":4,"name":"n\"e","ts":null}
`
	if got := strings.Join(all, "|"); got != want {
		t.Fatalf("files:\n%s\nwant:\n%s", got, want)
	}

	// The committed output reads back through the source.
	src := table(map[string]string{"connector": "filesystem", "path": dir, "format": "json"}, userCols[:3]...)
	out := &recorder{t: t}
	if err := runSource(t, sourceParams(src, alloc, 100, executor.NewMetrics(), 0, 1), out); err != nil {
		t.Fatal(err)
	}
	if out.rows != 4 {
		t.Fatalf("read back %d rows: %v", out.rows, out.events)
	}
}

func TestSinkAbortRemovesParts(t *testing.T) {
	dir := t.TempDir()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	tab := table(map[string]string{"connector": "filesystem", "path": dir, "format": "csv"}, userCols...)
	s, err := NewSink(sinkParams(&planner.SinkSpec{Table: tab}, executor.NewMetrics()))
	if err != nil {
		t.Fatal(err)
	}
	writeBatches(t, s, alloc, []int64{1, 2})
	if _, hid := listDir(t, dir); len(hid) != 1 || !strings.HasSuffix(hid[0], ".csv.inprogress") {
		t.Fatalf("hidden %v", hid)
	}
	if err := s.Abort(); err != nil {
		t.Fatal(err)
	}
	if err := s.Close(); err != nil {
		t.Fatal(err)
	}
	if vis, hid := listDir(t, dir); len(vis)+len(hid) != 0 {
		t.Fatalf("left behind: %v %v", vis, hid)
	}
}
