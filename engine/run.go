package engine

import (
	"context"
	"errors"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// Run plans the queued INSERT INTO statements as one job graph, and each
// queued SELECT as a job of its own whose rows are printed, then runs them
// all until their bounded inputs end, one of them fails, or ctx is
// cancelled. The queue is emptied. The first error is returned; on
// cancellation the error is ctx.Err().
func (e *Engine) Run(ctx context.Context) error {
	var jobs []*executor.Job
	if len(e.inserts) > 0 {
		g, err := planner.PlanInserts(e.cat, e.inserts, e.settings)
		if err != nil {
			return err
		}
		j, err := executor.Build(g, e.opts.Connectors, e.execOptions(nil))
		if err != nil {
			return err
		}
		jobs = append(jobs, j)
	}
	for _, q := range e.queries {
		g, schema, err := planner.PlanQuery(e.cat, q, e.settings)
		if err != nil {
			return err
		}
		j, err := executor.Build(g, e.opts.Connectors, e.execOptions(schema))
		if err != nil {
			return err
		}
		jobs = append(jobs, j)
	}
	e.inserts, e.queries = nil, nil
	return runAll(ctx, jobs)
}

func (e *Engine) execOptions(query planner.Schema) executor.Options {
	o := executor.Options{
		Alloc:     e.opts.Alloc,
		BatchSize: e.opts.BatchSize,
		Clock:     e.opts.Clock,
		Metrics:   e.metrics,
		Stdout:    e.opts.Stdout,
	}
	if query != nil {
		o.QuerySink = func(schema *arrow.Schema) (executor.Sink, error) {
			return e.querySink(query, schema)
		}
	}
	return o
}

// querySink prints the rows of a plain SELECT like the print connector.
func (e *Engine) querySink(fields planner.Schema, schema *arrow.Schema) (executor.Sink, error) {
	t := &catalog.Table{Name: "query", Options: map[string]string{"connector": "print"}}
	for _, f := range fields {
		t.Columns = append(t.Columns, catalog.Column{Name: f.Name, Type: f.Type, Kind: catalog.Physical})
	}
	return e.opts.Connectors.NewSink(executor.SinkParams{
		Spec:    &planner.SinkSpec{Table: t},
		Alloc:   e.opts.Alloc,
		Schema:  schema,
		Metrics: e.metrics,
		Stdout:  e.opts.Stdout,
	})
}

// runAll runs jobs concurrently; the first failure cancels the others.
func runAll(ctx context.Context, jobs []*executor.Job) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	errs := make([]error, len(jobs))
	var wg sync.WaitGroup
	for i, j := range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			if err := j.Run(ctx); err != nil {
				errs[i] = err
				cancel()
			}
		}()
	}
	wg.Wait()
	// Prefer a real failure over the cancellations it caused.
	for _, err := range errs {
		if err != nil && !errors.Is(err, context.Canceled) {
			return err
		}
	}
	return errors.Join(errs...)
}
