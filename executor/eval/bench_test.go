package eval

import (
	"context"
	"fmt"
	"math/rand"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/compute"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

const benchRows = 1024

// benchRecord has a BIGINT a, a STRING b, a BIGINT c and a DOUBLE d, with
// about 5% NULLs.
func benchRecord(alloc memory.Allocator) arrow.Record {
	rng := rand.New(rand.NewSource(1))
	a, b, c, d := make([]any, benchRows), make([]any, benchRows), make([]any, benchRows), make([]any, benchRows)
	for i := 0; i < benchRows; i++ {
		if rng.Intn(20) > 0 {
			a[i] = int64(rng.Intn(40))
		}
		if rng.Intn(20) > 0 {
			b[i] = fmt.Sprintf("%c-item-%d", "xyz"[rng.Intn(3)], rng.Intn(1000))
		}
		c[i] = int64(rng.Intn(1 << 20))
		d[i] = rng.Float64() * 100
	}
	return makeRecord(alloc, []colSpec{{tBig, a}, {tStr, b}, {tBig, c}, {tDbl, d}})
}

func reportRows(b *testing.B) {
	b.ReportMetric(float64(benchRows)*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}

func mustCompile(b *testing.B, e planner.Expr, alloc memory.Allocator) Evaluator {
	ev, err := Compile(e, alloc)
	if err != nil {
		b.Fatal(err)
	}
	return ev
}

// BenchmarkFilterProject filters a > 10 AND b LIKE 'x%' and projects four
// expressions over 1024-row batches.
func BenchmarkFilterProject(b *testing.B) {
	alloc := memory.NewGoAllocator()
	rec := benchRecord(alloc)
	defer rec.Release()
	a, s, c, d := col(0, tBig), col(1, tStr), col(2, tBig), col(3, tDbl)
	filter := mustCompile(b, call("AND", tBool,
		call(">", tBool, a, lit(int64(10), tBig)),
		call("LIKE", tBool, s, lit("x%", tStr))), alloc)
	projs := []planner.Expr{
		call("+", tBig, a, c),
		call("*", tDbl, d, lit(1.5, tDbl)),
		call("UPPER", tStr, s),
		call("CASE", tStr, call(">", tBool, c, lit(int64(1<<19), tBig)), lit("hi", tStr), lit("lo", tStr)),
	}
	evals := make([]Evaluator, len(projs))
	fields := make([]arrow.Field, len(projs))
	for i, p := range projs {
		evals[i] = mustCompile(b, p, alloc)
		fields[i] = arrow.Field{Name: fmt.Sprint("p", i), Type: p.Type().Arrow(), Nullable: true}
	}
	schema := arrow.NewSchema(fields, nil)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		mask, err := filter.Eval(rec)
		if err != nil {
			b.Fatal(err)
		}
		kept, err := Filter(rec, mask, alloc)
		mask.Release()
		if err != nil {
			b.Fatal(err)
		}
		out, err := Project(kept, evals, schema)
		kept.Release()
		if err != nil {
			b.Fatal(err)
		}
		out.Release()
	}
	reportRows(b)
}

func benchExpr(b *testing.B, e planner.Expr) {
	alloc := memory.NewGoAllocator()
	rec := benchRecord(alloc)
	defer rec.Release()
	ev := mustCompile(b, e, alloc)
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		arr, err := ev.Eval(rec)
		if err != nil {
			b.Fatal(err)
		}
		arr.Release()
	}
	reportRows(b)
}

func BenchmarkCompare(b *testing.B) {
	a, c, s, d := col(0, tBig), col(2, tBig), col(1, tStr), col(3, tDbl)
	b.Run("bigint>const", func(b *testing.B) { benchExpr(b, call(">", tBool, a, lit(int64(10), tBig))) })
	b.Run("bigint<col", func(b *testing.B) { benchExpr(b, call("<", tBool, a, c)) })
	b.Run("double>=const", func(b *testing.B) { benchExpr(b, call(">=", tBool, d, lit(50.0, tDbl))) })
	b.Run("string=const", func(b *testing.B) { benchExpr(b, call("=", tBool, s, lit("x-item-1", tStr))) })
	b.Run("like prefix", func(b *testing.B) { benchExpr(b, call("LIKE", tBool, s, lit("x%", tStr))) })
	b.Run("in set", func(b *testing.B) {
		benchExpr(b, call("IN", tBool, a, lit(int64(1), tBig), lit(int64(5), tBig), lit(int64(7), tBig), lit(int64(9), tBig)))
	})
}

func BenchmarkArithmetic(b *testing.B) {
	a, c, d := col(0, tBig), col(2, tBig), col(3, tDbl)
	b.Run("bigint+col", func(b *testing.B) { benchExpr(b, call("+", tBig, a, c)) })
	b.Run("bigint*const", func(b *testing.B) { benchExpr(b, call("*", tBig, c, lit(int64(3), tBig))) })
	b.Run("bigint/col", func(b *testing.B) { benchExpr(b, call("/", tBig, c, a)) })
	b.Run("double*const", func(b *testing.B) { benchExpr(b, call("*", tDbl, d, lit(1.5, tDbl))) })
	b.Run("and", func(b *testing.B) {
		benchExpr(b, call("AND", tBool, call(">", tBool, a, lit(int64(10), tBig)), call("<", tBool, c, lit(int64(1<<19), tBig))))
	})
	b.Run("cast bigint->string", func(b *testing.B) { benchExpr(b, call("CAST", tStr, c)) })
	d102 := catalog.Decimal(10, 2)
	b.Run("decimal+decimal", func(b *testing.B) {
		da := call("CAST", d102, a)
		benchExpr(b, call("+", catalog.Decimal(11, 2), da, call("CAST", d102, c)))
	})
	b.Run("case", func(b *testing.B) {
		benchExpr(b, call("CASE", tBig, call(">", tBool, a, lit(int64(20), tBig)), c, call("<", tBool, a, lit(int64(5), tBig)), a, lit(int64(0), tBig)))
	})
}

// BenchmarkFilter compares the hand-written Filter with Arrow's
// compute.FilterRecordBatch on a random half-selective mask.
func BenchmarkFilter(b *testing.B) {
	alloc := memory.NewGoAllocator()
	rec := benchRecord(alloc)
	defer rec.Release()
	maskEv := mustCompile(b, call(">", tBool, col(2, tBig), lit(int64(1<<19), tBig)), alloc)
	mask, err := maskEv.Eval(rec)
	if err != nil {
		b.Fatal(err)
	}
	defer mask.Release()
	b.Run("eval.Filter", func(b *testing.B) {
		for i := 0; i < b.N; i++ {
			out, err := Filter(rec, mask, alloc)
			if err != nil {
				b.Fatal(err)
			}
			out.Release()
		}
		reportRows(b)
	})
	b.Run("compute.FilterRecordBatch", func(b *testing.B) {
		ctx := compute.WithAllocator(context.Background(), alloc)
		for i := 0; i < b.N; i++ {
			out, err := compute.FilterRecordBatch(ctx, rec, mask, compute.DefaultFilterOptions())
			if err != nil {
				b.Fatal(err)
			}
			out.Release()
		}
		reportRows(b)
	})
}
