package format

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// JSONEncoder writes rows as JSON lines: one object per row, keys in
// column order, NULL as null, DECIMAL as a plain JSON number with its
// scale, TIMESTAMP as 'yyyy-MM-dd HH:mm:ss.SSS' (TIMESTAMP_LTZ with a
// trailing 'Z'), DATE as 'yyyy-MM-dd', BYTES as base64, MAP as an object. NaN and infinite
// floats, which JSON cannot hold, are written as strings.
type JSONEncoder struct {
	readers []reader
	keys    [][]byte // `"name":` per column, with the leading ',' from the second on
	tsSep   byte
}

// NewJSONEncoder returns an encoder for records with the given columns.
func NewJSONEncoder(fields []planner.Field, opts JSONOptions) (*JSONEncoder, error) {
	rs, err := newReaders(fields)
	if err != nil {
		return nil, err
	}
	e := &JSONEncoder{readers: rs, keys: make([][]byte, len(fields)), tsSep: ' '}
	if opts.ISOTimestamps {
		e.tsSep = 'T'
	}
	for i, f := range fields {
		var k []byte
		if i > 0 {
			k = append(k, ',')
		}
		k = AppendJSONString(k, f.Name)
		e.keys[i] = append(k, ':')
	}
	return e, nil
}

// Encode appends every row of rec to dst, each line ending in '\n'.
func (e *JSONEncoder) Encode(dst []byte, rec arrow.Record) ([]byte, error) {
	if err := bindReaders(e.readers, rec); err != nil {
		return dst, err
	}
	n := int(rec.NumRows())
	for row := 0; row < n; row++ {
		dst = append(dst, '{')
		for i := range e.readers {
			r := &e.readers[i]
			dst = append(dst, e.keys[i]...)
			if r.arr.IsNull(row) {
				dst = append(dst, "null"...)
				continue
			}
			dst = e.value(dst, r, row)
		}
		dst = append(dst, '}', '\n')
	}
	return dst, nil
}

func (e *JSONEncoder) value(dst []byte, r *reader, row int) []byte {
	switch r.typ.Kind {
	case catalog.KindString:
		return AppendJSONString(dst, r.str.Value(row))
	case catalog.KindMap:
		return r.appendMapJSON(dst, row)
	case catalog.KindBytes, catalog.KindDate, catalog.KindTimestamp, catalog.KindTimestampLTZ:
		dst = append(dst, '"')
		dst = r.appendText(dst, row, e.tsSep)
		return append(dst, '"')
	case catalog.KindFloat, catalog.KindDouble:
		var f float64
		if r.f32 != nil && r.typ.Kind == catalog.KindFloat {
			f = float64(r.f32.Value(row))
		} else {
			f = r.f64.Value(row)
		}
		if f != f || f > 1.7976931348623157e308 || f < -1.7976931348623157e308 {
			dst = append(dst, '"')
			dst = r.appendText(dst, row, e.tsSep)
			return append(dst, '"')
		}
	}
	return r.appendText(dst, row, e.tsSep)
}
