package executor

import (
	"context"
	"errors"
	"fmt"
	"io"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// Options configures Build.
type Options struct {
	// Alloc is the allocator for every Arrow buffer of the job; default
	// memory.DefaultAllocator.
	Alloc memory.Allocator
	// BatchSize is the maximum rows per source batch; default 1024.
	BatchSize int
	// Clock returns processing time in ms since the epoch; default the
	// wall clock. Operators read time only through it.
	Clock func() int64
	// Metrics receives the job's counters; default a new set.
	Metrics *Metrics
	// Stdout is handed to sinks (the 'print' connector); default io.Discard.
	Stdout io.Writer
	// QuerySink creates the sink of an OpSink node without a table (a plain
	// SELECT); schema is the query's output columns. Required only for
	// such graphs.
	QuerySink func(schema *arrow.Schema) (Sink, error)
	// TickInterval is how often Ticker operators (idle-split detection)
	// get OnTick; default 100ms; negative disables the periodic ticks, so
	// only (*Job).Tick drives them.
	TickInterval time.Duration
	// ChannelSize is the capacity, in messages, of each operator's input
	// queue; default 16.
	ChannelSize int
	// Operators overrides the registered factories per operator kind.
	Operators map[planner.OpKind]OperatorFactory
}

func (o *Options) defaults() {
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	if o.BatchSize <= 0 {
		o.BatchSize = 1024
	}
	if o.Clock == nil {
		o.Clock = func() int64 { return time.Now().UnixMilli() }
	}
	if o.Metrics == nil {
		o.Metrics = NewMetrics()
	}
	if o.Stdout == nil {
		o.Stdout = io.Discard
	}
	if o.TickInterval == 0 {
		o.TickInterval = 100 * time.Millisecond
	}
	if o.ChannelSize <= 0 {
		o.ChannelSize = 16
	}
}

// Job is a runnable physical graph: one goroutine per node, connected by
// bounded in-band message queues. Build it, call Run once; Metrics and Tick
// may be called from any goroutine at any time.
type Job struct {
	opts    Options
	nodes   []*node
	tickers []*node

	mu      sync.Mutex
	started bool
	closed  bool
	err     error
	cancel  context.CancelFunc
}

// Build turns a physical graph into a job, creating every source and sink
// through conns (and Options.QuerySink) and every other operator through
// its registered factory. Nodes must be in topological order. On error,
// what was created is closed again. The caller must then Run the job or
// Close it.
func Build(g *planner.Graph, conns Connectors, opts Options) (*Job, error) {
	opts.defaults()
	j := &Job{opts: opts}
	if g == nil || len(g.Nodes) == 0 {
		return nil, errors.New("executor: empty graph")
	}
	byID := make(map[int]*node, len(g.Nodes))
	for i, pn := range g.Nodes {
		if pn == nil {
			j.closeUnstarted()
			return nil, fmt.Errorf("executor: graph node %d is nil", i)
		}
		if _, dup := byID[pn.ID]; dup {
			j.closeUnstarted()
			return nil, fmt.Errorf("executor: duplicate node id %d", pn.ID)
		}
		n := &node{pn: pn, name: nodeName(g, pn), nIn: len(pn.Inputs), inbox: make(chan message, opts.ChannelSize)}
		for i, e := range pn.Inputs {
			p, ok := byID[e.From]
			if !ok {
				j.closeUnstarted()
				return nil, fmt.Errorf("executor: %s: input %d reads node %d, which does not come before it", n.name, i, e.From)
			}
			p.outs = append(p.outs, outlet{to: n, input: i})
		}
		if err := protect(n.name, func() error { return j.buildNode(g, n, byID, conns) }); err != nil {
			j.closeUnstarted()
			return nil, err
		}
		byID[pn.ID] = n
		j.nodes = append(j.nodes, n)
	}
	return j, nil
}

func (j *Job) buildNode(g *planner.Graph, n *node, byID map[int]*node, conns Connectors) error {
	pn := n.pn
	switch pn.Kind {
	case planner.OpSource:
		if len(pn.Inputs) != 0 {
			return errors.New("a source has no inputs")
		}
		src, schema, err := buildSource(pn, conns, &j.opts)
		if err != nil {
			return err
		}
		n.src, n.schema = src, schema
		return nil
	case planner.OpSink:
		if len(pn.Inputs) != 1 {
			return fmt.Errorf("a sink has one input, not %d", len(pn.Inputs))
		}
		op, err := buildSinkOp(pn, byID[pn.Inputs[0].From].pn, conns, &j.opts)
		if err != nil {
			return err
		}
		n.op = op
		return nil
	}
	if len(pn.Inputs) == 0 {
		return errors.New("operator has no inputs")
	}
	f, err := lookupFactory(pn.Kind, j.opts.Operators)
	if err != nil {
		return err
	}
	op, err := f(g, pn)
	if err != nil {
		return err
	}
	n.op = op
	if err := buildLateSink(pn, byID[pn.Inputs[0].From].pn, op, conns, &j.opts); err != nil {
		op.Close()
		return err
	}
	if _, ok := op.(Ticker); ok {
		n.tick = make(chan struct{}, 1)
		j.tickers = append(j.tickers, n)
	}
	return nil
}

// buildLateSink creates the late-row sink of a LateRowsUser operator fed
// by input, if it asks for one (see LateRowsUser).
func buildLateSink(pn, input *planner.PNode, op Operator, conns Connectors, opts *Options) error {
	u, ok := op.(LateRowsUser)
	if !ok || u.LateSinkSpec() == nil {
		return nil
	}
	spec := u.LateSinkSpec()
	if spec.Table == nil {
		return errors.New("late-row sink has no table")
	}
	sink, err := buildSinkOp(&planner.PNode{ID: pn.ID, Kind: planner.OpSink, Sink: spec}, input, conns, opts)
	if err != nil {
		return fmt.Errorf("late rows to %s: %w", spec.Table.Name, err)
	}
	u.SetLateSink(sink)
	return nil
}

// nodeName names a node in errors: "Source#0 (clicks)",
// "Calc#3 (INSERT INTO clean_clicks)",
// "WatermarkAssigner#1 (clicks)", "Sink#5 (clean_clicks)".
func nodeName(g *planner.Graph, pn *planner.PNode) string {
	name := fmt.Sprintf("%s#%d", pn.Kind, pn.ID)
	switch {
	case pn.Source != nil && pn.Source.Table != nil:
		name += " (" + pn.Source.Table.Name + ")"
	case pn.Sink != nil && pn.Sink.Table != nil:
		name += " (" + pn.Sink.Table.Name + ")"
	case pn.Kind == planner.OpWatermark:
		if t := sourceTable(g, pn); t != "" {
			name += " (" + t + ")"
		}
	default:
		if ts := sinkTables(g, pn); len(ts) > 0 {
			name += " (INSERT INTO " + strings.Join(ts, ", ") + ")"
		}
	}
	return name
}

// sinkTables returns the tables of the sinks fed by pn, sorted.
func sinkTables(g *planner.Graph, pn *planner.PNode) []string {
	seen := map[int]bool{pn.ID: true}
	queue := []int{pn.ID}
	var tables []string
	for len(queue) > 0 {
		id := queue[0]
		queue = queue[1:]
		for _, c := range g.Nodes {
			for _, e := range c.Inputs {
				if e.From != id || seen[c.ID] {
					continue
				}
				seen[c.ID] = true
				queue = append(queue, c.ID)
				if c.Kind == planner.OpSink && c.Sink != nil && c.Sink.Table != nil {
					tables = append(tables, c.Sink.Table.Name)
				}
			}
		}
	}
	sort.Strings(tables)
	return tables
}

// sourceTable follows first inputs up from pn to a source and returns its
// table name, or "".
func sourceTable(g *planner.Graph, pn *planner.PNode) string {
	for hops := 0; pn != nil && hops <= len(g.Nodes); hops++ {
		if pn.Kind == planner.OpSource && pn.Source != nil && pn.Source.Table != nil {
			return pn.Source.Table.Name
		}
		if len(pn.Inputs) == 0 {
			return ""
		}
		from := pn.Inputs[0].From
		pn = nil
		for _, c := range g.Nodes {
			if c.ID == from {
				pn = c
				break
			}
		}
	}
	return ""
}

// Metrics returns the job's counters.
func (j *Job) Metrics() *Metrics { return j.opts.Metrics }

// Tick asks every Ticker operator to run OnTick soon (it reads the Clock
// then). Ticks not yet handled coalesce. Safe from any goroutine.
func (j *Job) Tick() {
	for _, n := range j.tickers {
		select {
		case n.tick <- struct{}{}:
		default:
		}
	}
}

// Close releases a job that was built but never run (its sources and
// sinks are closed, sinks aborted first). After Run it does nothing.
func (j *Job) Close() error {
	j.mu.Lock()
	defer j.mu.Unlock()
	if j.started || j.closed {
		return nil
	}
	j.closed = true
	return j.closeUnstarted()
}

func (j *Job) closeUnstarted() error {
	var errs []error
	for _, n := range j.nodes {
		if n.src != nil {
			errs = append(errs, protect(n.name, n.src.Close))
		}
		if n.op != nil {
			errs = append(errs, protect(n.name, n.op.Close))
		}
	}
	return errors.Join(errs...)
}

// protect runs f, turning a panic into an error naming the operator.
func protect(name string, f func() error) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: panic: %v", name, r)
		}
	}()
	if err := f(); err != nil {
		return fmt.Errorf("%s: %w", name, err)
	}
	return nil
}
