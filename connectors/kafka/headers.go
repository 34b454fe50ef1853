package kafka

import (
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/twmb/franz-go/pkg/kgo"
)

// The 'headers' metadata column, as in Flink, is MAP<STRING, BYTES>. A
// source fills it with the record's headers (for a repeated header key,
// the last value wins); a sink writes a non-VIRTUAL headers column as the
// record's headers (a NULL map writes none, a NULL value an empty one).

// headersType is the type of the 'headers' metadata column.
var headersType = catalog.Map(catalog.String, catalog.Bytes)

// markPersisted marks the non-VIRTUAL 'headers' metadata columns of t as
// written by the sink. The flag is only written when it changes, so a
// table re-validated for a query is not written while jobs read it.
func markPersisted(t *catalog.Table) {
	for i, col := range t.Columns {
		want := col.Kind == catalog.Metadata && !col.Virtual && metaKey(col) == "headers"
		if col.Persisted != want {
			t.Columns[i].Persisted = want
		}
	}
}

// appendHeaders appends the headers of r as one map; of a repeated key
// only the last occurrence is kept.
func appendHeaders(b *array.MapBuilder, r *kgo.Record) {
	b.Append(true)
	keys, _ := b.KeyBuilder().(*array.StringBuilder)
	vals, _ := b.ItemBuilder().(*array.BinaryBuilder)
	if keys == nil || vals == nil {
		return
	}
	for i, h := range r.Headers {
		dup := false
		for _, later := range r.Headers[i+1:] {
			dup = dup || later.Key == h.Key
		}
		if dup {
			continue
		}
		keys.Append(h.Key)
		if h.Value == nil {
			vals.AppendNull()
		} else {
			vals.Append(h.Value)
		}
	}
}

// recordHeaders returns the headers of row i of a headers column (nil for
// a NULL map). Values are copied: the produced record outlives the batch.
func recordHeaders(m *array.Map, i int) []kgo.RecordHeader {
	if m == nil || m.IsNull(i) {
		return nil
	}
	keys, _ := m.Keys().(*array.String)
	vals, _ := m.Items().(*array.Binary)
	if keys == nil || vals == nil {
		return nil
	}
	lo, hi := m.ValueOffsets(i)
	hs := make([]kgo.RecordHeader, 0, hi-lo)
	for j := int(lo); j < int(hi); j++ {
		h := kgo.RecordHeader{Key: keys.Value(j)}
		if vals.IsValid(j) {
			h.Value = append([]byte{}, vals.Value(j)...)
		}
		hs = append(hs, h)
	}
	return hs
}
