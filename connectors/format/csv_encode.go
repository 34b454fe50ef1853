package format

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// CSVEncoder writes rows as CSV lines in column order. NULL is written as
// the null literal (empty by default); a field holding the delimiter, the
// quote character or a line break is quoted, with quotes doubled; an
// empty string is written quoted ("") so that it reads back as a string.
// A zero quote character (csv.disable-quote-character) never quotes.
type CSVEncoder struct {
	readers []reader
	opts    CSVOptions
	scratch []byte
}

// NewCSVEncoder returns an encoder for records with the given columns.
func NewCSVEncoder(fields []planner.Field, opts CSVOptions) (*CSVEncoder, error) {
	if err := noMaps("csv", fields); err != nil {
		return nil, err
	}
	rs, err := newReaders(fields)
	if err != nil {
		return nil, err
	}
	if opts.Delimiter == 0 {
		opts.Delimiter = ','
	}
	return &CSVEncoder{readers: rs, opts: opts}, nil
}

// Encode appends every row of rec to dst, each line ending in '\n'.
func (e *CSVEncoder) Encode(dst []byte, rec arrow.Record) ([]byte, error) {
	if err := bindReaders(e.readers, rec); err != nil {
		return dst, err
	}
	n := int(rec.NumRows())
	for row := 0; row < n; row++ {
		for i := range e.readers {
			r := &e.readers[i]
			if i > 0 {
				dst = append(dst, e.opts.Delimiter)
			}
			if r.arr.IsNull(row) {
				dst = append(dst, e.opts.NullLiteral...)
				continue
			}
			e.scratch = r.appendText(e.scratch[:0], row, ' ')
			dst = e.field(dst, e.scratch, r.typ.Kind == catalog.KindString)
		}
		dst = append(dst, '\n')
	}
	return dst, nil
}

func (e *CSVEncoder) field(dst, v []byte, isString bool) []byte {
	q := e.opts.Quote
	if q == 0 {
		return append(dst, v...)
	}
	quote := isString && (len(v) == 0 || string(v) == e.opts.NullLiteral)
	for _, c := range v {
		if c == e.opts.Delimiter || c == q || c == '\n' || c == '\r' {
			quote = true
			break
		}
	}
	if !quote {
		return append(dst, v...)
	}
	dst = append(dst, q)
	for _, c := range v {
		if c == q {
			dst = append(dst, q)
		}
		dst = append(dst, c)
	}
	return append(dst, q)
}
