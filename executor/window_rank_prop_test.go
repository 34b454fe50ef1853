package executor

import (
	"fmt"
	"math/rand"
	"reflect"
	"sort"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// The window Top-N property test feeds the WindowRank operator random
// rows already assigned to windows (one row per window holding its event
// time, tumbling or hopping or both, as a window aggregation or the window table
// function emits them), out of order, under random watermarks and batch
// sizes. A brute-force reference written here keeps, per window, the rows
// that were not late (window end - 1 above the watermark at arrival),
// groups them by partition, sorts each partition stably by the sort keys
// (ties in arrival order) and takes ranks RankStart..RankEnd. The rows
// emitted at each watermark must be exactly those of the windows it
// closes, and the late-row counter must match.

// wrpRow is one generated row over wrIn (ws, we, k, v, s); NULL is "NULL".
type wrpRow struct {
	ws, we  int64
	k, v, s string
}

func (r wrpRow) text() string {
	return fmt.Sprintf("%s, %s, %s, %s, %s", formatTS(r.ws), formatTS(r.we), r.k, r.v, r.s)
}

// wrpStep is a batch of rows (cut into batches of batch rows) or, when
// rows is nil, a watermark.
type wrpStep struct {
	rows  []wrpRow
	batch int
	wm    int64
}

// wrpWindows returns the windows [start, end) of size size every slide
// (slide == size: tumbling) that hold ts, by walking every start.
func wrpWindows(ts, size, slide int64) [][2]int64 {
	var out [][2]int64
	first := ts - size - slide
	first -= ((first % slide) + slide) % slide
	for s := first; s <= ts; s += slide {
		if s <= ts && ts < s+size {
			out = append(out, [2]int64{s, s + size})
		}
	}
	return out
}

// wrpLess orders two rows by the sort keys (v compared as a number, s as
// a string); NULL sorts as the smallest value unless NullsLast.
func wrpLess(a, b wrpRow, keys []planner.SortKey) int {
	for _, k := range keys {
		x, y := a.v, b.v
		if k.Col == 4 {
			x, y = a.s, b.s
		}
		if c := refKeyCmp(x, y, k.Col == 3, k); c != 0 {
			return c
		}
	}
	return 0
}

// wrpReference returns, per step, the rows the operator must emit there
// (sorted), and the number of late rows.
func wrpReference(spec *planner.WindowRankSpec, steps []wrpStep) ([][]string, int64) {
	wins := map[[2]int64][]wrpRow{}
	fired := MinWatermark
	var late int64
	out := make([][]string, len(steps))
	for i, st := range steps {
		if st.rows == nil {
			fired = max(fired, st.wm)
		}
		for _, r := range st.rows {
			if r.we-1 <= fired {
				late++
				continue
			}
			w := [2]int64{r.ws, r.we}
			wins[w] = append(wins[w], r)
		}
		for w, rows := range wins {
			if w[1]-1 > fired {
				continue
			}
			delete(wins, w)
			parts := map[string][]wrpRow{}
			for _, r := range rows {
				k := r.k
				if spec.PartitionKeys == nil {
					k = ""
				}
				parts[k] = append(parts[k], r)
			}
			for _, p := range parts {
				sort.SliceStable(p, func(a, b int) bool { return wrpLess(p[a], p[b], spec.OrderKeys) < 0 })
				texts := make([]string, len(p))
				for j, r := range p {
					texts[j] = r.text()
				}
				out[i] = append(out[i], rankedLines(texts, spec.RankStart, spec.RankEnd, spec.OutputRank)...)
			}
		}
		sort.Strings(out[i])
	}
	return out, late
}

// wrpGen draws a spec and a stream ending with the maximal watermark.
func wrpGen(rng *rand.Rand) (*planner.WindowRankSpec, []wrpStep) {
	keys := []planner.SortKey{{Col: 3, Desc: rng.Intn(2) == 0, NullsLast: rng.Intn(3) == 0}}
	if rng.Intn(2) == 0 {
		keys = append(keys, planner.SortKey{Col: 4, Desc: rng.Intn(2) == 0, NullsLast: rng.Intn(3) == 0})
	}
	if rng.Intn(4) == 0 {
		keys[0], keys = planner.SortKey{Col: 4, Desc: rng.Intn(2) == 0}, keys[:1]
	}
	start := int64(1)
	if rng.Intn(2) == 0 {
		start += rng.Int63n(3)
	}
	spec := &planner.WindowRankSpec{WindowStart: 0, WindowEnd: 1, PartitionKeys: []int{2}, OrderKeys: keys,
		RankStart: start, RankEnd: start + rng.Int63n(4), OutputRank: rng.Intn(2) == 0, LateName: "p"}
	if rng.Intn(3) == 0 {
		spec.PartitionKeys = nil
	}
	slide := 100 + rng.Int63n(400)
	size := slide
	if rng.Intn(2) == 0 {
		size *= 1 + rng.Int63n(3)
	}
	// mixed: every row is also in the tumbling windows of size slide, as
	// in a union of two window aggregations: windows then share ends.
	mixed := size != slide && rng.Intn(3) == 0
	val := func(n int, prefix string) string {
		if rng.Intn(7) == 0 {
			return "NULL"
		}
		return fmt.Sprintf("%s%d", prefix, rng.Intn(n))
	}
	base := mustTS("2024-01-01 00:00:00")
	wm := base
	steps := []wrpStep{{wm: wm}}
	for n := 5 + rng.Intn(40); n > 0; n-- {
		if rng.Intn(3) == 0 {
			wm += rng.Int63n(600)
			steps = append(steps, wrpStep{wm: wm})
			continue
		}
		st := wrpStep{batch: []int{1, 2, 3, 16, 1024}[rng.Intn(5)]}
		for m := 1 + rng.Intn(10); m > 0; m-- {
			ts := wm - 800 + rng.Int63n(2000)
			k, v, s := val(3, "k"), val(5, ""), val(3, "s")
			ws := wrpWindows(ts, size, slide)
			if mixed {
				ws = append(ws, wrpWindows(ts, slide, slide)...)
			}
			for _, w := range ws {
				st.rows = append(st.rows, wrpRow{ws: w[0], we: w[1], k: k, v: v, s: s})
			}
		}
		rng.Shuffle(len(st.rows), func(i, j int) { st.rows[i], st.rows[j] = st.rows[j], st.rows[i] })
		steps = append(steps, st)
	}
	return spec, append(steps, wrpStep{wm: MaxWatermark})
}

func TestWindowRankProperty(t *testing.T) {
	for seed := int64(1); seed <= 400; seed++ {
		rng := rand.New(rand.NewSource(seed))
		spec, steps := wrpGen(rng)
		want, late := wrpReference(spec, steps)
		got, gotLate := runWindowRankSteps(t, spec, steps)
		for i := range steps {
			if !reflect.DeepEqual(got[i], want[i]) {
				t.Fatalf("seed %d step %d (wm %s) spec %+v:\ngot:\n%s\nwant:\n%s", seed, i, formatWM(steps[i].wm), *spec,
					strings.Join(got[i], "\n"), strings.Join(want[i], "\n"))
			}
		}
		if gotLate != late {
			t.Fatalf("seed %d: late_rows %d, want %d", seed, gotLate, late)
		}
	}
}

// runWindowRankSteps drives the operator over steps and returns the rows
// it emitted at each step (sorted) and its late-row counter.
func runWindowRankSteps(t *testing.T, spec *planner.WindowRankSpec, steps []wrpStep) ([][]string, int64) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	_, n := windowRankGraph(spec, wrIn)
	outSchema, err := NodeSchema(n)
	if err != nil {
		t.Fatal(err)
	}
	op, err := newWindowRankFor(spec, wrIn, outSchema)
	if err != nil {
		t.Fatal(err)
	}
	capture, m := openCapture(t, op, alloc, "W", func() int64 { return 0 })
	defer op.Close()
	in := arrowSchemaT(t, wrIn)
	out := make([][]string, len(steps))
	for i, st := range steps {
		switch {
		case st.rows != nil:
			lines := make([]string, len(st.rows))
			for j, r := range st.rows {
				lines[j] = r.text()
			}
			feedRank(t, alloc, op, in, lines, st.batch)
		case st.wm == MaxWatermark:
			if err := op.OnEnd(); err != nil {
				t.Fatal(err)
			}
		default:
			if _, err := op.OnWatermark(st.wm); err != nil {
				t.Fatal(err)
			}
		}
		out[i] = capture.rows
		sort.Strings(out[i])
		capture.rows = nil
	}
	return out, m.Get("window." + spec.LateName + ".late_rows")
}
