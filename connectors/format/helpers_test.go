package format

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// allTypes is a schema with one column of every supported type.
var allTypes = []planner.Field{
	{Name: "b", Type: catalog.Boolean},
	{Name: "t", Type: catalog.TinyInt},
	{Name: "s", Type: catalog.SmallInt},
	{Name: "i", Type: catalog.Int},
	{Name: "l", Type: catalog.BigInt},
	{Name: "f", Type: catalog.Float},
	{Name: "d", Type: catalog.Double},
	{Name: "dec", Type: catalog.Decimal(10, 2)},
	{Name: "str", Type: catalog.String},
	{Name: "by", Type: catalog.Bytes},
	{Name: "dt", Type: catalog.Date},
	{Name: "ts", Type: catalog.Timestamp},
	{Name: "ltz", Type: catalog.TimestampLTZ},
	{Name: "iv", Type: catalog.Interval},
}

func arrowSchema(fields []planner.Field) *arrow.Schema {
	fs := make([]arrow.Field, len(fields))
	for i, f := range fields {
		fs[i] = arrow.Field{Name: f.Name, Type: f.Type.Arrow(), Nullable: true}
	}
	return arrow.NewSchema(fs, nil)
}

// testBuilder is a record builder over fields with its allocator.
type testBuilder struct {
	alloc *memory.CheckedAllocator
	rb    *array.RecordBuilder
}

func newTestBuilder(fields []planner.Field) *testBuilder {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	return &testBuilder{alloc: alloc, rb: array.NewRecordBuilder(alloc, arrowSchema(fields))}
}

// lengths returns the length of every builder.
func (tb *testBuilder) lengths() []int {
	var ls []int
	for _, b := range tb.rb.Fields() {
		ls = append(ls, b.Len())
	}
	return ls
}

// assertLen fails unless every builder holds n values.
func (tb *testBuilder) assertLen(t *testing.T, n int) {
	t.Helper()
	for i, l := range tb.lengths() {
		if l != n {
			t.Fatalf("builder %d has %d values, want %d (all: %v)", i, l, n, tb.lengths())
		}
	}
}

func jsonDecoder(t testing.TB, tb *testBuilder, fields []planner.Field, opts JSONOptions) *JSONDecoder {
	d, err := NewJSONDecoder(fields, tb.rb.Fields(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// lineDecoder decodes one encoded line into its builder.
type lineDecoder interface{ Decode([]byte) error }

// checkRoundTrip decodes every line of an encoder's output out with a
// fresh decoder (newDec over a builder of fields) and checks the result
// equals rec, the record that was encoded; then it releases rec and tb,
// the builder rec came from, and checks no memory is left.
func checkRoundTrip(t *testing.T, fields []planner.Field, out []byte, rec arrow.Record, tb *testBuilder, newDec func(*testBuilder) lineDecoder) {
	t.Helper()
	tb2 := newTestBuilder(fields)
	d2 := newDec(tb2)
	for _, l := range strings.Split(strings.TrimSuffix(string(out), "\n"), "\n") {
		if err := d2.Decode([]byte(l)); err != nil {
			t.Fatalf("re-decode %s: %v", l, err)
		}
	}
	rec2 := tb2.rb.NewRecord()
	if !array.RecordEqual(rec, rec2) {
		t.Fatalf("round trip differs:\n%v\n%v", rec, rec2)
	}
	rec2.Release()
	tb2.rb.Release()
	tb2.alloc.AssertSize(t, 0)
	rec.Release()
	tb.rb.Release()
	tb.alloc.AssertSize(t, 0)
}
