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

// windowJoin is the OpWindowJoin operator (spec: planner.WindowJoinSpec).
//
// Each accepted row's equi-join key is interned in a key table shared by
// both sides, its values copied into its side's joinRows store under a
// free slot, and the (key, slot) entry appended to its window's list for
// that side. When the watermark reaches a window's end - 1 the window is
// joined: the right entries are indexed by key, each left entry (in
// arrival order) pairs with the right entries of its key (in arrival
// order), the candidate pairs are built into one batch, the residual
// condition is evaluated over it vectorized and the passing pairs are
// emitted; then the unmatched rows of an outer side are emitted
// NULL-padded (left side first, each in arrival order) and the window's
// slots and key references are freed. Windows fire in (end, start)
// order, so the output does not depend on how the input is cut into
// batches.
type windowJoin struct {
	spec   *planner.WindowJoinSpec
	in     [2]*arrow.Schema
	schema *arrow.Schema
	keys   [2][]int
	// bounds are each side's window_start and window_end columns.
	bounds [2][2]int
	outer  [2]bool

	alloc    memory.Allocator
	out      Emitter
	metrics  *Metrics
	lateMet  string
	nullMet  string
	residual eval.Evaluator

	table   *keyTable
	rows    [2]*joinRows
	free    [2][]uint32
	used    [2]uint32
	windows map[wjBounds]*wjWindow
	emit    *joinEmitter
	// wm is the last watermark received: every window with end - 1 <= wm
	// has been joined.
	wm int64

	// Per-batch and per-window scratch.
	views   []colView
	starts  []int64
	ends    []int64
	nullKey []bool
	byKey   map[uint32][]uint32
	pairs   [2][]uint32
}

// wjBounds identifies a window.
type wjBounds struct{ start, end int64 }

// wjEntry is one buffered row of a window: its key id (noKey for a NULL
// key) and its slot in the side's joinRows.
type wjEntry struct{ key, slot uint32 }

// wjWindow holds the buffered rows of one window, per side.
type wjWindow struct {
	wjBounds
	rows [2][]wjEntry
}

func init() { RegisterOperator(planner.OpWindowJoin, newWindowJoin) }

// newWindowJoin is the OperatorFactory of OpWindowJoin.
func newWindowJoin(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.WindowJoin == nil {
		return nil, errors.New("window join node without a spec")
	}
	left, right, err := joinInputSchemas(g, n, "window join")
	if err != nil {
		return nil, err
	}
	return newWindowJoinFor(n.WindowJoin, left, right, n.Schema)
}

// newWindowJoinFor creates the operator for spec over the left and right
// input columns, producing columns out.
func newWindowJoinFor(spec *planner.WindowJoinSpec, left, right, out planner.Schema) (*windowJoin, error) {
	j := &windowJoin{spec: spec, wm: MinWatermark}
	var err error
	if j.in, j.schema, j.outer, err = joinColumns(left, right, out, spec.Type); err != nil {
		return nil, err
	}
	if len(spec.LeftKeys) != len(spec.RightKeys) {
		return nil, fmt.Errorf("window join has %d left keys and %d right keys", len(spec.LeftKeys), len(spec.RightKeys))
	}
	if err := checkJoinWidth("window join", j.in, j.schema); err != nil {
		return nil, err
	}
	j.keys = [2][]int{spec.LeftKeys, spec.RightKeys}
	j.bounds = [2][2]int{{spec.LeftWindowStart, spec.LeftWindowEnd}, {spec.RightWindowStart, spec.RightWindowEnd}}
	for s := 0; s < 2; s++ {
		for _, c := range j.bounds[s] {
			if c < 0 || c >= j.in[s].NumFields() || j.in[s].Field(c).Type.ID() != arrow.TIMESTAMP {
				return nil, fmt.Errorf("window join %s window bound column %d is not a timestamp column of the input", joinSideNames[s], c)
			}
		}
		if err := checkJoinSide("window join", s, j.in[s], j.keys[s]); err != nil {
			return nil, err
		}
	}
	if err := checkJoinKeyTypes("window join", j.in, spec.LeftKeys, spec.RightKeys); err != nil {
		return nil, err
	}
	return j, nil
}

// Open implements Operator: it compiles the residual condition and
// creates the state.
func (j *windowJoin) Open(ctx *OpContext, out Emitter) error {
	j.alloc, j.out, j.metrics = ctx.Alloc, out, opMetrics(ctx)
	name := nameOr(j.spec.LateName, "window")
	j.lateMet, j.nullMet = "join."+name+".late_rows", "join."+name+".null_window"
	var err error
	if j.residual, err = compileResidual(j.spec.Residual, j.alloc, ctx.Clock); err != nil {
		return err
	}
	if j.table, err = newKeyTable(columnTypes(j.in[0], j.keys[0])); err != nil {
		return err
	}
	if j.rows, err = newJoinRowStores(j.in); err != nil {
		return err
	}
	j.windows = map[wjBounds]*wjWindow{}
	j.byKey = map[uint32][]uint32{}
	j.emit = newJoinEmitter(j.alloc, j.schema, j.in[0].NumFields(), out)
	return nil
}

// OnBatch implements Operator: it buffers the batch's rows in their
// windows.
func (j *windowJoin) OnBatch(input int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	if input != 0 && input != 1 {
		return fmt.Errorf("window join has no input %d", input)
	}
	side := input
	var cols [2]*array.Timestamp
	for b, c := range j.bounds[side] {
		var ok bool
		if cols[b], ok = rec.Column(c).(*array.Timestamp); !ok {
			return fmt.Errorf("window bound column %d is %s, not a timestamp", c, rec.Column(c).DataType())
		}
	}
	j.starts = grow2(j.starts[:0], n)[:n]
	j.ends = grow2(j.ends[:0], n)[:n]
	loadInts(cols[0], j.starts)
	loadInts(cols[1], j.ends)
	j.views = loadColViews(j.views, rec)
	defer dropColViews(j.views)
	j.table.hashBatch(rec, j.keys[side])
	defer j.table.release()
	keyNull := j.keyNulls(rec, side)
	var nulls, lates int64
	for i := 0; i < n; i++ {
		switch {
		case cols[0].IsNull(i) || cols[1].IsNull(i):
			nulls++
			continue
		case j.ends[i]-1 <= j.wm:
			lates++
			continue
		}
		key := noKey
		if !keyNull[i] {
			key = j.table.lookup(i)
			j.table.ref(key)
		} else if !j.outer[side] {
			continue // a NULL key never matches: the row has no effect
		}
		slot := j.alloc1(side)
		j.rows[side].set(slot, j.views, i, false)
		b := wjBounds{j.starts[i], j.ends[i]}
		w := j.windows[b]
		if w == nil {
			w = &wjWindow{wjBounds: b}
			j.windows[b] = w
		}
		w.rows[side] = append(w.rows[side], wjEntry{key: key, slot: slot})
	}
	if nulls > 0 {
		j.metrics.Add(j.nullMet, nulls)
	}
	if lates > 0 {
		j.metrics.Add(j.lateMet, lates)
	}
	return nil
}

// alloc1 returns a free slot of side's row store.
func (j *windowJoin) alloc1(side int) uint32 {
	if f := j.free[side]; len(f) > 0 {
		s := f[len(f)-1]
		j.free[side] = f[:len(f)-1]
		return s
	}
	s := j.used[side]
	j.used[side]++
	return s
}

// keyNulls reports for each row of rec whether a key column of side is
// NULL (such a row never matches).
func (j *windowJoin) keyNulls(rec arrow.Record, side int) []bool {
	j.nullKey = nullKeyMask(j.nullKey, rec, j.keys[side])
	return j.nullKey
}

// OnWatermark implements Operator: it joins every window whose end - 1
// the watermark reached, then forwards the watermark.
func (j *windowJoin) OnWatermark(wm int64) (int64, error) {
	if wm > j.wm {
		j.wm = wm
		if err := j.fireUpTo(wm); err != nil {
			return wm, err
		}
	}
	return wm, nil
}

// OnEnd implements Operator: every window left is joined.
func (j *windowJoin) OnEnd() error {
	j.wm = MaxWatermark
	return j.fireUpTo(MaxWatermark)
}

// Close implements Operator.
func (j *windowJoin) Close() error {
	if j.emit != nil {
		j.emit.release()
		j.emit = nil
	}
	dropColViews(j.views)
	j.table, j.rows, j.windows = nil, [2]*joinRows{}, nil
	return nil
}

// buffered returns the number of rows held in windows not yet joined.
func (j *windowJoin) buffered() int {
	n := 0
	for _, w := range j.windows {
		n += len(w.rows[0]) + len(w.rows[1])
	}
	return n
}
