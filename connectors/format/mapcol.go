package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// MAP columns (MAP<STRING, STRING> and MAP<STRING, BYTES>) are held as
// Arrow maps. JSON reads and writes them as objects, BYTES values in
// base64; CSV cannot hold them. Duplicate keys in a JSON object keep the
// last value.

// mapEntry is one decoded key and value of a MAP slot; both may alias the
// input line or the decoder's scratch buffer.
type mapEntry struct {
	key  []byte
	val  []byte
	null bool
}

// mapBuilders are the typed builders of a MAP column.
type mapBuilders struct {
	m    *array.MapBuilder
	key  *array.StringBuilder
	str  *array.StringBuilder // STRING values
	bin  *array.BinaryBuilder // BYTES values
	elem column               // parses one value (name and value type)
}

// bindMap resolves the builders of MAP column c from b.
func (c *column) bindMap(b array.Builder) bool {
	mb, ok := b.(*array.MapBuilder)
	if !ok || c.typ.Value == nil {
		return false
	}
	m := &mapBuilders{m: mb, elem: column{name: c.name, typ: *c.typ.Value}}
	m.key, ok = mb.KeyBuilder().(*array.StringBuilder)
	if !ok {
		return false
	}
	switch c.typ.Value.Kind {
	case catalog.KindString:
		m.str, ok = mb.ItemBuilder().(*array.StringBuilder)
	case catalog.KindBytes:
		m.bin, ok = mb.ItemBuilder().(*array.BinaryBuilder)
	default:
		ok = false
	}
	c.mp = m
	return ok
}

// appendMap appends the entries of s as one map value.
func (c *column) appendMap(s *slot) {
	m := c.mp
	m.m.Append(true)
	for _, e := range s.m {
		m.key.BinaryBuilder.Append(e.key)
		switch {
		case e.null && m.str != nil:
			m.str.AppendNull()
		case e.null:
			m.bin.AppendNull()
		case m.str != nil:
			m.str.BinaryBuilder.Append(e.val)
		default:
			m.bin.Append(e.val)
		}
	}
}

// putMapEntry adds an entry to s, replacing the value of an equal key.
func putMapEntry(s *slot, e mapEntry) {
	for i := range s.m {
		if string(s.m[i].key) == string(e.key) {
			s.m[i] = e
			return
		}
	}
	s.m = append(s.m, e)
}

// mapValue decodes the JSON object at b[i] into the MAP slot s.
func (d *JSONDecoder) mapValue(b []byte, i int, c *column, s *slot) (int, error) {
	if b[i] != '{' {
		return 0, fmt.Errorf("field '%s': expected a JSON object for %s", c.name, c.typ.Nullable())
	}
	s.set, s.null, s.m = true, false, s.m[:0]
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return i + 1, nil
	}
	for {
		if i >= len(b) {
			return 0, errEOF
		}
		if b[i] != '"' {
			return 0, syntaxErr(i, "expected object key")
		}
		key, n, err := scanString(b, i, &d.scratch)
		if err != nil {
			return 0, err
		}
		if i = skipWS(b, n); i >= len(b) || b[i] != ':' {
			return 0, syntaxErr(i, "expected ':' after object key")
		}
		if i = skipWS(b, i+1); i >= len(b) {
			return 0, errEOF
		}
		e := mapEntry{key: key}
		if i, err = d.mapElem(b, i, c, &e); err != nil {
			return 0, err
		}
		putMapEntry(s, e)
		if i = skipWS(b, i); i >= len(b) {
			return 0, errEOF
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return i + 1, nil
		default:
			return 0, syntaxErr(i, "expected ',' or '}'")
		}
	}
}

// mapElem decodes one JSON value of a MAP object into e: a string (base64
// for BYTES), null, or for STRING values any other JSON value as its text.
func (d *JSONDecoder) mapElem(b []byte, i int, c *column, e *mapEntry) (int, error) {
	elem := &c.mp.elem
	switch b[i] {
	case '"':
		str, n, err := scanString(b, i, &d.scratch)
		if err != nil {
			return 0, err
		}
		var v slot
		if err := elem.parseText(str, &v, &d.scratch); err != nil {
			return 0, fmt.Errorf("field '%s', key %q: %w", c.name, e.key, err)
		}
		e.val = v.bs
		return n, nil
	case 'n':
		e.null = true
		return scanLiteral(b, i, "null")
	}
	n, err := skipValue(b, i, &d.scratch)
	if err != nil {
		return 0, err
	}
	if elem.typ.Kind != catalog.KindString {
		return 0, fmt.Errorf("field '%s', key %q: expected a base64 string for %s", c.name, e.key, elem.typ.Nullable())
	}
	e.val = b[i:n]
	return n, nil
}

// mapReader gives typed access to a MAP column of a record.
type mapReader struct {
	m   *array.Map
	key *array.String
	str *array.String
	bin *array.Binary
}

// bindMap points r at the MAP array a.
func (r *reader) bindMap(a *array.Map) bool {
	m := &mapReader{m: a}
	var ok bool
	if m.key, ok = a.Keys().(*array.String); !ok {
		return false
	}
	switch items := a.Items().(type) {
	case *array.String:
		m.str = items
	case *array.Binary:
		m.bin = items
	default:
		return false
	}
	r.mp = m
	return true
}

// appendMapText appends the map at row as {k1=v1, k2=v2}, as Flink prints
// maps: BYTES values in base64, NULL values as null.
func (r *reader) appendMapText(dst []byte, row int) []byte {
	m := r.mp
	lo, hi := m.m.ValueOffsets(row)
	return sqlvalue.AppendMap(dst, int(hi-lo), func(dst []byte, i int) []byte {
		j := int(lo) + i
		dst = append(dst, m.key.Value(j)...)
		dst = append(dst, '=')
		switch {
		case m.str != nil && m.str.IsNull(j), m.bin != nil && m.bin.IsNull(j):
			return append(dst, "null"...)
		case m.str != nil:
			return append(dst, m.str.Value(j)...)
		}
		return appendBase64(dst, m.bin.Value(j))
	})
}

// appendMapJSON appends the map at row as a JSON object.
func (r *reader) appendMapJSON(dst []byte, row int) []byte {
	m := r.mp
	lo, hi := m.m.ValueOffsets(row)
	dst = append(dst, '{')
	for j := int(lo); j < int(hi); j++ {
		if j > int(lo) {
			dst = append(dst, ',')
		}
		dst = AppendJSONString(dst, m.key.Value(j))
		dst = append(dst, ':')
		switch {
		case m.str != nil && m.str.IsNull(j), m.bin != nil && m.bin.IsNull(j):
			dst = append(dst, "null"...)
		case m.str != nil:
			dst = AppendJSONString(dst, m.str.Value(j))
		default:
			dst = append(dst, '"')
			dst = appendBase64(dst, m.bin.Value(j))
			dst = append(dst, '"')
		}
	}
	return append(dst, '}')
}

// noMaps fails for a format that cannot hold MAP columns.
func noMaps(format string, fields []planner.Field) error {
	for _, f := range fields {
		if f.Type.Kind == catalog.KindMap {
			return fmt.Errorf("field '%s': format '%s' cannot hold %s columns; use format 'json'", f.Name, format, f.Type.Nullable())
		}
	}
	return nil
}

// CheckColumns reports, at the column, a column of t (indexes cols) that
// the named format cannot hold: CSV holds no MAP columns.
func CheckColumns(format string, t *catalog.Table, cols []int) error {
	if format != "csv" {
		return nil
	}
	for _, i := range cols {
		if c := t.Columns[i]; c.Type.Kind == catalog.KindMap {
			return sql.Errorf(c.Pos, "column `%s` is %s: format 'csv' cannot hold MAP columns; use format 'json'", c.Name, c.Type.Nullable())
		}
	}
	return nil
}
