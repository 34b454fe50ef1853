package eval

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Every function of the contract is known, and any argument types, counts
// or result types the kernels do not handle give a compile error, never a
// panic or a kernel of the wrong type.
func TestEverySignatureCompilesOrErrors(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	types := []catalog.Type{catalog.Null, tBool, catalog.TinyInt, tInt, tBig, catalog.Float, tDbl,
		catalog.Decimal(10, 2), tStr, catalog.Bytes, catalog.Date, tTS, catalog.TimestampLTZ, catalog.Interval}
	cols := make([]colSpec, len(types))
	for i, ct := range types {
		cols[i] = colSpec{ct, []any{nil}}
	}
	cols[0] = colSpec{tBool, []any{nil}} // no builder for the NULL type
	rec := makeRecord(alloc, cols)
	defer rec.Release()
	empty := rec.NewSlice(0, 0)
	defer empty.Release()
	argsFor := func(n, seed int) []planner.Expr {
		args := make([]planner.Expr, n)
		for i := range args {
			k := (seed*7 + i*3) % len(types)
			if k == 0 {
				args[i] = lit(nil, types[(seed+i)%len(types)])
			} else {
				args[i] = col(k, types[k])
			}
		}
		return args
	}
	compiled := 0
	for _, fn := range planner.Functions {
		for n := 0; n <= 3; n++ {
			for seed := 0; seed < 40; seed++ {
				rt := types[1+seed%(len(types)-1)]
				e := call(fn, rt, argsFor(n, seed)...)
				ev, err := Compile(e, alloc)
				if err != nil {
					if strings.Contains(err.Error(), "unknown function") {
						t.Fatalf("%s: %v", e, err)
					}
					continue
				}
				compiled++
				for _, batch := range []arrow.Record{rec, empty} {
					arr, err := ev.Eval(batch)
					if err != nil {
						continue
					}
					if want := rt.Arrow(); arr.DataType().ID() != want.ID() || arr.Len() != int(batch.NumRows()) {
						t.Errorf("%s: produced %d rows of %s, want %d of %s", e, arr.Len(), arr.DataType(), batch.NumRows(), want)
					}
					arr.Release()
				}
			}
		}
	}
	t.Logf("%d signatures compiled", compiled)
	if compiled == 0 {
		t.Fatal("nothing compiled")
	}
}

func TestUnknownAndBadCalls(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	for _, tc := range []struct {
		e   planner.Expr
		err string
	}{
		{call("NOPE", tBig), `unknown function "NOPE"`},
		{call("CHAR_LENGTH", tBig, lit("x", tStr)), "CHAR_LENGTH cannot return BIGINT"},
		{call("=", tInt, lit(int64(1), tBig), lit(int64(1), tBig)), "= cannot return INT"},
		{call("FLOOR", tInt, lit(1.5, tDbl)), "FLOOR cannot return INT"},
		{call("UNIX_TIMESTAMP", tBig), "needs a processing-time clock"},
		{lit("x", tBig), "does not match type BIGINT"},
		{lit(int64(300), catalog.TinyInt), "out of range"},
		{col(-1, tBig), "negative index"},
		{nil, "nil expression"},
		{call("+", catalog.Decimal(50, 2), lit(int64(1), tBig), lit(int64(1), tBig)), "unsupported type"},
	} {
		_, err := Compile(tc.e, alloc)
		if err == nil || !strings.Contains(err.Error(), tc.err) {
			t.Errorf("%v: error %v, want %q", tc.e, err, tc.err)
		}
	}
}

func TestColumnTypeMismatch(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, []colSpec{{tStr, []any{"a"}}})
	defer rec.Release()
	for _, e := range []planner.Expr{col(0, tBig), col(1, tStr)} {
		ev, err := Compile(e, alloc)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := ev.Eval(rec); err == nil {
			t.Errorf("%s: no error on a mismatched batch", e)
		}
	}
}
