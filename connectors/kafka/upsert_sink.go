package kafka

import (
	"bytes"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kgo"
)

// UpsertSink is the upsert-kafka sink: a kafka Sink keyed by the table's
// PRIMARY KEY that also writes updating streams (executor.ChangelogSink).
// Inserts and updates (+I, +U) are records with the row as value, deletes
// (-D) tombstones (a record without value) with the row's key. An update
// is a -U immediately followed by the +U of the same key, so a -U is held
// back: if the next row is a +I or +U of the same key the -U is dropped
// (counted under "sink.<table>.merged_update_before"); otherwise, as when
// a filter dropped the +U, the -U is written as a tombstone before that
// row, or at Commit when it is the last row.
type UpsertSink struct {
	*Sink
	metrics *executor.Metrics
	merged  string
	// pending is the held-back -U, or nil.
	pending *kgo.Record
}

var _ executor.ChangelogSink = (*UpsertSink)(nil)

// Write writes an append-only input: every row is an upsert of its key.
func (s *UpsertSink) Write(rec arrow.Record) error {
	return s.WriteChanges(rec, nil)
}

// WriteChanges implements executor.ChangelogSink; kinds[i] is the kind of
// row i (nil: every row is +I).
func (s *UpsertSink) WriteChanges(rec arrow.Record, kinds []executor.RowKind) error {
	b, err := s.encode(rec)
	if err != nil || b == nil {
		return err
	}
	if kinds != nil && len(kinds) != len(b.recs) {
		return fmt.Errorf("upsert-kafka sink '%s': %d row kinds for %d rows", s.c.table.Name, len(kinds), len(b.recs))
	}
	for i := range b.recs {
		kind := executor.RowInsert
		if kinds != nil {
			kind = kinds[i]
		}
		r := b.record(s.topic, i)
		if s.pending != nil {
			if (kind == executor.RowInsert || kind == executor.RowUpdateAfter) && bytes.Equal(s.pending.Key, r.Key) {
				s.pending = nil
				if s.metrics != nil {
					s.metrics.Add(s.merged, 1)
				}
			} else {
				s.flushPending()
			}
		}
		switch kind {
		case executor.RowInsert, executor.RowUpdateAfter:
			s.produce(r)
		case executor.RowDelete:
			r.Value = nil
			s.produce(r)
		case executor.RowUpdateBefore:
			r.Value = nil
			s.pending = r
		default:
			return fmt.Errorf("upsert-kafka sink '%s': bad row kind %v", s.c.table.Name, kind)
		}
	}
	return nil
}

// flushPending writes the held-back -U as a tombstone.
func (s *UpsertSink) flushPending() {
	if s.pending != nil {
		s.produce(s.pending)
		s.pending = nil
	}
}

// Commit writes a held-back -U as a tombstone, then waits until every
// record is acknowledged (see Sink.Commit).
func (s *UpsertSink) Commit() error {
	s.flushPending()
	return s.Sink.Commit()
}
