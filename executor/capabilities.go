package executor

import (
	"fmt"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/planner"
)

// SplitAware is an optional Operator capability for operators that must
// know which source split each batch comes from (the watermark assigner).
// The runtime finds it by type assertion and, for such an operator, calls
// these methods instead of OnBatch. Calls come from the operator's single
// goroutine, interleaved with OnWatermark, in stream order.
//
// Split information travels from a source through single-input operators
// that are not SplitAware; a multi-input operator drops it, so a
// SplitAware operator behind a Union sees every batch with split -1.
type SplitAware interface {
	// OnSplitAdd announces split (named name, e.g. a file or partition)
	// before its first batch.
	OnSplitAdd(split SplitID, name string) error
	// OnSplitBatch processes one batch read from split; rec is borrowed as
	// in OnBatch. split is -1 when the origin is unknown.
	OnSplitBatch(split SplitID, rec arrow.Record) error
	// OnSplitDone says split will produce no more rows.
	OnSplitDone(split SplitID) error
}

// Ticker is an optional Operator capability for operators that act on
// processing time (idle-split detection). The runtime calls OnTick
// periodically (Options.TickInterval) and on (*Job).Tick, from the
// operator's goroutine; now is the job Clock at the time of the call.
type Ticker interface {
	OnTick(now int64) error
}

// WatermarkEmitter is implemented by the Emitter the runtime passes to
// Open. An operator that generates watermarks (rather than forwarding its
// inputs') finds it by type assertion. Call its methods only from the
// operator's own callbacks.
type WatermarkEmitter interface {
	// EmitWatermark forwards wm downstream if it is greater than every
	// watermark forwarded so far and ignores it otherwise.
	EmitWatermark(wm int64) error
	// SetIdle declares the operator's output idle (true: consumers stop
	// waiting for its watermark, as when every split of a source is idle)
	// or active again (false, before emitting rows again). An output is
	// also idle while every input of the operator is idle; emitting a batch
	// makes it active.
	SetIdle(idle bool) error
}

// OperatorFactory creates the operator for physical node n of graph g.
// It is called by Build; it must not allocate Arrow buffers (Open does).
type OperatorFactory func(g *planner.Graph, n *planner.PNode) (Operator, error)

var (
	registryMu sync.RWMutex
	registry   = map[planner.OpKind]OperatorFactory{}
)

// RegisterOperator binds an operator kind to its factory, usually from an
// init function. Source and Sink nodes are built by the runtime itself and
// cannot be registered. Registering a kind twice replaces the factory. It
// is safe for concurrent use.
func RegisterOperator(kind planner.OpKind, f OperatorFactory) {
	registryMu.Lock()
	registry[kind] = f
	registryMu.Unlock()
}

func lookupFactory(kind planner.OpKind, override map[planner.OpKind]OperatorFactory) (OperatorFactory, error) {
	if f, ok := override[kind]; ok {
		return f, nil
	}
	registryMu.RLock()
	f, ok := registry[kind]
	registryMu.RUnlock()
	if !ok {
		return nil, fmt.Errorf("no operator for kind %q", kind)
	}
	return f, nil
}

func init() {
	RegisterOperator(planner.OpCalc, newCalc)
	RegisterOperator(planner.OpUnion, newUnion)
	RegisterOperator(planner.OpWatermark, newWatermarkAssigner)
}

// LateRowsUser is an optional Operator capability for operators that
// route the rows they drop (late rows, rows without an event time) to a
// table of the user's choice. Build finds it by type assertion: when
// LateSinkSpec returns a spec, Build creates that table's sink through
// Connectors.NewSink, mapping the operator's input columns onto the
// table's columns per the spec's Columns (as for an INSERT), and hands
// it over with SetLateSink before Open. The handed-over sink is itself an
// Operator taking batches in the operator's input schema: the owner calls
// its Open from its own Open (with a nil Emitter), OnBatch to write rows,
// OnEnd from its own OnEnd (which commits) and Close from its own Close
// (which aborts what was not committed, as for every sink).
type LateRowsUser interface {
	// LateSinkSpec returns the table late rows go to, or nil.
	LateSinkSpec() *planner.SinkSpec
	// SetLateSink hands over the sink; the operator owns it from then on.
	SetLateSink(sink Operator)
}
