package executor

import (
	"fmt"
	"math"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

// valCat is how the window operator stores values of a column: every
// fixed-width integer-like type (BOOLEAN, TINYINT..BIGINT, DATE,
// TIMESTAMP, INTERVAL) as int64, FLOAT/DOUBLE as float64, STRING/BYTES as
// Go strings (copied out of Arrow buffers) and DECIMAL as decimal128.Num.
type valCat uint8

const (
	catInt valCat = iota
	catFloat
	catStr
	catDec
)

// catOf returns the storage category of an Arrow type.
func catOf(dt arrow.DataType) (valCat, error) {
	switch dt.ID() {
	case arrow.BOOL, arrow.INT8, arrow.INT16, arrow.INT32, arrow.INT64,
		arrow.DATE32, arrow.TIMESTAMP, arrow.DURATION:
		return catInt, nil
	case arrow.FLOAT32, arrow.FLOAT64:
		return catFloat, nil
	case arrow.STRING, arrow.BINARY:
		return catStr, nil
	case arrow.DECIMAL128:
		return catDec, nil
	}
	return 0, fmt.Errorf("type %s is not supported in a window aggregate", dt)
}

// colView is a typed view of one batch column in its storage category;
// loading it costs one typed loop over the column.
type colView struct {
	cat    valCat
	arr    arrow.Array
	ints   []int64
	floats []float64
	str    *array.String
	bin    *array.Binary
	dec    *array.Decimal128
}

// load points v at col, converting fixed-width values into v's scratch.
func (v *colView) load(col arrow.Array) {
	v.arr = col
	n := col.Len()
	switch v.cat {
	case catInt:
		if cap(v.ints) < n {
			v.ints = make([]int64, n)
		}
		v.ints = v.ints[:n]
		loadInts(col, v.ints)
	case catFloat:
		if cap(v.floats) < n {
			v.floats = make([]float64, n)
		}
		v.floats = v.floats[:n]
		switch a := col.(type) {
		case *array.Float64:
			copy(v.floats, a.Float64Values())
		case *array.Float32:
			for i, x := range a.Float32Values() {
				v.floats[i] = float64(x)
			}
		}
	case catStr:
		v.str, _ = col.(*array.String)
		v.bin, _ = col.(*array.Binary)
	case catDec:
		v.dec, _ = col.(*array.Decimal128)
	}
}

// strAt returns the string value of row i; the result aliases the Arrow
// buffer for STRING columns and must be cloned before it is kept.
func (v *colView) strAt(i int) string {
	if v.str != nil {
		return v.str.Value(i)
	}
	return string(v.bin.Value(i))
}

// loadInts converts an integer-like column into dst with typed loops.
func loadInts(col arrow.Array, dst []int64) {
	switch a := col.(type) {
	case *array.Int64:
		copy(dst, a.Int64Values())
	case *array.Int32:
		for i, x := range a.Int32Values() {
			dst[i] = int64(x)
		}
	case *array.Int16:
		for i, x := range a.Int16Values() {
			dst[i] = int64(x)
		}
	case *array.Int8:
		for i, x := range a.Int8Values() {
			dst[i] = int64(x)
		}
	case *array.Timestamp:
		for i, x := range a.TimestampValues() {
			dst[i] = int64(x)
		}
	case *array.Date32:
		for i, x := range a.Date32Values() {
			dst[i] = int64(x)
		}
	case *array.Duration:
		for i, x := range a.DurationValues() {
			dst[i] = int64(x)
		}
	case *array.Boolean:
		for i := range dst {
			dst[i] = 0
			if a.Value(i) {
				dst[i] = 1
			}
		}
	}
}

// appendInt appends v to an integer-like builder.
func appendInt(b array.Builder, v int64) {
	switch b := b.(type) {
	case *array.Int64Builder:
		b.Append(v)
	case *array.Int32Builder:
		b.Append(int32(v))
	case *array.Int16Builder:
		b.Append(int16(v))
	case *array.Int8Builder:
		b.Append(int8(v))
	case *array.TimestampBuilder:
		b.Append(arrow.Timestamp(v))
	case *array.Date32Builder:
		b.Append(arrow.Date32(v))
	case *array.DurationBuilder:
		b.Append(arrow.Duration(v))
	case *array.BooleanBuilder:
		b.Append(v != 0)
	}
}

// appendFloat appends v to a FLOAT or DOUBLE builder.
func appendFloat(b array.Builder, v float64) {
	switch b := b.(type) {
	case *array.Float64Builder:
		b.Append(v)
	case *array.Float32Builder:
		b.Append(float32(v))
	}
}

// appendStr appends v to a STRING or BYTES builder.
func appendStr(b array.Builder, v string) {
	switch b := b.(type) {
	case *array.StringBuilder:
		b.Append(v)
	case *array.BinaryBuilder:
		b.AppendString(v)
	}
}

// appendDec appends v to a DECIMAL builder.
func appendDec(b array.Builder, v decimal128.Num) {
	if b, ok := b.(*array.Decimal128Builder); ok {
		b.Append(v)
	}
}

// floatKey normalizes a float for hashing and equality: -0 equals 0 and
// every NaN equals every other.
func floatKey(f float64) uint64 {
	if f == 0 {
		return 0
	}
	if f != f {
		return 0x7ff8000000000001
	}
	return math.Float64bits(f)
}
