package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// groupAgg is the OpGroupAgg operator (spec: planner.GroupAggSpec): a
// GROUP BY without a window, or SELECT DISTINCT, over any changelog.
//
// Each row's key is hashed column-wise into a key table (shared with the
// window aggregation); the GroupAggState maps the key to the slot of its
// columnar, retractable accumulators. Rows are applied one at a time, in
// order, and the group's results before and after each row decide what
// is emitted, so the output changelog does not depend on batch sizes.
type groupAgg struct {
	spec     *planner.GroupAggSpec
	in       *arrow.Schema
	out      *arrow.Schema
	updating bool
	// outKeys are the key table columns in output order (all of them).
	outKeys []int
	aggs    []groupAcc

	alloc   memory.Allocator
	emit    batchBuilder
	keyBs   []array.Builder
	aggBs   []array.Builder
	kindB   *array.Int8Builder
	clock   func() int64
	metrics *Metrics
	expMet  string
	missMet string

	keys     *keyTable
	state    GroupAggState
	accSlots int
	// old and cur hold a group's results before and after a row.
	old, cur []gval
}

func init() { RegisterOperator(planner.OpGroupAgg, newGroupAgg) }

// newGroupAgg is the OperatorFactory of OpGroupAgg.
func newGroupAgg(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.GroupAgg == nil {
		return nil, errors.New("group aggregate node without a spec")
	}
	input, err := singleInput(g, n, "group aggregate")
	if err != nil {
		return nil, err
	}
	return newGroupAggFor(n.GroupAgg, input.Schema, input.Changelog.Updating(), n.Schema, n.Changelog.Updating())
}

// newGroupAggFor creates the operator for spec over input columns inCols
// (inUpdating: the input retracts rows), producing columns outCols with
// (outUpdating) or without the row-kind column.
func newGroupAggFor(spec *planner.GroupAggSpec, inCols planner.Schema, inUpdating bool, outCols planner.Schema, outUpdating bool) (*groupAgg, error) {
	in, out, err := inOutArrowSchemas(inCols, outCols)
	if err != nil {
		return nil, err
	}
	if !outUpdating && (inUpdating || len(spec.Aggs) > 0) {
		return nil, errors.New("a group aggregate with aggregate calls or an updating input emits updates")
	}
	if outUpdating {
		out = WithRowKind(out)
	}
	w := &groupAgg{spec: spec, in: in, out: out, updating: outUpdating}
	if want := len(spec.Keys) + len(spec.Aggs); len(outCols) != want {
		return nil, fmt.Errorf("group aggregate has %d output columns, want %d", len(outCols), want)
	}
	for i, c := range spec.Keys {
		if c < 0 || c >= len(inCols) {
			return nil, fmt.Errorf("key column %d out of range", c)
		}
		w.outKeys = append(w.outKeys, i)
	}
	for i, c := range spec.Aggs {
		a, err := newGroupAcc(c, in, inUpdating)
		if err != nil {
			return nil, err
		}
		if want := out.Field(len(spec.Keys) + i).Type; !arrow.TypeEqual(resultType(c), want) {
			return nil, fmt.Errorf("%s result type %s does not match output column type %s", c.Fn, resultType(c), want)
		}
		w.aggs = append(w.aggs, a)
	}
	w.old, w.cur = make([]gval, len(w.aggs)), make([]gval, len(w.aggs))
	return w, nil
}

// Open implements Operator.
func (w *groupAgg) Open(ctx *OpContext, out Emitter) error {
	w.alloc, w.metrics, w.clock = ctx.Alloc, opMetrics(ctx), ctx.Clock
	if w.clock == nil {
		w.clock = func() int64 { return 0 }
	}
	name := nameOr(w.spec.Name, "group")
	w.expMet, w.missMet = "state."+name+".expired", "state."+name+".retract_missing"
	var err error
	if w.keys, err = newKeyTable(columnTypes(w.in, w.spec.Keys)); err != nil {
		return err
	}
	w.state = newMemGroupState()
	w.emit = newBatchBuilder(w.alloc, w.out, out)
	fs := w.emit.b.Fields()
	nk, na := len(w.spec.Keys), len(w.aggs)
	w.keyBs, w.aggBs = fs[:nk], fs[nk:nk+na]
	if w.updating {
		w.kindB = fs[nk+na].(*array.Int8Builder)
	}
	return nil
}

// OnBatch implements Operator: every row, in order, is accumulated into
// or retracted from its group, and the group's change is emitted.
func (w *groupAgg) OnBatch(_ int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	now := w.clock()
	w.expire(now)
	kinds := RowKinds(rec)
	w.keys.hashBatch(rec, w.spec.Keys)
	defer w.keys.release()
	loadAccs(w.aggs, rec)
	defer unloadAccs(w.aggs)
	var missing int64
	for i := 0; i < n; i++ {
		ok, err := w.row(i, KindAt(kinds, i).IsRetract(), now)
		if err != nil {
			return err
		}
		if !ok {
			missing++
		}
	}
	if missing > 0 {
		w.metrics.Add(w.missMet, missing)
	}
	return w.emit.flush()
}

// row applies row i of the loaded batch and emits its group's change. It
// returns false for a retraction of a group that is not in state.
func (w *groupAgg) row(i int, retract bool, now int64) (bool, error) {
	key := w.keys.lookup(i)
	slot, existed := w.state.Lookup(key)
	switch {
	case existed:
		for j, a := range w.aggs {
			w.old[j] = a.value(slot)
		}
	case retract:
		// lookup interned the key with no reference: free it again.
		w.keys.ref(key)
		w.keys.unref(key)
		return false, nil
	default:
		slot = w.state.Create(key)
		w.keys.ref(key)
		w.newSlot(slot)
	}
	for _, a := range w.aggs {
		if err := a.apply(slot, i, retract); err != nil {
			return true, err
		}
	}
	rows := w.state.AddRows(slot, sign(retract))
	w.state.Touch(slot, now)
	if rows <= 0 {
		// The group's last row went: delete its last emitted row.
		err := w.emitRow(RowDelete, key, w.old)
		w.drop(key, slot)
		return true, err
	}
	for j, a := range w.aggs {
		w.cur[j] = a.value(slot)
	}
	if !existed {
		return true, w.emitRow(RowInsert, key, w.cur)
	}
	for j := range w.cur {
		if !w.cur[j].same(w.old[j]) {
			if err := w.emitRow(RowUpdateBefore, key, w.old); err != nil {
				return true, err
			}
			return true, w.emitRow(RowUpdateAfter, key, w.cur)
		}
	}
	return true, nil
}

// newSlot makes room for slot in the accumulators and clears it.
func (w *groupAgg) newSlot(slot uint32) { newAccSlot(w.aggs, &w.accSlots, slot) }

// drop removes a group from state, releasing its key and accumulators.
func (w *groupAgg) drop(key, slot uint32) {
	w.state.Drop(key)
	w.keys.unref(key)
	resetAccSlot(w.aggs, slot)
}

// emitRow appends one output row: the group's key, results vals, and the
// row kind.
func (w *groupAgg) emitRow(kind RowKind, key uint32, vals []gval) error {
	w.keys.appendKey(key, w.outKeys, w.keyBs)
	for j, v := range vals {
		putVal(w.aggBs[j], v)
	}
	if w.kindB != nil {
		w.kindB.Append(int8(kind))
	}
	return w.emit.rowDone()
}

// expire drops the groups not written for StateTTLMillis at processing
// time now; they emit nothing and start afresh with their next row.
func (w *groupAgg) expire(now int64) {
	ttl := w.spec.StateTTLMillis
	if ttl <= 0 || w.state.Len() == 0 {
		return
	}
	var n int64
	w.state.Expire(now-ttl, func(key, slot uint32) {
		w.keys.unref(key)
		resetAccSlot(w.aggs, slot)
		n++
	})
	if n > 0 {
		w.metrics.Add(w.expMet, n)
	}
}

// OnTick implements Ticker: idle groups expire too.
func (w *groupAgg) OnTick(now int64) error {
	w.expire(now)
	return nil
}

// OnWatermark implements Operator: watermarks pass through (the output
// has no event-time attribute, but downstream operators may still wait
// for time to advance).
func (w *groupAgg) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator: every change was emitted with its row.
func (w *groupAgg) OnEnd() error { return w.emit.flush() }

// Close implements Operator.
func (w *groupAgg) Close() error {
	if w.emit.b != nil {
		w.emit.release()
		w.emit.b = nil
	}
	w.keys, w.state = nil, nil
	return nil
}
