package fixturetest

import (
	"bytes"
	"fmt"
	"path/filepath"
	"sync"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// Change is one row written to a table, with its kind.
type Change struct {
	Kind executor.RowKind
	// Row is the row as a canonical JSON object (see Table.Canonical).
	Row string
}

// Output is what a pipeline wrote to one table, in arrival order. Its
// sinks append from their own goroutines; read it after the job ended.
type Output struct {
	Table   *Table
	mu      sync.Mutex
	changes []Change
}

// Changes returns the recorded changes in arrival order.
func (o *Output) Changes() []Change {
	o.mu.Lock()
	defer o.mu.Unlock()
	return append([]Change(nil), o.changes...)
}

func (o *Output) add(cs []Change) {
	o.mu.Lock()
	o.changes = append(o.changes, cs...)
	o.mu.Unlock()
}

// fixtureConnectors implements executor.Connectors for a test run: the
// catalog's tables read their fixtures and write to collectors; anything
// else (the print sink of a plain SELECT) goes to base. Build calls it from
// one goroutine; outputs is read after the job ended.
type fixtureConnectors struct {
	cat     *catalog.Catalog
	base    executor.Connectors
	dir     string // the pipeline's fixtures directory
	mu      sync.Mutex
	outputs map[string]*Output
}

// inCatalog reports whether t is the catalog's own table of its name
// (and not, say, the engine's stand-in table of a SELECT's result).
func (c *fixtureConnectors) inCatalog(t *catalog.Table) bool {
	if c.cat == nil || t == nil {
		return false
	}
	ct, ok := c.cat.Lookup(t.Name)
	return ok && ct == t
}

// MissingFixtureError says a source table has no fixture file.
type MissingFixtureError struct {
	Table string
	// Path is the fixture file the table would read.
	Path string
}

func (e *MissingFixtureError) Error() string {
	return fmt.Sprintf("no fixture for source table '%s': write %s (JSON lines)", e.Table, e.Path)
}

// NewSource implements executor.Connectors.
func (c *fixtureConnectors) NewSource(p executor.SourceParams) (executor.Source, error) {
	if p.Spec == nil || !c.inCatalog(p.Spec.Table) {
		return c.base.NewSource(p)
	}
	t := p.Spec.Table
	files, err := fixtureFiles(c.dir, t.Name)
	if err != nil {
		return nil, err
	}
	if files == nil {
		return nil, &MissingFixtureError{Table: t.Name, Path: filepath.Join(c.dir, t.Name+".jsonl")}
	}
	return newFixtureSource(p, files)
}

// NewSink implements executor.Connectors.
func (c *fixtureConnectors) NewSink(p executor.SinkParams) (executor.Sink, error) {
	if p.Spec == nil || !c.inCatalog(p.Spec.Table) {
		return c.base.NewSink(p)
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	out, ok := c.outputs[p.Spec.Table.Name]
	if !ok {
		tab, err := NewTable(p.Spec.Table)
		if err != nil {
			return nil, err
		}
		out = &Output{Table: tab}
		c.outputs[p.Spec.Table.Name] = out
	}
	if len(out.Table.Fields) != p.Schema.NumFields() {
		return nil, fmt.Errorf("table '%s': the sink receives %d columns, the table has %d physical columns",
			p.Spec.Table.Name, p.Schema.NumFields(), len(out.Table.Fields))
	}
	enc, err := format.NewJSONEncoder(out.Table.Fields, format.JSONOptions{})
	if err != nil {
		return nil, fmt.Errorf("table '%s': %w", p.Spec.Table.Name, err)
	}
	return &collector{out: out, enc: enc}, nil
}

// collector is the sink of a table under test: it records every row with
// its kind. It takes updates, so it implements executor.ChangelogSink.
type collector struct {
	out *Output
	enc *format.JSONEncoder
	buf []byte
}

var _ executor.ChangelogSink = (*collector)(nil)

// Write implements executor.Sink: every row is an insert.
func (s *collector) Write(rec arrow.Record) error { return s.WriteChanges(rec, nil) }

// WriteChanges implements executor.ChangelogSink; nil kinds means all +I.
func (s *collector) WriteChanges(rec arrow.Record, kinds []executor.RowKind) error {
	rows, err := encodeRows(s.enc, &s.buf, rec)
	if err != nil {
		return err
	}
	if kinds != nil && len(kinds) != len(rows) {
		return fmt.Errorf("table '%s': %d row kinds for %d rows", s.out.Table.Name, len(kinds), len(rows))
	}
	cs := make([]Change, len(rows))
	for i, r := range rows {
		cs[i].Row = r
		if kinds != nil {
			cs[i].Kind = kinds[i]
		}
	}
	s.out.add(cs)
	return nil
}

// encodeRows renders every row of rec as one JSON object.
func encodeRows(enc *format.JSONEncoder, buf *[]byte, rec arrow.Record) ([]string, error) {
	b, err := enc.Encode((*buf)[:0], rec)
	*buf = b
	if err != nil {
		return nil, err
	}
	rows := make([]string, 0, rec.NumRows())
	for len(b) > 0 {
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			i = len(b)
		}
		rows = append(rows, string(b[:i]))
		b = b[min(i+1, len(b)):]
	}
	return rows, nil
}

// Commit implements executor.Sink.
func (s *collector) Commit() error { return nil }

// Abort implements executor.Sink.
func (s *collector) Abort() error { return nil }

// Close implements executor.Sink.
func (s *collector) Close() error { return nil }

// tableFields returns the physical columns of t, the columns a sink writes.
func tableFields(t *catalog.Table) []planner.Field {
	var fs []planner.Field
	for _, i := range t.PhysicalColumns() {
		fs = append(fs, planner.Field{Name: t.Columns[i].Name, Type: t.Columns[i].Type})
	}
	return fs
}
