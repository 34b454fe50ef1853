package eval

import (
	"fmt"
	"math/big"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Test values are Go values, nil = NULL:
//
//	integers int64, FLOAT/DOUBLE float64, BOOLEAN bool, STRING string,
//	BYTES []byte, DECIMAL string "12.30" (at the type's scale), DATE
//	string "2024-01-31", TIMESTAMP string "2024-01-31 10:00:00.000",
//	INTERVAL int64 ms.

func col(i int, t catalog.Type) planner.Expr {
	return &planner.ColRef{Index: i, Name: fmt.Sprintf("c%d", i), T: t}
}

func lit(v any, t catalog.Type) planner.Expr {
	switch t.Kind {
	case catalog.KindDecimal:
		if s, ok := v.(string); ok {
			n, err := decimal128.FromString(s, int32(t.Precision), int32(t.Scale))
			if err != nil {
				panic(err)
			}
			v = n
		}
	case catalog.KindDate:
		if s, ok := v.(string); ok {
			v = int32(mustTime(s).Unix() / 86400)
		}
	case catalog.KindTimestamp, catalog.KindTimestampLTZ:
		if s, ok := v.(string); ok {
			v = mustTime(s).UnixMilli()
		}
	}
	return &planner.Const{Val: v, T: t}
}

func call(fn string, t catalog.Type, args ...planner.Expr) planner.Expr {
	return &planner.Call{Fn: fn, Args: args, T: t}
}

func mustTime(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05.000", "2006-01-02 15:04:05", "2006-01-02"} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	panic("bad test time " + s)
}

// build makes an array of type t from test values.
func build(alloc memory.Allocator, t catalog.Type, vals []any) arrow.Array {
	b := array.NewBuilder(alloc, t.Arrow())
	defer b.Release()
	for _, v := range vals {
		if v == nil {
			b.AppendNull()
			continue
		}
		switch bb := b.(type) {
		case *array.BooleanBuilder:
			bb.Append(v.(bool))
		case *array.Int8Builder:
			bb.Append(int8(v.(int64)))
		case *array.Int16Builder:
			bb.Append(int16(v.(int64)))
		case *array.Int32Builder:
			bb.Append(int32(v.(int64)))
		case *array.Int64Builder:
			bb.Append(v.(int64))
		case *array.Float32Builder:
			bb.Append(float32(v.(float64)))
		case *array.Float64Builder:
			bb.Append(v.(float64))
		case *array.StringBuilder:
			bb.Append(v.(string))
		case *array.BinaryBuilder:
			bb.Append(v.([]byte))
		case *array.Decimal128Builder:
			n, err := decimal128.FromString(v.(string), int32(t.Precision), int32(t.Scale))
			if err != nil {
				panic(err)
			}
			bb.Append(n)
		case *array.Date32Builder:
			bb.Append(arrow.Date32(mustTime(v.(string)).Unix() / 86400))
		case *array.TimestampBuilder:
			bb.Append(arrow.Timestamp(mustTime(v.(string)).UnixMilli()))
		case *array.DurationBuilder:
			bb.Append(arrow.Duration(v.(int64)))
		default:
			panic(fmt.Sprintf("no test builder for %T", b))
		}
	}
	return b.NewArray()
}

// goValue reads row i of arr (of type t) as a test value.
func goValue(arr arrow.Array, i int, t catalog.Type) any {
	if arr.IsNull(i) {
		return nil
	}
	switch a := arr.(type) {
	case *array.Boolean:
		return a.Value(i)
	case *array.Int8:
		return int64(a.Value(i))
	case *array.Int16:
		return int64(a.Value(i))
	case *array.Int32:
		return int64(a.Value(i))
	case *array.Int64:
		return a.Value(i)
	case *array.Float32:
		return float64(a.Value(i))
	case *array.Float64:
		return a.Value(i)
	case *array.String:
		return a.Value(i)
	case *array.Binary:
		return append([]byte(nil), a.Value(i)...)
	case *array.Decimal128:
		return decString(a.Value(i).BigInt(), t.Scale)
	case *array.Date32:
		return time.Unix(int64(a.Value(i))*86400, 0).UTC().Format("2006-01-02")
	case *array.Timestamp:
		return time.UnixMilli(int64(a.Value(i))).UTC().Format("2006-01-02 15:04:05.000")
	case *array.Duration:
		return int64(a.Value(i))
	}
	panic(fmt.Sprintf("no test reader for %T", arr))
}

// decString renders an unscaled integer at scale s, independently of the
// code under test.
func decString(v *big.Int, s int) string {
	r := new(big.Rat).SetFrac(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil))
	return r.FloatString(s)
}

// colSpec is one input column of a test batch.
type colSpec struct {
	t    catalog.Type
	vals []any
}

func makeRecord(alloc memory.Allocator, cols []colSpec) arrow.Record {
	fields := make([]arrow.Field, len(cols))
	arrs := make([]arrow.Array, len(cols))
	n := 0
	for i, c := range cols {
		fields[i] = arrow.Field{Name: fmt.Sprintf("c%d", i), Type: c.t.Arrow(), Nullable: true}
		arrs[i] = build(alloc, c.t, c.vals)
		n = len(c.vals)
	}
	rec := array.NewRecord(arrow.NewSchema(fields, nil), arrs, int64(n))
	releaseAllArrs(arrs)
	return rec
}

func releaseAllArrs(arrs []arrow.Array) {
	for _, a := range arrs {
		a.Release()
	}
}

// evalExpr compiles e and evaluates it over rec, returning test values.
func evalExpr(t *testing.T, alloc memory.Allocator, e planner.Expr, rec arrow.Record) ([]any, error) {
	t.Helper()
	ev, err := CompileWith(e, Options{Alloc: alloc, Clock: func() int64 { return 1700000000123 }})
	if err != nil {
		return nil, err
	}
	arr, err := ev.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer arr.Release()
	if arr.Len() != int(rec.NumRows()) {
		t.Fatalf("%s: got %d rows, want %d", e, arr.Len(), rec.NumRows())
	}
	if want := e.Type().Arrow(); !arrow.TypeEqual(arr.DataType(), want) {
		t.Fatalf("%s: result type %s, want %s", e, arr.DataType(), want)
	}
	out := make([]any, arr.Len())
	for i := range out {
		out[i] = goValue(arr, i, e.Type())
	}
	return out, nil
}

func bigInt(v int64) *big.Int { return big.NewInt(v) }

func arraySlice(a arrow.Array, i, j int) arrow.Array { return array.NewSlice(a, int64(i), int64(j)) }
