package blackhole

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

func TestBlackholeCounts(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	m := executor.NewMetrics()
	tab := &catalog.Table{Name: "bh", Options: map[string]string{"connector": "blackhole"}}
	s, err := NewSink(executor.SinkParams{Spec: &planner.SinkSpec{Table: tab}, Metrics: m})
	if err != nil {
		t.Fatal(err)
	}
	b := array.NewInt64Builder(alloc)
	b.AppendValues([]int64{1, 2, 3}, nil)
	arr := b.NewArray()
	rec := array.NewRecord(arrow.NewSchema([]arrow.Field{{Name: "x", Type: arrow.PrimitiveTypes.Int64}}, nil), []arrow.Array{arr}, 3)
	for i := 0; i < 2; i++ {
		if err := s.Write(rec); err != nil {
			t.Fatal(err)
		}
	}
	rec.Release()
	arr.Release()
	b.Release()
	if s.(*Sink).Rows() != 6 {
		t.Fatalf("metrics %s", m)
	}
	if s.Commit() != nil || s.Close() != nil {
		t.Fatal("commit/close failed")
	}
}
