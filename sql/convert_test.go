package sql

import (
	"strings"
	"testing"
)

// walkQuery calls visit for every node of a query tree, in source order.
func walkQuery(q Query, visit func(n interface{ Position() Pos })) {
	switch q := q.(type) {
	case *Select:
		visit(q)
		for _, c := range q.With {
			walkQuery(c.Query, visit)
		}
		for _, it := range q.Items {
			if it.Expr != nil {
				walkExpr(it.Expr, visit)
			}
		}
		if q.From != nil {
			walkTable(q.From, visit)
		}
		for _, e := range append(append([]Expr{q.Where}, q.GroupBy...), q.Having, q.Limit) {
			walkExpr(e, visit)
		}
		for _, o := range q.OrderBy {
			walkExpr(o.Expr, visit)
		}
	case *SetOp:
		visit(q)
		for _, c := range q.With {
			walkQuery(c.Query, visit)
		}
		walkQuery(q.Left, visit)
		walkQuery(q.Right, visit)
	case *Values:
		visit(q)
		for _, row := range q.Rows {
			for _, e := range row {
				walkExpr(e, visit)
			}
		}
	}
}

func walkTable(t TableExpr, visit func(n interface{ Position() Pos })) {
	visit(t)
	switch t := t.(type) {
	case *SubqueryRef:
		walkQuery(t.Query, visit)
	case *JoinExpr:
		walkTable(t.Left, visit)
		walkTable(t.Right, visit)
		walkExpr(t.On, visit)
	case *WindowTVF:
		walkTable(t.Input, visit)
		for _, e := range t.PartitionBy {
			walkExpr(e, visit)
		}
	}
}

func walkExpr(e Expr, visit func(n interface{ Position() Pos })) {
	if e == nil {
		return
	}
	visit(e)
	var kids []Expr
	switch e := e.(type) {
	case *Unary:
		kids = []Expr{e.X}
	case *Binary:
		kids = []Expr{e.L, e.R}
	case *IsNull:
		kids = []Expr{e.X}
	case *IsBool:
		kids = []Expr{e.X}
	case *InList:
		kids = append([]Expr{e.X}, e.List...)
	case *Between:
		kids = []Expr{e.X, e.Lo, e.Hi}
	case *Like:
		kids = []Expr{e.X, e.Pattern, e.Escape}
	case *Case:
		kids = []Expr{e.Operand, e.Else}
		for _, w := range e.Whens {
			kids = append(kids, w.Cond, w.Result)
		}
	case *Cast:
		kids = []Expr{e.X}
	case *FuncCall:
		kids = append(append(kids, e.Args...), e.Filter)
		if e.Over != nil {
			kids = append(kids, e.Over.PartitionBy...)
			for _, o := range e.Over.OrderBy {
				kids = append(kids, o.Expr)
			}
		}
	case *SubqueryExpr:
		kids = []Expr{e.In}
		walkQuery(e.Query, visit)
	}
	for _, k := range kids {
		walkExpr(k, visit)
	}
}

// positionCases are queries whose column references, function calls and
// table names must point exactly at their names in the text.
var positionCases = []string{
	"SELECT a, b.c, `d e`, COUNT(*), SUM(x) FILTER (WHERE y > 1) FROM t",
	"SELECT t FROM t, u AS t2 WHERE t.a = t2.a AND u IN (SELECT u FROM u)",
	"SELECT\n  CAST(a AS BIGINT) + FLOOR(ts TO MINUTE),\n  EXTRACT(DAY FROM ts) AS d\nFROM\n  orders o\n  JOIN items i ON o.id = i.oid",
	"SELECT COUNT(*) FROM (SELECT COUNT(*) AS c FROM t) AS s WHERE s.c > ABS(-1)",
	"SELECT window_start, MAX(price) FROM TABLE(\n  HOP(TABLE bid, DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '5' MINUTE))\nGROUP BY window_start",
	"SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b) AS rn, LAG(x, 1) OVER (ORDER BY y) FROM t",
	"SELECT a || b || CONCAT(c, d) || CONCAT(e, f) || g FROM t",
	"SELECT TRIM(BOTH 'x' FROM s), SUBSTRING(s FROM 1 FOR 2), CASE WHEN a THEN b ELSE c END FROM t",
	"WITH w AS (SELECT a FROM t) SELECT a FROM w UNION ALL SELECT a FROM w",
	"SELECT NOW(), now(), Upper(s) FROM a FULL JOIN b ON a.k = b.k LEFT JOIN c USING (k)",
	"SELECT COUNT(*) FROM (SELECT * FROM t) x, (SELECT * FROM u) y",
	"SELECT a.a FROM a a JOIN b a2 ON a.a = a2.a",
	"SELECT (SELECT t FROM t) t FROM t t WHERE t IN (SELECT t FROM t)",
	"SELECT `from`, f(`from`) AS `join` FROM `from` JOIN `join` ON `from`.x = `join`.x",
	"SELECT NOW() AS t, COUNT(*) OVER (PARTITION BY t) AS t2 FROM (SELECT 1 AS t) t",
	"SELECT x FROM t WHERE x LIKE 'a' ESCAPE '!' AND y IN (SELECT y FROM u LIMIT 1)",
	"WITH t AS (SELECT t FROM t) SELECT t.t FROM t JOIN (SELECT t FROM t) u ON t.t = u.t",
}

// exprPositionCases are expressions checked like positionCases, parsed
// from the middle of a larger text as a computed column would be.
var exprPositionCases = []string{
	"TO_TIMESTAMP(FROM_UNIXTIME(ms / 1000)) + INTERVAL '1' SECOND",
	"ts - INTERVAL '5' SECOND",
	"CASE WHEN `a b` > 0 THEN UPPER(c) ELSE LOWER(t.c) END || CAST(d AS STRING)",
	"COALESCE(a, b) IN (x, y) AND e LIKE f AND g BETWEEN h AND i AND j IS NOT NULL",
	"DATE_FORMAT(FLOOR(ts TO HOUR), 'yyyy') || EXTRACT(DAY FROM ts2)",
}

func TestPositions(t *testing.T) {
	for _, text := range positionCases {
		src := &Source{Name: "p.sql", Text: text}
		q, err := parseQueryText(src, 0, len(text))
		if err != nil {
			t.Fatalf("%q: %v", text, err)
		}
		checkPositions(t, src, func(visit func(n interface{ Position() Pos })) { walkQuery(q, visit) })
	}
	for _, e := range exprPositionCases {
		text := "CREATE TABLE t (\n  c AS " + e + ",\n  x INT)"
		src := &Source{Name: "p.sql", Text: text}
		start := strings.Index(text, e)
		x, err := parseExprText(src, start, start+len(e))
		if err != nil {
			t.Fatalf("%q: %v", e, err)
		}
		checkPositions(t, src, func(visit func(n interface{ Position() Pos })) { walkExpr(x, visit) })
	}
}

// checkPositions checks every node that walk visits: positions are valid,
// and column references, function calls and table names point at their
// names.
func checkPositions(t *testing.T, src *Source, walk func(func(n interface{ Position() Pos }))) {
	t.Helper()
	text := src.Text
	checked := 0
	walk(func(n interface{ Position() Pos }) {
		p := n.Position()
		if !p.IsValid() || p.Src != src || p.Offset < 0 || p.Offset >= len(text) {
			t.Errorf("%q: %T has invalid position %+v", text, n, p)
			return
		}
		var want string
		switch n := n.(type) {
		case *ColumnRef:
			want = n.Name
			if n.Table != "" {
				want = n.Table
			}
		case *FuncCall:
			want = n.Name
			if strings.HasSuffix(n.Name, "TRIM") {
				want = "TRIM"
			}
		case *TableRef:
			want = strings.Split(n.Name, ".")[0]
		default:
			return
		}
		checked++
		at := strings.TrimPrefix(text[p.Offset:], "`")
		if !strings.HasPrefix(strings.ToUpper(at), strings.ToUpper(want)) {
			t.Errorf("%q: %T %s at %d:%d points at %q", text, n, want, p.Line, p.Col, at)
		}
	})
	if checked == 0 {
		t.Errorf("%q: nothing checked", text)
	}
}

// TestSubRange parses a query and an expression embedded in a larger text:
// positions and errors refer to the whole text.
func TestSubRange(t *testing.T) {
	text := "INSERT INTO sink\nSELECT a, FLOOR(ts TO HOUR) FROM src;\n"
	src := &Source{Name: "f.sql", Text: text}
	start := strings.Index(text, "SELECT")
	end := strings.Index(text, ";")
	q, err := parseQueryText(src, start, end)
	if err != nil {
		t.Fatal(err)
	}
	sel := q.(*Select)
	if p := sel.Items[1].Expr.Position(); p.Line != 2 || p.Col != 11 {
		t.Errorf("FLOOR at %d:%d, want 2:11", p.Line, p.Col)
	}
	_, err = parseExprText(src, start+7, start+10)
	if err == nil {
		t.Fatal("expected an error for 'a, ' as an expression")
	}
	if perr := err.(*Error); perr.Pos.Line != 2 || perr.Pos.Col != 10 {
		t.Errorf("error at %v, want 2:10: %v", perr.Pos, err)
	}
	for _, tc := range []struct{ text, want string }{
		{"", "1:1: expected an expression"},
		{"  -- nothing\n", "1:1: expected an expression"},
		{"a AS b", "1:3: unexpected 'AS' after the expression"},
		{"a b", "1:1: expected a single expression"},
	} {
		_, err := parseExprText(&Source{Name: "e", Text: tc.text}, 0, len(tc.text))
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: got %v, want %q", tc.text, err, tc.want)
		}
	}
}
