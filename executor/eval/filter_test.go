package eval

import (
	"math/rand"
	"reflect"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
)

// allTypeCols is one column of every supported type, with NULLs.
func allTypeCols(rng *rand.Rand, n int) []colSpec {
	types := []catalog.Type{tBool, catalog.TinyInt, catalog.SmallInt, tInt, tBig, catalog.Float, tDbl,
		catalog.Decimal(12, 3), tStr, catalog.Bytes, catalog.Date, tTS, catalog.TimestampLTZ, catalog.Interval}
	cols := make([]colSpec, len(types))
	for c, t := range types {
		vals := make([]any, n)
		for i := range vals {
			if rng.Intn(5) == 0 {
				continue
			}
			k := int64(rng.Intn(200) - 100)
			switch t.Kind {
			case catalog.KindBoolean:
				vals[i] = k%2 == 0
			case catalog.KindFloat, catalog.KindDouble:
				vals[i] = float64(k) / 8
			case catalog.KindDecimal:
				vals[i] = decString(bigInt(k*1001), 3)
			case catalog.KindString:
				vals[i] = string(rune('a'+k%20+20)) + "é"
			case catalog.KindBytes:
				vals[i] = []byte{byte(k), 0}
			case catalog.KindDate:
				vals[i] = "2024-01-15"
			case catalog.KindTimestamp, catalog.KindTimestampLTZ:
				vals[i] = "2024-01-15 10:00:00.250"
			default:
				vals[i] = k
			}
		}
		cols[c] = colSpec{t, vals}
	}
	return cols
}

func TestFilter(t *testing.T) {
	rng := rand.New(rand.NewSource(7))
	for _, n := range []int{0, 1, 3, 17, 1024} {
		cols := allTypeCols(rng, n)
		masks := map[string][]any{"random": make([]any, n), "all true": make([]any, n), "all false": make([]any, n), "contiguous": make([]any, n)}
		for i := 0; i < n; i++ {
			if r := rng.Intn(4); r > 0 {
				masks["random"][i] = r == 1
			}
			masks["all true"][i] = true
			masks["all false"][i] = i%2 == 0 && false
			masks["contiguous"][i] = i >= n/3 && i < n/2
		}
		for name, mask := range masks {
			for _, sliced := range []bool{false, true} {
				alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
				rec := makeRecord(alloc, cols)
				m := build(alloc, tBool, mask)
				if sliced && n > 2 {
					// Exercise non-zero offsets in both the batch and the mask.
					r2, m2 := rec.NewSlice(1, int64(n)), arraySlice(m, 1, n)
					rec.Release()
					m.Release()
					rec, m = r2, m2
				}
				off := int(n) - int(rec.NumRows())
				out, err := Filter(rec, m, alloc)
				if err != nil {
					t.Fatalf("n=%d %s: %v", n, name, err)
				}
				var keep []int
				for i := 0; i < int(rec.NumRows()); i++ {
					if mask[i+off] == true {
						keep = append(keep, i+off)
					}
				}
				if int(out.NumRows()) != len(keep) {
					t.Fatalf("n=%d %s: %d rows, want %d", n, name, out.NumRows(), len(keep))
				}
				for c, spec := range cols {
					for j, i := range keep {
						got := goValue(out.Column(c), j, spec.t)
						if !reflect.DeepEqual(got, spec.vals[i]) {
							t.Fatalf("n=%d %s col %d row %d: got %#v want %#v", n, name, c, j, got, spec.vals[i])
						}
					}
				}
				out.Release()
				rec.Release()
				m.Release()
				alloc.AssertSize(t, 0)
			}
		}
	}
}

func TestFilterErrors(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, []colSpec{{tBig, []any{int64(1), int64(2)}}})
	defer rec.Release()
	short := build(alloc, tBool, []any{true})
	defer short.Release()
	if _, err := Filter(rec, short, alloc); err == nil {
		t.Fatal("mask of the wrong length accepted")
	}
	notBool := rec.Column(0)
	if _, err := Filter(rec, notBool, alloc); err == nil {
		t.Fatal("non-boolean mask accepted")
	}
}

func TestProject(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, []colSpec{{tBig, []any{int64(1), nil, int64(3)}}, {tStr, []any{"a", "b", nil}}})
	defer rec.Release()
	e1, err := Compile(call("*", tBig, col(0, tBig), lit(int64(2), tBig)), alloc)
	if err != nil {
		t.Fatal(err)
	}
	e2, err := Compile(call("UPPER", tStr, col(1, tStr)), alloc)
	if err != nil {
		t.Fatal(err)
	}
	schema := arrow.NewSchema([]arrow.Field{{Name: "x", Type: tBig.Arrow()}, {Name: "y", Type: tStr.Arrow()}}, nil)
	out, err := Project(rec, []Evaluator{e1, e2}, schema)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	got := [][]any{{}, {}}
	for c := 0; c < 2; c++ {
		for i := 0; i < 3; i++ {
			got[c] = append(got[c], goValue(out.Column(c), i, []catalog.Type{tBig, tStr}[c]))
		}
	}
	want := [][]any{{int64(2), nil, int64(6)}, {"A", "B", nil}}
	if !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
	bad := arrow.NewSchema([]arrow.Field{{Name: "x", Type: tStr.Arrow()}, {Name: "y", Type: tStr.Arrow()}}, nil)
	if _, err := Project(rec, []Evaluator{e1, e2}, bad); err == nil {
		t.Fatal("type mismatch accepted")
	}
}

// Column types without a hand-written kernel (here a list) go through
// Arrow's take kernel.
func TestFilterOtherTypes(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	lb := array.NewListBuilder(alloc, arrow.PrimitiveTypes.Int64)
	vb := lb.ValueBuilder().(*array.Int64Builder)
	for i := 0; i < 4; i++ {
		lb.Append(true)
		vb.AppendValues([]int64{int64(i), int64(i * 10)}, nil)
	}
	lists := lb.NewArray()
	lb.Release()
	defer lists.Release()
	schema := arrow.NewSchema([]arrow.Field{{Name: "l", Type: lists.DataType()}}, nil)
	rec := array.NewRecord(schema, []arrow.Array{lists}, 4)
	defer rec.Release()
	mask := build(alloc, tBool, []any{true, false, nil, true})
	defer mask.Release()
	out, err := Filter(rec, mask, alloc)
	if err != nil {
		t.Fatal(err)
	}
	defer out.Release()
	if got := out.Column(0).String(); got != "[[0 0] [3 30]]" {
		t.Fatalf("got %s", got)
	}
}
