package executor

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/planner"
)

// RowKind is the change one row of an updating stream makes (Flink's
// notation: +I, -U, +U, -D). In a batch it is stored as an Int8 in the
// last column, named RowKindColumn (see planner.ChangelogMode).
type RowKind int8

// Row kinds.
const (
	// RowInsert (+I) adds a row.
	RowInsert RowKind = iota
	// RowUpdateBefore (-U) retracts the old value of an updated row; the
	// matching RowUpdateAfter follows it.
	RowUpdateBefore
	// RowUpdateAfter (+U) adds the new value of an updated row.
	RowUpdateAfter
	// RowDelete (-D) removes a row (it carries the row's last value).
	RowDelete
)

// RowKindColumn is the name of the row-kind column, the last column of
// every batch of an updating stream. It is never a user column: user
// names cannot start with '$'.
const RowKindColumn = "$row_kind"

var rowKindText = [...]string{"+I", "-U", "+U", "-D"}

// String renders the kind as Flink prints it: +I, -U, +U or -D.
func (k RowKind) String() string {
	if k >= 0 && int(k) < len(rowKindText) {
		return rowKindText[k]
	}
	return fmt.Sprintf("RowKind(%d)", int8(k))
}

// IsRetract reports whether the kind removes a row (-U, -D) rather than
// adding one (+I, +U).
func (k RowKind) IsRetract() bool { return k == RowUpdateBefore || k == RowDelete }

// ParseRowKind parses "+I", "-U", "+U" or "-D".
func ParseRowKind(s string) (RowKind, error) {
	for i, t := range rowKindText {
		if s == t {
			return RowKind(i), nil
		}
	}
	return 0, fmt.Errorf("bad row kind %q: want +I, -U, +U or -D", s)
}

// RowKindField is the Arrow field of the row-kind column.
var RowKindField = arrow.Field{Name: RowKindColumn, Type: arrow.PrimitiveTypes.Int8}

// NodeSchema returns the Arrow schema of the batches node n emits: its
// Schema's columns, plus the row-kind column last when n is updating.
func NodeSchema(n *planner.PNode) (*arrow.Schema, error) {
	s, err := ArrowSchema(n.Schema)
	if err != nil || !n.Changelog.Updating() {
		return s, err
	}
	return WithRowKind(s), nil
}

// WithRowKind returns s with the row-kind column appended.
func WithRowKind(s *arrow.Schema) *arrow.Schema {
	fields := append(append([]arrow.Field(nil), s.Fields()...), RowKindField)
	return arrow.NewSchema(fields, nil)
}

// HasRowKind reports whether a batch schema ends with the row-kind column.
func HasRowKind(s *arrow.Schema) bool {
	n := s.NumFields()
	return n > 0 && s.Field(n-1).Name == RowKindColumn
}

// RowKinds returns the row-kind column of a batch of an updating stream,
// or nil when the batch has none (an append stream: every row is +I).
// The array is borrowed from rec.
func RowKinds(rec arrow.Record) *array.Int8 {
	if !HasRowKind(rec.Schema()) {
		return nil
	}
	return rec.Column(int(rec.NumCols()) - 1).(*array.Int8)
}

// KindAt returns the kind of row i given RowKinds' result (nil: +I).
func KindAt(kinds *array.Int8, i int) RowKind {
	if kinds == nil {
		return RowInsert
	}
	return RowKind(kinds.Value(i))
}

// ChangelogSink is the Sink capability of connectors that write updating
// streams (spec.Connector.AcceptsUpdates). For an updating input the
// runtime calls WriteChanges instead of Write; the call order and
// ownership are Write's. kinds[i] is the kind of row i of rec; rec holds
// the table's physical columns only. A sink keyed by a primary key (an
// upsert sink) writes +I and +U as upserts and -D as a delete (a
// tombstone). A -U is normally followed at once by the +U of the same
// key, but a filter between the producer and the sink may have dropped
// that +U: so an upsert sink holds a -U back, drops it when the next row
// is an upsert of the same key, and otherwise writes it as a delete.
type ChangelogSink interface {
	Sink
	WriteChanges(rec arrow.Record, kinds []RowKind) error
}
