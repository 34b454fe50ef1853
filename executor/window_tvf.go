package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// windowTVF is the OpWindowTVF operator (spec: planner.WindowTVFSpec): a
// stateless window assignment. Every input row is emitted once per window
// it belongs to, with window_start, window_end and window_time appended,
// in input order and, per row, in window start order. A TUMBLE batch
// without NULL times is emitted as the input's columns plus the three
// window columns, without copying; otherwise the rows are copied with
// one typed loop per column. Rows with a NULL time are counted under
// "window.<Name>.null_rowtime" and dropped. Watermarks pass through.
type windowTVF struct {
	spec    *planner.WindowTVFSpec
	in      *arrow.Schema
	schema  *arrow.Schema
	assign  windowAssigner
	alloc   memory.Allocator
	out     Emitter
	metrics *Metrics
	nullMet string

	// Per-batch scratch: the input row, window start and window end of
	// each output row.
	views  []colView
	ts     []int64
	rows   []int
	starts []int64
	ends   []int64
}

func init() { RegisterOperator(planner.OpWindowTVF, newWindowTVF) }

// newWindowTVF is the OperatorFactory of OpWindowTVF.
func newWindowTVF(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.WindowTVF == nil {
		return nil, errors.New("window table function node without a spec")
	}
	input, err := singleInput(g, n, "window table function")
	if err != nil {
		return nil, err
	}
	return newWindowTVFFor(n.WindowTVF, input.Schema, n.Schema)
}

// newWindowTVFFor creates the operator for spec over input columns in,
// producing columns out (in's columns, then the three window columns).
func newWindowTVFFor(spec *planner.WindowTVFSpec, inCols, outCols planner.Schema) (*windowTVF, error) {
	w := &windowTVF{spec: spec}
	var err error
	if w.in, w.schema, err = inOutArrowSchemas(inCols, outCols); err != nil {
		return nil, err
	}
	if spec.Kind == planner.WindowSession {
		return nil, errors.New("a SESSION window table function needs an aggregation")
	}
	w.assign, err = newWindowAssigner(&planner.WindowAggSpec{Kind: spec.Kind, SizeMillis: spec.SizeMillis,
		SlideMillis: spec.SlideMillis, OffsetMillis: spec.OffsetMillis})
	if err != nil {
		return nil, err
	}
	if err := checkWindowTimeCol(w.in, spec.TimeCol); err != nil {
		return nil, err
	}
	nin := w.in.NumFields()
	if w.schema.NumFields() != nin+3 {
		return nil, fmt.Errorf("window table function has %d output columns, want %d", w.schema.NumFields(), nin+3)
	}
	if err := checkWindowCols(w.schema, nin); err != nil {
		return nil, err
	}
	for _, f := range w.in.Fields() {
		if _, err := catOf(f.Type); err != nil {
			return nil, fmt.Errorf("window table function column %s: type %s is not supported yet", f.Name, f.Type)
		}
	}
	return w, nil
}

// Open implements Operator.
func (w *windowTVF) Open(ctx *OpContext, out Emitter) error {
	w.alloc, w.out, w.metrics = ctx.Alloc, out, opMetrics(ctx)
	w.nullMet = "window." + nameOr(w.spec.Name, "tvf") + ".null_rowtime"
	return nil
}

// windowsOf calls fn for every window [start, end) holding event time ts,
// in start order.
func (a windowAssigner) windowsOf(ts int64, fn func(start, end int64)) {
	s := a.sliceOf(ts)
	switch a.kind {
	case planner.WindowHop:
		for e := s + a.unit; e <= s+a.size; e += a.unit {
			fn(e-a.size, e)
		}
	case planner.WindowCumulate:
		p := a.periodOf(s)
		for e := s + a.unit; e <= p+a.size; e += a.unit {
			fn(p, e)
		}
	default:
		fn(s, s+a.size)
	}
}

// OnBatch implements Operator.
func (w *windowTVF) OnBatch(_ int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	tcol, err := loadTimeCol(rec, w.spec.TimeCol, &w.ts)
	if err != nil {
		return err
	}
	if nulls := tcol.NullN(); nulls > 0 {
		w.metrics.Add(w.nullMet, int64(nulls))
	} else if w.assign.kind == planner.WindowTumble {
		return w.emitTumble(rec)
	}
	w.rows, w.starts, w.ends = w.rows[:0], w.starts[:0], w.ends[:0]
	for i := 0; i < n; i++ {
		if tcol.IsNull(i) {
			continue
		}
		w.assign.windowsOf(w.ts[i], func(start, end int64) {
			w.rows = append(w.rows, i)
			w.starts = append(w.starts, start)
			w.ends = append(w.ends, end)
		})
	}
	w.loadViews(rec)
	defer w.releaseViews()
	for lo := 0; lo < len(w.rows); lo += emitMaxRows {
		if err := w.emitRows(lo, min(lo+emitMaxRows, len(w.rows))); err != nil {
			return err
		}
	}
	return nil
}

// emitTumble emits a TUMBLE batch without NULL times: the input's columns
// and the window columns.
func (w *windowTVF) emitTumble(rec arrow.Record) error {
	n := len(w.ts)
	w.starts, w.ends = grow2(w.starts[:0], n)[:n], grow2(w.ends[:0], n)[:n]
	for i, t := range w.ts {
		s := w.assign.sliceOf(t)
		w.starts[i], w.ends[i] = s, s+w.assign.size
	}
	cols := append([]arrow.Array(nil), rec.Columns()...)
	win := w.windowColumns(0, n)
	defer releaseAll(win)
	out := array.NewRecord(w.schema, append(cols, win...), int64(n))
	defer out.Release()
	return w.out.Emit(out)
}

// emitRows emits output rows lo..hi of the batch's assignment.
func (w *windowTVF) emitRows(lo, hi int) error {
	nin := w.in.NumFields()
	cols := make([]arrow.Array, 0, nin+3)
	defer func() { releaseAll(cols) }()
	for k := range w.views {
		b := array.NewBuilder(w.alloc, w.schema.Field(k).Type)
		w.views[k].appendRows(w.rows[lo:hi], b)
		cols = append(cols, b.NewArray())
		b.Release()
	}
	win := w.windowColumns(lo, hi)
	cols = append(cols, win...)
	out := array.NewRecord(w.schema, cols, int64(hi-lo))
	defer out.Release()
	return w.out.Emit(out)
}

// windowColumns builds window_start, window_end and window_time of output
// rows lo..hi.
func (w *windowTVF) windowColumns(lo, hi int) []arrow.Array {
	nin := w.in.NumFields()
	cols := make([]arrow.Array, 3)
	for c := 0; c < 3; c++ {
		b := array.NewTimestampBuilder(w.alloc, w.schema.Field(nin+c).Type.(*arrow.TimestampType))
		b.Reserve(hi - lo)
		for i := lo; i < hi; i++ {
			switch c {
			case 0:
				b.UnsafeAppend(arrow.Timestamp(w.starts[i]))
			case 1:
				b.UnsafeAppend(arrow.Timestamp(w.ends[i]))
			default:
				b.UnsafeAppend(arrow.Timestamp(w.ends[i] - 1))
			}
		}
		cols[c] = b.NewArray()
		b.Release()
	}
	return cols
}

// releaseAll releases every array of cols.
func releaseAll(cols []arrow.Array) {
	for _, c := range cols {
		c.Release()
	}
}

// loadViews loads a typed view of every column of rec.
func (w *windowTVF) loadViews(rec arrow.Record) {
	w.views = loadColViews(w.views, rec)
}

// releaseViews drops the references to the batch's columns.
func (w *windowTVF) releaseViews() { dropColViews(w.views) }

// loadColViews loads a typed view of every column of rec into views
// (reusing its scratch) and returns it.
func loadColViews(views []colView, rec arrow.Record) []colView {
	n := int(rec.NumCols())
	if cap(views) < n {
		views = make([]colView, n)
	}
	views = views[:n]
	for i := range views {
		// The factories check that every column type has a category.
		c, _ := catOf(rec.Column(i).DataType())
		views[i].cat = c
		views[i].load(rec.Column(i))
	}
	return views
}

// dropColViews drops the views' references to a batch, keeping scratch.
func dropColViews(views []colView) {
	for i := range views {
		v := &views[i]
		*v = colView{cat: v.cat, ints: v.ints, floats: v.floats}
	}
}

// OnWatermark implements Operator: watermarks pass through.
func (w *windowTVF) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator.
func (w *windowTVF) OnEnd() error { return nil }

// Close implements Operator.
func (w *windowTVF) Close() error {
	dropColViews(w.views)
	return nil
}
