package planner

import "github.com/streamsql/streamsql/catalog"

// OpWindowAgg is event-time windowed aggregation: rows are assigned to
// windows by their event time, aggregated per window and group key, and each
// window's result rows are emitted once, when the watermark passes the
// window's end. Spec: WindowAgg.
const OpWindowAgg OpKind = "WindowAggregate"

// WindowAggSpec is the spec of an OpWindowAgg node.
//
// Input: the rows to aggregate. Arguments and FILTER conditions of the
// aggregate calls are computed by a Calc before the node, so every
// reference here is a column index of the input.
//
// Output schema (PNode.Schema), in this order: the Keys columns, then
// window_start, window_end (TIMESTAMP(3) or TIMESTAMP_LTZ(3) like the time
// column, NOT NULL), window_time (window_end - 1 ms, an event-time
// attribute), then one column per Aggs entry. Expressions over the
// aggregates, HAVING and the final column order are a Calc after the node.
//
// Watermark: the node forwards the input watermark unchanged; window_time
// of every row it emits later is greater than that watermark, so the output
// is in order with respect to it. A window [start, end) fires when the
// watermark reaches end - 1 (the watermark is the largest event time known
// to be complete, as in Flink).
//
// Late rows: a row whose every window has already fired (for TUMBLE, HOP
// and CUMULATE) or whose event time is at or below the watermark (for
// SESSION, so that a fired session never grows) is late. Late rows and rows
// with a NULL event time are never aggregated; they are counted under the
// metric "window.<LateName>.late_rows" / "window.<LateName>.null_rowtime"
// and, when LateSink is set, written to that table.
type WindowAggSpec struct {
	// Kind is WindowTumble, WindowHop, WindowCumulate or WindowSession.
	Kind string
	// TimeCol is the input column holding the event time (TIMESTAMP(3) or
	// TIMESTAMP_LTZ(3), as epoch milliseconds).
	TimeCol int
	// SizeMillis is the window size; for SESSION, the gap.
	SizeMillis int64
	// SlideMillis is HOP's slide and CUMULATE's step; 0 otherwise.
	SlideMillis int64
	// OffsetMillis shifts window boundaries (Flink's offset argument).
	OffsetMillis int64
	// PartitionKeys are SESSION's PARTITION BY input columns (sessions are
	// per partition key and group key).
	PartitionKeys []int
	// Keys are the GROUP BY input columns other than window_start and
	// window_end.
	Keys []int
	// Aggs are the aggregate calls.
	Aggs []WindowAggCall
	// LateName names the operator's counters (usually the source table).
	LateName string
	// LateSink, when set, receives the late and NULL-time rows: its
	// Columns map the node's input columns onto the late table's columns,
	// as for an INSERT. It is set from the time column's source table
	// option 'scan.watermark.late-rows-table'. The mapping is by column
	// name: Columns has one entry per input column, -1 for an input
	// column the late table has no column for (it is not written); the
	// late table's columns no input column maps to are NULL.
	LateSink *SinkSpec
}

// WindowAggCall is one aggregate call of a WindowAggSpec.
type WindowAggCall struct {
	// Fn is COUNT, SUM, MIN, MAX, AVG, FIRST_VALUE or LAST_VALUE. COUNT
	// with no Args is COUNT(*).
	Fn string
	// Args are input column indexes (at most one today).
	Args []int
	// Distinct is set for COUNT(DISTINCT x) and similar.
	Distinct bool
	// Filter is the input column of a BOOLEAN FILTER (WHERE ...)
	// condition, or -1: only rows where it is TRUE are aggregated.
	Filter int
	// T is the result type: COUNT BIGINT NOT NULL; SUM of integers BIGINT,
	// of DECIMAL(p,s) DECIMAL(38,s), of FLOAT/DOUBLE DOUBLE; AVG as its
	// argument's type (integer AVG truncates, as in Flink); MIN, MAX,
	// FIRST_VALUE, LAST_VALUE the argument's type. All but COUNT are
	// NULL when no non-NULL value was aggregated.
	T catalog.Type
}
