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

// watermarkAssigner is the OpWatermark operator. It passes rows through and
// generates watermarks per source split: a split's watermark is the maximum
// of the WATERMARK expression over its rows (NULLs are counted, not used);
// the output watermark is the minimum over splits that are neither done
// nor idle, emitted only when it advances. A split without rows for longer
// than the idle timeout (processing time, checked on ticks) is idle until
// it emits again; when no split is active and some is idle, the output is
// idle (consumers combining several inputs ignore it).
type watermarkAssigner struct {
	spec       *planner.WatermarkSpec
	nullMetric string
	alloc      memory.Allocator
	out        Emitter
	wmOut      WatermarkEmitter
	clock      func() int64
	metrics    *Metrics
	expr       eval.Evaluator
	splits     map[SplitID]*splitState
	// current is the last watermark emitted.
	current int64
}

// splitState is the watermark state of one split.
type splitState struct {
	wm         int64
	lastActive int64
	idle, done bool
}

func newWatermarkAssigner(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.Watermark == nil || n.Watermark.Expr == nil {
		return nil, errors.New("watermark node without an expression")
	}
	if len(n.Inputs) != 1 {
		return nil, fmt.Errorf("a watermark assigner has one input, not %d", len(n.Inputs))
	}
	table := sourceTable(g, n)
	if table == "" {
		table = "unknown"
	}
	return &watermarkAssigner{
		spec:       n.Watermark,
		nullMetric: "watermark." + table + ".null_rowtime",
		splits:     map[SplitID]*splitState{},
		current:    MinWatermark,
	}, nil
}

// Open implements Operator.
func (w *watermarkAssigner) Open(ctx *OpContext, out Emitter) error {
	w.alloc, w.out, w.clock, w.metrics = ctx.Alloc, out, ctx.Clock, ctx.Metrics
	we, ok := out.(WatermarkEmitter)
	if !ok {
		return errors.New("the runtime's emitter cannot emit watermarks")
	}
	w.wmOut = we
	e, err := compileExpr(w.spec.Expr, w.alloc, ctx.Clock)
	if err != nil {
		return fmt.Errorf("watermark %s: %w", w.spec.Expr, err)
	}
	w.expr = e
	return nil
}

func (w *watermarkAssigner) split(id SplitID) *splitState {
	s, ok := w.splits[id]
	if !ok {
		s = &splitState{wm: MinWatermark, lastActive: w.clock()}
		w.splits[id] = s
	}
	return s
}

// OnSplitAdd implements SplitAware: the new split holds the watermark back.
func (w *watermarkAssigner) OnSplitAdd(id SplitID, _ string) error {
	s := w.split(id)
	s.done, s.idle = false, false
	return w.update()
}

// OnSplitBatch implements SplitAware.
func (w *watermarkAssigner) OnSplitBatch(id SplitID, rec arrow.Record) error {
	col, err := w.expr.Eval(rec)
	if err != nil {
		return fmt.Errorf("watermark %s: %w", w.spec.Expr, err)
	}
	ts, ok := col.(*array.Timestamp)
	if !ok {
		col.Release()
		return fmt.Errorf("watermark %s is %s, not a timestamp", w.spec.Expr, col.DataType())
	}
	maxTS, nulls := maxTimestamp(ts)
	col.Release()
	if nulls > 0 {
		w.metrics.Add(w.nullMetric, int64(nulls))
	}
	s := w.split(id)
	s.lastActive = w.clock()
	s.idle = false
	if maxTS > s.wm {
		s.wm = maxTS
	}
	// Rows go out before the watermark they produce.
	if err := w.out.Emit(rec); err != nil {
		return err
	}
	return w.update()
}

// maxTimestamp returns the largest non-NULL value and the NULL count.
func maxTimestamp(ts *array.Timestamp) (int64, int) {
	vals := ts.TimestampValues()
	m := MinWatermark
	if ts.NullN() == 0 {
		for _, v := range vals {
			if int64(v) > m {
				m = int64(v)
			}
		}
		return m, 0
	}
	for i, v := range vals {
		if ts.IsValid(i) && int64(v) > m {
			m = int64(v)
		}
	}
	return m, ts.NullN()
}

// OnSplitDone implements SplitAware: the split stops holding back.
func (w *watermarkAssigner) OnSplitDone(id SplitID) error {
	w.split(id).done = true
	return w.update()
}

// OnTick implements Ticker: splits silent for longer than the idle
// timeout become idle.
func (w *watermarkAssigner) OnTick(now int64) error {
	timeout := w.spec.IdleTimeoutMillis
	if timeout <= 0 {
		return nil
	}
	changed := false
	for _, s := range w.splits {
		if !s.done && !s.idle && now-s.lastActive >= timeout {
			s.idle = true
			changed = true
		}
	}
	if !changed {
		return nil
	}
	return w.update()
}

// update emits the minimum over active splits if it advanced. With no
// active split the watermark stays where it is, and if some split is idle
// the output is declared idle so that consumers stop waiting for it.
func (w *watermarkAssigner) update() error {
	m, active, idle := MaxWatermark, false, false
	for _, s := range w.splits {
		switch {
		case s.done:
		case s.idle:
			idle = true
		default:
			active = true
			m = min(m, s.wm)
		}
	}
	if !active {
		if idle {
			return w.wmOut.SetIdle(true)
		}
		return nil
	}
	if err := w.wmOut.SetIdle(false); err != nil {
		return err
	}
	if m <= w.current {
		return nil
	}
	w.current = m
	return w.wmOut.EmitWatermark(m)
}

// OnBatch implements Operator for callers that know no split.
func (w *watermarkAssigner) OnBatch(_ int, rec arrow.Record) error {
	return w.OnSplitBatch(noSplit, rec)
}

// OnWatermark implements Operator. Upstream watermarks are replaced by the
// generated ones, except the final one at end of input.
func (w *watermarkAssigner) OnWatermark(wm int64) (int64, error) {
	if wm == MaxWatermark {
		w.current = MaxWatermark
		return MaxWatermark, nil
	}
	return w.current, nil
}

// OnEnd implements Operator.
func (w *watermarkAssigner) OnEnd() error { return nil }

// Close implements Operator.
func (w *watermarkAssigner) Close() error { return nil }
