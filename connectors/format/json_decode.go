package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// JSONOptions configure the 'json' format (Flink's option names in
// parentheses).
type JSONOptions struct {
	// FailOnMissingField makes a row without one of the fields an error
	// (json.fail-on-missing-field); otherwise the field is NULL.
	FailOnMissingField bool
	// IgnoreParseErrors asks the reader to skip bad rows
	// (json.ignore-parse-errors). The decoder itself always reports them.
	IgnoreParseErrors bool
	// ISOTimestamps makes the encoder write 'yyyy-MM-ddTHH:mm:ss.SSS'
	// (json.timestamp-format.standard = 'ISO-8601') instead of the SQL
	// form 'yyyy-MM-dd HH:mm:ss.SSS'. The decoder accepts both.
	ISOTimestamps bool
}

// JSONDecoder decodes JSON lines, one object per line, straight into Arrow
// builders. Keys are matched to the field names (case-sensitive); unknown
// keys and nested values are skipped. A line that fails to decode appends
// nothing: every builder keeps the same length.
//
// A JSONDecoder is not safe for concurrent use.
type JSONDecoder struct {
	cols    []column
	slots   []slot
	index   map[string]int
	scratch []byte
	opts    JSONOptions
}

// NewJSONDecoder returns a decoder for fields appending into out, where
// out[i] is the builder of fields[i] (of the field type's Arrow type), or
// nil when that field is not needed.
func NewJSONDecoder(fields []planner.Field, out []array.Builder, opts JSONOptions) (*JSONDecoder, error) {
	cols, err := bindColumns(fields, out)
	if err != nil {
		return nil, err
	}
	d := &JSONDecoder{cols: cols, slots: make([]slot, len(cols)), index: make(map[string]int, len(cols)), opts: opts}
	for i, f := range fields {
		d.index[f.Name] = i
	}
	return d, nil
}

// Decode decodes one line (without its newline) and appends one row. On
// error nothing is appended and the error gives the reason.
func (d *JSONDecoder) Decode(line []byte) error {
	d.scratch = d.scratch[:0]
	for i := range d.slots {
		d.slots[i].set = false
	}
	if err := d.object(line); err != nil {
		return err
	}
	if d.opts.FailOnMissingField {
		for i := range d.cols {
			if !d.slots[i].set {
				return fmt.Errorf("field '%s' is missing", d.cols[i].name)
			}
		}
	}
	if err := checkNotNull(d.cols, d.slots); err != nil {
		return err
	}
	for i := range d.cols {
		d.cols[i].appendSlot(&d.slots[i])
	}
	return nil
}

func (d *JSONDecoder) object(b []byte) error {
	i := skipWS(b, 0)
	if i >= len(b) {
		return errEOF
	}
	if b[i] != '{' {
		return syntaxErr(i, "expected a JSON object")
	}
	i = skipWS(b, i+1)
	if i < len(b) && b[i] == '}' {
		return d.end(b, i+1)
	}
	next := 0 // expected field position: keys usually come in schema order
	for {
		if i >= len(b) {
			return errEOF
		}
		if b[i] != '"' {
			return syntaxErr(i, "expected object key")
		}
		key, n, err := scanString(b, i, &d.scratch)
		if err != nil {
			return err
		}
		i = skipWS(b, n)
		if i >= len(b) {
			return errEOF
		}
		if b[i] != ':' {
			return syntaxErr(i, "expected ':' after object key")
		}
		i = skipWS(b, i+1)
		if i >= len(b) {
			return errEOF
		}
		f := -1
		if next < len(d.cols) && d.cols[next].name == bstr(key) {
			f = next
		} else if j, ok := d.index[string(key)]; ok {
			f = j
		}
		if f >= 0 && d.cols[f].b != nil {
			next = f + 1
			i, err = d.value(b, i, &d.cols[f], &d.slots[f])
		} else {
			if f >= 0 {
				d.slots[f].set = true
				next = f + 1
			}
			i, err = skipValue(b, i, &d.scratch)
		}
		if err != nil {
			return err
		}
		i = skipWS(b, i)
		if i >= len(b) {
			return errEOF
		}
		switch b[i] {
		case ',':
			i = skipWS(b, i+1)
		case '}':
			return d.end(b, i+1)
		default:
			return syntaxErr(i, "expected ',' or '}'")
		}
	}
}

// end checks that nothing but whitespace follows the object.
func (d *JSONDecoder) end(b []byte, i int) error {
	if i = skipWS(b, i); i != len(b) {
		return syntaxErr(i, "unexpected data after the JSON object")
	}
	return nil
}

// value decodes the JSON value at b[i] into s for column c.
func (d *JSONDecoder) value(b []byte, i int, c *column, s *slot) (int, error) {
	k := c.typ.Kind
	if k == catalog.KindMap && b[i] != 'n' {
		return d.mapValue(b, i, c, s)
	}
	switch b[i] {
	case '"':
		str, n, err := scanString(b, i, &d.scratch)
		if err != nil {
			return 0, err
		}
		return n, c.parseText(str, s, &d.scratch)
	case 'n':
		n, err := scanLiteral(b, i, "null")
		s.set, s.null = true, true
		return n, err
	case 't', 'f':
		lit := "true"
		if b[i] == 'f' {
			lit = "false"
		}
		n, err := scanLiteral(b, i, lit)
		if err != nil {
			return 0, err
		}
		if k != catalog.KindBoolean && k != catalog.KindString {
			return 0, c.cannotParse(b[i:n])
		}
		return n, c.parseText(b[i:n], s, &d.scratch)
	case '{', '[':
		n, err := skipContainer(b, i, &d.scratch)
		if err != nil {
			return 0, err
		}
		if k != catalog.KindString {
			what := "an object"
			if b[i] == '[' {
				what = "an array"
			}
			return 0, fmt.Errorf("field '%s': cannot read %s as %s", c.name, what, c.typ.Nullable())
		}
		s.set, s.null, s.bs = true, false, b[i:n]
		return n, nil
	}
	n, err := scanNumber(b, i)
	if err != nil {
		return 0, err
	}
	num := b[i:n]
	switch k {
	case catalog.KindBoolean, catalog.KindBytes, catalog.KindDate, catalog.KindTimestamp:
		return 0, c.cannotParse(num)
	case catalog.KindTimestampLTZ:
		v, ok := parseInt(num, -1<<63, 1<<63-1)
		if !ok {
			return 0, c.cannotParse(num)
		}
		s.set, s.null, s.i = true, false, v
		return n, nil
	}
	return n, c.parseText(num, s, &d.scratch)
}
