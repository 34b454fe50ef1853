package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// windowAgg is the OpWindowAgg operator (spec: planner.WindowAggSpec).
//
// Each accepted row is hashed into a group key (keyTable), assigned to
// one slice (windowAssigner) or session (sessionSet), and aggregated once
// into the accumulators of the (slice, key) group; the group index lives
// in a WindowState. When the watermark passes a window's end, the
// window's slices are merged per key into a scratch namespace and emitted;
// a slice is freed once the last window holding it has fired, so the cost
// of a HOP or CUMULATE window does not grow with size/slide.
type windowAgg struct {
	spec    *planner.WindowAggSpec
	in      *arrow.Schema
	schema  *arrow.Schema
	assign  windowAssigner
	session bool
	// keyCols are the input columns of the group key: PartitionKeys then
	// Keys (SESSION); outKeys[i] is the key table column of output key i.
	keyCols []int
	outKeys []int
	aggs    []accumulator

	alloc   memory.Allocator
	out     Emitter
	metrics *Metrics
	lateMet string
	nullMet string

	keys     *keyTable
	state    WindowState
	sessions *sessionSet
	// accSlots is how many slots the accumulators have room for.
	accSlots int
	// fired is the watermark up to which windows have fired.
	fired int64
	// seq numbers rows in arrival order (FIRST_VALUE, LAST_VALUE).
	seq   int64
	slots []uint32
	late  []bool
	ts    []int64
	emit  *windowEmitter
	// lateSink receives late and NULL-time rows, when configured.
	lateSink Operator
}

// scratchNS is the state namespace where a window's slices are merged
// before it is emitted; it is freed right after.
const scratchNS int64 = -1 << 63

func init() { RegisterOperator(planner.OpWindowAgg, newWindowAgg) }

// newWindowAgg is the OperatorFactory of OpWindowAgg.
func newWindowAgg(g *planner.Graph, n *planner.PNode) (Operator, error) {
	spec := n.WindowAgg
	if spec == nil {
		return nil, errors.New("window aggregate node without a spec")
	}
	input, err := singleInput(g, n, "window aggregate")
	if err != nil {
		return nil, err
	}
	return newWindowAggFor(spec, input.Schema, n.Schema)
}

// newWindowAggFor creates the operator for spec over input columns in,
// producing columns out.
func newWindowAggFor(spec *planner.WindowAggSpec, inCols, outCols planner.Schema) (*windowAgg, error) {
	in, schema, err := inOutArrowSchemas(inCols, outCols)
	if err != nil {
		return nil, err
	}
	w := &windowAgg{spec: spec, in: in, schema: schema, session: spec.Kind == planner.WindowSession, fired: MinWatermark}
	if w.assign, err = newWindowAssigner(spec); err != nil {
		return nil, err
	}
	if err := checkWindowTimeCol(in, spec.TimeCol); err != nil {
		return nil, err
	}
	if want := len(spec.Keys) + 3 + len(spec.Aggs); schema.NumFields() != want {
		return nil, fmt.Errorf("window aggregate has %d output columns, want %d", schema.NumFields(), want)
	}
	if err := checkWindowCols(schema, len(spec.Keys)); err != nil {
		return nil, err
	}
	if len(spec.PartitionKeys) > 0 && !w.session {
		return nil, fmt.Errorf("PARTITION BY is only supported for SESSION windows")
	}
	pos := map[int]int{}
	for _, c := range append(append([]int(nil), spec.PartitionKeys...), spec.Keys...) {
		if c < 0 || c >= in.NumFields() {
			return nil, fmt.Errorf("key column %d out of range", c)
		}
		if _, dup := pos[c]; !dup {
			pos[c] = len(w.keyCols)
			w.keyCols = append(w.keyCols, c)
		}
	}
	for _, c := range spec.Keys {
		w.outKeys = append(w.outKeys, pos[c])
	}
	for i, c := range spec.Aggs {
		a, err := newAccumulator(c, in)
		if err != nil {
			return nil, err
		}
		if want := schema.Field(len(spec.Keys) + 3 + i).Type; !arrow.TypeEqual(resultType(c), want) {
			return nil, fmt.Errorf("%s result type %s does not match output column type %s", c.Fn, resultType(c), want)
		}
		w.aggs = append(w.aggs, a)
	}
	return w, nil
}

// Open implements Operator.
func (w *windowAgg) Open(ctx *OpContext, out Emitter) error {
	w.alloc, w.out, w.metrics = ctx.Alloc, out, opMetrics(ctx)
	name := nameOr(w.spec.LateName, "window")
	w.lateMet, w.nullMet = "window."+name+".late_rows", "window."+name+".null_rowtime"
	var err error
	if w.keys, err = newKeyTable(columnTypes(w.in, w.keyCols)); err != nil {
		return err
	}
	w.state = newMemWindowState()
	if w.session {
		w.sessions = newSessionSet(w.assign.size)
	}
	w.emit = newWindowEmitter(w.alloc, w.schema, len(w.spec.Keys), w.out)
	if w.lateSink != nil {
		return w.lateSink.Open(ctx, nil)
	}
	return nil
}

// newSlot makes room for slot in the accumulators and clears it.
func (w *windowAgg) newSlot(slot uint32) { newAccSlot(w.aggs, &w.accSlots, slot) }

// freeNS drops namespace ns from the state, releasing its keys (unless
// it is the scratch namespace, which holds no key references) and
// clearing its slots so they retain no values.
func (w *windowAgg) freeNS(ns int64) {
	w.state.Free(ns, func(key, slot uint32) {
		if ns != scratchNS {
			w.keys.unref(key)
		}
		resetAccSlot(w.aggs, slot)
	})
}

// OnBatch implements Operator.
func (w *windowAgg) OnBatch(_ int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	tcol, err := loadTimeCol(rec, w.spec.TimeCol, &w.ts)
	if err != nil {
		return err
	}
	ts := w.ts
	w.slots = grow2(w.slots[:0], n)[:n]
	w.late = grow2(w.late[:0], n)[:n]
	var nulls, lates int64
	for i := 0; i < n; i++ {
		w.slots[i], w.late[i] = noSlot, false
		switch {
		case tcol.IsNull(i):
			nulls++
			w.late[i] = true
		case w.isLate(ts[i]):
			lates++
			w.late[i] = true
		}
	}
	if nulls > 0 {
		w.metrics.Add(w.nullMet, nulls)
	}
	if lates > 0 {
		w.metrics.Add(w.lateMet, lates)
	}
	if err := w.aggregate(rec, ts, n); err != nil {
		return err
	}
	if nulls+lates > 0 && w.lateSink != nil {
		return w.writeLate(rec, w.late)
	}
	return nil
}

// isLate reports whether a row with event time ts comes after every
// window it belongs to has fired (window end - 1 at or below the
// watermark, as Flink's window aggregation decides). For SESSION, a row
// at or below the watermark is late: it could otherwise bridge into a
// session that already fired.
func (w *windowAgg) isLate(ts int64) bool {
	if w.session {
		return ts <= w.fired
	}
	return w.assign.lastEnd(w.assign.sliceOf(ts))-1 <= w.fired
}

// aggregate assigns the accepted rows of rec to groups and updates the
// accumulators.
func (w *windowAgg) aggregate(rec arrow.Record, ts []int64, n int) error {
	w.keys.hashBatch(rec, w.keyCols)
	defer w.keys.release()
	loadAccs(w.aggs, rec)
	defer unloadAccs(w.aggs)
	in := &aggInput{slots: w.slots, seq0: w.seq, hi: n}
	w.seq += int64(n)
	if w.session {
		return w.sessionRows(in, ts)
	}
	for i := 0; i < n; i++ {
		if w.late[i] {
			continue
		}
		key := w.keys.lookup(i)
		slot, created := w.state.Slot(w.assign.sliceOf(ts[i]), key)
		if created {
			w.keys.ref(key)
			w.newSlot(slot)
		}
		w.slots[i] = slot
	}
	return w.update(in)
}

// update runs every accumulator over in.
func (w *windowAgg) update(in *aggInput) error {
	for _, a := range w.aggs {
		if err := a.update(in); err != nil {
			return err
		}
	}
	return nil
}

// OnWatermark implements Operator: it fires every window whose end - 1
// is at most wm, in window end order, and forwards wm.
func (w *windowAgg) OnWatermark(wm int64) (int64, error) {
	if wm <= w.fired {
		return wm, nil
	}
	var err error
	if w.session {
		err = w.fireSessions(wm)
	} else {
		err = w.fireWindows(wm)
	}
	w.fired = wm
	if err == nil {
		err = w.emit.flush()
	}
	return wm, err
}

// fireWindows emits the sliced windows that wm completes and frees the
// slices no unfired window needs.
func (w *windowAgg) fireWindows(wm int64) error {
	slices := w.state.Namespaces()
	if len(slices) > 0 && slices[0] == scratchNS {
		slices = slices[1:]
	}
	err := w.assign.firedEnds(slices, w.fired, wm, func(start, end int64, held []int64) error {
		if len(held) == 1 {
			return w.emitGroups(held[0], start, end)
		}
		for _, s := range held {
			var merr error
			w.state.Groups(s, func(key, slot uint32) {
				dst, created := w.state.Slot(scratchNS, key)
				if created {
					w.newSlot(dst)
				}
				for _, a := range w.aggs {
					if err := a.merge(dst, slot); err != nil && merr == nil {
						merr = err
					}
				}
			})
			if merr != nil {
				w.freeNS(scratchNS)
				return merr
			}
		}
		err := w.emitGroups(scratchNS, start, end)
		w.freeNS(scratchNS)
		return err
	})
	if err != nil {
		return err
	}
	var done []int64
	for _, s := range w.state.Namespaces() {
		if s != scratchNS && w.assign.lastEnd(s)-1 <= wm {
			done = append(done, s)
		}
	}
	for _, s := range done {
		w.freeNS(s)
	}
	return nil
}

// OnEnd implements Operator: the final watermark has fired every window;
// a late-row sink commits.
func (w *windowAgg) OnEnd() error {
	if w.lateSink != nil {
		return w.lateSink.OnEnd()
	}
	return nil
}

// Close implements Operator.
func (w *windowAgg) Close() error {
	var err error
	if w.emit != nil {
		w.emit.release()
		w.emit = nil
	}
	if w.lateSink != nil {
		err = w.lateSink.Close()
		w.lateSink = nil
	}
	w.keys, w.state, w.sessions = nil, nil, nil
	return err
}
