package planner_test

import (
	"fmt"
	"sort"
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// TestPlanner runs the golden files in testdata/sql, written in SQL text.
// Commands:
//
//	exec-ddl            CREATE TABLE / CREATE VIEW / DROP statements
//	set                 key = value lines: session settings for later planning
//	describe name=t     DESCRIBE output
//	explain             EXPLAIN of one INSERT or query
//	explain-job         EXPLAIN of several INSERTs run as one job
//	schema              output columns of a query
//	sources             the options of every Source node of a statement's plan
//	late-sink           each WindowAggregate's late-row counters and sink
//	plan-error          planning a statement must fail; prints the error
//	bind table=t        one expression per line, bound in SELECT expr FROM t
func TestPlanner(t *testing.T) {
	datadriven.Walk(t, "testdata/sql", func(t *testing.T, path string) {
		cat := catalog.New()
		// A stand-in for connector option validation: the option 'bogus'
		// is rejected, and a 'blackhole' table takes updates (as the
		// real connector does).
		cat.SetValidator(func(tb *catalog.Table) error {
			if _, ok := tb.Options["bogus"]; ok {
				return sql.Errorf(tb.OptionPos["bogus"], "unknown option 'bogus'")
			}
			tb.AcceptsUpdates = tb.Connector() == "blackhole"
			return nil
		})
		settings := map[string]string{}
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			return runCommand(t, cat, settings, d)
		})
	})
}

func runCommand(t *testing.T, cat *catalog.Catalog, settings map[string]string, d *datadriven.TestData) string {
	switch d.Cmd {
	case "set":
		for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
			k, v, ok := strings.Cut(line, "=")
			if !ok {
				t.Fatalf("%s: set expects key = value lines", d.Pos)
			}
			settings[strings.TrimSpace(k)] = strings.TrimSpace(v)
		}
		return ""
	case "describe":
		var name string
		d.ScanArgs(t, "name", &name)
		out, err := cat.Describe(name)
		if err != nil {
			return "error: " + err.Error() + "\n"
		}
		return out
	}
	if d.Cmd == "bind" {
		return bindLines(t, cat, d)
	}
	stmts, err := parse(t, d)
	if err != nil {
		return "parse error: " + err.Error() + "\n"
	}
	var out string
	switch d.Cmd {
	case "exec-ddl":
		for _, s := range stmts {
			if err = execDDL(cat, s); err != nil {
				break
			}
		}
		out = "ok\n"
	case "explain":
		out, err = planner.Explain(cat, stmts[0], settings)
		if err == nil {
			if err := checkStatement(cat, stmts[0], settings); err != nil && !strings.Contains(err.Error(), "not supported yet") {
				t.Fatalf("%s: %v", d.Pos, err)
			}
		}
	case "explain-job":
		var ins []*sql.Insert
		for _, s := range stmts {
			ins = append(ins, s.(*sql.Insert))
		}
		out, err = planner.ExplainInserts(cat, ins, settings)
		if err == nil {
			g, err := planner.PlanInserts(cat, ins, settings)
			if err == nil {
				err = checkGraph(g)
			}
			if err != nil {
				t.Fatalf("%s: %v", d.Pos, err)
			}
		}
	case "schema":
		var s planner.Schema
		var g *planner.Graph
		g, s, err = planner.PlanQuery(cat, stmts[0].(*sql.QueryStatement).Query, settings)
		if err == nil {
			if err := checkGraph(g); err != nil {
				t.Fatalf("%s: %v", d.Pos, err)
			}
		}
		for _, f := range s {
			out += fmt.Sprintf("%s %s\n", f.Name, f.Type)
		}
	case "sources":
		var g *planner.Graph
		if g, err = planFor(cat, stmts[0]); err == nil {
			if err = checkGraph(g); err != nil {
				t.Fatalf("%s: %v", d.Pos, err)
			}
			for _, n := range g.Nodes {
				if n.Source == nil {
					continue
				}
				tb := n.Source.Table
				keys := make([]string, 0, len(tb.Options))
				for k := range tb.Options {
					keys = append(keys, k)
				}
				sort.Strings(keys)
				out += fmt.Sprintf("#%d %s:", n.ID, tb.Name)
				for _, k := range keys {
					out += fmt.Sprintf(" %s=%s", k, tb.Options[k])
				}
				out += "\n"
			}
		}
	case "late-sink":
		var g *planner.Graph
		if g, err = planFor(cat, stmts[0]); err == nil {
			if err = checkGraph(g); err != nil {
				t.Fatalf("%s: %v", d.Pos, err)
			}
			out = lateSinks(g)
		}
	case "plan-error":
		err = planStatement(cat, stmts[0], settings)
		if err == nil {
			t.Fatalf("%s: expected an error", d.Pos)
		}
	default:
		t.Fatalf("%s: unknown command %s", d.Pos, d.Cmd)
	}
	if err != nil {
		return "error: " + err.Error() + "\n"
	}
	return out
}

// checkStatement plans a statement and checks the graph's contract.
func checkStatement(cat *catalog.Catalog, s sql.Statement, settings map[string]string) error {
	var g *planner.Graph
	var err error
	switch s := s.(type) {
	case *sql.Insert:
		g, err = planner.PlanInserts(cat, []*sql.Insert{s}, settings)
	case *sql.QueryStatement:
		g, _, err = planner.PlanQuery(cat, s.Query, settings)
	default:
		return nil
	}
	if err != nil {
		return err
	}
	return checkGraph(g)
}

func planStatement(cat *catalog.Catalog, s sql.Statement, settings map[string]string) error {
	switch s := s.(type) {
	case *sql.Insert:
		_, err := planner.PlanInserts(cat, []*sql.Insert{s}, settings)
		return err
	case *sql.QueryStatement:
		_, _, err := planner.PlanQuery(cat, s.Query, settings)
		return err
	}
	return execDDL(cat, s)
}

func execDDL(cat *catalog.Catalog, s sql.Statement) error {
	switch s := s.(type) {
	case *sql.CreateTable:
		return cat.CreateTable(s)
	case *sql.CreateView:
		return cat.CreateView(s)
	case *sql.Drop:
		return cat.Drop(s)
	}
	return fmt.Errorf("not a DDL statement: %T", s)
}

// parse parses the command's input. While the front end still has its
// stub for queries or expressions, the file is skipped.
func parse(t *testing.T, d *datadriven.TestData) ([]sql.Statement, error) {
	stmts, err := sql.ParseString("test.sql", d.Input)
	if err != nil {
		msg := err.Error()
		if e, ok := err.(*sql.Error); ok {
			msg = e.Msg
		}
		if strings.HasSuffix(msg, "are not supported yet") && (strings.HasPrefix(msg, "queries") || strings.HasPrefix(msg, "expressions")) {
			t.Skipf("%s: the SQL front end does not parse this yet: %s", d.Pos, msg)
		}
		return nil, err
	}
	if len(stmts) == 0 {
		t.Fatalf("%s: no statement", d.Pos)
	}
	return stmts, nil
}

// bindLines plans SELECT <line> FROM table for each input line and prints
// the optimised expression and its type, or the error message.
func bindLines(t *testing.T, cat *catalog.Catalog, d *datadriven.TestData) string {
	var table string
	d.ScanArgs(t, "table", &table)
	var out strings.Builder
	for _, line := range strings.Split(strings.TrimSpace(d.Input), "\n") {
		out.WriteString(line + "\n")
		stmts, err := sql.ParseString("expr.sql", "SELECT "+line+" FROM "+table)
		if err != nil {
			out.WriteString("  parse error: " + errText(err) + "\n")
			continue
		}
		g, s, err := planner.PlanQuery(cat, stmts[0].(*sql.QueryStatement).Query, nil)
		if err != nil {
			out.WriteString("  error: " + errText(err) + "\n")
			continue
		}
		if err := checkGraph(g); err != nil {
			t.Fatalf("%s: %s: %v", d.Pos, line, err)
		}
		expr := "(column)"
		if n := g.Nodes[len(g.Nodes)-2]; n.Calc != nil {
			expr = planner.ExprString(n.Calc.Projections[0])
		}
		fmt.Fprintf(&out, "  %s : %s\n", expr, s[0].Type)
	}
	return out.String()
}

// errText is an error's message without its rendered source line.
func errText(err error) string {
	if e, ok := err.(*sql.Error); ok {
		return fmt.Sprintf("%d: %s", e.Pos.Col, e.Msg)
	}
	return err.Error()
}

// lateSinks prints, per WindowAggregate, its counter name and where each
// input column goes in the late-rows table.
func lateSinks(g *planner.Graph) string {
	var out strings.Builder
	for _, n := range g.Nodes {
		w := n.WindowAgg
		if w == nil {
			continue
		}
		fmt.Fprintf(&out, "#%d late-name=%s", n.ID, w.LateName)
		if w.LateSink == nil {
			out.WriteString(" late-sink=none\n")
			continue
		}
		fmt.Fprintf(&out, " late-sink=%s\n", w.LateSink.Table.Name)
		in := g.Nodes[n.Inputs[0].From].Schema
		for i, c := range w.LateSink.Columns {
			to := "(not written)"
			if c >= 0 {
				to = w.LateSink.Table.Columns[c].Name
			}
			fmt.Fprintf(&out, "  %s -> %s\n", in[i].Name, to)
		}
	}
	return out.String()
}
