package filesystem

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// recorder is a SourceOutput that renders what it receives as text.
type recorder struct {
	t      *testing.T
	events []string
	rows   int
	emitFn func() error
}

func (r *recorder) AddSplit(id executor.SplitID, name string) {
	r.events = append(r.events, fmt.Sprintf("add %d %s", id, name[strings.LastIndexByte(name, '/')+1:]))
}

func (r *recorder) Emit(id executor.SplitID, rec arrow.Record) error {
	defer rec.Release()
	var rows []string
	for i := 0; i < int(rec.NumRows()); i++ {
		var vals []string
		for c := 0; c < int(rec.NumCols()); c++ {
			vals = append(vals, rec.Column(c).ValueStr(i))
		}
		rows = append(rows, strings.Join(vals, "|"))
	}
	r.rows += int(rec.NumRows())
	r.events = append(r.events, fmt.Sprintf("emit %d [%s]", id, strings.Join(rows, " ")))
	if r.emitFn != nil {
		return r.emitFn()
	}
	return nil
}

func (r *recorder) SplitDone(id executor.SplitID) {
	r.events = append(r.events, fmt.Sprintf("done %d", id))
}

func table(opts map[string]string, cols ...catalog.Column) *catalog.Table {
	return &catalog.Table{Name: "t", Columns: cols, Options: opts}
}

// sourceParams reads the given columns of t.
func sourceParams(t *catalog.Table, alloc memory.Allocator, batch int, m *executor.Metrics, cols ...int) executor.SourceParams {
	var fs []arrow.Field
	for _, c := range cols {
		fs = append(fs, arrow.Field{Name: t.Columns[c].Name, Type: t.Columns[c].Type.Arrow(), Nullable: true})
	}
	return executor.SourceParams{Spec: &planner.SourceSpec{Table: t, Columns: cols}, Alloc: alloc,
		BatchSize: batch, Metrics: m, Schema: arrow.NewSchema(fs, nil)}
}

func runSource(t *testing.T, p executor.SourceParams, out *recorder) error {
	t.Helper()
	src, err := NewSource(p)
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	return src.Run(context.Background(), out)
}
