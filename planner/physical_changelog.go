package planner

// Setting names for state retention.
const (
	// SettingStateTTL is the session setting for how long the state of a
	// key (a group of a GROUP BY, a join key's rows, a Top-N partition)
	// is kept after it was last written, in processing time; '0' or
	// absent keeps state forever. A STATE_TTL query hint overrides it per
	// operator.
	SettingStateTTL = "table.exec.state.ttl"
)

// Physical operators of updating streams and of window joins and
// rankings. Each is described by its spec type below.
const (
	// OpGroupAgg is a non-windowed GROUP BY (or SELECT DISTINCT): an
	// updating aggregate. Spec: GroupAgg.
	OpGroupAgg OpKind = "GroupAggregate"
	// OpJoin is a regular (unbounded) two-stream join. Spec: Join.
	OpJoin OpKind = "Join"
	// OpRank is an unbounded Top-N (ROW_NUMBER() OVER ... WHERE rn <= N),
	// which includes deduplication (N = 1). Spec: Rank.
	OpRank OpKind = "Rank"
	// OpWindowRank is a Top-N per window. Spec: WindowRank.
	OpWindowRank OpKind = "WindowRank"
	// OpWindowJoin joins two windowed streams on the same windows. Spec:
	// WindowJoin.
	OpWindowJoin OpKind = "WindowJoin"
	// OpWindowTVF assigns windows to rows (a window table function not
	// fused into an aggregation). Spec: WindowTVF.
	OpWindowTVF OpKind = "WindowTableFunction"
	// OpChangelogNormalize turns an upsert stream into a retract stream.
	// Spec: Normalize.
	OpChangelogNormalize OpKind = "ChangelogNormalize"
)

// GroupAggSpec is the spec of an OpGroupAgg node.
//
// Input: any changelog mode; arguments and FILTER conditions are computed
// by a Calc before the node, so every reference is an input column index.
// Output schema: the Keys columns, then one column per Aggs entry.
//
// Output changelog: retract. For each input row, in order (so that the
// changelog does not depend on how rows are cut into batches): +I and +U
// rows are accumulated into their group, -U and -D rows retracted from
// it; then, if the group's row count dropped to zero its last emitted
// row is deleted (-D) and its state dropped; if the group is new it is
// inserted (+I); if its result changed the old row is retracted (-U) and
// the new one emitted (+U); if nothing changed nothing is emitted. With no
// Aggs (SELECT DISTINCT) over an append input only +I rows are ever
// emitted, and the planner marks the node append.
//
// State: per group, its accumulators and row count, expired StateTTLMillis
// after the group was last written (processing time, from the OpContext
// clock): the group then starts afresh. A retraction for a group not in
// state is counted under "state.<Name>.retract_missing" and ignored;
// expired groups are counted under "state.<Name>.expired".
type GroupAggSpec struct {
	// Keys are the GROUP BY input columns (none: one global group).
	Keys []int
	// Aggs are the aggregate calls (the same calls as a window
	// aggregation; FIRST_VALUE and LAST_VALUE need an append input).
	Aggs []WindowAggCall
	// StateTTLMillis is the state retention; 0 keeps state forever.
	StateTTLMillis int64
	// Name names the operator's counters.
	Name string
}

// JoinSpec is the spec of an OpJoin node: a regular join of input 0
// (left) and input 1 (right) on equal keys, with no time bound.
//
// A left row l and a right row r match when every LeftKeys[i] of l equals
// RightKeys[i] of r (a NULL key never matches) and Residual, when set, is
// TRUE on the joined row (left columns then right columns, the output
// schema).
//
// Inputs: any changelog mode. Output changelog: append when Type is INNER
// and both inputs are append (a new row joins the stored rows of the
// other side: +I per match), retract otherwise: an added row (+I, +U)
// emits +I per match, a retracted row (-U, -D) emits -D per match; for an
// outer side, a row with no match is emitted NULL-padded (+I) at once and
// that padded row is deleted (-D) when its first match arrives (and
// emitted again when its last match is retracted), as Flink does.
//
// State: each side keeps its rows (with a count per identical row and,
// for an outer side, its number of matches) by key, each row expired
// LeftTTLMillis / RightTTLMillis (processing time) after it was last
// written; 0 keeps it forever. Expired rows are counted under
// "state.<Name>.expired". Watermarks pass through (the minimum of both
// inputs); event-time attributes do not survive a regular join.
type JoinSpec struct {
	Type                JoinType
	LeftKeys, RightKeys []int
	Residual            Expr
	// LeftTTLMillis and RightTTLMillis are each side's state retention.
	LeftTTLMillis, RightTTLMillis int64
	Name                          string
}

// SortKey is one ORDER BY key of a ranking.
type SortKey struct {
	// Col is the input column.
	Col  int
	Desc bool
	// NullsLast puts NULL after every value; by default NULL sorts as
	// the smallest value (first ascending, last descending), as in Flink.
	NullsLast bool
}

// RankSpec is the spec of an OpRank node: per partition, the rows ranked
// RankStart..RankEnd (1-based, inclusive) by OrderKeys, numbered by
// ROW_NUMBER (ties broken by arrival: an earlier row ranks first).
//
// Input: any changelog mode. Output schema: the input columns, then, when
// OutputRank is set, the rank (BIGINT NOT NULL). Output changelog: for
// each input row, in order, the difference between the partition's
// ranked rows before and after it: with OutputRank, a rank whose row
// changed emits -U of the old row and +U of the new one, a rank that
// became empty -D, a new rank +I; without OutputRank a row leaving the
// range emits -D and a row entering it +I. When the input is append and
// the first OrderKey is a processing-time attribute ascending, no row
// ever leaves the range and the planner marks the node append
// (deduplication keeping the first row).
//
// State: per partition, the rows that can still enter the range (all of
// them for an updating input; the best RankEnd for an append input),
// expired StateTTLMillis after the partition was last written; counted
// under "state.<Name>.expired".
type RankSpec struct {
	PartitionKeys      []int
	OrderKeys          []SortKey
	RankStart, RankEnd int64
	OutputRank         bool
	StateTTLMillis     int64
	Name               string
}

// WindowRankSpec is the spec of an OpWindowRank node: a Top-N per window
// (PARTITION BY window_start, window_end and PartitionKeys) over an append
// input whose rows carry their window's bounds (the output of a window
// aggregation or of a window table function).
//
// Rows are buffered per window and partition; when the watermark reaches
// window_end - 1 the rows ranked RankStart..RankEnd by OrderKeys (ties by
// arrival) are emitted, append-only, with the rank when OutputRank is
// set, and the window's state is freed. A row whose window has already
// been emitted is late: counted under "window.<LateName>.late_rows" and
// dropped. Watermarks are forwarded unchanged.
type WindowRankSpec struct {
	// WindowStart and WindowEnd are the input's window bound columns.
	WindowStart, WindowEnd int
	PartitionKeys          []int
	OrderKeys              []SortKey
	RankStart, RankEnd     int64
	OutputRank             bool
	LateName               string
}

// WindowJoinSpec is the spec of an OpWindowJoin node: two append inputs
// whose rows carry window bounds (window table functions of the same kind
// and size, or window aggregations) joined on equal windows and keys.
//
// A left row l and a right row r match when their window_start and
// window_end are equal, every LeftKeys[i] of l equals RightKeys[i] of r
// (NULL never matches) and Residual, when set, is TRUE on the joined row.
// Rows are buffered per window; when the watermark reaches window_end - 1
// the window's matches are emitted (append), outer rows without a match
// NULL-padded, and the window's state freed; then the watermark is
// forwarded unchanged. Windows are joined in (window_end, window_start)
// order; within a window, pairs in left arrival then right arrival order,
// then the padded left rows, then the padded right rows. A row of an
// already joined window (window_end - 1 <= watermark) is late: counted
// under "join.<LateName>.late_rows" and dropped; a row with a NULL window
// bound is counted under "join.<LateName>.null_window" and dropped. With
// no keys every pair of a window matches. Output schema: left columns
// then right columns; the window_time of a side that is not NULL-padded
// stays an event-time attribute (its rows are emitted before the
// watermark that passes their window_time is forwarded).
type WindowJoinSpec struct {
	Type                             JoinType
	LeftKeys, RightKeys              []int
	LeftWindowStart, LeftWindowEnd   int
	RightWindowStart, RightWindowEnd int
	Residual                         Expr
	LateName                         string
}

// WindowTVFSpec is the spec of an OpWindowTVF node: each input row is
// emitted once per window it belongs to (TUMBLE, HOP, CUMULATE; not
// SESSION), with window_start, window_end and window_time (window_end - 1
// ms) appended, as soon as it arrives, in input order and per row in
// window start order. Output schema: the input columns, then the three
// window columns; window_time is an event-time attribute, the time column
// no longer one. Input and output are append; watermarks pass through.
// Rows with a NULL time are counted under "window.<Name>.null_rowtime"
// and dropped.
type WindowTVFSpec struct {
	Kind string
	// TimeCol is the input's time column (the DESCRIPTOR).
	TimeCol int
	// SizeMillis is the window size; SlideMillis HOP's slide or
	// CUMULATE's step (0 for TUMBLE); OffsetMillis the window offset.
	SizeMillis, SlideMillis, OffsetMillis int64
	// Name names the operator's counters (the source table of the time
	// column, as for a window aggregation).
	Name string
}

// NormalizeSpec is the spec of an OpChangelogNormalize node, placed after
// a source that reads upserts (catalog.Table.ReadsUpserts). It keeps the
// last row per key: an upsert (+I or +U) of a new key emits +I, of a key
// with a different last row -U old and +U new, of an identical row
// nothing; a delete (-D, -U) of a known key emits -D of its last row, of
// an unknown key nothing (counted under "state.<Name>.delete_missing").
// Output changelog: retract.
type NormalizeSpec struct {
	// Keys are the primary key columns of the input.
	Keys           []int
	StateTTLMillis int64
	Name           string
}
