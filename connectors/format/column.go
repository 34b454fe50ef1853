package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

// column binds one schema field to its typed Arrow builder, resolved once
// so that appending a value needs no type assertion or boxing.
type column struct {
	name string
	typ  catalog.Type
	b    array.Builder // nil: the field is parsed for validity but not produced
	boo  *array.BooleanBuilder
	i8   *array.Int8Builder
	i16  *array.Int16Builder
	i32  *array.Int32Builder
	i64  *array.Int64Builder
	f32  *array.Float32Builder
	f64  *array.Float64Builder
	dec  *array.Decimal128Builder
	str  *array.StringBuilder
	bin  *array.BinaryBuilder
	d32  *array.Date32Builder
	ts   *array.TimestampBuilder
	dur  *array.DurationBuilder
	mp   *mapBuilders
}

// slot holds one decoded value of the current row until the whole row has
// decoded; only then are the slots appended, so a bad row leaves the
// builders untouched.
type slot struct {
	set  bool // the field appeared in the row
	null bool
	i    int64 // integers, DATE days, TIMESTAMP millis, INTERVAL millis, BOOLEAN 0/1
	f    float64
	d    decimal128.Num
	bs   []byte // STRING and BYTES; may alias the input line or a scratch buffer
	m    []mapEntry
}

// bindColumns resolves the typed builders of out (nil entries allowed).
func bindColumns(fields []planner.Field, out []array.Builder) ([]column, error) {
	if len(out) != len(fields) {
		return nil, fmt.Errorf("format: %d builders for %d fields", len(out), len(fields))
	}
	cols := make([]column, len(fields))
	for i, f := range fields {
		c := &cols[i]
		c.name, c.typ, c.b = f.Name, f.Type, out[i]
		if !supported(f.Type.Kind) {
			return nil, fmt.Errorf("field '%s': type %s is not supported by this format yet", f.Name, f.Type)
		}
		if out[i] == nil {
			continue
		}
		ok := true
		switch f.Type.Kind {
		case catalog.KindBoolean:
			c.boo, ok = out[i].(*array.BooleanBuilder)
		case catalog.KindTinyInt:
			c.i8, ok = out[i].(*array.Int8Builder)
		case catalog.KindSmallInt:
			c.i16, ok = out[i].(*array.Int16Builder)
		case catalog.KindInt:
			c.i32, ok = out[i].(*array.Int32Builder)
		case catalog.KindBigInt:
			c.i64, ok = out[i].(*array.Int64Builder)
		case catalog.KindFloat:
			c.f32, ok = out[i].(*array.Float32Builder)
		case catalog.KindDouble:
			c.f64, ok = out[i].(*array.Float64Builder)
		case catalog.KindDecimal:
			c.dec, ok = out[i].(*array.Decimal128Builder)
		case catalog.KindString:
			c.str, ok = out[i].(*array.StringBuilder)
		case catalog.KindBytes:
			c.bin, ok = out[i].(*array.BinaryBuilder)
		case catalog.KindDate:
			c.d32, ok = out[i].(*array.Date32Builder)
		case catalog.KindTimestamp, catalog.KindTimestampLTZ:
			c.ts, ok = out[i].(*array.TimestampBuilder)
		case catalog.KindInterval:
			c.dur, ok = out[i].(*array.DurationBuilder)
		case catalog.KindMap:
			ok = c.bindMap(out[i])
		}
		if !ok {
			return nil, fmt.Errorf("format: field '%s' of type %s has builder %T", f.Name, f.Type, out[i])
		}
	}
	return cols, nil
}

func supported(k catalog.Kind) bool {
	switch k {
	case catalog.KindBoolean, catalog.KindTinyInt, catalog.KindSmallInt, catalog.KindInt,
		catalog.KindBigInt, catalog.KindFloat, catalog.KindDouble, catalog.KindDecimal,
		catalog.KindString, catalog.KindBytes, catalog.KindDate, catalog.KindTimestamp,
		catalog.KindTimestampLTZ, catalog.KindInterval, catalog.KindMap:
		return true
	}
	return false
}

// checkNotNull fails when a NOT NULL column that is produced got no value.
func checkNotNull(cols []column, slots []slot) error {
	for i := range cols {
		c := &cols[i]
		if c.typ.NotNull && c.b != nil && (!slots[i].set || slots[i].null) {
			return fmt.Errorf("field '%s': NULL for a NOT NULL column", c.name)
		}
	}
	return nil
}

// appendSlot appends the slot's value (or NULL) to the column's builder.
func (c *column) appendSlot(s *slot) {
	if c.b == nil {
		return
	}
	if !s.set || s.null {
		c.b.AppendNull()
		return
	}
	switch c.typ.Kind {
	case catalog.KindBoolean:
		c.boo.Append(s.i != 0)
	case catalog.KindTinyInt:
		c.i8.Append(int8(s.i))
	case catalog.KindSmallInt:
		c.i16.Append(int16(s.i))
	case catalog.KindInt:
		c.i32.Append(int32(s.i))
	case catalog.KindBigInt:
		c.i64.Append(s.i)
	case catalog.KindFloat:
		c.f32.Append(float32(s.f))
	case catalog.KindDouble:
		c.f64.Append(s.f)
	case catalog.KindDecimal:
		c.dec.Append(s.d)
	case catalog.KindString:
		c.str.BinaryBuilder.Append(s.bs)
	case catalog.KindBytes:
		c.bin.Append(s.bs)
	case catalog.KindDate:
		c.d32.Append(arrowDate32(s.i))
	case catalog.KindTimestamp, catalog.KindTimestampLTZ:
		c.ts.Append(arrowTimestamp(s.i))
	case catalog.KindInterval:
		c.dur.Append(arrowDuration(s.i))
	case catalog.KindMap:
		c.appendMap(s)
	}
}

// parseText parses the text form of a value (a CSV field, a JSON string)
// into s according to the column type. Strings alias text.
func (c *column) parseText(text []byte, s *slot, scratch *[]byte) error {
	s.set, s.null = true, false
	var ok bool
	switch c.typ.Kind {
	case catalog.KindString:
		s.bs = text
		return nil
	case catalog.KindBytes:
		return decodeBase64(text, s, scratch, c)
	case catalog.KindBoolean:
		var b bool
		b, ok = parseBool(sqlvalue.TrimSpace(text))
		s.i = b2i(b)
	case catalog.KindTinyInt, catalog.KindSmallInt, catalog.KindInt, catalog.KindBigInt:
		s.i, ok = parseIntKind(sqlvalue.TrimSpace(text), c.typ.Kind)
	case catalog.KindFloat, catalog.KindDouble:
		s.f, ok = parseFloat(sqlvalue.TrimSpace(text), c.typ.Kind == catalog.KindFloat)
	case catalog.KindDecimal:
		s.d, ok = parseDecimal(sqlvalue.TrimSpace(text), c.typ.Precision, c.typ.Scale)
	case catalog.KindDate:
		s.i, ok = sqlvalue.ParseDate(sqlvalue.TrimSpace(text))
	case catalog.KindTimestamp, catalog.KindTimestampLTZ:
		s.i, ok = sqlvalue.ParseTimestamp(sqlvalue.TrimSpace(text))
	case catalog.KindInterval:
		s.i, ok = parseInt(sqlvalue.TrimSpace(text), -1<<63, 1<<63-1)
	case catalog.KindMap:
		return fmt.Errorf("field '%s': cannot read text as %s", c.name, c.typ.Nullable())
	}
	if !ok {
		return c.cannotParse(text)
	}
	return nil
}

// cannotParse is the error for a value that does not fit the column type.
func (c *column) cannotParse(text []byte) error {
	const max = 64
	q := string(text)
	if len(q) > max {
		q = q[:max] + "..."
	}
	return fmt.Errorf("field '%s': cannot parse %q as %s", c.name, q, c.typ.Nullable())
}

func b2i(b bool) int64 {
	if b {
		return 1
	}
	return 0
}
