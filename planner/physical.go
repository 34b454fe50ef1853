package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// Field is one column of a node's output schema.
type Field struct {
	Name string
	Type catalog.Type
}

// Schema is the ordered output columns of a plan node.
type Schema []Field

// Graph is a physical plan: a DAG of operators, plain data. It is the only
// thing the planner hands to the executor. Nodes are in topological order
// (every node's inputs come before it); sinks have no consumers.
type Graph struct {
	Nodes []*PNode
}

// OpKind names a physical operator.
type OpKind string

// Physical operator kinds. OpWindowAgg and OpIntervalJoin are declared
// with their specs.
const (
	// OpSource reads a table through its connector. Spec: Source.
	OpSource OpKind = "Source"
	// OpWatermark assigns per-split watermarks from the table's WATERMARK
	// expression. Spec: Watermark.
	OpWatermark OpKind = "WatermarkAssigner"
	// OpCalc filters rows by Calc.Filter (if any) then evaluates
	// Calc.Projections. Spec: Calc.
	OpCalc OpKind = "Calc"
	// OpUnion merges its inputs (UNION ALL); all inputs share one schema.
	OpUnion OpKind = "Union"
	// OpSink writes rows to a table through its connector. Spec: Sink.
	OpSink OpKind = "Sink"
)

// Edge connects a producer to a consumer input.
type Edge struct {
	// From is the ID of the producing node.
	From int
	// ShuffleKeys, when non-empty, hash-partitions rows by these columns of
	// the producer's schema (for keyed operators); empty means forward.
	ShuffleKeys []int
}

// PNode is one physical operator.
type PNode struct {
	ID     int
	Kind   OpKind
	Inputs []Edge
	Schema Schema
	// Changelog is the row kinds the node emits (see ChangelogMode); an
	// updating node's batches carry the row-kind column after Schema's
	// columns.
	Changelog ChangelogMode

	Source    *SourceSpec
	Watermark *WatermarkSpec
	Calc      *CalcSpec
	Sink      *SinkSpec
	WindowAgg *WindowAggSpec
	// IntervalJoin is the spec of an OpIntervalJoin node.
	IntervalJoin *IntervalJoinSpec
	// GroupAgg is the spec of an OpGroupAgg node.
	GroupAgg *GroupAggSpec
	// Join is the spec of an OpJoin node.
	Join *JoinSpec
	// Rank is the spec of an OpRank node.
	Rank *RankSpec
	// WindowRank is the spec of an OpWindowRank node.
	WindowRank *WindowRankSpec
	// WindowJoin is the spec of an OpWindowJoin node.
	WindowJoin *WindowJoinSpec
	// WindowTVF is the spec of an OpWindowTVF node.
	WindowTVF *WindowTVFSpec
	// Normalize is the spec of an OpChangelogNormalize node.
	Normalize *NormalizeSpec
	// Pos is where the SQL that made the node is written (a stateful
	// operator's GROUP BY, join or OVER; a sink's INSERT INTO table), for
	// errors of later planning such as a sink that cannot take updates.
	Pos sql.Pos
}

// SourceSpec says what a source reads. Columns are indexes into
// Table.Columns of the Physical and Metadata columns to produce, in output
// order (projection push-down may drop unused ones).
type SourceSpec struct {
	Table   *catalog.Table
	Columns []int
}

// WatermarkSpec assigns watermarks. TimeCol is the index (in the input
// schema) of the event-time column; Expr computes the watermark candidate
// of each row (TIMESTAMP, e.g. ts - INTERVAL '5' SECOND). The operator
// passes rows through unchanged.
type WatermarkSpec struct {
	TimeCol int
	Expr    Expr
	// IdleTimeoutMillis is the idle timeout for splits; 0 = never idle.
	IdleTimeoutMillis int64
}

// CalcSpec is a fused filter and projection.
type CalcSpec struct {
	// Filter is nil when every row passes.
	Filter Expr
	// Projections compute the output columns, matching the node's Schema.
	Projections []Expr
}

// SinkSpec says where rows go. Columns maps each input column to the index
// of the table column it fills (INSERT INTO t (cols) may reorder or omit;
// omitted physical columns are written as NULL).
type SinkSpec struct {
	Table   *catalog.Table
	Columns []int
}
