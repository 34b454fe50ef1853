package executor

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// The rank property test drives the Rank operator with a random stream
// (append, or updating with retractions of earlier rows and of rows never
// added) cut into random batches, materializes its changelog after every
// batch, and compares that with a brute-force reference written here:
// the input materialized (a retraction removes the earliest equal row),
// each partition sorted by the sort keys then arrival, ranks
// RankStart..RankEnd taken.

// Property test input: k BIGINT, v BIGINT, s STRING (small domains, NULLs).
var rankIn = schemaOf(col("k", catalog.BigInt), col("v", catalog.BigInt), col("s", catalog.String))

// rankRow is one generated row; NULL is "NULL".
type rankRow struct{ k, v, s string }

func (r rankRow) text() string { return r.k + ", " + r.v + ", " + r.s }

// rankVal draws a value of a small domain, sometimes NULL.
func rankVal(rng *rand.Rand, n int, prefix string) string {
	if rng.Intn(8) == 0 {
		return "NULL"
	}
	return fmt.Sprintf("%s%d", prefix, rng.Intn(n))
}

// rankCompare orders two reference rows by the spec's sort keys (columns
// 1: v as a number, 2: s as a string); NULL is smallest unless NullsLast.
func rankCompare(a, b rankRow, keys []planner.SortKey) int {
	for _, k := range keys {
		x, y := a.v, b.v
		if k.Col == 2 {
			x, y = a.s, b.s
		}
		if c := refKeyCmp(x, y, k.Col == 1, k); c != 0 {
			return c
		}
	}
	return 0
}

// rankReference returns the rows a Rank must show over the materialized
// input rows (in arrival order), each as the operator prints it.
func rankReference(spec *planner.RankSpec, rows []rankRow) []string {
	parts := map[string][]rankRow{}
	var order []string
	for _, r := range rows {
		if _, ok := parts[r.k]; !ok {
			order = append(order, r.k)
		}
		parts[r.k] = append(parts[r.k], r)
	}
	var out []string
	for _, k := range order {
		p := parts[k]
		sort.SliceStable(p, func(i, j int) bool { return rankCompare(p[i], p[j], spec.OrderKeys) < 0 })
		texts := make([]string, len(p))
		for i, r := range p {
			texts[i] = r.text()
		}
		out = append(out, rankedLines(texts, spec.RankStart, spec.RankEnd, spec.OutputRank)...)
	}
	sort.Strings(out)
	return out
}

// materialize applies changelog lines ("+I row", ...) to the multiset
// state, failing on a retraction of a row not there.
func materialize(t *testing.T, state map[string]int, lines []string) {
	t.Helper()
	for _, l := range lines {
		kind, row, _ := strings.Cut(l, " ")
		switch kind {
		case "+I", "+U":
			state[row]++
		case "-U", "-D":
			if state[row] == 0 {
				t.Fatalf("retraction of a row not emitted: %s", l)
			}
			state[row]--
		default:
			t.Fatalf("bad changelog line %q", l)
		}
	}
}

// stateRows returns the rows of a multiset state, each as often as it is
// counted, sorted.
func stateRows(state map[string]int) []string {
	var out []string
	for r, n := range state {
		for ; n > 0; n-- {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

func TestRankProperty(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		keys := []planner.SortKey{{Col: 1, Desc: rng.Intn(2) == 0, NullsLast: rng.Intn(3) == 0}}
		if rng.Intn(2) == 0 {
			keys = append(keys, planner.SortKey{Col: 2, Desc: rng.Intn(2) == 0})
		}
		start := 1 + rng.Int63n(3)
		spec := &planner.RankSpec{PartitionKeys: []int{0}, OrderKeys: keys, RankStart: start,
			RankEnd: start + rng.Int63n(4), OutputRank: rng.Intn(2) == 0, Name: "p"}
		if rng.Intn(3) == 0 {
			spec.PartitionKeys = nil
		}
		updating := rng.Intn(2) == 0
		runRankProperty(t, seed, spec, updating, rng)
	}
}

func runRankProperty(t *testing.T, seed int64, spec *planner.RankSpec, updating bool, rng *rand.Rand) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	_, n := rankGraph(spec, rankIn, updating)
	outSchema, err := NodeSchema(n)
	if err != nil {
		t.Fatal(err)
	}
	op, err := newRankFor(spec, rankIn, !updating, outSchema)
	if err != nil {
		t.Fatal(err)
	}
	capture, m := openCapture(t, op, alloc, "R", func() int64 { return 0 })
	defer op.Close()
	in := arrowSchemaT(t, rankIn)
	if updating {
		in = WithRowKind(in)
	}
	var live []rankRow
	state := map[string]int{}
	missing := int64(0)
	for step := 0; step < 30; step++ {
		var lines []string
		for i := rng.Intn(12); i >= 0; i-- {
			r := rankRow{k: rankVal(rng, 3, ""), v: rankVal(rng, 5, ""), s: rankVal(rng, 3, "s")}
			if spec.PartitionKeys == nil {
				r.k = "1"
			}
			switch {
			case !updating:
				lines = append(lines, r.text())
				live = append(live, r)
			case rng.Intn(3) == 0 && len(live) > 0:
				j := rng.Intn(len(live))
				kind := "-D"
				if rng.Intn(2) == 0 {
					kind = "-U"
				}
				lines = append(lines, kind+" "+live[j].text())
				live = removeFirst(live, live[j])
			case rng.Intn(10) == 0:
				if !containsRow(live, r) {
					missing++
				} else {
					live = removeFirst(live, r)
				}
				lines = append(lines, "-D "+r.text())
			default:
				lines = append(lines, "+I "+r.text())
				live = append(live, r)
			}
		}
		feedRank(t, alloc, op, in, lines, 1+rng.Intn(5))
		materialize(t, state, capture.rows)
		capture.rows = nil
		got, want := stateRows(state), rankReference(spec, live)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("seed %d step %d spec %+v updating %v:\ngot:\n%s\nwant:\n%s", seed, step, *spec, updating,
				strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
	if got := m.Get("state.p.retract_missing"); got != missing {
		t.Fatalf("seed %d: retract_missing %d, want %d", seed, got, missing)
	}
}

// containsRow and removeFirst keep the reference's multiset of rows: a
// retraction removes the earliest equal row.
func containsRow(rows []rankRow, r rankRow) bool {
	for _, x := range rows {
		if x == r {
			return true
		}
	}
	return false
}

func removeFirst(rows []rankRow, r rankRow) []rankRow {
	for i, x := range rows {
		if x == r {
			return append(rows[:i], rows[i+1:]...)
		}
	}
	return rows
}

// feedRank hands lines to op in batches of batch rows.
func feedRank(t *testing.T, alloc memory.Allocator, op Operator, in *arrow.Schema, lines []string, batch int) {
	t.Helper()
	if len(lines) == 0 {
		return
	}
	rec, err := parseRows(alloc, in, lines)
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	for off := int64(0); off < rec.NumRows(); off += int64(batch) {
		chunk := rec.NewSlice(off, min(off+int64(batch), rec.NumRows()))
		err := op.OnBatch(0, chunk)
		chunk.Release()
		if err != nil {
			t.Fatal(err)
		}
	}
}
