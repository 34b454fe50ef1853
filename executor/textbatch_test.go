package executor

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// Text batches: one row per line, values separated by commas, NULL for a
// null value. Timestamps are written "2024-01-01 00:00:00[.123]", dates
// "2024-01-01", intervals as milliseconds. A row of an updating stream
// (a schema ending with the row-kind column) starts with its kind and a
// space: "-U 1, a".

const tsLayout = "2006-01-02 15:04:05"

// parseTS parses a timestamp literal into epoch milliseconds (UTC).
func parseTS(s string) (int64, error) {
	for _, layout := range []string{tsLayout + ".000", tsLayout, "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.UnixMilli(), nil
		}
	}
	return 0, fmt.Errorf("bad timestamp %q", s)
}

// mustTS is parseTS for literals in tests.
func mustTS(s string) int64 {
	v, err := parseTS(s)
	if err != nil {
		panic(err)
	}
	return v
}

// formatTS renders epoch milliseconds as a timestamp literal.
func formatTS(ms int64) string {
	t := time.UnixMilli(ms).UTC()
	if ms%1000 != 0 {
		return t.Format(tsLayout + ".000")
	}
	return t.Format(tsLayout)
}

// formatWM renders a watermark.
func formatWM(wm int64) string {
	switch wm {
	case MinWatermark:
		return "MIN"
	case MaxWatermark:
		return "MAX"
	}
	return formatTS(wm)
}

// parseRows builds one record of schema from text lines.
func parseRows(alloc memory.Allocator, schema *arrow.Schema, lines []string) (arrow.Record, error) {
	b := array.NewRecordBuilder(alloc, schema)
	defer b.Release()
	updating := HasRowKind(schema)
	width := schema.NumFields()
	if updating {
		width--
	}
	for ln, line := range lines {
		if updating {
			kind, rest, _ := strings.Cut(strings.TrimSpace(line), " ")
			k, err := ParseRowKind(kind)
			if err != nil {
				return nil, fmt.Errorf("row %d %q: %w", ln+1, line, err)
			}
			b.Field(width).(*array.Int8Builder).Append(int8(k))
			line = rest
		}
		vals := strings.Split(line, ",")
		if len(vals) != width {
			return nil, fmt.Errorf("row %d %q: %d values for %d columns", ln+1, line, len(vals), width)
		}
		for i, v := range vals {
			if err := appendValue(b.Field(i), strings.TrimSpace(v)); err != nil {
				return nil, fmt.Errorf("row %d column %s: %w", ln+1, schema.Field(i).Name, err)
			}
		}
	}
	return b.NewRecord(), nil
}

func appendValue(fb array.Builder, v string) error {
	if v == "NULL" {
		fb.AppendNull()
		return nil
	}
	var err error
	switch b := fb.(type) {
	case *array.Int8Builder:
		var n int64
		n, err = strconv.ParseInt(v, 10, 8)
		b.Append(int8(n))
	case *array.Int16Builder:
		var n int64
		n, err = strconv.ParseInt(v, 10, 16)
		b.Append(int16(n))
	case *array.Int32Builder:
		var n int64
		n, err = strconv.ParseInt(v, 10, 32)
		b.Append(int32(n))
	case *array.Int64Builder:
		var n int64
		n, err = strconv.ParseInt(v, 10, 64)
		b.Append(n)
	case *array.Float32Builder:
		var f float64
		f, err = strconv.ParseFloat(v, 32)
		b.Append(float32(f))
	case *array.Float64Builder:
		var f float64
		f, err = strconv.ParseFloat(v, 64)
		b.Append(f)
	case *array.BooleanBuilder:
		var x bool
		x, err = strconv.ParseBool(v)
		b.Append(x)
	case *array.StringBuilder:
		b.Append(v)
	case *array.BinaryBuilder:
		b.Append([]byte(v))
	case *array.Date32Builder:
		var ms int64
		ms, err = parseTS(v)
		b.Append(arrow.Date32(ms / 86400000))
	case *array.TimestampBuilder:
		var ms int64
		ms, err = parseTS(v)
		b.Append(arrow.Timestamp(ms))
	case *array.DurationBuilder:
		var n int64
		n, err = strconv.ParseInt(v, 10, 64)
		b.Append(arrow.Duration(n))
	case *array.Decimal128Builder:
		dt := b.Type().(*arrow.Decimal128Type)
		var d decimal128.Num
		d, err = decimal128.FromString(v, dt.Precision, dt.Scale)
		b.Append(d)
	default:
		return fmt.Errorf("unsupported type %s", fb.Type())
	}
	return err
}

// formatRecord renders every row of rec as a text line.
func formatRecord(rec arrow.Record) []string {
	out := make([]string, rec.NumRows())
	kinds := RowKinds(rec)
	width := int(rec.NumCols())
	if kinds != nil {
		width--
	}
	for r := range out {
		vals := make([]string, width)
		for c := range vals {
			vals[c] = formatValue(rec.Column(c), r)
		}
		out[r] = strings.Join(vals, ", ")
		if kinds != nil {
			out[r] = KindAt(kinds, r).String() + " " + out[r]
		}
	}
	return out
}

func formatValue(col arrow.Array, i int) string {
	if col.IsNull(i) {
		return "NULL"
	}
	switch a := col.(type) {
	case *array.Timestamp:
		return formatTS(int64(a.Value(i)))
	case *array.Date32:
		return time.UnixMilli(int64(a.Value(i)) * 86400000).UTC().Format("2006-01-02")
	case *array.Duration:
		return strconv.FormatInt(int64(a.Value(i)), 10)
	case *array.Float64:
		return strconv.FormatFloat(a.Value(i), 'g', -1, 64)
	case *array.Float32:
		return strconv.FormatFloat(float64(a.Value(i)), 'g', -1, 32)
	case *array.Decimal128:
		return a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)
	}
	return col.ValueStr(i)
}
