package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// regularJoin is the OpJoin operator (spec: planner.JoinSpec).
//
// Each side interns its rows in a row table (a keyTable over all its
// columns: identical rows share an id and a count) and the equi-join
// keys of both sides in one key table (equal keys of both sides share an
// id). The RegularJoinState lists, per side and key id, the ids of the
// side's distinct rows, with their counts and match counts.
//
// A batch is processed in two phases. First every row's candidate
// partners (the other side's rows of its key; the other side does not
// change during the batch) are listed and, when there is a residual
// condition, the candidate pairs are built into joined batches and the
// condition evaluated over them vectorized. Then the rows are applied in
// order, each emitting its changes (see JoinSpec), so the output does not
// depend on how the input is cut into batches.
//
// Expiry (processing time, from the OpContext clock) runs before each
// batch and on each tick: a side's rows not written for its TTL are
// dropped without output, and counted.
type regularJoin struct {
	spec     *planner.JoinSpec
	in       [2]*arrow.Schema
	joined   *arrow.Schema // left then right columns, no row kind
	out      *arrow.Schema
	updating bool
	keys     [2][]int
	allCols  [2][]int
	outer    [2]bool
	ttl      [2]int64

	alloc    memory.Allocator
	emitTo   Emitter
	clock    func() int64
	metrics  *Metrics
	name     string
	missing  string
	expired  string
	residual eval.Evaluator

	keyT  *keyTable
	rowT  [2]*keyTable
	state RegularJoinState
	emit  batchBuilder
	sides [2][]array.Builder
	kind  *array.Int8Builder
	cand  *rjoinCandidates
}

func init() { RegisterOperator(planner.OpJoin, newRegularJoin) }

// newRegularJoin is the OperatorFactory of OpJoin.
func newRegularJoin(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.Join == nil {
		return nil, errors.New("join node without a spec")
	}
	left, right, err := joinInputSchemas(g, n, "join")
	if err != nil {
		return nil, err
	}
	return newRegularJoinFor(n.Join, left, right, n.Schema, n.Changelog.Updating())
}

// newRegularJoinFor creates the operator for spec over the left and right
// input columns, producing columns out, with a row-kind column when
// updating.
func newRegularJoinFor(spec *planner.JoinSpec, left, right, out planner.Schema, updating bool) (*regularJoin, error) {
	j := &regularJoin{spec: spec, updating: updating, ttl: [2]int64{spec.LeftTTLMillis, spec.RightTTLMillis}}
	var err error
	if j.in, j.joined, j.outer, err = joinColumns(left, right, out, spec.Type); err != nil {
		return nil, err
	}
	j.out = j.joined
	if updating {
		j.out = WithRowKind(j.joined)
	}
	if !updating && spec.Type != planner.JoinInner {
		return nil, fmt.Errorf("a %s join emits updates, but its output is planned append-only", spec.Type)
	}
	if len(spec.LeftKeys) != len(spec.RightKeys) || len(spec.LeftKeys) == 0 {
		return nil, fmt.Errorf("join has %d left keys and %d right keys", len(spec.LeftKeys), len(spec.RightKeys))
	}
	if err := checkJoinWidth("join", j.in, j.joined); err != nil {
		return nil, err
	}
	if j.ttl[0] < 0 || j.ttl[1] < 0 {
		return nil, fmt.Errorf("join state TTL %d/%d ms is negative", j.ttl[0], j.ttl[1])
	}
	j.keys = [2][]int{spec.LeftKeys, spec.RightKeys}
	for s := 0; s < 2; s++ {
		if err := checkJoinSide("join", s, j.in[s], j.keys[s]); err != nil {
			return nil, err
		}
		j.allCols[s] = make([]int, j.in[s].NumFields())
		for i := range j.allCols[s] {
			j.allCols[s][i] = i
		}
	}
	if err := checkJoinKeyTypes("join", j.in, spec.LeftKeys, spec.RightKeys); err != nil {
		return nil, err
	}
	return j, nil
}

// Open implements Operator: it compiles the residual condition and
// creates the tables and the state.
func (j *regularJoin) Open(ctx *OpContext, out Emitter) error {
	j.alloc, j.emitTo, j.clock, j.metrics = ctx.Alloc, out, ctx.Clock, opMetrics(ctx)
	if j.clock == nil {
		return errors.New("join needs a processing-time clock")
	}
	j.name = nameOr(ctx.Name, "Join")
	counter := nameOr(j.spec.Name, "join")
	j.missing, j.expired = "state."+counter+".retract_missing", "state."+counter+".expired"
	var err error
	if j.residual, err = compileResidual(j.spec.Residual, j.alloc, j.clock); err != nil {
		return err
	}
	if j.keyT, err = newKeyTable(columnTypes(j.in[0], j.keys[0])); err != nil {
		return err
	}
	for s := 0; s < 2; s++ {
		if j.rowT[s], err = newKeyTable(fieldTypes(j.in[s])); err != nil {
			return err
		}
	}
	j.state = newMemRJoinState([2]bool{j.ttl[0] > 0, j.ttl[1] > 0})
	j.emit = newBatchBuilder(j.alloc, j.out, out)
	fs := j.emit.b.Fields()
	nl, nr := j.in[0].NumFields(), j.in[1].NumFields()
	j.sides = [2][]array.Builder{fs[:nl], fs[nl : nl+nr]}
	if j.updating {
		j.kind = fs[nl+nr].(*array.Int8Builder)
	}
	j.cand = &rjoinCandidates{}
	return nil
}

// OnBatch implements Operator.
func (j *regularJoin) OnBatch(input int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	if input != 0 && input != 1 {
		return fmt.Errorf("%s: join has no input %d", j.name, input)
	}
	s := input
	if w := j.in[s].NumFields(); int(rec.NumCols()) != w && !(HasRowKind(rec.Schema()) && int(rec.NumCols()) == w+1) {
		return fmt.Errorf("%s: input %d batch has %d columns, want %d", j.name, s, rec.NumCols(), w)
	}
	if err := j.expire(j.clock()); err != nil {
		return err
	}
	j.keyT.hashBatch(rec, j.keys[s])
	defer j.keyT.release()
	j.rowT[s].hashBatch(rec, j.allCols[s])
	defer j.rowT[s].release()
	nullKey := j.cand.nullKeys(rec, j.keys[s])
	if err := j.findCandidates(s, n, nullKey); err != nil {
		return err
	}
	kinds := RowKinds(rec)
	now := j.clock()
	var missing int64
	for i := 0; i < n; i++ {
		var err error
		if KindAt(kinds, i).IsRetract() {
			var found bool
			found, err = j.retract(s, i, nullKey[i], now)
			if !found {
				missing++
			}
		} else {
			err = j.add(s, i, nullKey[i], now)
		}
		if err != nil {
			return err
		}
	}
	if missing > 0 {
		j.metrics.Add(j.missing, missing)
	}
	return j.emit.flush()
}

// add applies an inserted row (+I, +U) i of side s.
func (j *regularJoin) add(s, i int, nullKey bool, now int64) error {
	if nullKey && !j.outer[s] {
		return nil // it can never join nor be emitted
	}
	key := noKey
	if !nullKey {
		key = j.keyT.lookup(i)
	}
	row := j.rowT[s].lookup(i)
	e := j.state.Get(s, row)
	if e == nil {
		e = j.state.Put(s, row, key)
		j.rowT[s].ref(row)
		if key != noKey {
			j.keyT.ref(key)
		}
		e.Matches = j.cand.matches(i, j.state, 1-s)
	}
	e.Count++
	if j.ttl[s] > 0 {
		j.state.Touch(s, row, now)
	}
	o := 1 - s
	matched := false
	for _, p := range j.cand.passing(i) {
		pe := j.state.Get(o, p)
		matched = true
		if j.outer[o] && pe.Matches == 0 {
			for c := int64(0); c < pe.Count; c++ {
				if err := j.padded(o, p, RowDelete); err != nil {
					return err
				}
			}
		}
		pe.Matches++
		for c := int64(0); c < pe.Count; c++ {
			if err := j.joinedRow(s, row, p, RowInsert); err != nil {
				return err
			}
		}
	}
	if !matched && j.outer[s] {
		return j.padded(s, row, RowInsert)
	}
	return nil
}

// retract applies a retracted row (-U, -D) i of side s; found is false
// when the side holds no such row (nothing is emitted then).
func (j *regularJoin) retract(s, i int, nullKey bool, now int64) (bool, error) {
	if nullKey && !j.outer[s] {
		return true, nil // it was never stored nor emitted
	}
	row := j.rowT[s].find(i)
	var e *RegularJoinEntry
	if row != noKey {
		e = j.state.Get(s, row)
	}
	if e == nil {
		return false, nil
	}
	o := 1 - s
	matched := false
	for _, p := range j.cand.passing(i) {
		pe := j.state.Get(o, p)
		matched = true
		for c := int64(0); c < pe.Count; c++ {
			if err := j.joinedRow(s, row, p, RowDelete); err != nil {
				return true, err
			}
		}
		pe.Matches--
		if j.outer[o] && pe.Matches == 0 {
			for c := int64(0); c < pe.Count; c++ {
				if err := j.padded(o, p, RowInsert); err != nil {
					return true, err
				}
			}
		}
	}
	if !matched && j.outer[s] {
		if err := j.padded(s, row, RowDelete); err != nil {
			return true, err
		}
	}
	e.Count--
	if e.Count > 0 {
		if j.ttl[s] > 0 {
			j.state.Touch(s, row, now)
		}
		return true, nil
	}
	j.drop(s, row, e)
	return true, nil
}

// OnWatermark implements Operator: the watermark passes through (the
// output has no time attribute, but downstream operators still need it).
func (j *regularJoin) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator: everything was emitted as it happened.
func (j *regularJoin) OnEnd() error { return j.emit.flush() }

// Close implements Operator.
func (j *regularJoin) Close() error {
	if j.emit.b != nil {
		j.emit.release()
		j.emit.b = nil
	}
	j.cand.release()
	j.keyT, j.rowT, j.state = nil, [2]*keyTable{}, nil
	return nil
}
