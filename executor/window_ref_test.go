package executor

import (
	"fmt"
	"sort"
	"strconv"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/planner"
)

// The brute-force reference of TestWindowAggProperty.

// pWindow is one reference window: its bounds, its key text and rows.
type pWindow struct {
	start, end int64
	key        string
	rows       []pRow
}

func fmtOpt(v *int64, f func(int64) string) string {
	if v == nil {
		return "NULL"
	}
	return f(*v)
}

// pKeyText renders the values of columns cols of r as output text.
func pKeyText(r pRow, cols []int) string {
	var parts []string
	for _, c := range cols {
		parts = append(parts, fmtOpt(r.vals[c], func(v int64) string {
			if c == pS {
				return pStrs[v]
			}
			return strconv.FormatInt(v, 10)
		}))
	}
	return strings.Join(parts, ", ")
}

// windowReference evaluates spec by brute force. It returns the output
// rows and the late and NULL-time counts.
func windowReference(spec *planner.WindowAggSpec, steps []pStep, final int64) (out []string, late, nulls int64) {
	windows := map[string]*pWindow{}
	var order []string
	add := func(start, end int64, r pRow) {
		key := pKeyText(r, spec.Keys)
		id := fmt.Sprintf("%d/%d/%s", start, end, key)
		if spec.Kind == planner.WindowSession {
			id += "/" + pKeyText(r, spec.PartitionKeys)
		}
		w := windows[id]
		if w == nil {
			w = &pWindow{start: start, end: end, key: key}
			windows[id] = w
			order = append(order, id)
		}
		w.rows = append(w.rows, r)
	}
	floor := func(a, b int64) int64 {
		if a >= 0 {
			return a / b
		}
		return -((-a + b - 1) / b)
	}
	var sessionRows []pRow
	for _, st := range steps {
		for _, r := range st.rows {
			if r.vals[pTS] == nil {
				nulls++
				continue
			}
			ts := *r.vals[pTS]
			type win struct{ s, e int64 }
			var ws []win
			switch spec.Kind {
			case planner.WindowTumble:
				s := floor(ts-spec.OffsetMillis, spec.SizeMillis)*spec.SizeMillis + spec.OffsetMillis
				ws = append(ws, win{s, s + spec.SizeMillis})
			case planner.WindowHop:
				last := floor(ts-spec.OffsetMillis, spec.SlideMillis)*spec.SlideMillis + spec.OffsetMillis
				for s := last; s > ts-spec.SizeMillis; s -= spec.SlideMillis {
					ws = append(ws, win{s, s + spec.SizeMillis})
				}
			case planner.WindowCumulate:
				s := floor(ts-spec.OffsetMillis, spec.SizeMillis)*spec.SizeMillis + spec.OffsetMillis
				for e := s + spec.SlideMillis; e <= s+spec.SizeMillis; e += spec.SlideMillis {
					if e > ts {
						ws = append(ws, win{s, e})
					}
				}
			case planner.WindowSession:
				if ts <= r.wm {
					late++
				} else {
					sessionRows = append(sessionRows, r)
				}
				continue
			}
			accepted := false
			for _, w := range ws {
				if w.e-1 > r.wm {
					accepted = true
					add(w.s, w.e, r)
				}
			}
			if !accepted {
				late++
			}
		}
	}
	if spec.Kind == planner.WindowSession {
		groups := map[string][]pRow{}
		var gorder []string
		for _, r := range sessionRows {
			g := pKeyText(r, spec.PartitionKeys) + "|" + pKeyText(r, spec.Keys)
			if _, ok := groups[g]; !ok {
				gorder = append(gorder, g)
			}
			groups[g] = append(groups[g], r)
		}
		for _, g := range gorder {
			rows := groups[g]
			byTS := append([]pRow(nil), rows...)
			sort.SliceStable(byTS, func(i, j int) bool { return *byTS[i].vals[pTS] < *byTS[j].vals[pTS] })
			// Split into chains of rows closer than the gap; each
			// session keeps its rows in arrival order.
			start, maxTS := *byTS[0].vals[pTS], *byTS[0].vals[pTS]
			member := map[*int64]bool{byTS[0].vals[pTS]: true}
			flush := func() {
				for _, r := range rows {
					if member[r.vals[pTS]] {
						add(start, maxTS+spec.SizeMillis, r)
					}
				}
			}
			for _, r := range byTS[1:] {
				ts := *r.vals[pTS]
				if ts-maxTS >= spec.SizeMillis {
					flush()
					start, member = ts, map[*int64]bool{}
				}
				maxTS = max(maxTS, ts)
				member[r.vals[pTS]] = true
			}
			flush()
		}
	}
	for _, id := range order {
		w := windows[id]
		if w.end-1 > final {
			continue
		}
		var parts []string
		if len(spec.Keys) > 0 {
			parts = append(parts, w.key)
		}
		parts = append(parts, formatTS(w.start), formatTS(w.end), formatTS(w.end-1))
		for _, a := range spec.Aggs {
			parts = append(parts, pAgg(a, w.rows))
		}
		out = append(out, strings.Join(parts, ", "))
	}
	return out, late, nulls
}

// pAgg computes call a over rows (in arrival order) by brute force.
func pAgg(a planner.WindowAggCall, rows []pRow) string {
	var vals []int64
	count := int64(0)
	for _, r := range rows {
		if a.Filter >= 0 && (r.vals[a.Filter] == nil || *r.vals[a.Filter] != 1) {
			continue
		}
		if len(a.Args) == 0 {
			count++
			continue
		}
		if v := r.vals[a.Args[0]]; v != nil {
			vals = append(vals, *v)
		}
	}
	if len(a.Args) == 0 {
		return strconv.FormatInt(count, 10)
	}
	arg := a.Args[0]
	if a.Fn == "COUNT" {
		if a.Distinct {
			set := map[int64]bool{}
			for _, v := range vals {
				set[v] = true
			}
			return strconv.Itoa(len(set))
		}
		return strconv.Itoa(len(vals))
	}
	if len(vals) == 0 {
		return "NULL"
	}
	render := func(v int64) string {
		switch arg {
		case pS:
			return pStrs[v]
		case pD:
			return decimal128.FromI64(v).ToString(2)
		case pX:
			return strconv.FormatFloat(float64(v)/2, 'g', -1, 64)
		}
		return strconv.FormatInt(v, 10)
	}
	sum := int64(0)
	for _, v := range vals {
		sum += v
	}
	switch a.Fn {
	case "SUM":
		return render(sum)
	case "AVG":
		if arg == pX {
			return strconv.FormatFloat(float64(sum)/2/float64(len(vals)), 'g', -1, 64)
		}
		return render(sum / int64(len(vals)))
	case "MIN", "MAX":
		best := vals[0]
		for _, v := range vals[1:] {
			// Strings are indexes into pStrs, which is sorted.
			if (a.Fn == "MIN") == (v < best) && v != best {
				best = v
			}
		}
		return render(best)
	case "FIRST_VALUE":
		return render(vals[0])
	case "LAST_VALUE":
		return render(vals[len(vals)-1])
	}
	return "?"
}
