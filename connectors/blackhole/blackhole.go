// Package blackhole is the 'blackhole' connector: a sink that discards
// every row and only counts them, for benchmarks and dry runs.
package blackhole

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/executor"
)

// Connector describes the blackhole connector.
func Connector() spec.Connector {
	return spec.Connector{
		Name:    "blackhole",
		Desc:    "discards every row (counts them under sink.<table>.rows)",
		NewSink: NewSink,
		// Updating rows are counted like inserts.
		AcceptsUpdates: true,
	}
}

// Sink discards rows and counts them.
type Sink struct {
	rows int64
}

// NewSink builds a blackhole sink.
func NewSink(p executor.SinkParams) (executor.Sink, error) {
	return &Sink{}, nil
}

// Write counts the rows of rec.
func (s *Sink) Write(rec arrow.Record) error {
	n := rec.NumRows()
	s.rows += n
	return nil
}

// WriteChanges implements executor.ChangelogSink: it counts the rows.
func (s *Sink) WriteChanges(rec arrow.Record, _ []executor.RowKind) error { return s.Write(rec) }

// Rows returns the number of rows written so far.
func (s *Sink) Rows() int64 { return s.rows }

// Commit does nothing.
func (s *Sink) Commit() error { return nil }

// Abort does nothing.
func (s *Sink) Abort() error { return nil }

// Close does nothing.
func (s *Sink) Close() error { return nil }
