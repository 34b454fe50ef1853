package connectors

import (
	"bytes"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

func TestNewDispatchesByConnector(t *testing.T) {
	c := New()
	gen := &catalog.Table{Name: "g", Columns: cols, Options: map[string]string{"connector": "datagen"}}
	if _, err := c.NewSink(executor.SinkParams{Spec: &planner.SinkSpec{Table: gen}}); err == nil ||
		!strings.Contains(err.Error(), "connector 'datagen' of table 'g' cannot be written to") {
		t.Fatalf("got %v", err)
	}
	pr := &catalog.Table{Name: "p", Columns: cols, Options: map[string]string{"connector": "print"}}
	if _, err := c.NewSource(executor.SourceParams{Spec: &planner.SourceSpec{Table: pr}}); err == nil ||
		!strings.Contains(err.Error(), "cannot be read from") {
		t.Fatalf("got %v", err)
	}
	bad := &catalog.Table{Name: "b", Columns: cols, Options: map[string]string{"connector": "nope"}}
	if _, err := c.NewSink(executor.SinkParams{Spec: &planner.SinkSpec{Table: bad}}); err == nil {
		t.Fatal("unknown connector accepted")
	}

	// A datagen source feeding a print sink through the registry.
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	gen.Options = map[string]string{"connector": "datagen", "fields.id.kind": "sequence", "fields.id.start": "1",
		"fields.id.end": "3", "fields.name.length": "2", "seed": "1"}
	schema := arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	src, err := c.NewSource(executor.SourceParams{Spec: &planner.SourceSpec{Table: gen, Columns: []int{0}},
		Alloc: alloc, BatchSize: 10, Schema: schema, Metrics: executor.NewMetrics()})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	pr.Columns = cols[:1]
	var buf bytes.Buffer
	sink, err := c.NewSink(executor.SinkParams{Spec: &planner.SinkSpec{Table: pr}, Stdout: &buf, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	if err := src.Run(t.Context(), sinkOutput{sink}); err != nil {
		t.Fatal(err)
	}
	if buf.String() != "+I[1]\n+I[2]\n+I[3]\n" {
		t.Fatalf("printed %q", buf.String())
	}
}

// sinkOutput forwards a source's batches straight to a sink.
type sinkOutput struct{ s executor.Sink }

func (o sinkOutput) AddSplit(executor.SplitID, string) {}
func (o sinkOutput) SplitDone(executor.SplitID)        {}
func (o sinkOutput) Emit(_ executor.SplitID, rec arrow.Record) error {
	defer rec.Release()
	return o.s.Write(rec)
}
