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

// The window join property test assigns random out-of-order event times
// of both sides to windows (TUMBLE, HOP or CUMULATE, through the window
// table function operator), drives the window join with them under
// random watermarks and batch sizes, and compares its output, as a
// multiset of rows, with a reference written independently here: per
// window, a nested loop over the rows that were not late (their window's
// end - 1 was above the watermark when they arrived), key and residual
// checked on every pair, then the outer rows that joined nothing
// NULL-padded.

// Property test inputs: those of the interval join property test (left
// k BIGINT, s STRING, v BIGINT, ts; right k BIGINT, w BIGINT, ts,
// s STRING), each followed by the three window columns.
var wpLeft, wpRight = jpLeft, jpRight

// wpWindows lists the windows [start, end) holding ts, by brute force
// over every grid point near it.
func wpWindows(kind string, size, slide, offset, ts int64) [][2]int64 {
	var out [][2]int64
	unit := size
	if kind != planner.WindowTumble {
		unit = slide
	}
	for e := ts - ts%unit - 3*size; e <= ts+3*size; e++ {
		if (e-offset)%unit != 0 {
			continue
		}
		switch kind {
		case planner.WindowCumulate:
			// Windows [p, e) of the period p holding ts, e a step end.
			p := e - 1 - ((e-1-offset)%size+size)%size
			if p <= ts && ts < e {
				out = append(out, [2]int64{p, e})
			}
		default:
			if e-size <= ts && ts < e {
				out = append(out, [2]int64{e - size, e})
			}
		}
	}
	return out
}

// wpCase is one generated spec and stream (rows reuse jpRow; its wm is
// the watermark at arrival).
type wpCase struct {
	kind                string
	size, slide, offset int64
	spec                *planner.WindowJoinSpec
	steps               []jpStep
	leftTVF, rightTVF   *planner.WindowTVFSpec
	leftOut, rightOut   planner.Schema
	joinOut             planner.Schema
}

func wpGen(rng *rand.Rand) *wpCase {
	c := &wpCase{}
	switch rng.Intn(3) {
	case 0:
		c.kind, c.size = planner.WindowTumble, 500+rng.Int63n(1500)
	case 1:
		c.kind, c.slide = planner.WindowHop, 200+rng.Int63n(500)
		c.size = c.slide * (1 + rng.Int63n(3))
	default:
		c.kind, c.slide = planner.WindowCumulate, 200+rng.Int63n(500)
		c.size = c.slide * (1 + rng.Int63n(3))
	}
	c.offset = rng.Int63n(3) * 100
	c.leftTVF = &planner.WindowTVFSpec{Kind: c.kind, TimeCol: 3, SizeMillis: c.size, SlideMillis: c.slide, OffsetMillis: c.offset, Name: "l"}
	c.rightTVF = &planner.WindowTVFSpec{Kind: c.kind, TimeCol: 2, SizeMillis: c.size, SlideMillis: c.slide, OffsetMillis: c.offset, Name: "r"}
	c.leftOut, c.rightOut = tvfOut(wpLeft, 3), tvfOut(wpRight, 2)
	c.joinOut = append(append(planner.Schema(nil), c.leftOut...), c.rightOut...)
	types := []planner.JoinType{planner.JoinInner, planner.JoinLeft, planner.JoinRight, planner.JoinFull}
	c.spec = &planner.WindowJoinSpec{Type: types[rng.Intn(4)], LeftKeys: []int{0}, RightKeys: []int{0},
		LeftWindowStart: 4, LeftWindowEnd: 5, RightWindowStart: 4, RightWindowEnd: 5, LateName: "p"}
	switch rng.Intn(3) {
	case 0:
		// A second key: s = rs (strings, some NULL).
		c.spec.LeftKeys, c.spec.RightKeys = []int{0, 1}, []int{0, 3}
	case 1:
		c.spec.LeftKeys, c.spec.RightKeys = nil, nil
	}
	if rng.Intn(2) == 0 {
		// v < w over the joined row (w is column 7 + 1).
		c.spec.Residual = call("<", catalog.Boolean, ref(2, col("v", catalog.BigInt)), ref(8, col("w", catalog.BigInt)))
	}
	c.steps = jpStream(rng)
	return c
}

// wpText renders a row followed by its window columns.
func wpText(r jpRow, w [2]int64) string {
	return fmt.Sprintf("%s, %s, %s, %s", r.text(), formatTS(w[0]), formatTS(w[1]), formatTS(w[1]-1))
}

// wpReference is the per-window nested-loop join.
func wpReference(c *wpCase) (out []string, late, nulls int64) {
	type wrow struct {
		r jpRow
		w [2]int64
	}
	byWin := map[[2]int64]*[2][]wrow{}
	for _, st := range c.steps {
		for _, r := range st.rows {
			if r.ts == nil {
				continue // dropped by the window table function
			}
			for _, w := range wpWindows(c.kind, c.size, c.slide, c.offset, *r.ts) {
				if w[1]-1 <= r.wm {
					late++
					continue
				}
				if byWin[w] == nil {
					byWin[w] = &[2][]wrow{}
				}
				byWin[w][r.side] = append(byWin[w][r.side], wrow{r, w})
			}
		}
	}
	outer := [2]bool{c.spec.Type == planner.JoinLeft || c.spec.Type == planner.JoinFull,
		c.spec.Type == planner.JoinRight || c.spec.Type == planner.JoinFull}
	pad := [2]string{"NULL, NULL, NULL, NULL, NULL, NULL, NULL", "NULL, NULL, NULL, NULL, NULL, NULL, NULL"}
	for _, rows := range byWin {
		var joined [2]map[int]bool
		joined[0], joined[1] = map[int]bool{}, map[int]bool{}
		for _, l := range rows[0] {
			for _, r := range rows[1] {
				nk := len(c.spec.LeftKeys)
				if nk > 0 && (l.r.key == nil || r.r.key == nil || *l.r.key != *r.r.key) {
					continue
				}
				if nk == 2 && (l.r.str == "NULL" || r.r.str == "NULL" || l.r.str != r.r.str) {
					continue
				}
				if c.spec.Residual != nil && (l.r.val == nil || r.r.val == nil || *l.r.val >= *r.r.val) {
					continue
				}
				joined[0][l.r.arrive], joined[1][r.r.arrive] = true, true
				out = append(out, wpText(l.r, l.w)+", "+wpText(r.r, r.w))
			}
		}
		for _, l := range rows[0] {
			if outer[0] && !joined[0][l.r.arrive] {
				out = append(out, wpText(l.r, l.w)+", "+pad[1])
			}
		}
		for _, r := range rows[1] {
			if outer[1] && !joined[1][r.r.arrive] {
				out = append(out, pad[0]+", "+wpText(r.r, r.w))
			}
		}
	}
	for _, st := range c.steps {
		for _, r := range st.rows {
			if r.ts == nil {
				nulls++
			}
		}
	}
	return out, late, nulls
}

// runWindowJoinOp runs the window table functions and the join over the
// case's stream, cutting batches to batch rows, then the final watermark.
func runWindowJoinOp(t *testing.T, c *wpCase, batch int) ([]string, *Metrics) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	join, err := newWindowJoinFor(c.spec, c.leftOut, c.rightOut, c.joinOut)
	if err != nil {
		t.Fatal(err)
	}
	out, m := openCapture(t, join, alloc, "J", nil)
	defer join.Close()
	var tvfs [2]*windowTVF
	for s, spec := range []*planner.WindowTVFSpec{c.leftTVF, c.rightTVF} {
		in := []planner.Schema{wpLeft, wpRight}[s]
		if tvfs[s], err = newWindowTVFFor(spec, in, tvfOut(in, spec.TimeCol)); err != nil {
			t.Fatal(err)
		}
		if err := tvfs[s].Open(&OpContext{Alloc: alloc, Name: "T", Metrics: m}, sideEmitter{join, s}); err != nil {
			t.Fatal(err)
		}
		defer tvfs[s].Close()
	}
	feedJoinSteps(t, alloc, c.steps, [2]planner.Schema{wpLeft, wpRight}, batch, join, func(side int, rec arrow.Record) error {
		return tvfs[side].OnBatch(0, rec)
	})
	if err := join.OnEnd(); err != nil {
		t.Fatal(err)
	}
	if n := join.buffered(); n != 0 {
		t.Fatalf("%d rows still buffered after the final watermark", n)
	}
	return out.rows, m
}

func TestWindowJoinProperty(t *testing.T) {
	for seed := int64(1); seed <= 400; seed++ {
		rng := rand.New(rand.NewSource(seed))
		c := wpGen(rng)
		want, late, nulls := wpReference(c)
		sort.Strings(want)
		for _, batch := range []int{1, 3, 1024} {
			got, m := runWindowJoinOp(t, c, batch)
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d batch %d %s %d/%d/%d spec %+v:\ngot:\n%s\nwant:\n%s", seed, batch, c.kind, c.size, c.slide, c.offset, *c.spec,
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if m.Get("join.p.late_rows") != late || m.Get("window.l.null_rowtime")+m.Get("window.r.null_rowtime") != nulls {
				t.Fatalf("seed %d: late %d nulls %d, want %d %d", seed, m.Get("join.p.late_rows"),
					m.Get("window.l.null_rowtime")+m.Get("window.r.null_rowtime"), late, nulls)
			}
		}
	}
}

// sideEmitter feeds one window table function's output to one input of
// the window join.
type sideEmitter struct {
	j    *windowJoin
	side int
}

// Emit implements Emitter.
func (e sideEmitter) Emit(rec arrow.Record) error { return e.j.OnBatch(e.side, rec) }
