package datagen

import (
	"context"
	"crypto/rand"
	"encoding/binary"
	"fmt"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/executor"
)

// Source generates rows into one split, at most rows-per-second, until
// number-of-rows rows are out or a sequence column is exhausted
// (unbounded otherwise).
type Source struct {
	p     executor.SourceParams
	gens  []*generator // one per output column
	rb    *array.RecordBuilder
	rps   int64
	limit int64 // -1: unbounded
	clock func() int64
	sleep func(ctx context.Context, ms int64) error
}

// NewSource builds a datagen source for p.Spec.Table.
func NewSource(p executor.SourceParams) (executor.Source, error) {
	t := p.Spec.Table
	v := spec.Values{Table: t, Specs: options}
	s := &Source{p: p, clock: p.Clock, sleep: p.Sleep}
	if s.clock == nil {
		s.clock = func() int64 { return time.Now().UnixMilli() }
	}
	if s.sleep == nil {
		s.sleep = sleepCtx
	}
	var err error
	if s.rps, err = v.Int("rows-per-second", 10000); err != nil {
		return nil, err
	}
	if s.rps <= 0 {
		return nil, v.Errorf("rows-per-second", "option 'rows-per-second' must be positive")
	}
	if s.limit, err = v.Int("number-of-rows", -1); err != nil {
		return nil, err
	}
	if v.Has("number-of-rows") && s.limit < 0 {
		return nil, v.Errorf("number-of-rows", "option 'number-of-rows' must not be negative")
	}
	seed, err := v.Int("seed", 0)
	if err != nil {
		return nil, err
	}
	if !v.Has("seed") {
		var b [8]byte
		_, _ = rand.Read(b[:])
		seed = int64(binary.LittleEndian.Uint64(b[:]))
	}
	for _, ci := range p.Spec.Columns {
		c := t.Columns[ci]
		if c.Kind != catalog.Physical {
			return nil, fmt.Errorf("table '%s': datagen cannot produce column '%s'", t.Name, c.Name)
		}
		g, err := newGenerator(v, c, uint64(seed), s.clock)
		if err != nil {
			return nil, err
		}
		s.gens = append(s.gens, g)
	}
	// A sequence column that is not read still bounds the row count.
	for _, ci := range t.PhysicalColumns() {
		if g, err := newGenerator(v, t.Columns[ci], 0, s.clock); err == nil && g.seq {
			if r := g.remaining(); s.limit < 0 || r < s.limit {
				s.limit = r
			}
		}
	}
	if p.BatchSize <= 0 {
		s.p.BatchSize = 1024
	}
	s.rb = array.NewRecordBuilder(p.Alloc, p.Schema)
	return s, nil
}

func sleepCtx(ctx context.Context, ms int64) error {
	t := time.NewTimer(time.Duration(ms) * time.Millisecond)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}

// Run generates batches until the row limit, or until ctx is cancelled.
func (s *Source) Run(ctx context.Context, out executor.SourceOutput) error {
	const split executor.SplitID = 0
	out.AddSplit(split, "datagen")
	batch := int64(s.p.BatchSize)
	if b := s.rps / 10; b < batch {
		batch = max(b, 1) // emit at least about ten times a second
	}
	start := s.clock()
	var done int64
	for s.limit < 0 || done < s.limit {
		if err := ctx.Err(); err != nil {
			return err
		}
		n := batch
		if s.limit >= 0 && s.limit-done < n {
			n = s.limit - done
		}
		rec := s.generate(int(n))
		if err := out.Emit(split, rec); err != nil {
			return err
		}
		done += n
		// Pace: done rows are due at start + done/rps seconds.
		if wait := start + done*1000/s.rps - s.clock(); wait > 0 {
			if err := s.sleep(ctx, wait); err != nil {
				return err
			}
		}
	}
	out.SplitDone(split)
	return nil
}

func (s *Source) generate(n int) arrow.Record {
	if len(s.gens) == 0 {
		return array.NewRecord(s.p.Schema, nil, int64(n))
	}
	for i, g := range s.gens {
		g.fill(s.rb.Field(i), n)
	}
	return s.rb.NewRecord()
}

// Close releases the record builder.
func (s *Source) Close() error {
	if s.rb != nil {
		s.rb.Release()
		s.rb = nil
	}
	return nil
}
