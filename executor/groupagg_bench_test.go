package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// gbIn is the group benchmark input: k BIGINT, v BIGINT.
var gbIn = schemaOf(col("k", catalog.BigInt), col("v", catalog.BigInt))

// benchGroupAgg feeds 1024-row append batches to GROUP BY k with
// COUNT(*) and SUM(v); row r of batch n has key (n*1024+r*7919) mod
// keys, so keys are spread and every row updates its group (an insert
// for a new group, -U/+U after that).
func benchGroupAgg(b *testing.B, keys int64) {
	const rows = 1024
	alloc := memory.NewGoAllocator()
	spec := &planner.GroupAggSpec{Keys: []int{0}, Name: "b",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, 1)}}
	op, err := newGroupAggFor(spec, gbIn, false, groupOut(spec, gbIn), true)
	if err != nil {
		b.Fatal(err)
	}
	out := openBenchOp(b, op, alloc, "G")
	defer op.Close()
	schema := arrowSchemaT(b, gbIn)
	vals := benchValues(alloc, rows)
	defer vals.Release()
	kb := array.NewInt64Builder(alloc)
	b.ResetTimer()
	for n := 0; n < b.N; n++ {
		for i := 0; i < rows; i++ {
			kb.Append((int64(n)*rows + int64(i)*7919) % keys)
		}
		k := kb.NewArray()
		rec := array.NewRecord(schema, []arrow.Array{k, vals}, rows)
		k.Release()
		if err := op.OnBatch(0, rec); err != nil {
			b.Fatal(err)
		}
		rec.Release()
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N)*rows/b.Elapsed().Seconds(), "rows/s")
	b.ReportMetric(float64(out.rows)/(float64(b.N)*rows), "out/in")
}

func BenchmarkGroupAgg10KKeys(b *testing.B) { benchGroupAgg(b, 10_000) }
func BenchmarkGroupAgg1MKeys(b *testing.B)  { benchGroupAgg(b, 1_000_000) }
