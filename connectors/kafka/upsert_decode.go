package kafka

import (
	"errors"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kgo"
)

// errNoKey is the key error of an upsert-kafka record without a key.
var errNoKey = errors.New("the record has no key, which an upsert-kafka table needs (it is the PRIMARY KEY)")

// upsertDecoding is what a rowDecoder of an upsert-kafka table adds: a
// record with a value is an upsert (+U) of its key, a tombstone a delete
// (-D) whose key columns come from the key and other columns are NULL.
type upsertDecoding struct {
	// keyDec decodes a tombstone's key into the key columns' builders
	// (with 'EXCEPT_KEY' the rowDecoder's own key decoder does).
	keyDec format.Decoder
	// others are the builders of the non-key physical columns read.
	others []array.Builder
	// kind is the row-kind column's builder; nil when the batch schema
	// has none.
	kind *array.Int8Builder
}

func (u *upsertDecoding) kindOf(k executor.RowKind) {
	if u.kind != nil {
		u.kind.Append(int8(k))
	}
}

// bindUpsert prepares d for an upsert-kafka table; rb's fields are the
// columns cols, then possibly the row kind; out maps read physical
// columns to their builders.
func (d *rowDecoder) bindUpsert(c *config, cols []int, rb *array.RecordBuilder, out map[string]array.Builder, alloc memory.Allocator) error {
	u := &upsertDecoding{}
	if fs := rb.Fields(); len(fs) == len(cols)+1 {
		u.kind, _ = fs[len(cols)].(*array.Int8Builder)
	}
	isKey := map[string]bool{}
	for _, k := range c.keyFields {
		isKey[k] = true
	}
	t := c.table
	for _, ci := range t.PhysicalColumns() {
		name := t.Columns[ci].Name
		if b := out[name]; b != nil && !isKey[name] {
			u.others = append(u.others, b)
		}
	}
	d.up = u
	if c.exceptKey {
		return nil
	}
	var err error
	if u.keyDec, err = newDecoder(*c.key, c.keyFormatFields(c.keyFields), builders(out, c.keyFields)); err != nil {
		return err
	}
	if err := d.bindKeyCheck(c, c.keyFields, alloc); err != nil {
		d.release()
		return err
	}
	return nil
}

// tombstone appends the delete row of a record without a value; its key
// was checked already.
func (d *rowDecoder) tombstone(key []byte, r *kgo.Record) {
	dec := d.up.keyDec
	if dec == nil {
		dec = d.key
	}
	// The key decoded into the check builders, so it decodes here too.
	_ = dec.Decode(key)
	for _, b := range d.up.others {
		b.AppendNull()
	}
	for _, m := range d.meta {
		appendMeta(m, r)
	}
	d.up.kindOf(executor.RowDelete)
}
