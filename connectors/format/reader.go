package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

// reader gives typed access to one column of a record: the array is
// asserted to its concrete type once per record, not per value.
type reader struct {
	name  string
	typ   catalog.Type
	arr   arrow.Array
	boo   *array.Boolean
	i8    *array.Int8
	i16   *array.Int16
	i32   *array.Int32
	i64   *array.Int64
	f32   *array.Float32
	f64   *array.Float64
	dec   *array.Decimal128
	str   *array.String
	bin   *array.Binary
	d32   *array.Date32
	ts    *array.Timestamp
	dur   *array.Duration
	mp    *mapReader
	valid bool
}

func newReaders(fields []planner.Field) ([]reader, error) {
	rs := make([]reader, len(fields))
	for i, f := range fields {
		if !supported(f.Type.Kind) {
			return nil, fmt.Errorf("field '%s': type %s is not supported by this format yet", f.Name, f.Type)
		}
		rs[i] = reader{name: f.Name, typ: f.Type}
	}
	return rs, nil
}

// bindReaders points the readers at the columns of rec.
func bindReaders(rs []reader, rec arrow.Record) error {
	if int(rec.NumCols()) != len(rs) {
		return fmt.Errorf("format: record has %d columns, schema has %d", rec.NumCols(), len(rs))
	}
	for i := range rs {
		if err := rs[i].bind(rec.Column(i)); err != nil {
			return err
		}
	}
	return nil
}

func (r *reader) bind(a arrow.Array) error {
	r.arr = a
	ok := true
	switch r.typ.Kind {
	case catalog.KindBoolean:
		r.boo, ok = a.(*array.Boolean)
	case catalog.KindTinyInt:
		r.i8, ok = a.(*array.Int8)
	case catalog.KindSmallInt:
		r.i16, ok = a.(*array.Int16)
	case catalog.KindInt:
		r.i32, ok = a.(*array.Int32)
	case catalog.KindBigInt:
		r.i64, ok = a.(*array.Int64)
	case catalog.KindFloat:
		r.f32, ok = a.(*array.Float32)
	case catalog.KindDouble:
		r.f64, ok = a.(*array.Float64)
	case catalog.KindDecimal:
		r.dec, ok = a.(*array.Decimal128)
	case catalog.KindString:
		r.str, ok = a.(*array.String)
	case catalog.KindBytes:
		r.bin, ok = a.(*array.Binary)
	case catalog.KindDate:
		r.d32, ok = a.(*array.Date32)
	case catalog.KindTimestamp, catalog.KindTimestampLTZ:
		r.ts, ok = a.(*array.Timestamp)
	case catalog.KindInterval:
		r.dur, ok = a.(*array.Duration)
	case catalog.KindMap:
		var m *array.Map
		m, ok = a.(*array.Map)
		ok = ok && r.bindMap(m)
	}
	if !ok {
		return fmt.Errorf("format: column '%s' of type %s holds %s", r.name, r.typ, a.DataType())
	}
	return nil
}

// appendText appends the value at row in its SQL text form: what CSV
// writes and print shows. tsSep separates date and time in timestamps.
// Strings and bytes are appended raw (bytes as base64 is the caller's
// choice: see appendBytes).
func (r *reader) appendText(dst []byte, row int, tsSep byte) []byte {
	switch r.typ.Kind {
	case catalog.KindBoolean:
		if r.boo.Value(row) {
			return append(dst, "true"...)
		}
		return append(dst, "false"...)
	case catalog.KindTinyInt:
		return appendInt(dst, int64(r.i8.Value(row)))
	case catalog.KindSmallInt:
		return appendInt(dst, int64(r.i16.Value(row)))
	case catalog.KindInt:
		return appendInt(dst, int64(r.i32.Value(row)))
	case catalog.KindBigInt:
		return appendInt(dst, r.i64.Value(row))
	case catalog.KindFloat:
		return sqlvalue.AppendFloat(dst, float64(r.f32.Value(row)), 32)
	case catalog.KindDouble:
		return sqlvalue.AppendFloat(dst, r.f64.Value(row), 64)
	case catalog.KindDecimal:
		return sqlvalue.AppendDecimal(dst, r.dec.Value(row), r.typ.Scale)
	case catalog.KindString:
		return append(dst, r.str.Value(row)...)
	case catalog.KindBytes:
		return appendBase64(dst, r.bin.Value(row))
	case catalog.KindDate:
		return sqlvalue.AppendDate(dst, int64(r.d32.Value(row)), sqlvalue.PlainNegativeYear)
	case catalog.KindTimestamp:
		return sqlvalue.AppendTimestamp(dst, int64(r.ts.Value(row)), tsSep, sqlvalue.PlainNegativeYear)
	case catalog.KindTimestampLTZ:
		dst = sqlvalue.AppendTimestamp(dst, int64(r.ts.Value(row)), tsSep, sqlvalue.PlainNegativeYear)
		return append(dst, 'Z')
	case catalog.KindInterval:
		return appendInt(dst, int64(r.dur.Value(row)))
	case catalog.KindMap:
		return r.appendMapText(dst, row)
	}
	return dst
}
