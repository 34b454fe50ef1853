package planner_test

import (
	"fmt"
	"slices"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// checkGraph verifies what the executor relies on: topological order,
// column references in range and of the input's types, projections
// matching the schema, every Call naming a function of planner.Functions
// with the argument types its contract states, and sinks matching their
// table's columns.
func checkGraph(g *planner.Graph) error {
	for i, n := range g.Nodes {
		if n.ID != i {
			return fmt.Errorf("node %d has ID %d", i, n.ID)
		}
		var in planner.Schema
		for _, e := range n.Inputs {
			if e.From >= i {
				return fmt.Errorf("node %d reads node %d, which comes later", i, e.From)
			}
			in = g.Nodes[e.From].Schema
		}
		if err := checkNode(n, in, g); err != nil {
			return fmt.Errorf("node %d (%s): %v", i, n.Kind, err)
		}
	}
	return nil
}

func checkNode(n *planner.PNode, in planner.Schema, g *planner.Graph) error {
	switch n.Kind {
	case planner.OpSource:
		for _, c := range n.Source.Columns {
			if n.Source.Table.Columns[c].Kind == catalog.Computed {
				return fmt.Errorf("source reads computed column %d", c)
			}
		}
		if len(n.Source.Columns) != len(n.Schema) {
			return fmt.Errorf("source has %d columns but schema %d", len(n.Source.Columns), len(n.Schema))
		}
	case planner.OpWatermark:
		w := n.Watermark
		if !in[w.TimeCol].Type.IsTimestamp() || !n.Schema[w.TimeCol].Type.TimeAttr {
			return fmt.Errorf("time column %d is %s", w.TimeCol, n.Schema[w.TimeCol].Type)
		}
		if !w.Expr.Type().IsTimestamp() {
			return fmt.Errorf("watermark expression is %s", w.Expr.Type())
		}
		return checkExpr(w.Expr, in)
	case planner.OpCalc:
		if f := n.Calc.Filter; f != nil {
			if f.Type().Kind != catalog.KindBoolean {
				return fmt.Errorf("filter is %s", f.Type())
			}
			if err := checkExpr(f, in); err != nil {
				return err
			}
		}
		if len(n.Calc.Projections) != len(n.Schema) {
			return fmt.Errorf("%d projections for %d columns", len(n.Calc.Projections), len(n.Schema))
		}
		for i, e := range n.Calc.Projections {
			if !e.Type().Equal(n.Schema[i].Type) {
				return fmt.Errorf("projection %d is %s but the schema says %s", i, e.Type(), n.Schema[i].Type)
			}
			if err := checkExpr(e, in); err != nil {
				return err
			}
		}
	case planner.OpUnion:
		for _, e := range n.Inputs {
			if err := sameTypes(g.Nodes[e.From].Schema, n.Schema); err != nil {
				return err
			}
		}
	case planner.OpSink:
		if err := sameTypes(in, n.Schema); err != nil {
			return err
		}
		if t := n.Sink.Table; t != nil {
			for i, c := range n.Sink.Columns {
				if !t.Columns[c].Type.Equal(n.Schema[i].Type) {
					return fmt.Errorf("column %d is %s but table column %s is %s", i, n.Schema[i].Type, t.Columns[c].Name, t.Columns[c].Type)
				}
			}
		}
	}
	return nil
}

func sameTypes(a, b planner.Schema) error {
	if len(a) != len(b) {
		return fmt.Errorf("%d columns, expected %d", len(a), len(b))
	}
	for i := range a {
		if !a[i].Type.Equal(b[i].Type) {
			return fmt.Errorf("column %d is %s, expected %s", i, a[i].Type, b[i].Type)
		}
	}
	return nil
}

func checkExpr(e planner.Expr, in planner.Schema) error {
	switch e := e.(type) {
	case *planner.ColRef:
		if e.Index < 0 || e.Index >= len(in) || !in[e.Index].Type.Equal(e.T) {
			return fmt.Errorf("bad column reference %s", e)
		}
	case *planner.Call:
		if !slices.Contains(planner.Functions, e.Fn) {
			return fmt.Errorf("unknown function %s", e.Fn)
		}
		for _, a := range e.Args {
			if err := checkExpr(a, in); err != nil {
				return err
			}
		}
		if err := checkArgs(e); err != nil {
			return fmt.Errorf("%s: %v", e, err)
		}
	}
	return nil
}

func checkArgs(c *planner.Call) error {
	kinds := func(k catalog.Kind, args []planner.Expr) error {
		for _, a := range args {
			if a.Type().Kind != k {
				return fmt.Errorf("argument %s is %s", a, a.Type())
			}
		}
		return nil
	}
	same := func(t catalog.Type, args []planner.Expr) error {
		for _, a := range args {
			if !a.Type().Equal(t) {
				return fmt.Errorf("argument %s is %s, expected %s", a, a.Type(), t)
			}
		}
		return nil
	}
	switch c.Fn {
	case "=", "<>", "<", "<=", ">", ">=":
		return same(c.Args[0].Type(), c.Args[1:])
	case "IN":
		return same(c.Args[0].Type(), c.Args[1:])
	case "AND", "OR", "NOT", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE":
		return kinds(catalog.KindBoolean, c.Args)
	case "+", "-", "*", "/", "%", "MOD":
		switch {
		case c.T.IsTimestamp():
			if !c.Args[0].Type().IsTimestamp() || c.Args[1].Type().Kind != catalog.KindInterval {
				return fmt.Errorf("timestamp arithmetic needs (timestamp, interval)")
			}
		case c.T.Kind == catalog.KindDecimal:
			return kinds(catalog.KindDecimal, c.Args)
		default:
			return same(c.T, c.Args)
		}
	case "CASE":
		if len(c.Args)%2 != 1 {
			return fmt.Errorf("even argument count")
		}
		for i := 0; i+1 < len(c.Args); i += 2 {
			if err := kinds(catalog.KindBoolean, c.Args[i:i+1]); err != nil {
				return err
			}
			if err := same(c.T, c.Args[i+1:i+2]); err != nil {
				return err
			}
		}
		return same(c.T, c.Args[len(c.Args)-1:])
	case "COALESCE":
		return same(c.T, c.Args)
	case "IF":
		if err := kinds(catalog.KindBoolean, c.Args[:1]); err != nil {
			return err
		}
		return same(c.T, c.Args[1:])
	case "UPPER", "LOWER", "CHAR_LENGTH", "TRIM", "LTRIM", "RTRIM", "CONCAT", "LIKE", "TO_TIMESTAMP", "UNIX_TIMESTAMP":
		return kinds(catalog.KindString, c.Args)
	case "SUBSTRING":
		if err := kinds(catalog.KindString, c.Args[:1]); err != nil {
			return err
		}
		return kinds(catalog.KindInt, c.Args[1:])
	}
	return nil
}
