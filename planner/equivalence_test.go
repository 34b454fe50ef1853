package planner

import (
	"fmt"
	"math/rand"
	"sort"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// TestOptimizedGraphMatchesBoundPlan is a differential test: it runs the
// logical plan as bound (before any rule) and the physical graph built
// from the optimised plan over the same random rows, with a small row
// interpreter, and requires the same rows in every sink. It guards the
// rewrites (push-down, pruning, merging, folding, source and operator
// sharing) against changing results.
func TestOptimizedGraphMatchesBoundPlan(t *testing.T) {
	cat := catalog.New()
	ddl := `
CREATE TABLE r (a INT, b BIGINT, s STRING, c AS a + 1, u AS UPPER(s), ts TIMESTAMP(3),
  WATERMARK FOR ts AS ts) WITH ('connector' = 'kafka');
CREATE TABLE q (x INT, y STRING, z BIGINT) WITH ('connector' = 'kafka');
CREATE TABLE o1 (p BIGINT, q STRING, r BIGINT) WITH ('connector' = 'print');
CREATE TABLE o2 (k STRING, v BIGINT) WITH ('connector' = 'print');
CREATE VIEW rv AS SELECT a, b + a AS ab, s FROM r WHERE a IS NOT NULL`
	stmts, err := sql.ParseString("ddl.sql", ddl)
	if err != nil {
		t.Skipf("the SQL front end cannot parse the DDL yet: %v", err)
	}
	for _, s := range stmts {
		switch s := s.(type) {
		case *sql.CreateTable:
			err = cat.CreateTable(s)
		case *sql.CreateView:
			err = cat.CreateView(s)
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	jobs := []string{
		`INSERT INTO o1 SELECT a, s, b FROM r WHERE a > 3 AND s <> 'x'`,
		`INSERT INTO o1 SELECT c, u, b FROM r WHERE c > 2 OR s IS NULL`,
		`INSERT INTO o1 (p, r) SELECT b * 2, c FROM (SELECT b, c, s FROM r WHERE b > 0) AS t WHERE t.c < 8`,
		`INSERT INTO o2 SELECT s, ab FROM rv WHERE ab > 1 + 1`,
		`INSERT INTO o2 SELECT y, z FROM q WHERE x BETWEEN 2 AND 7;
		 INSERT INTO o2 SELECT s, b FROM r WHERE a IN (1, 2, 3);
		 INSERT INTO o1 SELECT x, y, z FROM q WHERE y LIKE '%'`,
		`INSERT INTO o2 SELECT k, v FROM (SELECT s AS k, b AS v FROM r UNION ALL SELECT y, z FROM q UNION ALL SELECT y, x FROM q) WHERE v > 2`,
		`INSERT INTO o2 SELECT CASE WHEN a > 5 THEN 'big' ELSE s END, COALESCE(b, 0) FROM r WHERE NOT (a = 4)`,
		`INSERT INTO o1 SELECT a, s || '!', a + b FROM r WHERE ts > '1970-01-01 00:00:00.005'`,
	}
	rng := rand.New(rand.NewSource(1))
	data := map[string][][]any{"r": randomRows(rng, cat, "r", 60), "q": randomRows(rng, cat, "q", 60)}
	for _, job := range jobs {
		stmts, err := sql.ParseString("job.sql", job)
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		var raw, opt []Node
		for _, s := range stmts {
			n, err := bindInsert(cat, s.(*sql.Insert))
			if err != nil {
				t.Fatalf("%s: %v", job, err)
			}
			raw = append(raw, n)
			opt = append(opt, Optimize(n))
		}
		g, err := buildGraph(nil, opt, nil)
		if err != nil {
			t.Fatalf("%s: %v", job, err)
		}
		var want []string
		for _, n := range raw {
			want = append(want, render(sinkRows(n.(*Sink).Table, n.(*Sink).Columns, evalLogical(t, n, data)))...)
		}
		var got []string
		memo := map[int][][]any{}
		for _, n := range g.Nodes {
			if n.Kind == OpSink {
				got = append(got, render(sinkRows(n.Sink.Table, n.Sink.Columns, evalPhysical(t, g, n.ID, data, memo)))...)
			}
		}
		sort.Strings(want)
		sort.Strings(got)
		if strings.Join(want, "\n") != strings.Join(got, "\n") {
			t.Errorf("%s\nbound plan gives %d rows, graph gives %d\nwant:\n%s\ngot:\n%s", job, len(want), len(got), strings.Join(want, "\n"), strings.Join(got, "\n"))
		}
		if len(want) == 0 {
			t.Errorf("%s: no rows; the test data does not exercise the query", job)
		}
	}
}

// randomRows makes rows for a table's stored columns, with NULLs.
func randomRows(rng *rand.Rand, cat *catalog.Catalog, name string, n int) [][]any {
	t, _ := cat.Lookup(name)
	words := []string{"a", "b", "x", "hello", ""}
	var rows [][]any
	for i := 0; i < n; i++ {
		var row []any
		for _, c := range t.Columns {
			if c.Kind == catalog.Computed {
				continue
			}
			if rng.Intn(8) == 0 {
				row = append(row, nil)
				continue
			}
			switch c.Type.Kind {
			case catalog.KindString:
				row = append(row, words[rng.Intn(len(words))])
			default:
				row = append(row, int64(rng.Intn(10)))
			}
		}
		rows = append(rows, row)
	}
	return rows
}

// sinkRows widens rows to the table's physical columns, NULL where the
// INSERT does not write.
func sinkRows(t *catalog.Table, cols []int, rows [][]any) [][]any {
	phys := t.PhysicalColumns()
	out := make([][]any, len(rows))
	for i, r := range rows {
		full := make([]any, len(phys))
		for j, c := range cols {
			for k, p := range phys {
				if p == c {
					full[k] = r[j]
				}
			}
		}
		out[i] = full
	}
	return out
}

func render(rows [][]any) []string {
	out := make([]string, len(rows))
	for i, r := range rows {
		out[i] = fmt.Sprint(r...)
	}
	return out
}

func evalLogical(t *testing.T, n Node, data map[string][][]any) [][]any {
	switch n := n.(type) {
	case *Scan:
		return pick(data[n.Table.Name], storedPositions(n.Table, n.Columns))
	case *Sink:
		return evalLogical(t, n.Input, data)
	case *WatermarkAssign:
		return evalLogical(t, n.Input, data)
	case *Filter:
		return filterRows(t, evalLogical(t, n.Input, data), n.Cond)
	case *Project:
		return projectRows(t, evalLogical(t, n.Input, data), n.Exprs)
	case *Union:
		var out [][]any
		for _, in := range n.Inputs {
			out = append(out, evalLogical(t, in, data)...)
		}
		return out
	case *Join:
		return evalJoin(t, n, data)
	}
	t.Fatalf("cannot evaluate %T", n)
	return nil
}

func evalPhysical(t *testing.T, g *Graph, id int, data map[string][][]any, memo map[int][][]any) [][]any {
	if rows, ok := memo[id]; ok {
		return rows
	}
	n := g.Nodes[id]
	if n.Kind == OpIntervalJoin {
		memo[id] = evalIntervalJoin(t, g, n, data, memo)
		return memo[id]
	}
	var in [][]any
	for _, e := range n.Inputs {
		in = append(in, evalPhysical(t, g, e.From, data, memo)...)
	}
	var out [][]any
	switch n.Kind {
	case OpSource:
		out = pick(data[n.Source.Table.Name], storedPositions(n.Source.Table, n.Source.Columns))
	case OpCalc:
		if n.Calc.Filter != nil {
			in = filterRows(t, in, n.Calc.Filter)
		}
		out = projectRows(t, in, n.Calc.Projections)
	default:
		out = in
	}
	memo[id] = out
	return out
}

// storedPositions maps table column indexes to positions in a stored row.
func storedPositions(t *catalog.Table, cols []int) []int {
	pos := map[int]int{}
	for i, c := range storedColumns(t) {
		pos[c] = i
	}
	out := make([]int, len(cols))
	for i, c := range cols {
		out[i] = pos[c]
	}
	return out
}

func pick(rows [][]any, idx []int) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		row := make([]any, len(idx))
		for j, k := range idx {
			row[j] = r[k]
		}
		out[i] = row
	}
	return out
}

func filterRows(t *testing.T, rows [][]any, cond Expr) [][]any {
	var out [][]any
	for _, r := range rows {
		if evalExpr(t, cond, r) == true {
			out = append(out, r)
		}
	}
	return out
}

func projectRows(t *testing.T, rows [][]any, exprs []Expr) [][]any {
	out := make([][]any, len(rows))
	for i, r := range rows {
		row := make([]any, len(exprs))
		for j, e := range exprs {
			row[j] = evalExpr(t, e, r)
		}
		out[i] = row
	}
	return out
}
