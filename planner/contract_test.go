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
	case planner.OpWindowAgg:
		return checkWindowAgg(n, in)
	case planner.OpIntervalJoin:
		return checkIntervalJoin(n, g)
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

// checkWindowAgg checks an OpWindowAgg node against planner.WindowAggSpec:
// input columns in range, the time column an event-time attribute, the
// output schema laid out as keys, window_start, window_end, window_time,
// aggregates, and aggregate result types as the contract states.
func checkWindowAgg(n *planner.PNode, in planner.Schema) error {
	w := n.WindowAgg
	if w == nil || len(n.Inputs) != 1 {
		return fmt.Errorf("window aggregate needs a spec and one input")
	}
	inRange := func(what string, idx ...int) error {
		for _, c := range idx {
			if c < 0 || c >= len(in) {
				return fmt.Errorf("%s column %d out of range (%d input columns)", what, c, len(in))
			}
		}
		return nil
	}
	if err := inRange("time", w.TimeCol); err != nil {
		return err
	}
	tt := in[w.TimeCol].Type
	if !tt.IsTimestamp() || !tt.TimeAttr {
		return fmt.Errorf("time column %d is %s, not an event-time attribute", w.TimeCol, tt)
	}
	switch w.Kind {
	case planner.WindowTumble, planner.WindowSession:
		if w.SlideMillis != 0 {
			return fmt.Errorf("%s with a slide", w.Kind)
		}
	case planner.WindowHop, planner.WindowCumulate:
		if w.SlideMillis <= 0 || w.SizeMillis%w.SlideMillis != 0 {
			return fmt.Errorf("%s size %d is not a multiple of %d", w.Kind, w.SizeMillis, w.SlideMillis)
		}
	default:
		return fmt.Errorf("unknown window kind %q", w.Kind)
	}
	if w.SizeMillis <= 0 {
		return fmt.Errorf("size %d", w.SizeMillis)
	}
	if len(w.PartitionKeys) > 0 && w.Kind != planner.WindowSession {
		return fmt.Errorf("partition keys on a %s window", w.Kind)
	}
	if err := inRange("partition key", w.PartitionKeys...); err != nil {
		return err
	}
	if err := inRange("key", w.Keys...); err != nil {
		return err
	}
	nk := len(w.Keys)
	if len(n.Schema) != nk+3+len(w.Aggs) {
		return fmt.Errorf("schema has %d columns, want %d keys + 3 window columns + %d aggregates", len(n.Schema), nk, len(w.Aggs))
	}
	for i, k := range w.Keys {
		if !in[k].Type.Equal(n.Schema[i].Type) {
			return fmt.Errorf("key %d is %s in the input but %s in the output", i, in[k].Type, n.Schema[i].Type)
		}
	}
	for i, name := range []string{"window_start", "window_end", "window_time"} {
		f := n.Schema[nk+i]
		if f.Name != name || f.Type.Kind != tt.Kind || !f.Type.NotNull || f.Type.TimeAttr != (i == 2) {
			return fmt.Errorf("column %d is %s %s, want %s like the time column, NOT NULL", nk+i, f.Name, f.Type, name)
		}
	}
	for i, a := range w.Aggs {
		if err := inRange("argument", a.Args...); err != nil {
			return err
		}
		if len(a.Args) > 1 || len(a.Args) == 0 && a.Fn != "COUNT" {
			return fmt.Errorf("%s with %d arguments", a.Fn, len(a.Args))
		}
		if a.Filter != -1 {
			if err := inRange("filter", a.Filter); err != nil {
				return err
			}
			if in[a.Filter].Type.Kind != catalog.KindBoolean {
				return fmt.Errorf("filter column %d is %s", a.Filter, in[a.Filter].Type)
			}
		}
		if out := n.Schema[nk+3+i].Type; !out.Equal(a.T) {
			return fmt.Errorf("aggregate %d is %s but the schema says %s", i, a.T, out)
		}
		if err := checkAggType(a, in); err != nil {
			return fmt.Errorf("aggregate %d: %v", i, err)
		}
	}
	if s := w.LateSink; s != nil {
		if s.Table == nil || len(s.Columns) != len(in) {
			return fmt.Errorf("late sink maps %d of %d input columns", len(s.Columns), len(in))
		}
		for i, c := range s.Columns {
			if c >= 0 && !s.Table.Columns[c].Type.Equal(in[i].Type) {
				return fmt.Errorf("late column %d is %s but table column %s is %s", i, in[i].Type, s.Table.Columns[c].Name, s.Table.Columns[c].Type)
			}
		}
	}
	return nil
}

// checkAggType checks an aggregate's result type against its argument's,
// by the rules of planner.WindowAggCall.T.
func checkAggType(a planner.WindowAggCall, in planner.Schema) error {
	if a.Fn == "COUNT" {
		if a.T.Kind != catalog.KindBigInt || !a.T.NotNull {
			return fmt.Errorf("COUNT is %s", a.T)
		}
		return nil
	}
	if a.T.NotNull {
		return fmt.Errorf("%s is NOT NULL", a.Fn)
	}
	arg := in[a.Args[0]].Type
	want := arg
	switch a.Fn {
	case "SUM":
		switch {
		case arg.IsInteger():
			want = catalog.BigInt
		case arg.Kind == catalog.KindDecimal:
			want = catalog.Decimal(38, arg.Scale)
		default:
			want = catalog.Double
		}
	case "AVG", "MIN", "MAX", "FIRST_VALUE", "LAST_VALUE":
	default:
		return fmt.Errorf("unknown aggregate function %s", a.Fn)
	}
	if !a.T.Equal(want) {
		return fmt.Errorf("%s over %s is %s, want %s", a.Fn, arg, a.T, want)
	}
	return nil
}
