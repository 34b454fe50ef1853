package planner

import (
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// TestOptimizedJoinMatchesBoundPlan is the differential test of
// TestOptimizedGraphMatchesBoundPlan for joins: a nested-loop interpreter
// of the interval join semantics runs the bound plan and the physical
// graph, which must give the same rows. It guards the push-down of
// conditions into and around outer joins, key casts and pruning.
func TestOptimizedJoinMatchesBoundPlan(t *testing.T) {
	cat := catalog.New()
	ddl := `
CREATE TABLE jl (k INT, v BIGINT, s STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');
CREATE TABLE jr (k BIGINT, w BIGINT, s STRING, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');
CREATE TABLE o (a BIGINT, b BIGINT, c BIGINT, d TIMESTAMP(3)) WITH ('connector' = 'print')`
	stmts, err := sql.ParseString("ddl.sql", ddl)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if err := cat.CreateTable(s.(*sql.CreateTable)); err != nil {
			t.Fatal(err)
		}
	}
	const on = ` ON l.k = r.k AND l.ts BETWEEN r.ts - INTERVAL '0.002' SECOND AND r.ts + INTERVAL '0.001' SECOND`
	var jobs []string
	for _, kind := range []string{"JOIN", "LEFT JOIN", "RIGHT JOIN", "FULL JOIN"} {
		jobs = append(jobs,
			`INSERT INTO o SELECT l.v, r.w, l.k, r.ts FROM jl l `+kind+` jr r`+on,
			`INSERT INTO o SELECT l.v, r.w, r.k, l.ts FROM jl l `+kind+` jr r`+on+` AND l.v > 3 AND r.w < 7 AND l.v <> r.w`,
			`INSERT INTO o SELECT l.v, r.w, l.k, r.ts FROM jl l `+kind+` jr r`+on+` WHERE l.v > 2 AND r.w IS NULL`,
			`INSERT INTO o SELECT l.v, r.w, l.k, r.ts FROM jl l `+kind+` jr r`+on+` WHERE (l.v > 2 OR r.w < 5) AND r.s <> 'x'`,
		)
	}
	jobs = append(jobs,
		`INSERT INTO o SELECT l.v, r.w, l.k, r.ts FROM jl l, jr r WHERE l.k = r.k AND r.ts <= l.ts AND l.ts < r.ts + INTERVAL '0.003' SECOND AND l.s <> r.s`,
		`INSERT INTO o SELECT a.v, b.v, r.w, a.ts FROM jl a JOIN jl b ON a.k = b.k AND a.ts BETWEEN b.ts AND b.ts + INTERVAL '0.001' SECOND
		 LEFT JOIN jr r ON r.k = b.v AND r.ts BETWEEN b.ts - INTERVAL '0.002' SECOND AND b.ts AND a.s = 'a'`,
	)
	rng := rand.New(rand.NewSource(2))
	data := map[string][][]any{"jl": randomRows(rng, cat, "jl", 40), "jr": randomRows(rng, cat, "jr", 40)}
	for _, job := range jobs {
		stmts, err := sql.ParseString("job.sql", job)
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		raw, err := bindInsert(cat, stmts[0].(*sql.Insert))
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		g, err := buildGraph(nil, []Node{Optimize(raw)}, nil)
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		want := render(evalLogical(t, raw, data))
		var got []string
		for _, n := range g.Nodes {
			if n.Kind == OpSink {
				got = render(evalPhysical(t, g, n.ID, data, map[int][][]any{}))
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%s\nbound plan gives %d rows, graph gives %d", job, len(want), len(got))
		}
		if len(want) == 0 {
			t.Errorf("%s: no rows; the test data does not exercise the query", job)
		}
	}
}

// joinRows joins left and right rows by nested loops: key(l, r) reports
// whether the keys match, times gives each row's time column.
func joinRows(t *testing.T, typ JoinType, left, right [][]any, width, rwidth int, key func(l, r []any) bool,
	lt, rt int, lower, upper int64, residual Expr) [][]any {
	var out [][]any
	rmatched := make([]bool, len(right))
	for _, l := range left {
		matched := false
		for j, r := range right {
			if !key(l, r) || l[lt] == nil || r[rt] == nil {
				continue
			}
			d := l[lt].(int64) - r[rt].(int64)
			if d < lower || d > upper {
				continue
			}
			row := append(append([]any(nil), l...), r...)
			if residual != nil && evalExpr(t, residual, row) != true {
				continue
			}
			matched, rmatched[j] = true, true
			out = append(out, row)
		}
		if !matched && (typ == JoinLeft || typ == JoinFull) {
			out = append(out, append(append([]any(nil), l...), make([]any, rwidth)...))
		}
	}
	if typ == JoinRight || typ == JoinFull {
		for j, r := range right {
			if !rmatched[j] {
				out = append(out, append(make([]any, width), r...))
			}
		}
	}
	return out
}

func equalKeys(a, b []any) bool {
	for i := range a {
		if a[i] == nil || b[i] == nil || a[i] != b[i] {
			return false
		}
	}
	return true
}

// evalJoin evaluates a logical Join.
func evalJoin(t *testing.T, n *Join, data map[string][][]any) [][]any {
	left, right := evalLogical(t, n.Left, data), evalLogical(t, n.Right, data)
	keys := func(es []Expr, row []any) []any {
		out := make([]any, len(es))
		for i, e := range es {
			out[i] = evalExpr(t, e, row)
		}
		return out
	}
	key := func(l, r []any) bool { return equalKeys(keys(n.LeftKeys, l), keys(n.RightKeys, r)) }
	width, rwidth := len(n.Left.Schema()), len(n.Right.Schema())
	return joinRows(t, n.Type, left, right, width, rwidth, key, n.LeftTime, n.RightTime, n.LowerMillis, n.UpperMillis, n.Residual)
}

// evalIntervalJoin evaluates an OpIntervalJoin node.
func evalIntervalJoin(t *testing.T, g *Graph, n *PNode, data map[string][][]any, memo map[int][][]any) [][]any {
	j := n.IntervalJoin
	left := evalPhysical(t, g, n.Inputs[0].From, data, memo)
	right := evalPhysical(t, g, n.Inputs[1].From, data, memo)
	pick := func(cols []int, row []any) []any {
		out := make([]any, len(cols))
		for i, c := range cols {
			out[i] = row[c]
		}
		return out
	}
	key := func(l, r []any) bool { return equalKeys(pick(j.LeftKeys, l), pick(j.RightKeys, r)) }
	width := len(g.Nodes[n.Inputs[0].From].Schema)
	rwidth := len(g.Nodes[n.Inputs[1].From].Schema)
	return joinRows(t, j.Type, left, right, width, rwidth, key, j.LeftTime, j.RightTime, j.LowerMillis, j.UpperMillis, j.Residual)
}
