package executor

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// The regular join property test drives the operator with random valid
// changelogs on both sides (a retraction only names a row currently
// inserted; an update is -U of a present row then +U of a new one),
// randomly interleaved and cut into batches, and checks that
//   - the output changelog is well formed: every -U/-D retracts a row
//     the output currently holds;
//   - the output, materialized, equals a nested-loop join of the two
//     materialized inputs written independently here: every (left,
//     right) pair with equal non-NULL keys and a TRUE residual, plus the
//     rows of an outer side that match nothing, NULL-padded.

// Property test inputs: left k BIGINT, v BIGINT, s STRING; right
// rk BIGINT, w BIGINT.
var (
	rpLeft  = schemaOf(col("k", catalog.BigInt), col("v", catalog.BigInt), col("s", catalog.String))
	rpRight = schemaOf(col("rk", catalog.BigInt), col("w", catalog.BigInt))
)

// rpRow is one input row: its values as printed, and what the reference
// needs.
type rpRow struct {
	key  *int64
	val  int64
	text string
}

// rpBatch is one batch of one side's changes.
type rpBatch struct {
	side  int
	lines []string
}

func rpRandRow(rng *rand.Rand, side int) rpRow {
	r := rpRow{val: rng.Int63n(6)}
	key := "NULL"
	if rng.Intn(8) != 0 {
		k := rng.Int63n(4)
		r.key, key = &k, fmt.Sprint(k)
	}
	if side == 0 {
		s := []string{"x", "y", "NULL"}[rng.Intn(3)]
		r.text = fmt.Sprintf("%s, %d, %s", key, r.val, s)
	} else {
		r.text = fmt.Sprintf("%s, %d", key, r.val)
	}
	return r
}

// rpGen draws a random changelog of both sides, cut into batches, and
// returns the rows each side holds at the end.
func rpGen(rng *rand.Rand) ([]rpBatch, [2][]rpRow) {
	var cur [2][]rpRow
	var out []rpBatch
	for len(out) < 2+rng.Intn(30) {
		b := rpBatch{side: rng.Intn(2)}
		for n := 1 + rng.Intn(8); n > 0; n-- {
			s := b.side
			switch op := rng.Intn(10); {
			case op < 3 && len(cur[s]) > 0:
				i := rng.Intn(len(cur[s]))
				r := cur[s][i]
				cur[s] = append(cur[s][:i], cur[s][i+1:]...)
				if op == 0 {
					nr := rpRandRow(rng, s)
					cur[s] = append(cur[s], nr)
					b.lines = append(b.lines, "-U "+r.text, "+U "+nr.text)
				} else {
					b.lines = append(b.lines, "-D "+r.text)
				}
			default:
				r := rpRandRow(rng, s)
				cur[s] = append(cur[s], r)
				b.lines = append(b.lines, "+I "+r.text)
			}
		}
		out = append(out, b)
	}
	return out, cur
}

// rpReference is the nested-loop join of the final inputs, sorted.
func rpReference(typ planner.JoinType, residual bool, cur [2][]rpRow) []string {
	var out []string
	match := func(l, r rpRow) bool {
		return l.key != nil && r.key != nil && *l.key == *r.key && (!residual || l.val < r.val)
	}
	rmatched := make([]bool, len(cur[1]))
	for _, l := range cur[0] {
		found := false
		for j, r := range cur[1] {
			if match(l, r) {
				found, rmatched[j] = true, true
				out = append(out, l.text+", "+r.text)
			}
		}
		if !found && (typ == planner.JoinLeft || typ == planner.JoinFull) {
			out = append(out, l.text+", NULL, NULL")
		}
	}
	if typ == planner.JoinRight || typ == planner.JoinFull {
		for j, r := range cur[1] {
			if !rmatched[j] {
				out = append(out, "NULL, NULL, NULL, "+r.text)
			}
		}
	}
	sort.Strings(out)
	return out
}

// rpRun runs the operator over batches, each cut into pieces of at most
// size rows, and returns the materialized output (sorted) or the first
// ill-formed change.
func rpRun(t *testing.T, spec *planner.JoinSpec, batches []rpBatch, size int) ([]string, error) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	g, n := rjoinGraph(spec, rpLeft, rpRight, true)
	op, err := newRegularJoin(g, n)
	if err != nil {
		t.Fatal(err)
	}
	capt := &rowCapture{}
	clock := &fakeClock{}
	if err := op.Open(&OpContext{Alloc: alloc, Node: n, Name: "Join#2", Clock: clock.Now, Metrics: NewMetrics()}, capt); err != nil {
		t.Fatal(err)
	}
	defer op.Close()
	in := [2]planner.Schema{rpLeft, rpRight}
	for _, b := range batches {
		for lo := 0; lo < len(b.lines); lo += size {
			rec, err := parseRows(alloc, WithRowKind(arrowSchemaT(t, in[b.side])), b.lines[lo:min(lo+size, len(b.lines))])
			if err != nil {
				t.Fatal(err)
			}
			err = op.OnBatch(b.side, rec)
			rec.Release()
			if err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := op.OnEnd(); err != nil {
		t.Fatal(err)
	}
	held := map[string]int{}
	for _, line := range capt.rows {
		kind, row, _ := strings.Cut(line, " ")
		k, err := ParseRowKind(kind)
		if err != nil {
			t.Fatal(err)
		}
		if !k.IsRetract() {
			held[row]++
			continue
		}
		if held[row] == 0 {
			return nil, fmt.Errorf("%s retracts a row the output does not hold", line)
		}
		held[row]--
	}
	var out []string
	for row, c := range held {
		for ; c > 0; c-- {
			out = append(out, row)
		}
	}
	sort.Strings(out)
	return out, nil
}

func TestRegularJoinProperty(t *testing.T) {
	types := []planner.JoinType{planner.JoinInner, planner.JoinLeft, planner.JoinRight, planner.JoinFull}
	for seed := int64(0); seed < 400; seed++ {
		rng := rand.New(rand.NewSource(seed))
		spec := rjSpec(types[seed%4])
		residual := rng.Intn(2) == 0
		if residual {
			// v < w over the joined row (v is column 1, w column 4).
			spec.Residual = call("<", catalog.Boolean, ref(1, col("v", catalog.BigInt)), ref(4, col("w", catalog.BigInt)))
		}
		batches, cur := rpGen(rng)
		want := rpReference(spec.Type, residual, cur)
		size := 1 + rng.Intn(10)
		got, err := rpRun(t, spec, batches, size)
		if err != nil {
			t.Fatalf("seed %d (%s, residual %v, batch size %d): %v\ninput: %v", seed, spec.Type, residual, size, err, batches)
		}
		if strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Fatalf("seed %d (%s, residual %v, batch size %d):\ninput: %v\ngot:\n%s\nwant:\n%s", seed, spec.Type, residual, size,
				batches, strings.Join(got, "\n"), strings.Join(want, "\n"))
		}
	}
}
