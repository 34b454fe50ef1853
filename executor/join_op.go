package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// intervalJoin is the OpIntervalJoin operator (spec:
// planner.IntervalJoinSpec).
//
// Each accepted row's equi-join key is hashed column-wise into a key
// table shared by both sides (so equal keys of both sides get one id),
// its values are copied into its side's joinRows store, and its (key,
// time) is indexed in a JoinState. A row probes the other side's rows of
// its key within its time range; the candidate pairs of a batch are built
// into one joined batch, the residual condition is evaluated over it
// vectorized, and the passing pairs are emitted. On a watermark, rows no
// partner can reach any more are dropped, unmatched ones of an outer side
// emitted NULL-padded first.
//
// A row whose bound the watermark has already passed when it arrives
// (but that is not late) still probes; it is buffered and dropped at the
// next watermark advance, and meanwhile it takes no part in probes (the
// probe ranges start at the drop bound), so it joins as if it had been
// dropped on arrival; unmatched on an outer side, it is emitted
// NULL-padded at that next advance.
//
// Output order is deterministic whatever the batch sizes: pairs in probe
// row order, then partner (time, arrival) order; NULL-padded rows left
// side first, each side in (time, arrival) order.
type intervalJoin struct {
	spec   *planner.IntervalJoinSpec
	in     [2]*arrow.Schema
	schema *arrow.Schema
	keys   [2][]int
	times  [2]int
	outer  [2]bool

	alloc    memory.Allocator
	out      Emitter
	clock    func() int64
	metrics  *Metrics
	lateMet  string
	nullMet  string
	residual eval.Evaluator

	table *keyTable
	state JoinState
	rows  [2]*joinRows
	emit  *joinEmitter
	// wm is the last watermark received.
	wm int64

	// Per-batch scratch.
	views   []colView
	ts      []int64
	keyIDs  []uint32
	matched []bool
	nullKey []bool
}

func init() { RegisterOperator(planner.OpIntervalJoin, newIntervalJoin) }

// newIntervalJoin is the OperatorFactory of OpIntervalJoin.
func newIntervalJoin(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.IntervalJoin == nil {
		return nil, errors.New("interval join node without a spec")
	}
	left, right, err := joinInputSchemas(g, n, "interval join")
	if err != nil {
		return nil, err
	}
	return newIntervalJoinFor(n.IntervalJoin, left, right, n.Schema)
}

// newIntervalJoinFor creates the operator for spec over the left and
// right input columns, producing columns out.
func newIntervalJoinFor(spec *planner.IntervalJoinSpec, left, right, out planner.Schema) (*intervalJoin, error) {
	j := &intervalJoin{spec: spec, wm: MinWatermark}
	var err error
	if j.in, j.schema, j.outer, err = joinColumns(left, right, out, spec.Type); err != nil {
		return nil, err
	}
	if spec.LowerMillis > spec.UpperMillis {
		return nil, fmt.Errorf("interval join lower bound %d ms is above the upper bound %d ms", spec.LowerMillis, spec.UpperMillis)
	}
	if abs64(spec.LowerMillis) > maxJoinBound || abs64(spec.UpperMillis) > maxJoinBound {
		return nil, fmt.Errorf("interval join bounds %d..%d ms are out of range", spec.LowerMillis, spec.UpperMillis)
	}
	if len(spec.LeftKeys) != len(spec.RightKeys) {
		return nil, fmt.Errorf("interval join has %d left keys and %d right keys", len(spec.LeftKeys), len(spec.RightKeys))
	}
	if err := checkJoinWidth("interval join", j.in, j.schema); err != nil {
		return nil, err
	}
	j.keys = [2][]int{spec.LeftKeys, spec.RightKeys}
	j.times = [2]int{spec.LeftTime, spec.RightTime}
	for s := 0; s < 2; s++ {
		if t := j.times[s]; t < 0 || t >= j.in[s].NumFields() || j.in[s].Field(t).Type.ID() != arrow.TIMESTAMP {
			return nil, fmt.Errorf("interval join %s time column %d is not a timestamp column of the input", joinSideNames[s], t)
		}
		if err := checkJoinSide("interval join", s, j.in[s], j.keys[s]); err != nil {
			return nil, err
		}
	}
	if err := checkJoinKeyTypes("interval join", j.in, spec.LeftKeys, spec.RightKeys); err != nil {
		return nil, err
	}
	return j, nil
}

// Open implements Operator: it compiles the residual condition.
func (j *intervalJoin) Open(ctx *OpContext, out Emitter) error {
	j.alloc, j.out, j.clock, j.metrics = ctx.Alloc, out, ctx.Clock, opMetrics(ctx)
	name := nameOr(j.spec.LateName, "interval")
	j.lateMet, j.nullMet = "join."+name+".late_rows", "join."+name+".null_rowtime"
	var err error
	if j.residual, err = compileResidual(j.spec.Residual, j.alloc, j.clock); err != nil {
		return err
	}
	if j.table, err = newKeyTable(columnTypes(j.in[0], j.keys[0])); err != nil {
		return err
	}
	if j.rows, err = newJoinRowStores(j.in); err != nil {
		return err
	}
	j.state = newMemJoinState()
	j.emit = newJoinEmitter(j.alloc, j.schema, j.in[0].NumFields(), out)
	return nil
}

// OnBatch implements Operator.
func (j *intervalJoin) OnBatch(input int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	if input != 0 && input != 1 {
		return fmt.Errorf("interval join has no input %d", input)
	}
	side := input
	tcol, err := loadTimeCol(rec, j.times[side], &j.ts)
	if err != nil {
		return err
	}
	j.keyIDs = grow2(j.keyIDs[:0], n)[:n]
	j.matched = grow2(j.matched[:0], n)[:n]
	j.loadViews(rec)
	defer j.releaseViews()
	j.table.hashBatch(rec, j.keys[side])
	defer j.table.release()
	keyNull := j.keyNulls(rec, side)
	var nulls, lates int64
	for i := 0; i < n; i++ {
		j.keyIDs[i], j.matched[i] = noKey, false
		if tcol.IsNull(i) {
			nulls++
			j.keyIDs[i] = lateRow
			continue
		}
		if lo, hi := j.probeRange(side, j.ts[i]); lo > hi {
			lates++
			j.keyIDs[i] = lateRow
			continue
		}
		if !keyNull[i] {
			j.keyIDs[i] = j.table.lookup(i)
			j.table.ref(j.keyIDs[i])
		}
	}
	if nulls > 0 {
		j.metrics.Add(j.nullMet, nulls)
	}
	if lates > 0 {
		j.metrics.Add(j.lateMet, lates)
	}
	if err := j.probe(side); err != nil {
		return err
	}
	for i := 0; i < n; i++ {
		key := j.keyIDs[i]
		if key == lateRow || (key == noKey && !j.outer[side]) {
			continue
		}
		slot := j.state.Insert(side, key, j.ts[i])
		j.rows[side].set(slot, j.views, i, j.matched[i])
	}
	return nil
}

// maxJoinBound bounds |LowerMillis| and |UpperMillis| (about 146 million
// years), so the bound arithmetic cannot overflow.
const maxJoinBound = 1 << 62

// lateRow marks a dropped row in keyIDs.
const lateRow = noKey - 1

// keyNulls reports for each row of rec whether a key column of side is
// NULL (such a row never matches).
func (j *intervalJoin) keyNulls(rec arrow.Record, side int) []bool {
	j.nullKey = nullKeyMask(j.nullKey, rec, j.keys[side])
	return j.nullKey
}

// probe finds the partners of every accepted row of the batch (loaded
// into the views) among the other side's rows and emits the pairs that
// satisfy the residual condition.
func (j *intervalJoin) probe(side int) error {
	other := 1 - side
	p := &j.emit.pairs
	p.reset()
	for i, key := range j.keyIDs {
		if key == noKey || key == lateRow {
			continue
		}
		lo, hi := j.probeRange(side, j.ts[i])
		var err error
		j.state.Range(other, key, lo, hi, func(slot uint32) bool {
			p.add(i, slot)
			if p.len() >= joinEmitMaxRows {
				err = j.emitPairs(side)
			}
			return err == nil
		})
		if err != nil {
			return err
		}
	}
	return j.emitPairs(side)
}

// OnWatermark implements Operator: it drops the rows no partner can reach
// any more (emitting unmatched rows of an outer side NULL-padded) and
// returns wm held back by the larger bound.
func (j *intervalJoin) OnWatermark(wm int64) (int64, error) {
	if wm > j.wm {
		j.wm = wm
		if err := j.expire(wm); err != nil {
			return wm, err
		}
	}
	return j.heldBack(wm), nil
}

// expire drops left rows with l.time - L < wm and right rows with
// r.time + U < wm (every row at the final watermark).
func (j *intervalJoin) expire(wm int64) error {
	before := [2]int64{satAdd(wm, j.spec.LowerMillis), satAdd(wm, -j.spec.UpperMillis)}
	if wm == MaxWatermark {
		before = [2]int64{MaxWatermark, MaxWatermark}
	}
	var err error
	for s := 0; s < 2; s++ {
		rows := j.rows[s]
		j.state.Expire(s, before[s], func(slot, key uint32) {
			if j.outer[s] && !rows.matched[slot] && err == nil {
				err = j.emit.padded(s, rows, slot)
			}
			rows.clear(slot)
			if key != noKey {
				j.table.unref(key)
			}
		})
	}
	if err != nil {
		return err
	}
	return j.emit.flush()
}

// OnEnd implements Operator: what the final watermark did not flush is
// flushed now.
func (j *intervalJoin) OnEnd() error {
	if j.wm == MaxWatermark {
		return nil
	}
	j.wm = MaxWatermark
	return j.expire(MaxWatermark)
}

// Close implements Operator.
func (j *intervalJoin) Close() error {
	if j.emit != nil {
		j.emit.release()
		j.emit = nil
	}
	j.releaseViews()
	j.table, j.state, j.rows = nil, nil, [2]*joinRows{}
	return nil
}
