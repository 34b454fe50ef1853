package planner_test

import (
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

const fuzzDDL = `
CREATE TABLE clicks (user_id BIGINT, url STRING, price DECIMAL(10, 2), qty INT,
  total AS price * qty, ts TIMESTAMP(3), WATERMARK FOR ts AS ts - INTERVAL '5' SECOND)
  WITH ('connector' = 'kafka');
CREATE TABLE out (a BIGINT, b STRING) WITH ('connector' = 'print');
CREATE VIEW v AS SELECT user_id, url FROM clicks WHERE qty > 0`

// FuzzPlan plans arbitrary statements against a fixed catalog: whatever
// the text, planning returns a plan or an error and never panics.
func FuzzPlan(f *testing.F) {
	for _, s := range []string{
		"SELECT * FROM clicks",
		"INSERT INTO out SELECT user_id, url FROM clicks WHERE total > 10",
		"SELECT url || 'x', CASE WHEN qty > 1 THEN price END FROM v JOIN clicks ON true",
		"SELECT window_start, COUNT(*) FROM TABLE(TUMBLE(TABLE clicks, DESCRIPTOR(ts), INTERVAL '1' MINUTE)) GROUP BY window_start, window_end",
		"SELECT a FROM (SELECT user_id AS a FROM clicks UNION ALL SELECT qty FROM clicks) WHERE a IN (1, 2.5, NULL)",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, text string) {
		cat := catalog.New()
		ddl, err := sql.ParseString("ddl.sql", fuzzDDL)
		if err != nil {
			t.Skip("the SQL front end cannot parse the DDL")
		}
		for _, s := range ddl {
			if err := execDDL(cat, s); err != nil {
				t.Fatal(err)
			}
		}
		stmts, err := sql.ParseString("fuzz.sql", text)
		if err != nil {
			return
		}
		for _, s := range stmts {
			switch s := s.(type) {
			case *sql.Insert, *sql.QueryStatement:
				if _, err := planner.Explain(cat, s, nil); err != nil {
					if strings.Contains(err.Error(), "internal planner error") {
						t.Fatalf("%q: %v", text, err)
					}
					continue
				}
				if g, err := planFor(cat, s); err == nil {
					if err := checkGraph(g); err != nil {
						t.Fatalf("%q: %v", text, err)
					}
				}
			default:
				_ = execDDL(cat, s)
			}
		}
	})
}

// planFor plans an INSERT or a query.
func planFor(cat *catalog.Catalog, s sql.Statement) (*planner.Graph, error) {
	if ins, ok := s.(*sql.Insert); ok {
		return planner.PlanInserts(cat, []*sql.Insert{ins}, nil)
	}
	g, _, err := planner.PlanQuery(cat, s.(*sql.QueryStatement).Query, nil)
	return g, err
}
