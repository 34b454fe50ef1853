package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// CSVOptions configure the 'csv' format (Flink's option names in
// parentheses).
type CSVOptions struct {
	// Delimiter separates fields (csv.field-delimiter, default ',').
	Delimiter byte
	// Quote encloses fields holding delimiters or quotes; a quote inside
	// is doubled (csv.quote-character, default '"'). Zero disables quoting
	// (csv.disable-quote-character).
	Quote byte
	// IgnoreParseErrors asks the reader to skip bad rows
	// (csv.ignore-parse-errors). The decoder itself always reports them.
	IgnoreParseErrors bool
	// AllowComments skips lines starting with '#' (csv.allow-comments).
	AllowComments bool
	// NullLiteral, when set, is read and written as NULL
	// (csv.null-literal).
	NullLiteral string
}

// DefaultCSVOptions returns Flink's defaults.
func DefaultCSVOptions() CSVOptions { return CSVOptions{Delimiter: ',', Quote: '"'} }

// CSVDecoder decodes CSV lines into Arrow builders, columns by position.
// An unquoted empty field is NULL except for STRING columns, where it is
// the empty string. A line that fails to decode appends nothing.
//
// A CSVDecoder is not safe for concurrent use.
type CSVDecoder struct {
	cols    []column
	slots   []slot
	scratch []byte
	opts    CSVOptions
}

// NewCSVDecoder returns a decoder for fields (the physical columns in
// order) appending into out (nil entries for unneeded fields).
func NewCSVDecoder(fields []planner.Field, out []array.Builder, opts CSVOptions) (*CSVDecoder, error) {
	if err := noMaps("csv", fields); err != nil {
		return nil, err
	}
	cols, err := bindColumns(fields, out)
	if err != nil {
		return nil, err
	}
	if opts.Delimiter == 0 {
		opts.Delimiter = ','
	}
	if opts.Quote != 0 && opts.Quote == opts.Delimiter {
		return nil, fmt.Errorf("csv: the quote character and the delimiter must differ")
	}
	return &CSVDecoder{cols: cols, slots: make([]slot, len(cols)), opts: opts}, nil
}

// Decode decodes one line (without its newline) and appends one row, or
// none for a comment line. On error nothing is appended.
func (d *CSVDecoder) Decode(line []byte) error {
	if d.opts.AllowComments && len(line) > 0 && line[0] == '#' {
		return nil
	}
	line = trimCR(line)
	d.scratch = d.scratch[:0]
	i, n := 0, 0
	for {
		field, quoted, next, err := d.field(line, i)
		if err != nil {
			return err
		}
		if n < len(d.cols) {
			if err := d.set(&d.cols[n], &d.slots[n], field, quoted); err != nil {
				return err
			}
		}
		n++
		if next >= len(line) {
			break
		}
		i = next + 1 // skip the delimiter
	}
	if n != len(d.cols) {
		return fmt.Errorf("expected %d fields, got %d", len(d.cols), n)
	}
	if err := checkNotNull(d.cols, d.slots); err != nil {
		return err
	}
	for i := range d.cols {
		d.cols[i].appendSlot(&d.slots[i])
	}
	return nil
}

func trimCR(b []byte) []byte {
	if len(b) > 0 && b[len(b)-1] == '\r' {
		return b[:len(b)-1]
	}
	return b
}

// field scans the field starting at i and returns its text, whether it
// was quoted, and the index of the delimiter ending it (or len(line)).
func (d *CSVDecoder) field(line []byte, i int) ([]byte, bool, int, error) {
	q := d.opts.Quote
	if q == 0 || i >= len(line) || line[i] != q {
		j := i
		for j < len(line) && line[j] != d.opts.Delimiter {
			j++
		}
		return line[i:j], false, j, nil
	}
	start := len(d.scratch)
	j := i + 1
	for {
		k := j
		for k < len(line) && line[k] != q {
			k++
		}
		if k >= len(line) {
			return nil, false, 0, fmt.Errorf("unterminated quoted field at offset %d", i)
		}
		d.scratch = append(d.scratch, line[j:k]...)
		if k+1 < len(line) && line[k+1] == q {
			d.scratch = append(d.scratch, q)
			j = k + 2
			continue
		}
		k++
		if k < len(line) && line[k] != d.opts.Delimiter {
			return nil, false, 0, fmt.Errorf("unexpected character after quoted field at offset %d", k)
		}
		return d.scratch[start:], true, k, nil
	}
}

func (d *CSVDecoder) set(c *column, s *slot, text []byte, quoted bool) error {
	if c.b == nil {
		return nil
	}
	if !quoted && d.opts.NullLiteral != "" && bstr(text) == d.opts.NullLiteral {
		s.set, s.null = true, true
		return nil
	}
	if !quoted && len(text) == 0 && c.typ.Kind != catalog.KindString {
		s.set, s.null = true, true
		return nil
	}
	if c.typ.Kind == catalog.KindTimestampLTZ {
		if v, ok := parseInt(text, -1<<63, 1<<63-1); ok {
			s.set, s.null, s.i = true, false, v
			return nil
		}
	}
	return c.parseText(text, s, &d.scratch)
}
