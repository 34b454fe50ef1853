package filesystem

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor"
)

// countOutput counts and releases what a source emits.
type countOutput struct{ rows int64 }

func (c *countOutput) AddSplit(executor.SplitID, string) {}
func (c *countOutput) SplitDone(executor.SplitID)        {}
func (c *countOutput) Emit(_ executor.SplitID, rec arrow.Record) error {
	c.rows += rec.NumRows()
	rec.Release()
	return nil
}

// BenchmarkSourceJSON reads a file of about 100-byte JSON lines end to
// end: file reading, line splitting, decoding and batching.
func BenchmarkSourceJSON(b *testing.B) {
	const rows = 100000
	var sb strings.Builder
	for i := 0; i < rows; i++ {
		fmt.Fprintf(&sb, `{"id":%d,"name":"user_%06d","ts":"2024-01-01 12:00:%02d.123","extra":"ignored-field-value"}`+"\n", i, i, i%60)
	}
	path := filepath.Join(b.TempDir(), "in.json")
	if err := os.WriteFile(path, []byte(sb.String()), 0o644); err != nil {
		b.Fatal(err)
	}
	b.SetBytes(int64(sb.Len()))
	tab := table(map[string]string{"connector": "filesystem", "path": path, "format": "json"}, userCols[:3]...)
	p := sourceParams(tab, memory.NewGoAllocator(), 1024, executor.NewMetrics(), 0, 1, 2)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		src, err := NewSource(p)
		if err != nil {
			b.Fatal(err)
		}
		out := &countOutput{}
		if err := src.Run(context.Background(), out); err != nil || out.rows != rows {
			b.Fatalf("%v, %d rows", err, out.rows)
		}
		src.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
