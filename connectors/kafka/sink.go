package kafka

import (
	"bytes"
	"context"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// Sink produces each row as one record of the table's topic: the key from
// 'key.fields' in the key format, the value in the value format, the
// headers from a non-VIRTUAL 'headers' metadata column, the timestamp from
// the event-time column when the table has a WATERMARK on a physical
// column (else the produce time). Commit flushes the producer
// and fails if any record failed.
type Sink struct {
	c     *config
	cl    *kgo.Client
	topic string
	value *recordEncoder
	key   *recordEncoder // nil without key.fields
	tsCol int            // physical index of the event-time column, or -1
	// headersCol is the index of the written 'headers' column in the
	// batches Write gets, or -1.
	headersCol int
	ctx        context.Context
	stop       context.CancelFunc

	mu  sync.Mutex
	err error // first produce error
}

// recordEncoder encodes a subset of a batch's columns, one []byte per row.
type recordEncoder struct {
	cols   []int
	schema *arrow.Schema
	enc    format.Encoder
	raw    bool
	// sizeHint is the size of the last encoded batch.
	sizeHint int
}

// NewSink builds a kafka sink: it connects to the brokers and makes sure
// the topic exists (creating it when 'sink.topic.auto-create' is on).
func NewSink(p executor.SinkParams) (executor.Sink, error) {
	t := p.Spec.Table
	c, err := readConfig(t)
	if err != nil {
		return nil, err
	}
	if c.pattern != nil || len(c.topics) != 1 {
		return nil, c.v.Errorf("topic", "a kafka sink writes exactly one topic: set 'topic' to one name")
	}
	s := &Sink{c: c, topic: c.topics[0], tsCol: -1, headersCol: -1}
	for i, ci := range t.WrittenColumns() {
		if col := t.Columns[ci]; col.Kind == catalog.Metadata && metaKey(col) == "headers" {
			s.headersCol = i
		}
	}
	phys := t.PhysicalColumns()
	var valueCols, keyCols []int
	isKey := map[string]bool{}
	for _, k := range c.keyFields {
		isKey[k] = true
	}
	for i, ci := range phys {
		name := t.Columns[ci].Name
		if isKey[name] {
			keyCols = append(keyCols, i)
		}
		if !(c.exceptKey && isKey[name]) {
			valueCols = append(valueCols, i)
		}
		if t.Watermark != nil && t.Watermark.Column == name {
			s.tsCol = i
		}
	}
	// key columns in 'key.fields' order
	keyCols = keyCols[:0]
	for _, k := range c.keyFields {
		for i, ci := range phys {
			if t.Columns[ci].Name == k {
				keyCols = append(keyCols, i)
			}
		}
	}
	if s.value, err = newRecordEncoder(t, phys, valueCols, c.value, ""); err != nil {
		return nil, fmt.Errorf("table '%s': %w", t.Name, err)
	}
	if c.key != nil {
		if s.key, err = newRecordEncoder(t, phys, keyCols, *c.key, c.keyPrefix); err != nil {
			return nil, fmt.Errorf("table '%s': %w", t.Name, err)
		}
	}
	opts := []kgo.Opt{kgo.DefaultProduceTopic(s.topic), kgo.ProducerLinger(5 * time.Millisecond)}
	switch c.partitioner {
	case "fixed":
		opts = append(opts, kgo.RecordPartitioner(kgo.ManualPartitioner()))
	case "round-robin":
		opts = append(opts, kgo.RecordPartitioner(kgo.RoundRobinPartitioner()))
	}
	if c.noAcks {
		opts = append(opts, kgo.RequiredAcks(kgo.NoAck()), kgo.DisableIdempotentWrite())
	}
	opts = append(opts, c.sinkOpts...)
	ctx := context.Background()
	if s.cl, err = c.connect(ctx, opts...); err != nil {
		return nil, err
	}
	if err := c.ensureSinkTopic(ctx, kadm.NewClient(s.cl)); err != nil {
		s.cl.Close()
		return nil, err
	}
	s.ctx, s.stop = context.WithCancel(ctx)
	return s, nil
}

// newRecordEncoder encodes the columns cols (indexes into phys, the
// table's physical columns) with format f; prefix is removed from the
// names the format sees ('key.fields-prefix').
func newRecordEncoder(t *catalog.Table, phys, cols []int, f formatConfig, prefix string) (*recordEncoder, error) {
	e := &recordEncoder{cols: cols, raw: f.name == "raw"}
	var fs []planner.Field
	var afs []arrow.Field
	for _, i := range cols {
		col := t.Columns[phys[i]]
		fs = append(fs, planner.Field{Name: strings.TrimPrefix(col.Name, prefix), Type: col.Type})
		afs = append(afs, arrow.Field{Name: col.Name, Type: col.Type.Arrow(), Nullable: true})
	}
	e.schema = arrow.NewSchema(afs, nil)
	if e.raw {
		if k := fs[0].Type.Kind; k != catalog.KindString && k != catalog.KindBytes {
			return nil, fmt.Errorf("format 'raw' needs a STRING or BYTES column; '%s' is %s", fs[0].Name, fs[0].Type)
		}
		return e, nil
	}
	var err error
	e.enc, err = f.cfg.NewEncoder(fs)
	return e, err
}

// encode returns one encoded value per row of rec (nil for a raw NULL).
// The slices share one fresh buffer, which the records keep.
func (e *recordEncoder) encode(rec arrow.Record) ([][]byte, error) {
	n := int(rec.NumRows())
	out := make([][]byte, n)
	if e.raw {
		col := rec.Column(e.cols[0])
		for i := 0; i < n; i++ {
			if col.IsNull(i) {
				continue
			}
			switch a := col.(type) {
			case *array.String:
				out[i] = []byte(a.Value(i))
			case *array.Binary:
				out[i] = bytes.Clone(a.Value(i))
			}
		}
		return out, nil
	}
	arrs := make([]arrow.Array, len(e.cols))
	for i, c := range e.cols {
		arrs[i] = rec.Column(c)
	}
	sub := array.NewRecord(e.schema, arrs, int64(n))
	defer sub.Release()
	// A fresh buffer per batch: the produced records keep slices of it.
	buf, err := e.enc.Encode(make([]byte, 0, e.sizeHint), sub)
	if err != nil {
		return nil, err
	}
	e.sizeHint = len(buf)
	if bytes.Count(buf, []byte{'\n'}) == n {
		for i := 0; i < n; i++ {
			j := bytes.IndexByte(buf, '\n')
			out[i] = buf[:j:j]
			buf = buf[j+1:]
		}
		return out, nil
	}
	// A value holds a line break (quoted CSV): encode row by row.
	for i := 0; i < n; i++ {
		row := sub.NewSlice(int64(i), int64(i+1))
		b, err := e.enc.Encode(nil, row)
		row.Release()
		if err != nil {
			return nil, err
		}
		out[i] = bytes.TrimSuffix(b, []byte{'\n'})
	}
	return out, nil
}

// encodedBatch is a batch encoded into record keys and values, with one
// record per row (allocated together).
type encodedBatch struct {
	keys, values [][]byte // keys is nil without a key format
	ts           *array.Timestamp
	headers      *array.Map // nil without a written headers column
	recs         []kgo.Record
}

// key returns the key of row i (nil without a key format).
func (b *encodedBatch) key(i int) []byte {
	if b.keys == nil {
		return nil
	}
	return b.keys[i]
}

// record fills and returns the record of row i: its key, value, headers
// and event time (the zero time, meaning the produce time, without one).
func (b *encodedBatch) record(topic string, i int) *kgo.Record {
	r := &b.recs[i]
	r.Topic, r.Key, r.Value = topic, b.key(i), b.values[i]
	r.Headers = recordHeaders(b.headers, i)
	if b.ts != nil && b.ts.IsValid(i) {
		r.Timestamp = time.UnixMilli(int64(b.ts.Value(i)))
	}
	return r
}

// Write encodes rec and hands its records to the producer. It fails with
// the first error of an earlier produce.
func (s *Sink) Write(rec arrow.Record) error {
	b, err := s.encode(rec)
	if err != nil || b == nil {
		return err
	}
	for i := range b.recs {
		s.produce(b.record(s.topic, i))
	}
	return nil
}

// encode encodes the keys and values of rec (nil for an empty batch). It
// fails with the first error of an earlier produce.
func (s *Sink) encode(rec arrow.Record) (*encodedBatch, error) {
	if err := s.failed(); err != nil {
		return nil, err
	}
	if rec.NumRows() == 0 {
		return nil, nil
	}
	b := &encodedBatch{recs: make([]kgo.Record, rec.NumRows())}
	var err error
	if b.values, err = s.value.encode(rec); err != nil {
		return nil, fmt.Errorf("kafka sink '%s': %w", s.c.table.Name, err)
	}
	if s.key != nil {
		if b.keys, err = s.key.encode(rec); err != nil {
			return nil, fmt.Errorf("kafka sink '%s': key: %w", s.c.table.Name, err)
		}
	}
	if s.tsCol >= 0 {
		b.ts, _ = rec.Column(s.tsCol).(*array.Timestamp)
	}
	if s.headersCol >= 0 && s.headersCol < int(rec.NumCols()) {
		b.headers, _ = rec.Column(s.headersCol).(*array.Map)
	}
	return b, nil
}

// produce hands one record to the producer (a nil value is a
// tombstone); the producer owns it from then on.
func (s *Sink) produce(r *kgo.Record) { s.cl.Produce(s.ctx, r, s.produced) }

func (s *Sink) produced(_ *kgo.Record, err error) {
	if err == nil {
		return
	}
	s.mu.Lock()
	if s.err == nil {
		s.err = err
	}
	s.mu.Unlock()
}

func (s *Sink) failed() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.err != nil {
		return fmt.Errorf("kafka sink '%s': producing to topic '%s' on %s: %w", s.c.table.Name, s.topic, s.c.serverList(), s.err)
	}
	return nil
}

// Commit waits until every record is acknowledged (or, with 'none',
// sent) and fails if any produce failed.
func (s *Sink) Commit() error {
	if err := s.cl.Flush(s.ctx); err != nil {
		return fmt.Errorf("kafka sink '%s': flush: %w", s.c.table.Name, err)
	}
	return s.failed()
}

// Abort stops producing: records not yet sent are dropped, records
// already acknowledged stay in the topic (at-least-once).
func (s *Sink) Abort() error {
	s.stop()
	return nil
}

// Close releases the producer.
func (s *Sink) Close() error {
	if s.cl != nil {
		s.stop()
		s.cl.Close()
		s.cl = nil
	}
	return nil
}
