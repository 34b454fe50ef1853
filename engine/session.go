package engine

import (
	"context"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// Job is one statement planned and built to run on its own, outside the
// queue of Run: a SELECT whose rows go to a callback, or a group of INSERT
// INTO statements. The REPL runs each query and each INSERT this way so it
// can cancel them one by one. A Job must be Run or Closed.
type Job struct {
	// Fields are the output columns of a SELECT; nil for INSERTs.
	Fields planner.Schema
	// Updating is set when the SELECT's result is updating: its rows
	// come with kinds (+I, -U, +U, -D).
	Updating bool
	job      *executor.Job
	metrics  *executor.Metrics
}

// RowFunc receives the rows of a running SELECT, one batch at a time. The
// record and kinds are borrowed for the duration of the call. kinds gives each row's
// kind when the result is updating (Job.Updating), and is nil for an
// append-only result (every row is +I). An error fails the job.
type RowFunc func(rec arrow.Record, kinds []executor.RowKind) error

// Setting returns the value of a session setting made with SET.
func (e *Engine) Setting(key string) (string, bool) {
	v, ok := e.settings[key]
	return v, ok
}

// PrepareQuery plans q and builds it as a job of its own whose result
// rows are handed to rows as they are produced.
func (e *Engine) PrepareQuery(q sql.Query, rows RowFunc) (*Job, error) {
	g, schema, err := planner.PlanQuery(e.cat, q, e.settings)
	if err != nil {
		return nil, err
	}
	m := executor.NewMetrics()
	opts := e.execOptions(nil)
	opts.Metrics = m
	opts.QuerySink = func(*arrow.Schema) (executor.Sink, error) { return funcSink(rows), nil }
	j, err := executor.Build(g, e.opts.Connectors, opts)
	if err != nil {
		return nil, err
	}
	return &Job{Fields: schema, Updating: updating(g), job: j, metrics: m}, nil
}

// updating reports whether the graph's sinks receive updates.
func updating(g *planner.Graph) bool {
	for _, n := range g.Nodes {
		if n.Kind == planner.OpSink && n.Changelog.Updating() {
			return true
		}
	}
	return false
}

// PrepareInserts plans ins as one job graph and builds it, with counters of
// its own.
func (e *Engine) PrepareInserts(ins []*sql.Insert) (*Job, error) {
	g, err := planner.PlanInserts(e.cat, ins, e.settings)
	if err != nil {
		return nil, err
	}
	m := executor.NewMetrics()
	opts := e.execOptions(nil)
	opts.Metrics = m
	j, err := executor.Build(g, e.opts.Connectors, opts)
	if err != nil {
		return nil, err
	}
	return &Job{job: j, metrics: m}, nil
}

// Run runs the job until its bounded inputs end, it fails, or ctx is
// cancelled (the error is then ctx.Err()).
func (j *Job) Run(ctx context.Context) error { return j.job.Run(ctx) }

// Close releases a job that was never run.
func (j *Job) Close() error { return j.job.Close() }

// Metrics returns the job's own counters.
func (j *Job) Metrics() *executor.Metrics { return j.metrics }

// RowsWritten returns the rows written so far to the job's sinks.
func (j *Job) RowsWritten() int64 {
	var n int64
	for k, v := range j.metrics.Snapshot() {
		if strings.HasPrefix(k, "sink.") && strings.HasSuffix(k, ".rows") {
			n += v
		}
	}
	return n
}

// funcSink hands every batch to a RowFunc.
type funcSink RowFunc

func (f funcSink) Write(rec arrow.Record) error { return f(rec, nil) }
func (f funcSink) WriteChanges(rec arrow.Record, kinds []executor.RowKind) error {
	return f(rec, kinds)
}
func (f funcSink) Commit() error { return nil }
func (f funcSink) Abort() error  { return nil }
func (f funcSink) Close() error  { return nil }
