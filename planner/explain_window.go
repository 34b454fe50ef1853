package planner

import (
	"fmt"
	"strings"
)

// windowAggState is the state a WindowAggregate keeps, as EXPLAIN shows it.
const windowAggState = "per-window per-key accumulators, freed when the window fires"

// windowAggSpecParts renders the specification of an OpWindowAgg node for
// EXPLAIN: the window, the keys (by input column), the aggregate calls
// (named by output column) and where late rows go. in is the input schema.
func windowAggSpecParts(n *PNode, in Schema) []string {
	w := n.WindowAgg
	col := func(i int) string { return colName(in, i) }
	cols := func(idx []int) string { return strings.Join(colNames(in, idx), ", ") }
	parts := []string{"window=[" + w.Kind + "]", "rowtime=[" + col(w.TimeCol) + "]"}
	switch w.Kind {
	case WindowSession:
		parts = append(parts, "gap=["+intervalString(w.SizeMillis)+"]")
	case WindowHop:
		parts = append(parts, "size=["+intervalString(w.SizeMillis)+"]", "slide=["+intervalString(w.SlideMillis)+"]")
	case WindowCumulate:
		parts = append(parts, "size=["+intervalString(w.SizeMillis)+"]", "step=["+intervalString(w.SlideMillis)+"]")
	default:
		parts = append(parts, "size=["+intervalString(w.SizeMillis)+"]")
	}
	if w.OffsetMillis != 0 {
		parts = append(parts, "offset=["+intervalString(w.OffsetMillis)+"]")
	}
	if len(w.PartitionKeys) > 0 {
		parts = append(parts, "partition_by=["+cols(w.PartitionKeys)+"]")
	}
	parts = append(parts, "keys=["+cols(w.Keys)+"]")
	parts = append(parts, "aggs=["+strings.Join(aggCallNames(n, in, w.Aggs), ", ")+"]")
	if w.LateSink != nil {
		parts = append(parts, "late-rows=["+w.LateSink.Table.Name+"]")
	}
	return parts
}

// colName renders input column i of schema in as EXPLAIN shows it:
// "name($i)".
func colName(in Schema, i int) string {
	if i >= 0 && i < len(in) {
		return fmt.Sprintf("%s($%d)", in[i].Name, i)
	}
	return fmt.Sprintf("$%d", i)
}

// colNames renders input columns idx of in.
func colNames(in Schema, idx []int) []string {
	parts := make([]string, len(idx))
	for i, c := range idx {
		parts[i] = colName(in, c)
	}
	return parts
}

// aggCallNames renders the aggregate calls of a window or group
// aggregation node n over input schema in, each named by its output
// column (the last len(aggs) columns of n): "cnt=COUNT(*)".
func aggCallNames(n *PNode, in Schema, aggs []WindowAggCall) []string {
	out := make([]string, len(aggs))
	for i, a := range aggs {
		call := a.Fn + "("
		if a.Distinct {
			call += "DISTINCT "
		}
		if len(a.Args) == 0 && a.Fn == "COUNT" {
			call += "*"
		}
		call += strings.Join(colNames(in, a.Args), ", ") + ")"
		if a.Filter >= 0 {
			call += " FILTER " + colName(in, a.Filter)
		}
		name := call
		if j := len(n.Schema) - len(aggs) + i; j >= 0 {
			name = n.Schema[j].Name + "=" + call
		}
		out[i] = name
	}
	return out
}

// windowAggKey renders what a WindowAggregate computes, for nodeKey.
func windowAggKey(w *WindowAggSpec) string {
	k := fmt.Sprintf("|%s|%d|%d|%d|%d|%v|%v|%s", w.Kind, w.TimeCol, w.SizeMillis, w.SlideMillis, w.OffsetMillis, w.PartitionKeys, w.Keys, w.LateName)
	for _, a := range w.Aggs {
		k += fmt.Sprintf("|%s%v%t%d:%s", a.Fn, a.Args, a.Distinct, a.Filter, a.T)
	}
	if w.LateSink != nil {
		k += fmt.Sprintf("|late:%p%v", w.LateSink.Table, w.LateSink.Columns)
	}
	return k
}
