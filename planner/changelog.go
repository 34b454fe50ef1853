package planner

// ChangelogMode says which row kinds a node's output carries (Flink's
// changelog modes). EXPLAIN prints it as Flink does: changelog=[I] or
// changelog=[I,UB,UA,D].
//
// The rows of an append stream are all inserts, and its batches have
// exactly the columns of PNode.Schema. The batches of a retract or upsert
// stream carry one more column, last, that is not in PNode.Schema: the
// row kind (see executor.RowKindColumn), one of +I (insert), -U (the old
// value of an update, "update before"), +U (the new value, "update
// after") and -D (delete).
//
// Which operators take which input:
//   - Calc, Union, WatermarkAssigner and Sink pass the row kinds through
//     (a Union with one updating input is updating; its append inputs
//     contribute +I rows).
//   - GroupAggregate, Join (regular), Rank and ChangelogNormalize take any
//     input; WindowAggregate, IntervalJoin, WindowJoin, WindowTVF,
//     WindowRank take append input only (the planner rejects the query
//     otherwise, naming the operator that produces the updates).
//   - A sink whose connector cannot write updates (catalog.Table
//     AcceptsUpdates false) rejects an updating input at planning time.
type ChangelogMode uint8

// Changelog modes.
const (
	// ChangelogAppend: +I only; batches have no row-kind column.
	ChangelogAppend ChangelogMode = iota
	// ChangelogRetract: +I, -U, +U, -D; an operator emits an update as a
	// -U of the old row immediately followed by a +U of the new one (in
	// the same batch or the next; a filter downstream may drop either),
	// and deletes a row with -D carrying its last value.
	ChangelogRetract
	// ChangelogUpsert: +U and -D by the table's primary key, with no -U
	// (the key's previous value is not known). Only sources produce it
	// (upsert-kafka); the planner puts a ChangelogNormalize after them,
	// so that every operator sees a retract stream.
	ChangelogUpsert
)

// String renders the mode as EXPLAIN shows it.
func (m ChangelogMode) String() string {
	switch m {
	case ChangelogRetract:
		return "I,UB,UA,D"
	case ChangelogUpsert:
		return "UA,D"
	}
	return "I"
}

// Updating reports whether the stream carries anything but inserts (its
// batches then have the row-kind column).
func (m ChangelogMode) Updating() bool { return m != ChangelogAppend }
