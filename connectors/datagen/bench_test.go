package datagen

import (
	"context"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

type discard struct{}

func (discard) AddSplit(executor.SplitID, string)               {}
func (discard) SplitDone(executor.SplitID)                      {}
func (discard) Emit(_ executor.SplitID, rec arrow.Record) error { rec.Release(); return nil }

// BenchmarkGenerate generates rows of every column of cols (BIGINT, INT,
// 10-char STRING, TIMESTAMP, DECIMAL) without rate limiting.
func BenchmarkGenerate(b *testing.B) {
	const rows = 100000
	tab := &catalog.Table{Name: "g", Columns: cols, Options: map[string]string{"connector": "datagen",
		"rows-per-second": "1000000000", "number-of-rows": "100000", "seed": "1", "fields.s.length": "10"}}
	var fs []arrow.Field
	read := []int{0, 1, 2, 3, 4}
	for _, c := range read {
		fs = append(fs, arrow.Field{Name: cols[c].Name, Type: cols[c].Type.Arrow(), Nullable: true})
	}
	ft := &fakeTime{}
	p := executor.SourceParams{Spec: &planner.SourceSpec{Table: tab, Columns: read}, Alloc: memory.NewGoAllocator(),
		BatchSize: 1024, Schema: arrow.NewSchema(fs, nil), Clock: ft.clock, Sleep: ft.sleep}
	for i := 0; i < b.N; i++ {
		src, err := NewSource(p)
		if err != nil {
			b.Fatal(err)
		}
		if err := src.Run(context.Background(), discard{}); err != nil {
			b.Fatal(err)
		}
		src.Close()
	}
	b.ReportMetric(float64(rows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
