package executor

import (
	"math/rand"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// The property test drives the GroupAggregate with random changelogs
// (inserts, and retractions of rows inserted before: -D, or -U followed
// by +U of a new row) cut into random batches. The reference
// materializes the input multiset and computes the GROUP BY by brute
// force (pAgg); the operator's output changelog is checked to be well
// formed (every -U/-D retracts a row currently present, every -U is
// followed by its +U, at most one row per group) and, materialized, to
// equal the reference; and the changelog must not depend on the batch
// cuts.

// gpEvent is one input row with its kind.
type gpEvent struct {
	kind RowKind
	row  pRow
}

// gpStream draws a random valid changelog over pIn (the time column is
// unused); with append set it only inserts.
func gpStream(rng *rand.Rand, appendOnly bool) []gpEvent {
	opt := func(p int, v int64) *int64 {
		if rng.Intn(p) == 0 {
			return nil
		}
		return &v
	}
	newRow := func() pRow {
		var r pRow
		r.vals[pK] = opt(6, rng.Int63n(3))
		r.vals[pS] = opt(6, rng.Int63n(int64(len(pStrs))))
		r.vals[pV] = opt(5, rng.Int63n(21)-10)
		r.vals[pD] = opt(5, rng.Int63n(2001)-1000)
		r.vals[pX] = opt(5, rng.Int63n(41)-20)
		r.vals[pF] = opt(4, rng.Int63n(2))
		return r
	}
	var evs []gpEvent
	var live []pRow
	for n := 5 + rng.Intn(120); n > 0; n-- {
		if appendOnly || len(live) == 0 || rng.Intn(5) < 3 {
			r := newRow()
			live = append(live, r)
			evs = append(evs, gpEvent{RowInsert, r})
			continue
		}
		i := rng.Intn(len(live))
		old := live[i]
		live = append(live[:i], live[i+1:]...)
		if rng.Intn(2) == 0 {
			evs = append(evs, gpEvent{RowDelete, old})
			continue
		}
		r := newRow()
		live = append(live, r)
		evs = append(evs, gpEvent{RowUpdateBefore, old}, gpEvent{RowUpdateAfter, r})
	}
	return evs
}

// gpSpec draws a random GROUP BY (sometimes a DISTINCT: no calls).
func gpSpec(rng *rand.Rand, appendOnly bool) *planner.GroupAggSpec {
	spec := &planner.GroupAggSpec{Name: "p"}
	for _, k := range []int{pK, pS} {
		if rng.Intn(2) == 0 {
			spec.Keys = append(spec.Keys, k)
		}
	}
	if rng.Intn(5) == 0 && len(spec.Keys) > 0 {
		return spec
	}
	for n := 1 + rng.Intn(4); n > 0; n-- {
		a := pAggChoices[rng.Intn(len(pAggChoices))]
		if !appendOnly && (a.Fn == "FIRST_VALUE" || a.Fn == "LAST_VALUE") {
			continue
		}
		if rng.Intn(3) == 0 {
			a.Filter = pF
		}
		spec.Aggs = append(spec.Aggs, a)
	}
	return spec
}

// gpReference materializes evs and groups the remaining rows (in
// arrival order) by the spec's keys.
func gpReference(spec *planner.GroupAggSpec, evs []gpEvent) []string {
	var live []pRow
	for _, e := range evs {
		if !e.kind.IsRetract() {
			live = append(live, e.row)
			continue
		}
		for i, r := range live {
			if r == e.row {
				live = append(live[:i], live[i+1:]...)
				break
			}
		}
	}
	groups := map[string][]pRow{}
	var order []string
	for _, r := range live {
		parts := make([]string, len(spec.Keys))
		for i, k := range spec.Keys {
			switch v := r.vals[k]; {
			case v == nil:
				parts[i] = "NULL"
			case k == pS:
				parts[i] = pStrs[*v]
			default:
				parts[i] = strconv.FormatInt(*v, 10)
			}
		}
		key := strings.Join(parts, ", ")
		if _, ok := groups[key]; !ok {
			order = append(order, key)
		}
		groups[key] = append(groups[key], r)
	}
	var out []string
	for _, key := range order {
		var parts []string
		if len(spec.Keys) > 0 {
			parts = append(parts, key)
		}
		for _, a := range spec.Aggs {
			parts = append(parts, pAgg(a, groups[key]))
		}
		out = append(out, strings.Join(parts, ", "))
	}
	return out
}

// runGroupOp runs spec over evs cut into batches by cut (which returns
// the next batch size) and returns the output rows, with kinds.
func runGroupOp(t *testing.T, spec *planner.GroupAggSpec, evs []gpEvent, updating bool, cut func() int) []string {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	outUpd := updating || len(spec.Aggs) > 0
	op, err := newGroupAggFor(spec, pIn, updating, groupOut(spec, pIn), outUpd)
	if err != nil {
		t.Fatal(err)
	}
	in := arrowSchemaT(t, pIn)
	if updating {
		in = WithRowKind(in)
	}
	out, _ := openCapture(t, op, alloc, "G", nil)
	defer op.Close()
	for off := 0; off < len(evs); {
		n := min(cut(), len(evs)-off)
		lines := make([]string, n)
		for i, e := range evs[off : off+n] {
			lines[i] = e.row.text()
			if updating {
				lines[i] = e.kind.String() + " " + lines[i]
			}
		}
		rec, err := parseRows(alloc, in, lines)
		if err != nil {
			t.Fatal(err)
		}
		err = op.OnBatch(0, rec)
		rec.Release()
		if err != nil {
			t.Fatal(err)
		}
		off += n
	}
	if err := op.OnEnd(); err != nil {
		t.Fatal(err)
	}
	if !outUpd {
		for i, r := range out.rows {
			out.rows[i] = "+I " + r
		}
	}
	return out.rows
}

// gpMaterialize applies a changelog, failing on a malformed one; nKeys
// is the number of leading key columns (one row per key at any time).
func gpMaterialize(t *testing.T, rows []string, nKeys int) []string {
	t.Helper()
	present := map[string]int{}
	byKey := map[string]int{}
	keyOf := func(row string) string {
		return strings.Join(strings.SplitN(row, ", ", nKeys+1)[:nKeys], ", ")
	}
	for i, line := range rows {
		kind, row, _ := strings.Cut(line, " ")
		switch kind {
		case "+I", "+U":
			if kind == "+U" && (i == 0 || !strings.HasPrefix(rows[i-1], "-U ")) {
				t.Fatalf("row %d: +U without a -U before it: %q", i, line)
			}
			present[row]++
			if byKey[keyOf(row)]++; nKeys > 0 && byKey[keyOf(row)] > 1 {
				t.Fatalf("row %d: a second row for key %q: %q", i, keyOf(row), line)
			}
		case "-U", "-D":
			if present[row] == 0 {
				t.Fatalf("row %d: %s of a row not present: %q", i, kind, line)
			}
			if kind == "-U" && (i+1 >= len(rows) || !strings.HasPrefix(rows[i+1], "+U ")) {
				t.Fatalf("row %d: -U not followed by +U: %q", i, line)
			}
			present[row]--
			byKey[keyOf(row)]--
		default:
			t.Fatalf("row %d: bad kind %q", i, line)
		}
	}
	return stateRows(present)
}

func TestGroupAggProperty(t *testing.T) {
	for seed := int64(1); seed <= 300; seed++ {
		rng := rand.New(rand.NewSource(seed))
		updating := rng.Intn(3) > 0
		spec := gpSpec(rng, !updating)
		evs := gpStream(rng, !updating)
		want := gpReference(spec, evs)
		sort.Strings(want)
		var first []string
		for run, size := range []int{1, 3, 1024, 0} {
			cut := func() int { return size }
			if size == 0 {
				crng := rand.New(rand.NewSource(seed * 7))
				cut = func() int { return 1 + crng.Intn(10) }
			}
			got := runGroupOp(t, spec, evs, updating, cut)
			if run == 0 {
				first = got
			} else if !reflect.DeepEqual(got, first) {
				t.Fatalf("seed %d: the changelog depends on batch cuts (size %d):\n%s\nvs\n%s", seed, size,
					strings.Join(got, "\n"), strings.Join(first, "\n"))
			}
			if mat := gpMaterialize(t, got, len(spec.Keys)); !reflect.DeepEqual(mat, want) {
				t.Fatalf("seed %d updating %v spec %+v:\ngot:\n%s\nwant:\n%s\nchangelog:\n%s", seed, updating, *spec,
					strings.Join(mat, "\n"), strings.Join(want, "\n"), strings.Join(got, "\n"))
			}
		}
	}
}
