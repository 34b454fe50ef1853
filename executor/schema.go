package executor

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// arrowType returns the Arrow type of t, or an error for a kind that has
// no physical representation.
func arrowType(t catalog.Type) (arrow.DataType, error) {
	if t.Kind <= catalog.KindInvalid || t.Kind > catalog.KindMap ||
		t.Kind == catalog.KindMap && (t.Key == nil || t.Value == nil) {
		return nil, fmt.Errorf("type %s has no Arrow representation", t)
	}
	return t.Arrow(), nil
}

// ArrowSchema returns the Arrow schema of a node's output columns: one
// field per column, named as the column, nullable unless NOT NULL.
func ArrowSchema(s planner.Schema) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(s))
	for i, f := range s {
		dt, err := arrowType(f.Type)
		if err != nil {
			return nil, fmt.Errorf("column %s: %w", f.Name, err)
		}
		fields[i] = arrow.Field{Name: f.Name, Type: dt, Nullable: !f.Type.NotNull}
	}
	return arrow.NewSchema(fields, nil), nil
}

// TableSchema returns the Arrow schema of the columns idx (indexes into
// t.Columns) in that order.
func TableSchema(t *catalog.Table, idx []int) (*arrow.Schema, error) {
	fields := make([]arrow.Field, len(idx))
	for i, c := range idx {
		if c < 0 || c >= len(t.Columns) {
			return nil, fmt.Errorf("table %s has no column #%d", t.Name, c)
		}
		col := t.Columns[c]
		dt, err := arrowType(col.Type)
		if err != nil {
			return nil, fmt.Errorf("column %s.%s: %w", t.Name, col.Name, err)
		}
		fields[i] = arrow.Field{Name: col.Name, Type: dt, Nullable: !col.Type.NotNull}
	}
	return arrow.NewSchema(fields, nil), nil
}

// formatRow renders row i of rec as "name=value, ..." for error messages.
// It is meant for error paths only.
func formatRow(rec arrow.Record, i int) string {
	if i < 0 || int64(i) >= rec.NumRows() {
		return ""
	}
	var b strings.Builder
	for c := 0; c < int(rec.NumCols()); c++ {
		if c > 0 {
			b.WriteString(", ")
		}
		b.WriteString(rec.ColumnName(c))
		b.WriteByte('=')
		col := rec.Column(c)
		if col.IsNull(i) {
			b.WriteString("NULL")
		} else {
			b.WriteString(col.ValueStr(i))
		}
	}
	return b.String()
}

// newRecord is array.NewRecord with its consistency checks returned as an
// error instead of a panic. cols are retained by the record.
func newRecord(schema *arrow.Schema, cols []arrow.Array, rows int64) (arrow.Record, error) {
	if len(cols) != schema.NumFields() {
		return nil, fmt.Errorf("batch has %d columns, schema %d", len(cols), schema.NumFields())
	}
	for i, c := range cols {
		f := schema.Field(i)
		if int64(c.Len()) != rows {
			return nil, fmt.Errorf("column %s has %d rows, batch %d", f.Name, c.Len(), rows)
		}
		if dt := c.DataType(); dt != f.Type && !arrow.TypeEqual(dt, f.Type) {
			return nil, fmt.Errorf("column %s is %s, expected %s", f.Name, c.DataType(), f.Type)
		}
	}
	return array.NewRecord(schema, cols, rows), nil
}
