package executor

import (
	"errors"
	"fmt"
	"sort"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/planner"
)

// windowRank is the OpWindowRank operator (spec: planner.WindowRankSpec):
// a Top-N per window. Rows are kept per window (window_end, window_start)
// and partition, each partition only its best RankEnd rows in rank order
// (sort keys, then arrival); when the watermark reaches window_end - 1
// the window's ranked rows are emitted, partitions in order of first
// arrival, and its state freed.
type windowRank struct {
	spec  *planner.WindowRankSpec
	width int
	types []arrow.DataType
	out   *arrow.Schema

	metrics *Metrics
	lateMet string
	keys    *keyTable
	rows    *rankRows
	wins    map[winBounds]*rankWindow
	emit    *rankEmit
	// fired is the watermark up to which windows have been emitted.
	fired int64
	// fire is scratch for the windows firing.
	fire []winBounds
}

// winBounds identifies a window.
type winBounds struct{ end, start int64 }

// rankWindow is one window's partitions, in order of first arrival.
type rankWindow struct {
	parts []winPart
	index map[uint32]int
}

// winPart is one partition of a window: its key id and ranked rows.
type winPart struct {
	key  uint32
	list []uint32
}

func init() { RegisterOperator(planner.OpWindowRank, newWindowRank) }

// newWindowRank is the OperatorFactory of OpWindowRank.
func newWindowRank(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.WindowRank == nil {
		return nil, errors.New("window rank node without a spec")
	}
	input, err := inputNode(g, n)
	if err != nil {
		return nil, fmt.Errorf("window rank: %w", err)
	}
	if input.Changelog.Updating() {
		return nil, errors.New("window rank: the input is updating; it takes inserts only")
	}
	out, err := NodeSchema(n)
	if err != nil {
		return nil, err
	}
	return newWindowRankFor(n.WindowRank, input.Schema, out)
}

// newWindowRankFor creates the operator for spec over input columns in,
// emitting batches of schema out.
func newWindowRankFor(spec *planner.WindowRankSpec, in planner.Schema, out *arrow.Schema) (*windowRank, error) {
	s, err := ArrowSchema(in)
	if err != nil {
		return nil, err
	}
	name := "window rank " + spec.LateName
	if err := checkRankSpec(spec.PartitionKeys, spec.OrderKeys, spec.RankStart, spec.RankEnd, len(in)); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	for _, c := range []int{spec.WindowStart, spec.WindowEnd} {
		if c < 0 || c >= len(in) || s.Field(c).Type.ID() != arrow.TIMESTAMP {
			return nil, fmt.Errorf("%s: window bound column %d is not a timestamp column of the input", name, c)
		}
	}
	if want := len(in) + boolInt(spec.OutputRank); out.NumFields() != want {
		return nil, fmt.Errorf("%s: output has %d columns, want %d", name, out.NumFields(), want)
	}
	w := &windowRank{spec: spec, width: len(in), out: out, fired: MinWatermark, wins: map[winBounds]*rankWindow{}}
	for i := range in {
		w.types = append(w.types, s.Field(i).Type)
	}
	w.lateMet = "window." + spec.LateName + ".late_rows"
	return w, nil
}

// Open implements Operator.
func (w *windowRank) Open(ctx *OpContext, out Emitter) error {
	w.metrics = ctx.Metrics
	kt := make([]arrow.DataType, len(w.spec.PartitionKeys))
	for i, c := range w.spec.PartitionKeys {
		kt[i] = w.types[c]
	}
	var err error
	if w.keys, err = newKeyTable(kt); err != nil {
		return fmt.Errorf("%s: %w", ctx.Name, err)
	}
	if w.rows, err = newRankRows(w.types, w.spec.OrderKeys); err != nil {
		return fmt.Errorf("%s: %w", ctx.Name, err)
	}
	w.emit = newRankEmit(ctx.Alloc, w.out, out, w.rows, w.width, w.spec.OutputRank, false)
	return nil
}

// OnBatch implements Operator.
func (w *windowRank) OnBatch(_ int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	starts, ok1 := rec.Column(w.spec.WindowStart).(*array.Timestamp)
	ends, ok2 := rec.Column(w.spec.WindowEnd).(*array.Timestamp)
	if !ok1 || !ok2 {
		return errors.New("window rank: window bound columns are not timestamps")
	}
	w.keys.hashBatch(rec, w.spec.PartitionKeys)
	defer w.keys.release()
	w.rows.load(rec)
	end := int(w.spec.RankEnd)
	for i := 0; i < n; i++ {
		if starts.IsNull(i) || ends.IsNull(i) {
			return &RowError{Row: i, Err: errors.New("window rank: a row has no window bounds (NULL window_start or window_end)")}
		}
		b := winBounds{end: int64(ends.Value(i)), start: int64(starts.Value(i))}
		if b.end-1 <= w.fired {
			w.metrics.Add(w.lateMet, 1)
			continue
		}
		win := w.wins[b]
		if win == nil {
			win = &rankWindow{index: map[uint32]int{}}
			w.wins[b] = win
		}
		id := w.keys.lookup(i)
		pi, ok := win.index[id]
		if !ok {
			pi = len(win.parts)
			win.index[id] = pi
			win.parts = append(win.parts, winPart{key: id})
			w.keys.ref(id)
		}
		p := &win.parts[pi]
		if len(p.list) >= end && w.rows.cmpRow(p.list[len(p.list)-1], i) <= 0 {
			continue // ranks after RankEnd
		}
		s := w.rows.add(i)
		pos := w.rows.insertPos(p.list, s)
		p.list = append(p.list, 0)
		copy(p.list[pos+1:], p.list[pos:])
		p.list[pos] = s
		if len(p.list) > end {
			w.rows.release(p.list[end])
			p.list = p.list[:end]
		}
	}
	return w.emit.flush() // reclaims the slots released
}

// OnWatermark implements Operator: it emits the windows whose end - 1 the
// watermark reached and forwards the watermark.
func (w *windowRank) OnWatermark(wm int64) (int64, error) {
	if err := w.fireUpTo(wm); err != nil {
		return 0, err
	}
	return wm, nil
}

// fireUpTo emits and frees every window with end - 1 <= wm, in (end,
// start) order.
func (w *windowRank) fireUpTo(wm int64) error {
	if wm > w.fired {
		w.fired = wm
	}
	w.fire = w.fire[:0]
	for b := range w.wins {
		if b.end-1 <= wm {
			w.fire = append(w.fire, b)
		}
	}
	sort.Slice(w.fire, func(i, j int) bool {
		a, b := w.fire[i], w.fire[j]
		return a.end < b.end || a.end == b.end && a.start < b.start
	})
	for _, b := range w.fire {
		win := w.wins[b]
		delete(w.wins, b)
		for _, p := range win.parts {
			for k, s := range p.list {
				if rank := int64(k) + 1; rank >= w.spec.RankStart {
					if err := w.emit.row(s, rank, RowInsert); err != nil {
						return err
					}
				}
				w.rows.release(s)
			}
			w.keys.unref(p.key)
		}
	}
	return w.emit.flush()
}

// OnEnd implements Operator: every window left is emitted.
func (w *windowRank) OnEnd() error { return w.fireUpTo(MaxWatermark) }

// Close implements Operator.
func (w *windowRank) Close() error {
	if w.emit != nil {
		w.emit.release()
		w.emit = nil
	}
	return nil
}
