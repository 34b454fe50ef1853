package format

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

// RowText renders rows as the print connector shows them: values joined
// by ", ", NULL as "null", TIMESTAMP and TIMESTAMP_LTZ as
// 'yyyy-MM-dd HH:mm:ss.SSS' (UTC), floats as Java does ("1.0"), BYTES as
// base64.
type RowText struct {
	readers []reader
}

// NewRowText returns a renderer for records with the given columns.
func NewRowText(fields []planner.Field) (*RowText, error) {
	rs, err := newReaders(fields)
	if err != nil {
		return nil, err
	}
	return &RowText{readers: rs}, nil
}

// Bind points the renderer at rec; AppendRow then reads its rows.
func (r *RowText) Bind(rec arrow.Record) error { return bindReaders(r.readers, rec) }

// AppendRow appends the values of row of the bound record.
func (r *RowText) AppendRow(dst []byte, row int) []byte {
	for i := range r.readers {
		rd := &r.readers[i]
		if i > 0 {
			dst = append(dst, ',', ' ')
		}
		switch {
		case rd.arr.IsNull(row):
			dst = append(dst, "null"...)
		case rd.typ.Kind == catalog.KindTimestampLTZ:
			dst = sqlvalue.AppendTimestamp(dst, int64(rd.ts.Value(row)), ' ', sqlvalue.PlainNegativeYear)
		default:
			dst = rd.appendText(dst, row, ' ')
		}
	}
	return dst
}
