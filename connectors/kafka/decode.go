package kafka

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/twmb/franz-go/pkg/kgo"
)

// rowDecoder turns one Kafka record into one row of a record builder:
// the value's columns through the value format, the key's (with
// 'EXCEPT_KEY') through the key format, and the metadata columns. It
// appends either a whole row or nothing.
type rowDecoder struct {
	value format.Decoder
	key   format.Decoder // nil when no column comes from the key
	// keyCheck decodes the key into throw-away builders before the row is
	// built, so that a bad key is found before the value is appended.
	keyCheck   format.Decoder
	scratch    *array.RecordBuilder
	scratchLen int
	// nullKey is decoded for a record without a key: '{}' for json, so
	// the key columns are NULL.
	nullKey []byte
	meta    []metaColumn
	// up is set for upsert-kafka (see upsert_decode.go).
	up *upsertDecoding
}

// metaColumn is an output column filled from record metadata.
type metaColumn struct {
	key string
	b   array.Builder
}

// newRowDecoder binds the decoders to the builders of rb, whose fields are
// the source's output columns (p.Spec.Columns of t).
func newRowDecoder(c *config, cols []int, rb *array.RecordBuilder, alloc memory.Allocator) (*rowDecoder, error) {
	t := c.table
	// The output builder of each table column, or nil when not read.
	out := map[string]array.Builder{}
	d := &rowDecoder{}
	for j, ci := range cols {
		col := t.Columns[ci]
		switch col.Kind {
		case catalog.Physical:
			out[col.Name] = rb.Field(j)
		case catalog.Metadata:
			d.meta = append(d.meta, metaColumn{key: metaKey(col), b: rb.Field(j)})
		default:
			return nil, fmt.Errorf("source cannot produce computed column '%s'", col.Name)
		}
	}
	var keyNames, valueNames []string
	isKey := map[string]bool{}
	for _, k := range c.keyFields {
		isKey[k] = true
	}
	for _, ci := range t.PhysicalColumns() {
		name := t.Columns[ci].Name
		if c.exceptKey && isKey[name] {
			continue
		}
		valueNames = append(valueNames, name)
	}
	if c.exceptKey {
		keyNames = c.keyFields
	}
	var err error
	if d.value, err = newDecoder(c.value, fields(t, valueNames), builders(out, valueNames)); err != nil {
		return nil, err
	}
	if c.upsert {
		if err := d.bindUpsert(c, cols, rb, out, alloc); err != nil {
			return nil, err
		}
	}
	if len(keyNames) == 0 {
		return d, nil
	}
	if c.key.name == "json" {
		d.nullKey = []byte("{}")
	}
	if d.key, err = newDecoder(*c.key, c.keyFormatFields(keyNames), builders(out, keyNames)); err != nil {
		d.release()
		return nil, err
	}
	if d.keyCheck != nil {
		return d, nil
	}
	if err := d.bindKeyCheck(c, keyNames, alloc); err != nil {
		d.release()
		return nil, err
	}
	return d, nil
}

// bindKeyCheck creates the throw-away builders and the decoder that
// check a record's key (columns keyNames) before its row is built.
func (d *rowDecoder) bindKeyCheck(c *config, keyNames []string, alloc memory.Allocator) error {
	var fs []arrow.Field
	for _, f := range fields(c.table, keyNames) {
		fs = append(fs, arrow.Field{Name: f.Name, Type: f.Type.Arrow(), Nullable: true})
	}
	d.scratch = array.NewRecordBuilder(alloc, arrow.NewSchema(fs, nil))
	var err error
	d.keyCheck, err = newDecoder(*c.key, c.keyFormatFields(keyNames), d.scratch.Fields())
	return err
}

func builders(out map[string]array.Builder, names []string) []array.Builder {
	bs := make([]array.Builder, len(names))
	for i, n := range names {
		bs[i] = out[n] // nil when the column is not read
	}
	return bs
}

func newDecoder(f formatConfig, fs []planner.Field, out []array.Builder) (format.Decoder, error) {
	if f.name == "raw" {
		return newRawDecoder(fs[0], out[0])
	}
	return f.cfg.NewDecoder(fs, out)
}

// decodeError says which part of a record failed.
type decodeError struct {
	part string // "key" or "value"
	err  error
}

func (e *decodeError) Error() string { return e.part + ": " + e.err.Error() }

// decode appends the row of r; on error it appends nothing.
func (d *rowDecoder) decode(r *kgo.Record) error {
	key := r.Key
	if d.keyCheck != nil {
		if key == nil && d.up != nil {
			return &decodeError{"key", errNoKey}
		}
		if key == nil && d.nullKey != nil {
			key = d.nullKey
		}
		if err := d.keyCheck.Decode(key); err != nil {
			return &decodeError{"key", err}
		}
		if d.scratchLen++; d.scratchLen >= 1024 {
			d.scratch.NewRecord().Release()
			d.scratchLen = 0
		}
	}
	if d.up != nil && r.Value == nil {
		d.tombstone(key, r)
		return nil
	}
	if err := d.value.Decode(r.Value); err != nil {
		return &decodeError{"value", err}
	}
	if d.key != nil {
		if err := d.key.Decode(key); err != nil {
			return fmt.Errorf("key decoded differently twice: %w", err) // not reached
		}
	}
	for _, m := range d.meta {
		appendMeta(m, r)
	}
	if d.up != nil {
		d.up.kindOf(executor.RowUpdateAfter)
	}
	return nil
}

func appendMeta(m metaColumn, r *kgo.Record) {
	switch b := m.b.(type) {
	case *array.StringBuilder:
		if m.key == "topic" {
			b.Append(r.Topic)
		} else if r.Attrs.TimestampType() == 1 {
			b.Append("LogAppendTime")
		} else {
			b.Append("CreateTime")
		}
	case *array.Int32Builder:
		b.Append(r.Partition)
	case *array.Int64Builder:
		b.Append(r.Offset)
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(r.Timestamp.UnixMilli()))
	case *array.MapBuilder:
		appendHeaders(b, r)
	}
}

func (d *rowDecoder) release() {
	if d.scratch != nil {
		d.scratch.Release()
		d.scratch = nil
	}
}

// rawDecoder is the 'raw' format: the whole record (key or value) is the
// single column's value, as STRING or BYTES.
type rawDecoder struct {
	str *array.StringBuilder
	bin *array.BinaryBuilder
}

func newRawDecoder(f planner.Field, b array.Builder) (*rawDecoder, error) {
	d := &rawDecoder{}
	switch f.Type.Kind {
	case catalog.KindString:
		d.str, _ = b.(*array.StringBuilder)
	case catalog.KindBytes:
		d.bin, _ = b.(*array.BinaryBuilder)
	default:
		return nil, fmt.Errorf("format 'raw' needs a STRING or BYTES column; '%s' is %s", f.Name, f.Type)
	}
	return d, nil
}

// Decode appends b; a nil b (no key) is NULL.
func (d *rawDecoder) Decode(b []byte) error {
	switch {
	case d.str != nil && b == nil:
		d.str.AppendNull()
	case d.str != nil:
		d.str.BinaryBuilder.Append(b)
	case d.bin != nil && b == nil:
		d.bin.AppendNull()
	case d.bin != nil:
		d.bin.Append(b)
	}
	return nil
}
