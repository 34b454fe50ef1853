package catalog

import "github.com/streamsql/streamsql/sql"

// ColumnKind says where a column's values come from.
type ColumnKind int

// Column kinds.
const (
	// Physical columns are read from and written to the connector's format.
	Physical ColumnKind = iota
	// Computed columns (`c AS expr`) are evaluated from the row after the
	// source; they are not written by sinks.
	Computed
	// Metadata columns (`c TYPE METADATA FROM 'key'`) are supplied by the
	// connector (Kafka topic, partition, offset, timestamp, headers).
	Metadata
)

// Column is one column of a table.
type Column struct {
	Name string
	Type Type
	Kind ColumnKind
	// Expr is the unbound expression of a Computed column.
	Expr sql.Expr
	// MetadataKey is the connector metadata key of a Metadata column.
	MetadataKey string
	// Virtual marks a metadata column that is read-only (not written by
	// sinks).
	Virtual bool
	// Persisted marks a non-VIRTUAL metadata column that the table's
	// connector writes (Kafka headers). The connector validator sets it;
	// INSERT then fills it like a physical column.
	Persisted bool
	Comment   string
	Pos       sql.Pos
}

// Watermark is the table's WATERMARK FOR Column AS Expr.
type Watermark struct {
	Column string
	Expr   sql.Expr
	Pos    sql.Pos
}

// Table is a table or view in the catalog. A table has a connector (Options
// hold its WITH clause); a view has a Query.
type Table struct {
	Name    string
	Columns []Column
	// Watermark is nil when the table declares no event-time attribute.
	Watermark  *Watermark
	PrimaryKey []string
	// Options is the WITH clause, keys as written.
	Options map[string]string
	// OptionPos holds the position of each option key, for errors such as
	// an unknown option or a bad value.
	OptionPos map[string]sql.Pos
	Comment   string
	Pos       sql.Pos
	// AcceptsUpdates is set (by the connector validator) when the table's
	// connector can write an updating stream: +I, -U, +U and -D rows
	// (print, blackhole, upsert-kafka). An INSERT of an updating query
	// into a table without it is rejected at planning time.
	AcceptsUpdates bool
	// ReadsUpserts is set (by the connector validator) when the table's
	// connector reads an upsert stream keyed by PrimaryKey (upsert-kafka):
	// the planner then normalizes it into a retract stream.
	ReadsUpserts bool

	// View fields: IsView is set for CREATE VIEW; Query is the view's query
	// and ViewText its original text.
	IsView   bool
	Query    sql.Query
	ViewText string
}

// Connector returns the 'connector' option ("" for views).
func (t *Table) Connector() string { return t.Options["connector"] }

// Column returns the index of the named column, or -1. Names are
// case-sensitive, as in Flink SQL.
func (t *Table) Column(name string) int {
	for i, c := range t.Columns {
		if c.Name == name {
			return i
		}
	}
	return -1
}

// WrittenColumns returns the indexes of the columns a sink writes: the
// Physical columns in order, then the Persisted metadata columns in order.
func (t *Table) WrittenColumns() []int {
	idx := t.PhysicalColumns()
	for i, c := range t.Columns {
		if c.Kind == Metadata && c.Persisted {
			idx = append(idx, i)
		}
	}
	return idx
}

// PhysicalColumns returns the indexes of the Physical columns in order.
func (t *Table) PhysicalColumns() []int {
	var idx []int
	for i, c := range t.Columns {
		if c.Kind == Physical {
			idx = append(idx, i)
		}
	}
	return idx
}
