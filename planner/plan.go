package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// PlanInserts plans all INSERT statements of a job as one graph. Each
// INSERT is bound, optimised with Rules and built into operators; a table
// read by several INSERTs gets a single Source node feeding all of them.
// The graph has one OpSink node per INSERT, in statement order. settings
// are the session's SET values (e.g. table.exec.source.idle-timeout).
// Errors are positioned *sql.Error values where the user's text is to
// blame.
func PlanInserts(cat *catalog.Catalog, inserts []*sql.Insert, settings map[string]string) (g *Graph, err error) {
	defer recoverError(&err)
	_, roots, err := planInserts(cat, inserts)
	if err != nil {
		return nil, err
	}
	return buildGraph(cat, roots, settings)
}

func planInserts(cat *catalog.Catalog, inserts []*sql.Insert) (raw, opt []Node, err error) {
	for _, ins := range inserts {
		n, err := bindInsert(cat, ins)
		if err != nil {
			return nil, nil, err
		}
		raw = append(raw, n)
		opt = append(opt, Optimize(n))
	}
	return raw, opt, nil
}

// PlanQuery plans a plain query (SELECT, UNION ALL). The graph ends in an
// OpSink node whose Sink.Table is nil: the caller attaches it to the
// client (print, collect). The returned Schema is the query's output
// columns, as that sink receives them.
func PlanQuery(cat *catalog.Catalog, q sql.Query, settings map[string]string) (g *Graph, s Schema, err error) {
	defer recoverError(&err)
	raw, err := bindQueryRoot(cat, q)
	if err != nil {
		return nil, nil, err
	}
	root := Optimize(raw)
	g, err = buildGraph(cat, []Node{root}, settings)
	if err != nil {
		return nil, nil, err
	}
	return g, root.Schema(), nil
}

func bindQueryRoot(cat *catalog.Catalog, q sql.Query) (Node, error) {
	b, err := newBinder(cat).query(q)
	if err != nil {
		return nil, err
	}
	return &Sink{Input: b.node}, nil
}

// Explain renders the plans of an INSERT or a query (an *sql.Explain is
// unwrapped) in three sections: "== Abstract Syntax Tree ==" (the logical
// plan as bound), "== Optimized Logical Plan ==" (after Rules) and
// "== Physical Plan ==" (the operator graph with each node's schema,
// changelog mode and state). When the logical plan uses an operator the
// executor does not have yet (a window table function without an
// aggregation, an aggregation without a window), the
// physical section holds the "not supported yet" message instead, and
// PlanInserts and PlanQuery return that message as an error.
func Explain(cat *catalog.Catalog, stmt sql.Statement, settings map[string]string) (out string, err error) {
	defer recoverError(&err)
	if e, ok := stmt.(*sql.Explain); ok {
		stmt = e.Stmt
	}
	switch s := stmt.(type) {
	case *sql.Insert:
		return ExplainInserts(cat, []*sql.Insert{s}, settings)
	case *sql.QueryStatement:
		raw, err := bindQueryRoot(cat, s.Query)
		if err != nil {
			return "", err
		}
		return explainRoots(cat, []Node{raw}, settings)
	}
	return "", sql.Errorf(stmt.Position(), "EXPLAIN supports INSERT statements and queries only")
}

// ExplainInserts renders the plans of several INSERTs run as one job (a
// statement set), showing sources shared between them.
func ExplainInserts(cat *catalog.Catalog, inserts []*sql.Insert, settings map[string]string) (out string, err error) {
	defer recoverError(&err)
	raw, _, err := planInserts(cat, inserts)
	if err != nil {
		return "", err
	}
	return explainRoots(cat, raw, settings)
}

func explainRoots(cat *catalog.Catalog, raw []Node, settings map[string]string) (string, error) {
	opt := make([]Node, len(raw))
	for i, n := range raw {
		opt[i] = Optimize(n)
	}
	g, err := buildGraph(cat, opt, settings)
	var unsupported *sql.Error
	if err != nil && !isNotSupported(err, &unsupported) {
		return "", err
	}
	var b strings.Builder
	section := func(title string, plans []Node) {
		fmt.Fprintf(&b, "== %s ==\n", title)
		for _, n := range plans {
			b.WriteString(ExplainLogical(n))
		}
		b.WriteByte('\n')
	}
	section("Abstract Syntax Tree", raw)
	section("Optimized Logical Plan", opt)
	b.WriteString("== Physical Plan ==\n")
	if unsupported != nil {
		b.WriteString(unsupported.Msg + "\n")
	} else {
		b.WriteString(ExplainGraph(g))
	}
	return b.String(), nil
}

// isNotSupported reports whether err is a positioned "not supported yet"
// error of physical planning, which EXPLAIN shows instead of the physical
// plan so that the logical plans can still be read.
func isNotSupported(err error, out **sql.Error) bool {
	e, ok := err.(*sql.Error)
	if ok && strings.Contains(e.Msg, "not supported yet") {
		*out = e
		return true
	}
	return false
}

// recoverError turns a panic inside the planner (a bug) into an error, so
// that it never takes down a session or a job submission.
func recoverError(err *error) {
	if r := recover(); r != nil {
		*err = fmt.Errorf("internal planner error: %v", r)
	}
}
