package executor

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// The interval join property test drives the operator with random streams
// on both sides and compares its output, as a multiset of rows, with a
// nested-loop join written independently here: every (left, right) pair
// is checked against the key, time and residual conditions, and joined
// when the row that arrived first was still buffered when the second
// arrived (the watermark then had not passed its bound); outer rows that
// joined nothing are added NULL-padded.

// Property test inputs: left k BIGINT, s STRING, v BIGINT, ts; right
// k BIGINT, w BIGINT, ts, s STRING (string columns are copied and NULL).
var (
	jpLeft  = schemaOf(col("k", catalog.BigInt), col("s", catalog.String), col("v", catalog.BigInt), col("ts", catalog.Timestamp))
	jpRight = schemaOf(col("rk", catalog.BigInt), col("w", catalog.BigInt), col("rts", catalog.Timestamp), col("rs", catalog.String))
)

// jpRow is one generated row.
type jpRow struct {
	side   int
	key    *int64
	val    *int64
	ts     *int64
	str    string
	wm     int64 // the watermark when it arrived
	arrive int   // arrival order over both sides
}

func (r jpRow) text() string {
	opt := func(p *int64) string {
		if p == nil {
			return "NULL"
		}
		return fmt.Sprint(*p)
	}
	ts := "NULL"
	if r.ts != nil {
		ts = formatTS(*r.ts)
	}
	if r.side == 0 {
		return strings.Join([]string{opt(r.key), r.str, opt(r.val), ts}, ", ")
	}
	return strings.Join([]string{opt(r.key), opt(r.val), ts, r.str}, ", ")
}

// jpStep is a batch of one side's rows, or a watermark (rows nil).
type jpStep struct {
	side int
	rows []jpRow
	wm   int64
}

// jpGen draws a random spec and stream.
func jpGen(rng *rand.Rand) (*planner.IntervalJoinSpec, []jpStep) {
	types := []planner.JoinType{planner.JoinInner, planner.JoinLeft, planner.JoinRight, planner.JoinFull}
	lower := rng.Int63n(2001) - 1500
	spec := &planner.IntervalJoinSpec{Type: types[rng.Intn(4)], LeftKeys: []int{0}, RightKeys: []int{0},
		LeftTime: 3, RightTime: 2, LowerMillis: lower, UpperMillis: lower + rng.Int63n(1500), LateName: "p"}
	if rng.Intn(2) == 0 {
		// A second key: s = rs (strings, some NULL).
		spec.LeftKeys, spec.RightKeys = []int{0, 1}, []int{0, 3}
	}
	if rng.Intn(2) == 0 {
		// v < w over the joined row.
		spec.Residual = call("<", catalog.Boolean, ref(2, col("v", catalog.BigInt)), ref(5, col("w", catalog.BigInt)))
	}
	steps := jpStream(rng)
	return spec, steps
}

// jpReference is the nested-loop join of the stream's rows.
func jpReference(spec *planner.IntervalJoinSpec, steps []jpStep) (out []string, late, nulls int64) {
	var rows [2][]jpRow
	for _, st := range steps {
		for _, r := range st.rows {
			switch {
			case r.ts == nil:
				nulls++
			case *r.ts+spec.UpperMillis-spec.LowerMillis < r.wm:
				late++
			default:
				rows[r.side] = append(rows[r.side], r)
			}
		}
	}
	bound := func(r jpRow) int64 {
		if r.side == 0 {
			return *r.ts - spec.LowerMillis
		}
		return *r.ts + spec.UpperMillis
	}
	var joined [2]map[int]bool
	joined[0], joined[1] = map[int]bool{}, map[int]bool{}
	for _, l := range rows[0] {
		for _, r := range rows[1] {
			if l.key == nil || r.key == nil || *l.key != *r.key {
				continue
			}
			if len(spec.LeftKeys) == 2 && (l.str == "NULL" || r.str == "NULL" || l.str != r.str) {
				continue
			}
			if *l.ts < *r.ts+spec.LowerMillis || *l.ts > *r.ts+spec.UpperMillis {
				continue
			}
			if spec.Residual != nil && (l.val == nil || r.val == nil || *l.val >= *r.val) {
				continue
			}
			first, second := l, r
			if r.arrive < l.arrive {
				first, second = r, l
			}
			if second.wm > bound(first) {
				continue
			}
			joined[0][l.arrive], joined[1][r.arrive] = true, true
			out = append(out, l.text()+", "+r.text())
		}
	}
	outer := [2]bool{spec.Type == planner.JoinLeft || spec.Type == planner.JoinFull,
		spec.Type == planner.JoinRight || spec.Type == planner.JoinFull}
	for _, l := range rows[0] {
		if outer[0] && !joined[0][l.arrive] {
			out = append(out, l.text()+", NULL, NULL, NULL, NULL")
		}
	}
	for _, r := range rows[1] {
		if outer[1] && !joined[1][r.arrive] {
			out = append(out, "NULL, NULL, NULL, NULL, "+r.text())
		}
	}
	return out, late, nulls
}

// runJoinOp runs the operator for spec over steps, cutting batches to
// batch rows, then the final watermark.
func runJoinOp(t *testing.T, spec *planner.IntervalJoinSpec, steps []jpStep, batch int) ([]string, *Metrics) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	op, err := newIntervalJoinFor(spec, jpLeft, jpRight, append(append(planner.Schema(nil), jpLeft...), jpRight...))
	if err != nil {
		t.Fatal(err)
	}
	out, m := openCapture(t, op, alloc, "J", nil)
	defer op.Close()
	feedJoinSteps(t, alloc, steps, [2]planner.Schema{jpLeft, jpRight}, batch, op, op.OnBatch)
	if err := op.OnEnd(); err != nil {
		t.Fatal(err)
	}
	if n := op.state.Len(0) + op.state.Len(1); n != 0 {
		t.Fatalf("%d rows still buffered after the final watermark", n)
	}
	return out.rows, m
}

func TestIntervalJoinProperty(t *testing.T) {
	for seed := int64(1); seed <= 500; seed++ {
		rng := rand.New(rand.NewSource(seed))
		spec, steps := jpGen(rng)
		want, late, nulls := jpReference(spec, steps)
		sort.Strings(want)
		for _, batch := range []int{1, 3, 1024} {
			got, m := runJoinOp(t, spec, steps, batch)
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d batch %d spec %+v:\ngot:\n%s\nwant:\n%s", seed, batch, *spec,
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if m.Get("join.p.late_rows") != late || m.Get("join.p.null_rowtime") != nulls {
				t.Fatalf("seed %d: late %d nulls %d, want %d %d", seed, m.Get("join.p.late_rows"), m.Get("join.p.null_rowtime"), late, nulls)
			}
		}
	}
}
