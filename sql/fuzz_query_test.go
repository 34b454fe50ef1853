package sql

import (
	"errors"
	"testing"
)

// fuzzSeeds cover every lifted construct and the main query shapes.
var fuzzSeeds = []string{
	"SELECT a, t.b + 1 AS x, COUNT(*) FROM t WHERE c != 1",
	"SELECT * FROM TABLE(TUMBLE(TABLE bid, DESCRIPTOR(ts), INTERVAL '10' MINUTE)) w",
	"SELECT * FROM TABLE(HOP(DATA => TABLE bid, TIMECOL => DESCRIPTOR(ts), SLIDE => INTERVAL '1' MINUTE, SIZE => INTERVAL '3' MINUTE))",
	"SELECT * FROM TABLE(SESSION(TABLE bid PARTITION BY (a, b), DESCRIPTOR(ts), INTERVAL '5' SECOND))",
	"SELECT * FROM TABLE(CUMULATE((SELECT * FROM t), DESCRIPTOR(ts), INTERVAL '1' MINUTE, INTERVAL '1' HOUR))",
	"SELECT CAST(a AS DECIMAL(10, 2)), TRY_CAST(b AS TIMESTAMP(3) WITH LOCAL TIME ZONE) FROM t",
	"SELECT FLOOR(ts TO MINUTE), CEIL(ts TO HOUR), EXTRACT(DAY FROM ts), INTERVAL '1 02:03:04.5' DAY TO SECOND",
	"SELECT /*+ STATE_TTL('a' = '1h') */ SUM(x) FILTER (WHERE y > 1) FROM a /*+ OPTIONS('k'='v') */ FULL JOIN b ON a.k = b.k",
	"WITH w AS (SELECT 1 AS x) SELECT x FROM w UNION ALL SELECT x FROM w",
	"VALUES (1, 'a'), (2, DATE '2024-01-01')",
	"SELECT ROW_NUMBER() OVER (PARTITION BY a ORDER BY b DESC) FROM t WHERE a IN (SELECT b FROM u)",
	"SELECT TRIM(BOTH 'x' FROM s), CASE WHEN a THEN 1 ELSE 2 END FROM t LIMIT 3",
	"SELECT a\nFROM t\nWHERE ts > ts - INTERVAL '5' SECOND AND AND b = 1",
}

// FuzzParseQuery checks that no text makes the query or expression parser
// panic, and that every error is a *Error with a valid position.
func FuzzParseQuery(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		src := &Source{Name: "fuzz.sql", Text: text}
		q, err := parseQueryText(src, 0, len(text))
		checkFuzzResult(t, src, err)
		if err == nil {
			walkQuery(q, func(n interface{ Position() Pos }) {
				if p := n.Position(); !p.IsValid() || p.Offset > len(text) {
					t.Fatalf("%T has invalid position %+v", n, p)
				}
			})
			_ = DumpQuery(q)
		}
		e, err := parseExprText(src, 0, len(text))
		checkFuzzResult(t, src, err)
		if err == nil {
			_ = DumpExpr(e)
		}
	})
}

func checkFuzzResult(t *testing.T, src *Source, err error) {
	t.Helper()
	if err == nil {
		return
	}
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("error is %T, not *Error: %v", err, err)
	}
	if !perr.Pos.IsValid() || perr.Pos.Src != src || perr.Pos.Offset < 0 || perr.Pos.Offset > len(src.Text) {
		t.Fatalf("error with an invalid position %+v: %v", perr.Pos, err)
	}
	_ = perr.Error()
}
