package planner

import (
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// TestJoinBoundsMatchCondition checks the time bounds derived from each
// way of writing an interval condition against the condition itself,
// evaluated for every pair of times in a range.
func TestJoinBoundsMatchCondition(t *testing.T) {
	cat := catalog.New()
	stmts, err := sql.ParseString("ddl.sql", `
CREATE TABLE jl (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');
CREATE TABLE jr (k BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka')`)
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range stmts {
		if err := cat.CreateTable(s.(*sql.CreateTable)); err != nil {
			t.Fatal(err)
		}
	}
	conds := []string{
		"l.ts BETWEEN r.ts - INTERVAL '0.002' SECOND AND r.ts + INTERVAL '0.001' SECOND",
		"l.ts BETWEEN r.ts AND r.ts",
		"r.ts < l.ts AND l.ts - INTERVAL '0.003' SECOND <= r.ts",
		"l.ts + INTERVAL '0.001' SECOND > r.ts AND r.ts + INTERVAL '0.002' SECOND >= l.ts",
		"r.ts BETWEEN l.ts - INTERVAL '0.004' SECOND AND l.ts - INTERVAL '0.001' SECOND",
		"l.ts > r.ts - INTERVAL '0.005' SECOND AND l.ts < r.ts + INTERVAL '0.002' SECOND AND l.ts >= r.ts - INTERVAL '0.002' SECOND",
		"r.ts - INTERVAL '0.001' SECOND + INTERVAL '0.003' SECOND >= l.ts AND l.ts >= r.ts - INTERVAL '0.001' SECOND",
	}
	for _, cond := range conds {
		q := "SELECT 1 FROM jl l JOIN jr r ON l.k = r.k AND " + cond
		stmts, err := sql.ParseString("q.sql", q)
		if err != nil {
			t.Fatalf("%s: %v", cond, err)
		}
		sel := stmts[0].(*sql.QueryStatement).Query.(*sql.Select)
		in, sc, err := newBinder(cat).from(sel.From)
		if err != nil {
			t.Fatalf("%s: %v", cond, err)
		}
		j := in.node.(*Join)
		x, err := (&exprBinder{sc: sc}).bind(sel.From.(*sql.JoinExpr).On)
		if err != nil {
			t.Fatalf("%s: %v", cond, err)
		}
		for lt := int64(-10); lt <= 10; lt++ {
			for rt := int64(-10); rt <= 10; rt++ {
				row := []any{int64(1), lt, int64(1), rt}
				want := evalExpr(t, x, row) == true
				got := lt-rt >= j.LowerMillis && lt-rt <= j.UpperMillis
				if got != want {
					t.Fatalf("%s: l.ts=%d r.ts=%d: condition %v, bounds [%d, %d] say %v", cond, lt, rt, want, j.LowerMillis, j.UpperMillis, got)
				}
			}
		}
	}
}
