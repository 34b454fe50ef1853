package planner

import (
	"fmt"
	"strings"
)

// ExplainLogical renders a logical plan as an indented tree, one node per
// line with its expressions.
func ExplainLogical(n Node) string {
	var b strings.Builder
	explainNode(&b, n, 0)
	return b.String()
}

func explainNode(b *strings.Builder, n Node, depth int) {
	b.WriteString(strings.Repeat("  ", depth))
	switch n := n.(type) {
	case *Scan:
		fmt.Fprintf(b, "Scan(table=[%s], fields=[%s])", n.Table.Name, fieldNames(n.Schema()))
	case *WatermarkAssign:
		fmt.Fprintf(b, "WatermarkAssign(rowtime=[%s], watermark=[%s])", n.Input.Schema()[n.TimeCol].Name, ExprString(n.Expr))
	case *Filter:
		fmt.Fprintf(b, "Filter(condition=[%s])", ExprString(n.Cond))
	case *Project:
		parts := make([]string, len(n.Exprs))
		for i, e := range n.Exprs {
			parts[i] = n.Names[i] + "=[" + ExprString(e) + "]"
		}
		fmt.Fprintf(b, "Project(%s)", strings.Join(parts, ", "))
	case *Union:
		b.WriteString("Union(all=[true])")
	case *WindowTVF:
		explainWindow(b, n)
	case *Aggregate:
		explainAggregate(b, n)
	case *Join:
		explainJoin(b, n)
	case *Sink:
		if n.Table == nil {
			fmt.Fprintf(b, "Sink(table=[<client>], fields=[%s])", fieldNames(n.Schema()))
		} else {
			fmt.Fprintf(b, "Sink(table=[%s], fields=[%s])", n.Table.Name, sinkColumnNames(n.Table.ColumnNames(), n.Columns))
		}
	default:
		if e, ok := n.(logicalExplainer); ok {
			e.explain(b)
		} else {
			fmt.Fprintf(b, "%T", n)
		}
	}
	b.WriteByte('\n')
	for _, c := range n.Children() {
		explainNode(b, c, depth+1)
	}
}

func fieldNames(s Schema) string {
	names := make([]string, len(s))
	for i, f := range s {
		names[i] = f.Name
	}
	return strings.Join(names, ", ")
}

func sinkColumnNames(names []string, idx []int) string {
	out := make([]string, len(idx))
	for i, c := range idx {
		out[i] = names[c]
	}
	return strings.Join(out, ", ")
}

func schemaString(s Schema) string {
	parts := make([]string, len(s))
	for i, f := range s {
		parts[i] = f.Name + " " + f.Type.String()
	}
	return strings.Join(parts, ", ")
}

// ExplainGraph renders a physical graph: per node its ID, kind, inputs and
// specification, its output schema, its changelog mode and the state it
// keeps.
func ExplainGraph(g *Graph) string {
	var b strings.Builder
	for _, n := range g.Nodes {
		fmt.Fprintf(&b, "#%d %s(%s)\n", n.ID, n.Kind, nodeSpec(g, n))
		fmt.Fprintf(&b, "    schema=[%s]\n", schemaString(n.Schema))
		fmt.Fprintf(&b, "    changelog=[%s] state=[%s]\n", n.Changelog, nodeState(n))
	}
	return b.String()
}

func inputList(n *PNode) string {
	parts := make([]string, len(n.Inputs))
	for i, e := range n.Inputs {
		parts[i] = fmt.Sprintf("#%d", e.From)
	}
	return "inputs=[" + strings.Join(parts, ", ") + "]"
}

func nodeSpec(g *Graph, n *PNode) string {
	var parts []string
	if len(n.Inputs) > 0 {
		parts = append(parts, inputList(n))
	}
	switch {
	case n.Source != nil:
		t := n.Source.Table
		cols := make([]string, len(n.Source.Columns))
		for i, c := range n.Source.Columns {
			cols[i] = t.Columns[c].Name
		}
		parts = append(parts, "table=["+t.Name+"]", "connector=["+t.Connector()+"]", "columns=["+strings.Join(cols, ", ")+"]")
	case n.Watermark != nil:
		w := n.Watermark
		idle := "none"
		if w.IdleTimeoutMillis > 0 {
			idle = fmt.Sprintf("%dms", w.IdleTimeoutMillis)
		}
		parts = append(parts, "rowtime=["+n.Schema[w.TimeCol].Name+"]", "watermark=["+ExprString(w.Expr)+"]", "idle-timeout=["+idle+"]")
	case n.Calc != nil:
		if n.Calc.Filter != nil {
			parts = append(parts, "where=["+ExprString(n.Calc.Filter)+"]")
		}
		exprs := make([]string, len(n.Calc.Projections))
		for i, e := range n.Calc.Projections {
			exprs[i] = n.Schema[i].Name + "=" + ExprString(e)
		}
		parts = append(parts, "select=["+strings.Join(exprs, ", ")+"]")
	case n.WindowAgg != nil:
		parts = append(parts, windowAggSpecParts(n, g.Nodes[n.Inputs[0].From].Schema)...)
	case n.IntervalJoin != nil:
		parts = append(parts, intervalJoinSpecParts(n, g.Nodes[n.Inputs[0].From].Schema)...)
	case opSpecParts[n.Kind] != nil:
		parts = append(parts, opSpecParts[n.Kind](g, n)...)
	case n.Sink != nil:
		if n.Sink.Table == nil {
			parts = append(parts, "table=[<client>]")
		} else {
			parts = append(parts, "table=["+n.Sink.Table.Name+"]", "connector=["+n.Sink.Table.Connector()+"]",
				"columns=["+sinkColumnNames(n.Sink.Table.ColumnNames(), n.Sink.Columns)+"]")
		}
	}
	return strings.Join(parts, ", ")
}

// nodeState describes the state an operator keeps.
func nodeState(n *PNode) string {
	switch n.Kind {
	case OpSource:
		return "split offsets"
	case OpWatermark:
		return "current watermark per split"
	case OpWindowAgg:
		return windowAggState
	case OpIntervalJoin:
		return intervalJoinState
	}
	if s, ok := opState[n.Kind]; ok {
		return s
	}
	return "none"
}

func explainWindow(b *strings.Builder, n *WindowTVF) {
	fmt.Fprintf(b, "WindowTableFunction(window=[%s], time_col=[%s], size=[%s]", n.Kind, n.Input.Schema()[n.TimeCol].Name, intervalString(n.SizeMillis))
	switch n.Kind {
	case WindowHop:
		fmt.Fprintf(b, ", slide=[%s]", intervalString(n.SlideMillis))
	case WindowCumulate:
		fmt.Fprintf(b, ", step=[%s]", intervalString(n.SlideMillis))
	}
	if n.OffsetMillis != 0 {
		fmt.Fprintf(b, ", offset=[%s]", intervalString(n.OffsetMillis))
	}
	if len(n.PartitionBy) > 0 {
		parts := make([]string, len(n.PartitionBy))
		for i, e := range n.PartitionBy {
			parts[i] = ExprString(e)
		}
		fmt.Fprintf(b, ", partition_by=[%s]", strings.Join(parts, ", "))
	}
	b.WriteByte(')')
}

func explainAggregate(b *strings.Builder, n *Aggregate) {
	keys := make([]string, len(n.Keys))
	for i, k := range n.Keys {
		keys[i] = ExprString(k)
	}
	parts := []string{"group=[{" + strings.Join(keys, ", ") + "}]"}
	for _, a := range n.Aggs {
		args := make([]string, len(a.Args))
		for i, e := range a.Args {
			args[i] = ExprString(e)
		}
		call := a.Fn + "("
		if a.Distinct {
			call += "DISTINCT "
		}
		call += strings.Join(args, ", ") + ")"
		if a.Filter != nil {
			call += " FILTER " + ExprString(a.Filter)
		}
		parts = append(parts, a.Name+"=["+call+"]")
	}
	if n.StateTTL != "" {
		parts = append(parts, "state_ttl=["+n.StateTTL+"]")
	}
	fmt.Fprintf(b, "Aggregate(%s)", strings.Join(parts, ", "))
}
