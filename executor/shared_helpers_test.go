package executor

import (
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// Helpers the operator property tests and benchmarks share.

// openCapture opens op with a context named name over alloc (and clock,
// when not nil) and fresh counters, capturing its output rows; it returns
// the capture and the counters.
func openCapture(t testing.TB, op Operator, alloc memory.Allocator, name string, clock func() int64) (*rowCapture, *Metrics) {
	t.Helper()
	out, m := &rowCapture{}, NewMetrics()
	if err := op.Open(&OpContext{Alloc: alloc, Name: name, Metrics: m, Clock: clock}, out); err != nil {
		t.Fatal(err)
	}
	return out, m
}

// openBenchOp opens op for a benchmark with a context named name over
// alloc and returns the emitter counting its output rows.
func openBenchOp(b *testing.B, op Operator, alloc memory.Allocator, name string) *nopEmitter {
	b.Helper()
	out := &nopEmitter{}
	if err := op.Open(&OpContext{Alloc: alloc, Name: name, Metrics: NewMetrics()}, out); err != nil {
		b.Fatal(err)
	}
	return out
}

// benchValues returns a BIGINT column of rows values cycling through 0
// to 99, the value column of the benchmark batches.
func benchValues(alloc memory.Allocator, rows int) arrow.Array {
	vb := array.NewInt64Builder(alloc)
	for i := 0; i < rows; i++ {
		vb.Append(int64(i % 100))
	}
	return vb.NewArray()
}

// jpStream draws a random stream of the join property tests' inputs:
// watermark steps, advancing from 2024-01-01, and batches of rows of one
// side, their times mostly ahead of the watermark, some behind it.
func jpStream(rng *rand.Rand) []jpStep {
	wm := mustTS("2024-01-01 00:00:00")
	steps := []jpStep{{wm: wm}}
	opt := func(p int, v int64) *int64 {
		if rng.Intn(p) == 0 {
			return nil
		}
		return &v
	}
	arrive := 0
	for n := 5 + rng.Intn(40); n > 0; n-- {
		if rng.Intn(3) == 0 {
			wm += rng.Int63n(800)
			steps = append(steps, jpStep{wm: wm})
			continue
		}
		st := jpStep{side: rng.Intn(2)}
		for m := 1 + rng.Intn(8); m > 0; m-- {
			r := jpRow{side: st.side, wm: wm, arrive: arrive, key: opt(6, rng.Int63n(3)), val: opt(5, rng.Int63n(10))}
			arrive++
			r.str = []string{"x", "yy", "NULL"}[rng.Intn(3)]
			r.ts = opt(15, wm-1500+rng.Int63n(3000))
			st.rows = append(st.rows, r)
		}
		steps = append(steps, st)
	}
	return steps
}

// feedJoinSteps drives a join with steps, then the final watermark: a
// step without rows is a watermark given to wmTo; the rows of another are
// parsed over their side's input columns ins[side] and given to batchTo
// in batches of batch rows.
func feedJoinSteps(t *testing.T, alloc memory.Allocator, steps []jpStep, ins [2]planner.Schema, batch int,
	wmTo Operator, batchTo func(side int, rec arrow.Record) error) {
	t.Helper()
	for _, st := range steps {
		if st.rows == nil {
			if _, err := wmTo.OnWatermark(st.wm); err != nil {
				t.Fatal(err)
			}
			continue
		}
		lines := make([]string, len(st.rows))
		for i, r := range st.rows {
			lines[i] = r.text()
		}
		rec, err := parseRows(alloc, arrowSchemaT(t, ins[st.side]), lines)
		if err != nil {
			t.Fatal(err)
		}
		for off := int64(0); off < rec.NumRows(); off += int64(batch) {
			chunk := rec.NewSlice(off, min(off+int64(batch), rec.NumRows()))
			err := batchTo(st.side, chunk)
			chunk.Release()
			if err != nil {
				t.Fatal(err)
			}
		}
		rec.Release()
	}
	if _, err := wmTo.OnWatermark(MaxWatermark); err != nil {
		t.Fatal(err)
	}
}

// rankedLines returns the expected output rows of one sorted partition
// whose rows print as texts: those ranked (from 1) within [start, end],
// followed by their rank when outputRank.
func rankedLines(texts []string, start, end int64, outputRank bool) []string {
	var out []string
	for i, line := range texts {
		rank := int64(i + 1)
		if rank < start || rank > end {
			continue
		}
		if outputRank {
			line += fmt.Sprintf(", %d", rank)
		}
		out = append(out, line)
	}
	return out
}

// refKeyCmp compares x and y, two values of sort key k as the ranking
// references print them: equal ones tie (0), NULL is the smallest value
// (unless NullsLast), others compare as integers when numeric, else as
// strings.
func refKeyCmp(x, y string, numeric bool, k planner.SortKey) int {
	if x == y {
		return 0
	}
	var c int
	switch {
	case x == "NULL" || y == "NULL":
		c = 1
		if x == "NULL" {
			c = -1
		}
		if k.NullsLast {
			return -c
		}
	case numeric:
		var xi, yi int64
		fmt.Sscan(x, &xi)
		fmt.Sscan(y, &yi)
		c = 1
		if xi < yi {
			c = -1
		}
	default:
		c = strings.Compare(x, y)
	}
	if k.Desc {
		return -c
	}
	return c
}
