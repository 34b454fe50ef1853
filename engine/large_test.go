package engine

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// writeClicks writes n JSON lines of about 100 bytes each.
func writeClicks(t testing.TB, path string, n int) {
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriterSize(f, 1<<20)
	for i := 0; i < n; i++ {
		fmt.Fprintf(w, `{"id":%d,"user":%d,"ad":%d,"price":%d.%02d,"city":"city-%d","ts":"2024-05-01 10:%02d:%02d.%03d"}`+"\n",
			i, i%1000, i%37, i%50, i%100, i%13, (i/60000)%60, (i/1000)%60, i%1000)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
}

const largePipeline = `
CREATE TABLE clicks (id BIGINT, user BIGINT, ad INT, price DECIMAL(10, 2), city STRING, ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND)
WITH ('connector' = 'filesystem', 'path' = '$DIR/clicks.jsonl', 'format' = 'json');
CREATE TABLE out (id BIGINT, ad INT, cents BIGINT, city STRING)
WITH ('connector' = 'filesystem', 'path' = '$DIR/out', 'format' = 'json');
INSERT INTO out SELECT id, ad, CAST(price * 100 AS BIGINT), UPPER(city) FROM clicks WHERE ad < 10 AND price > 1;
`

// runLarge runs largePipeline over n generated rows in dir.
func runLarge(t testing.TB, dir string, alloc memory.Allocator) error {
	eng := New(Options{Stdout: io.Discard, Alloc: alloc})
	if err := eng.LoadSource(sourceOf(strings.ReplaceAll(largePipeline, "$DIR", dir))); err != nil {
		return err
	}
	return eng.Run(context.Background())
}

// TestLargeFile runs a filter and projection over 200,000 rows and checks
// every output row against an independent computation from the input.
func TestLargeFile(t *testing.T) {
	const n = 200_000
	dir := t.TempDir()
	writeClicks(t, filepath.Join(dir, "clicks.jsonl"), n)
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	if err := runLarge(t, dir, alloc); err != nil {
		t.Fatal(err)
	}
	alloc.AssertSize(t, 0)

	want := map[int64]string{}
	for i := 0; i < n; i++ {
		cents := int64(i%50)*100 + int64(i%100)
		if i%37 < 10 && cents > 100 {
			want[int64(i)] = fmt.Sprintf("%d %d CITY-%d", i%37, cents, i%13)
		}
	}
	got := 0
	entries, err := os.ReadDir(filepath.Join(dir, "out"))
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if strings.HasPrefix(e.Name(), ".") {
			t.Errorf("hidden file left: %s", e.Name())
			continue
		}
		f, err := os.Open(filepath.Join(dir, "out", e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			var r struct {
				ID    int64  `json:"id"`
				Ad    int64  `json:"ad"`
				Cents int64  `json:"cents"`
				City  string `json:"city"`
			}
			if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
				t.Fatalf("bad output line %q: %v", sc.Text(), err)
			}
			if w, ok := want[r.ID]; !ok || w != fmt.Sprintf("%d %d %s", r.Ad, r.Cents, r.City) {
				t.Fatalf("unexpected output row %q (want %q)", sc.Text(), w)
			}
			delete(want, r.ID)
			got++
		}
		f.Close()
	}
	if len(want) != 0 {
		t.Fatalf("%d expected rows missing (got %d)", len(want), got)
	}
}

// BenchmarkPipelineJSON measures decode → filter → project → encode over
// a 1,000,000-row JSON file (about 100 bytes a row), end to end.
func BenchmarkPipelineJSON(b *testing.B) {
	const n = 1_000_000
	dir := b.TempDir()
	writeClicks(b, filepath.Join(dir, "clicks.jsonl"), n)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		os.RemoveAll(filepath.Join(dir, "out"))
		if err := runLarge(b, dir, memory.NewGoAllocator()); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(n)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
