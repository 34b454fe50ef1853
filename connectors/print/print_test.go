package print

import (
	"bytes"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

func TestPrintRows(t *testing.T) {
	cols := []catalog.Column{
		{Name: "id", Type: catalog.Int},
		{Name: "name", Type: catalog.String},
		{Name: "price", Type: catalog.Decimal(10, 2)},
		{Name: "score", Type: catalog.Double},
		{Name: "ts", Type: catalog.Timestamp},
		{Name: "ok", Type: catalog.Boolean},
		{Name: "c", Type: catalog.Int, Kind: catalog.Computed},
	}
	for _, tc := range []struct {
		opts map[string]string
		want string
	}{
		{map[string]string{"connector": "print"},
			"+I[1, Alice, 12.50, 1.0, 2024-01-01 00:00:00.000, true]\n+I[null, null, null, null, null, null]\n"},
		{map[string]string{"connector": "print", "print-identifier": "out"},
			"out> +I[1, Alice, 12.50, 1.0, 2024-01-01 00:00:00.000, true]\nout> +I[null, null, null, null, null, null]\n"},
	} {
		alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
		tab := &catalog.Table{Name: "p", Columns: cols, Options: tc.opts}
		var fs []arrow.Field
		for _, c := range cols[:6] {
			fs = append(fs, arrow.Field{Name: c.Name, Type: c.Type.Arrow(), Nullable: true})
		}
		rb := array.NewRecordBuilder(alloc, arrow.NewSchema(fs, nil))
		rb.Field(0).(*array.Int32Builder).Append(1)
		rb.Field(1).(*array.StringBuilder).Append("Alice")
		rb.Field(2).(*array.Decimal128Builder).Append(decimal128.FromI64(1250))
		rb.Field(3).(*array.Float64Builder).Append(1)
		rb.Field(4).(*array.TimestampBuilder).Append(1704067200000)
		rb.Field(5).(*array.BooleanBuilder).Append(true)
		for _, b := range rb.Fields() {
			b.AppendNull()
		}
		rec := rb.NewRecord()
		var buf bytes.Buffer
		m := executor.NewMetrics()
		s, err := NewSink(executor.SinkParams{Spec: &planner.SinkSpec{Table: tab}, Stdout: &buf, Metrics: m})
		if err != nil {
			t.Fatal(err)
		}
		if err := s.Write(rec); err != nil {
			t.Fatal(err)
		}
		if buf.String() != tc.want {
			t.Fatalf("got:\n%s\nwant:\n%s", buf.String(), tc.want)
		}
		rec.Release()
		rb.Release()
		alloc.AssertSize(t, 0)
	}
}
