// Package print is the 'print' connector: a sink that writes every row to
// standard output (or standard error) as Flink's print connector does,
// e.g. "+I[1, Alice, 2024-01-01 00:00:00.000]", prefixed by
// "<print-identifier>> " when that option is set. NULL prints as "null",
// DECIMAL with its scale, floats as Java prints them ("1.0"). Timestamps
// print in SQL form 'yyyy-MM-dd HH:mm:ss.SSS' (UTC), a deliberate choice:
// Flink's print shows Java's LocalDateTime form ("2024-01-01T00:00"), whose
// width varies with the value and makes poor fixtures.
package print

import (
	"fmt"
	"io"
	"os"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

var options = []spec.Option{
	{Key: "print-identifier", Desc: "prefix of every printed line, followed by '> '"},
	{Key: "standard-error", Kind: spec.KindBool, Default: "false", Desc: "print to standard error instead of standard output"},
	{Key: "sink.parallelism", Kind: spec.KindInt, Desc: "accepted for compatibility; the sink runs once"},
}

// Connector describes the print connector.
func Connector() spec.Connector {
	return spec.Connector{
		Name:    "print",
		Desc:    "writes rows to standard output as +I[v1, v2, ...]",
		Options: options,
		NewSink: NewSink,
		// Updating rows print with their kind: -U[...], +U[...], -D[...].
		AcceptsUpdates: true,
	}
}

// Sink prints rows.
type Sink struct {
	out    io.Writer
	prefix []byte
	text   *format.RowText
	buf    []byte
}

// NewSink builds a print sink writing to p.Stdout (os.Stdout when nil), or
// to standard error with 'standard-error'.
func NewSink(p executor.SinkParams) (executor.Sink, error) {
	t := p.Spec.Table
	v := spec.Values{Table: t, Specs: options}
	stderr, err := v.Bool("standard-error")
	if err != nil {
		return nil, err
	}
	var out io.Writer = os.Stdout
	if p.Stdout != nil {
		out = p.Stdout
	}
	if stderr {
		out = os.Stderr
	}
	var fields []planner.Field
	for _, i := range t.PhysicalColumns() {
		fields = append(fields, planner.Field{Name: t.Columns[i].Name, Type: t.Columns[i].Type})
	}
	text, err := format.NewRowText(fields)
	if err != nil {
		return nil, fmt.Errorf("print sink '%s': %w", t.Name, err)
	}
	s := &Sink{out: out, text: text}
	if id := v.String("print-identifier"); id != "" {
		s.prefix = []byte(id + "> ")
	}
	return s, nil
}

// Write prints the rows of rec, one line each, in one write.
func (s *Sink) Write(rec arrow.Record) error { return s.WriteChanges(rec, nil) }

// WriteChanges implements executor.ChangelogSink: each row prints with its
// kind (+I when kinds is nil).
func (s *Sink) WriteChanges(rec arrow.Record, kinds []executor.RowKind) error {
	if err := s.text.Bind(rec); err != nil {
		return err
	}
	buf := s.buf[:0]
	n := int(rec.NumRows())
	for row := 0; row < n; row++ {
		buf = append(buf, s.prefix...)
		kind := executor.RowInsert
		if kinds != nil {
			kind = kinds[row]
		}
		buf = append(buf, kind.String()...)
		buf = append(buf, '[')
		buf = s.text.AppendRow(buf, row)
		buf = append(buf, ']', '\n')
	}
	s.buf = buf
	if _, err := s.out.Write(buf); err != nil {
		return fmt.Errorf("print sink: %w", err)
	}
	return nil
}

// Commit does nothing: rows are printed as they come.
func (s *Sink) Commit() error { return nil }

// Abort does nothing.
func (s *Sink) Abort() error { return nil }

// Close does nothing.
func (s *Sink) Close() error { return nil }
