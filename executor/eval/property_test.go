package eval

import (
	"errors"
	"math"
	"math/rand"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// The property test compares the vectorized evaluator with refEval, an
// independent row-at-a-time interpreter over Go values, on random
// well-typed expressions over random columns with random NULLs.

var propCols = []catalog.Type{tBig, tBig, tInt, tDbl, tDbl, tBool, tBool, tStr}

var propStrings = []string{"12", " 7 ", "-3", "abc", "", "9223372036854775808", "+4", "1.5", "0", "-20", ".", "-.5", "1.", "2.x"}

func genColumn(rng *rand.Rand, t catalog.Type, n int) []any {
	vals := make([]any, n)
	for i := range vals {
		if rng.Intn(7) == 0 {
			continue // NULL
		}
		switch t.Kind {
		case catalog.KindBigInt:
			switch rng.Intn(60) {
			case 0:
				vals[i] = int64(math.MaxInt64)
			case 1:
				vals[i] = int64(math.MinInt64)
			default:
				vals[i] = int64(rng.Intn(41) - 20)
			}
		case catalog.KindInt:
			if rng.Intn(60) == 0 {
				vals[i] = int64(math.MaxInt32)
			} else {
				vals[i] = int64(rng.Intn(101) - 50)
			}
		case catalog.KindDouble:
			vals[i] = float64(rng.Intn(81)-40) / 4
		case catalog.KindBoolean:
			vals[i] = rng.Intn(2) == 0
		case catalog.KindString:
			vals[i] = propStrings[rng.Intn(len(propStrings))]
		}
	}
	return vals
}

type exprGen struct{ rng *rand.Rand }

func (g *exprGen) leaf(t catalog.Type) planner.Expr {
	var idx []int
	for i, c := range propCols {
		if c.Equal(t) {
			idx = append(idx, i)
		}
	}
	if g.rng.Intn(3) > 0 {
		i := idx[g.rng.Intn(len(idx))]
		return col(i, t)
	}
	if g.rng.Intn(12) == 0 {
		return lit(nil, t)
	}
	switch t.Kind {
	case catalog.KindBigInt, catalog.KindInt:
		return lit(int64(g.rng.Intn(21)-10), t)
	case catalog.KindDouble:
		return lit(float64(g.rng.Intn(21)-10)/2, t)
	case catalog.KindBoolean:
		return lit(g.rng.Intn(2) == 0, t)
	}
	return lit(propStrings[g.rng.Intn(len(propStrings))], t)
}

func (g *exprGen) gen(t catalog.Type, depth int) planner.Expr {
	if depth == 0 || g.rng.Intn(4) == 0 {
		return g.leaf(t)
	}
	d := depth - 1
	// Shared forms for every type.
	switch g.rng.Intn(8) {
	case 0:
		n := 1 + g.rng.Intn(2)
		var args []planner.Expr
		for i := 0; i < n; i++ {
			args = append(args, g.gen(tBool, d), g.gen(t, d))
		}
		return call("CASE", t, append(args, g.gen(t, d))...)
	case 1:
		return call("COALESCE", t, g.gen(t, d), g.gen(t, d), g.gen(t, d))
	case 2:
		return call("IF", t, g.gen(tBool, d), g.gen(t, d), g.gen(t, d))
	}
	switch t.Kind {
	case catalog.KindBigInt, catalog.KindInt:
		ops := []string{"+", "-", "*", "/", "%", "NEG", "ABS", "CAST"}
		op := ops[g.rng.Intn(len(ops))]
		switch op {
		case "NEG", "ABS":
			return call(op, t, g.gen(t, d))
		case "CAST":
			fn := []string{"CAST", "TRY_CAST"}[g.rng.Intn(2)]
			from := []catalog.Type{tBig, tInt, tDbl, tStr}[g.rng.Intn(4)]
			return call(fn, t, g.gen(from, d))
		}
		return call(op, t, g.gen(t, d), g.gen(t, d))
	case catalog.KindDouble:
		ops := []string{"+", "-", "*", "/", "%", "ABS", "CAST"}
		op := ops[g.rng.Intn(len(ops))]
		switch op {
		case "ABS":
			return call(op, t, g.gen(t, d))
		case "CAST":
			return call("CAST", t, g.gen([]catalog.Type{tBig, tInt}[g.rng.Intn(2)], d))
		}
		return call(op, t, g.gen(t, d), g.gen(t, d))
	case catalog.KindBoolean:
		switch g.rng.Intn(6) {
		case 0, 1:
			ct := []catalog.Type{tBig, tInt, tDbl, tStr, tBool}[g.rng.Intn(5)]
			op := []string{"=", "<>", "<", "<=", ">", ">="}[g.rng.Intn(6)]
			return call(op, t, g.gen(ct, d), g.gen(ct, d))
		case 2:
			return call([]string{"AND", "OR"}[g.rng.Intn(2)], t, g.gen(t, d), g.gen(t, d))
		case 3:
			fn := []string{"NOT", "IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE"}[g.rng.Intn(7)]
			at := t
			if strings.HasSuffix(fn, "NULL") {
				at = propCols[g.rng.Intn(len(propCols))]
			}
			return call(fn, t, g.gen(at, d))
		default:
			ct := []catalog.Type{tBig, tInt, tStr}[g.rng.Intn(3)]
			args := []planner.Expr{g.gen(ct, d)}
			for i := 0; i < 1+g.rng.Intn(4); i++ {
				if g.rng.Intn(2) == 0 {
					args = append(args, g.leaf(ct))
				} else {
					args = append(args, g.gen(ct, 1))
				}
			}
			return call("IN", t, args...)
		}
	}
	fn := []string{"CAST", "TRY_CAST"}[g.rng.Intn(2)]
	return call(fn, t, g.gen([]catalog.Type{tBig, tInt}[g.rng.Intn(2)], d))
}

func TestPropertyAgainstReference(t *testing.T) {
	const nRows = 1100
	for seed := int64(1); seed <= 4; seed++ {
		rng := rand.New(rand.NewSource(seed))
		cols := make([]colSpec, len(propCols))
		for i, ct := range propCols {
			cols[i] = colSpec{ct, genColumn(rng, ct, nRows)}
		}
		g := &exprGen{rng: rng}
		for k := 0; k < 50; k++ {
			rt := []catalog.Type{tBig, tInt, tDbl, tBool, tStr}[k%5]
			e := g.gen(rt, 4)
			for _, bs := range []int{1, 3, 1024} {
				rows := nRows
				if bs < 1024 {
					rows = 100
				}
				checkBatches(t, e, cols, rows, bs)
			}
		}
	}
}

// checkBatches evaluates e over the first rows rows in batches of bs
// (slices of one record, so arrays have non-zero offsets) and compares
// with the reference row by row.
func checkBatches(t *testing.T, e planner.Expr, cols []colSpec, rows, bs int) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, cols)
	defer rec.Release()
	ev, err := Compile(e, alloc)
	if err != nil {
		t.Fatalf("compile %s: %v", e, err)
	}
	for start := 0; start < rows; start += bs {
		end := min(start+bs, rows)
		batch := rec.NewSlice(int64(start), int64(end))
		want := make([]any, end-start)
		wantErr := make([]bool, end-start)
		anyErr := false
		for i := range want {
			row := make([]any, len(cols))
			for c := range cols {
				row[c] = cols[c].vals[start+i]
			}
			want[i], err = refEval(e, row)
			wantErr[i] = err != nil
			anyErr = anyErr || wantErr[i]
		}
		arr, err := ev.Eval(batch)
		batch.Release()
		if err != nil {
			var re *RowError
			if !errors.As(err, &re) || re.Row < 0 || re.Row >= len(want) || !wantErr[re.Row] {
				t.Fatalf("%s rows [%d,%d): unexpected error %v; reference fails at rows %v", e, start, end, err, trueAt(wantErr))
			}
			continue
		}
		got := make([]any, arr.Len())
		for i := range got {
			got[i] = goValue(arr, i, e.Type())
		}
		arr.Release()
		if anyErr {
			t.Fatalf("%s rows [%d,%d): got %v, reference fails at rows %v", e, start, end, got, trueAt(wantErr))
		}
		if !reflect.DeepEqual(got, want) {
			for i := range got {
				if !reflect.DeepEqual(got[i], want[i]) {
					t.Fatalf("%s batch size %d row %d: got %#v, want %#v", e, bs, start+i, got[i], want[i])
				}
			}
		}
	}
}

// Sanity check that the generator produces both failing and succeeding
// expressions of every type, so the property test exercises both paths.
func TestPropertyGeneratorCoverage(t *testing.T) {
	rng := rand.New(rand.NewSource(99))
	g := &exprGen{rng: rng}
	seen := map[string]bool{}
	for k := 0; k < 500; k++ {
		e := g.gen([]catalog.Type{tBig, tInt, tDbl, tBool, tStr}[k%5], 4)
		if c, ok := e.(*planner.Call); ok {
			seen[c.Fn] = true
		}
	}
	for _, fn := range []string{"+", "-", "*", "/", "%", "NEG", "ABS", "CAST", "TRY_CAST", "=", "<", "AND", "OR", "NOT", "IS NULL", "IN", "CASE", "COALESCE", "IF"} {
		if !seen[fn] {
			t.Errorf("generator never produced %s", fn)
		}
	}
}

func trueAt(b []bool) []int {
	var idx []int
	for i, v := range b {
		if v {
			idx = append(idx, i)
		}
	}
	return idx
}
