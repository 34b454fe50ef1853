package planner

// OpIntervalJoin joins two append-only streams on equal keys and a
// bounded event-time condition (Flink's interval join). Input 0 is the
// left side, input 1 the right side. Spec: IntervalJoin.
const OpIntervalJoin OpKind = "IntervalJoin"

// JoinType is the kind of a join.
type JoinType string

// Join types.
const (
	JoinInner JoinType = "INNER"
	JoinLeft  JoinType = "LEFT"
	JoinRight JoinType = "RIGHT"
	JoinFull  JoinType = "FULL"
)

// IntervalJoinSpec is the spec of an OpIntervalJoin node.
//
// A left row l and a right row r match when every LeftKeys[i] of l equals
// RightKeys[i] of r (a NULL key never matches), and
//
//	r.time + LowerMillis <= l.time <= r.time + UpperMillis
//
// (both bounds inclusive: the planner turns a strict bound into an
// inclusive one by 1 ms, the timestamp resolution), and Residual, when set,
// is TRUE on the joined row. For example
// `l.ts BETWEEN r.ts - INTERVAL '10' MINUTE AND r.ts` is Lower -600000,
// Upper 0.
//
// Output schema (PNode.Schema): the left columns, then the right columns.
// Matched pairs are emitted as soon as the second row arrives. For LEFT,
// RIGHT and FULL joins a row that matched nothing is emitted once, padded
// with NULLs for the other side, when the watermark passes the last time
// a partner could arrive (for a left row: when the watermark exceeds
// l.time - LowerMillis; for a right row: when it exceeds
// r.time + UpperMillis). Output is append-only.
//
// Watermarks: the runtime gives the operator the minimum of its two
// inputs' watermarks. OnWatermark returns a watermark held back by
// max(|LowerMillis|, |UpperMillis|), so both time columns of every row
// emitted later are above it; both stay event-time attributes.
//
// State: each side's rows are kept until no row of the other side can
// match them any more (as above), then dropped (after emitting them
// NULL-padded for an outer side). A row that arrives at or behind the
// watermark for which every possible partner has already been dropped is
// late: it is counted under "join.<LateName>.late_rows" and neither
// joined nor emitted (as Flink drops it, but counted). Rows with a NULL
// time are counted under "join.<LateName>.null_rowtime" and handled like
// late rows.
type IntervalJoinSpec struct {
	Type JoinType
	// LeftKeys and RightKeys are the equi-join key columns of the left and
	// right inputs, pairwise of the same type.
	LeftKeys, RightKeys []int
	// LeftTime and RightTime are the event-time columns of each input.
	LeftTime, RightTime int
	// LowerMillis and UpperMillis bound l.time - r.time (inclusive).
	LowerMillis, UpperMillis int64
	// Residual is an extra condition over the joined row (left columns
	// then right columns), or nil.
	Residual Expr
	// LateName names the operator's counters.
	LateName string
}
