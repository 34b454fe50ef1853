// Package engine wires the stages together: it parses SQL files, applies
// their DDL and settings to a catalog, plans every INSERT INTO of the files
// into one job graph and runs it on the executor with the registered
// connectors. The CLI, the REPL and the golden tests all drive it.
package engine

import (
	"fmt"
	"io"
	"os"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// Options configures an Engine. Zero values take defaults.
type Options struct {
	// Stdout receives print-sink rows, SELECT results and the output of
	// SHOW, DESCRIBE, EXPLAIN and SET. Default os.Stdout.
	Stdout io.Writer
	// Alloc is the Arrow allocator for every batch. Default: Go allocator.
	Alloc memory.Allocator
	// BatchSize is the maximum rows per batch. Default 1024.
	BatchSize int
	// Clock returns processing time in ms. Default: the wall clock.
	Clock func() int64
	// Connectors creates sources and sinks. Default: connectors.New().
	Connectors executor.Connectors
	// BootstrapServers, when set, replaces the
	// 'properties.bootstrap.servers' option of every table that sets it
	// (the Kafka connectors require it): the same SQL then runs against
	// another cluster (or the embedded broker).
	BootstrapServers string
}

// syncWriter serializes writes to w; each Write is one whole batch of
// lines, so lines of different sinks never interleave.
type syncWriter struct {
	mu sync.Mutex
	w  io.Writer
}

func (s *syncWriter) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.w.Write(p)
}

// Engine holds a session: a catalog, settings, and the statements of the
// job being assembled. It is not safe for concurrent use.
type Engine struct {
	opts     Options
	cat      *catalog.Catalog
	settings map[string]string
	inserts  []*sql.Insert
	queries  []sql.Query
	metrics  *executor.Metrics
}

// New returns an engine with an empty catalog.
func New(opts Options) *Engine {
	if opts.Stdout == nil {
		opts.Stdout = os.Stdout
	}
	// Several sinks of a job (and several jobs) print concurrently.
	opts.Stdout = &syncWriter{w: opts.Stdout}
	if opts.Alloc == nil {
		opts.Alloc = memory.NewGoAllocator()
	}
	if opts.BatchSize <= 0 {
		opts.BatchSize = 1024
	}
	if opts.Clock == nil {
		opts.Clock = func() int64 { return time.Now().UnixMilli() }
	}
	if opts.Connectors == nil {
		opts.Connectors = connectors.New()
	}
	cat := catalog.New()
	cat.SetValidator(func(t *catalog.Table) error {
		overrideServers(t, opts.BootstrapServers)
		return connectors.Validate(t)
	})
	return &Engine{opts: opts, cat: cat, settings: map[string]string{}, metrics: executor.NewMetrics()}
}

// Catalog returns the session's catalog.
func (e *Engine) Catalog() *catalog.Catalog { return e.cat }

// Metrics returns the counters of the jobs run so far.
func (e *Engine) Metrics() *executor.Metrics { return e.metrics }

// LoadFile parses a SQL file and executes its statements in order.
func (e *Engine) LoadFile(path string) error {
	text, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	return e.LoadSource(&sql.Source{Name: path, Text: string(text)})
}

// LoadSource parses src and executes its statements in order: DDL and SET
// take effect at once, SHOW/DESCRIBE/EXPLAIN print to Stdout, INSERT INTO
// and SELECT are checked by planning them and then queued for Run.
func (e *Engine) LoadSource(src *sql.Source) error {
	stmts, err := sql.Parse(src)
	if err != nil {
		return err
	}
	for _, st := range stmts {
		if err := e.Exec(st); err != nil {
			return err
		}
	}
	return nil
}

// Exec executes one statement (see LoadSource).
func (e *Engine) Exec(st sql.Statement) error {
	out := e.opts.Stdout
	switch s := st.(type) {
	case *sql.CreateTable:
		return e.cat.CreateTable(s)
	case *sql.CreateView:
		return e.cat.CreateView(s)
	case *sql.Drop:
		return e.cat.Drop(s)
	case *sql.Set:
		if s.Key == "" {
			keys := make([]string, 0, len(e.settings))
			for k := range e.settings {
				keys = append(keys, k)
			}
			sort.Strings(keys)
			for _, k := range keys {
				fmt.Fprintf(out, "'%s' = '%s'\n", k, e.settings[k])
			}
			return nil
		}
		e.settings[s.Key] = s.Value
		return nil
	case *sql.Reset:
		if s.Key == "" {
			e.settings = map[string]string{}
		} else {
			delete(e.settings, s.Key)
		}
		return nil
	case *sql.ShowTables:
		for _, t := range e.cat.Tables() {
			if t.IsView == s.Views || !s.Views {
				fmt.Fprintln(out, t.Name)
			}
		}
		return nil
	case *sql.Describe:
		text, err := e.cat.Describe(s.Name)
		if err != nil {
			return err
		}
		fmt.Fprint(out, text)
		return nil
	case *sql.Explain:
		text, err := planner.Explain(e.cat, s.Stmt, e.settings)
		if err != nil {
			return err
		}
		fmt.Fprint(out, text)
		return nil
	case *sql.Insert:
		if _, err := planner.PlanInserts(e.cat, []*sql.Insert{s}, e.settings); err != nil {
			return err
		}
		e.inserts = append(e.inserts, s)
		return nil
	case *sql.QueryStatement:
		if _, _, err := planner.PlanQuery(e.cat, s.Query, e.settings); err != nil {
			return err
		}
		e.queries = append(e.queries, s.Query)
		return nil
	}
	return sql.Errorf(st.Position(), "statement %T is not supported", st)
}

// Pending reports how many INSERT INTO and SELECT statements wait for Run.
func (e *Engine) Pending() int { return len(e.inserts) + len(e.queries) }

// Explain returns the plans of the queued statements: every INSERT as one
// job graph, then each SELECT.
func (e *Engine) Explain() (string, error) {
	var b strings.Builder
	if len(e.inserts) > 0 {
		text, err := planner.ExplainInserts(e.cat, e.inserts, e.settings)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
	}
	for _, q := range e.queries {
		text, err := planner.Explain(e.cat, &sql.QueryStatement{Query: q}, e.settings)
		if err != nil {
			return "", err
		}
		b.WriteString(text)
	}
	return b.String(), nil
}

// kafkaServersOption is the Kafka connectors' broker list option.
const kafkaServersOption = "properties.bootstrap.servers"

// overrideServers points a table that names Kafka brokers at servers
// (when set): every table with the option, whatever its connector.
func overrideServers(t *catalog.Table, servers string) {
	if _, ok := t.Options[kafkaServersOption]; ok && servers != "" {
		t.Options[kafkaServersOption] = servers
	}
}
