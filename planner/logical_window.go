package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// Window table function kinds.
const (
	WindowTumble   = "TUMBLE"
	WindowHop      = "HOP"
	WindowCumulate = "CUMULATE"
	WindowSession  = "SESSION"
)

// WindowTVF is a window table function (TUMBLE, HOP, CUMULATE, SESSION)
// over its input: every row is assigned to its windows and the columns
// window_start, window_end and window_time (window_end - 1 ms, an
// event-time attribute) are appended. The input's time column stops being
// an event-time attribute, as in Flink. Physical planning fuses it with
// the Aggregate grouping by its window_start and window_end into an
// OpWindowAgg node; elsewhere (under a window join, a plain SELECT) it
// becomes an OpWindowTVF node, except SESSION, which needs an aggregation.
type WindowTVF struct {
	Input   Node
	Kind    string
	TimeCol int
	// SizeMillis is the window size (SESSION: the gap).
	SizeMillis int64
	// SlideMillis is HOP's slide and CUMULATE's step; 0 otherwise.
	SlideMillis int64
	// OffsetMillis is the window offset.
	OffsetMillis int64
	// PartitionBy holds SESSION's partition keys.
	PartitionBy []Expr
	Pos         sql.Pos
}

// AggCall is one aggregate function call of an Aggregate. Args and Filter
// read the Aggregate's input.
type AggCall struct {
	Fn       string // COUNT, SUM, MIN, MAX, AVG, FIRST_VALUE, LAST_VALUE
	Args     []Expr
	Distinct bool
	// Filter is the FILTER (WHERE ...) condition, nil when absent.
	Filter Expr
	Name   string
	T      catalog.Type
}

// Aggregate groups its input by Keys and computes Aggs per group. Its
// output is the keys followed by the aggregates. Grouped by the
// window_start and window_end of a WindowTVF it becomes an OpWindowAgg
// node; without a window it becomes an OpGroupAgg node, whose result is
// updating (see build_group.go), and its columns are then not event-time
// attributes.
type Aggregate struct {
	Input    Node
	Keys     []Expr
	KeyNames []string
	Aggs     []AggCall
	Pos      sql.Pos
	// StateTTL is the STATE_TTL hint value naming the input of a
	// non-windowed aggregation ("" when none), written at TTLPos.
	StateTTL string
	TTLPos   sql.Pos
}

// Schema implements Node.
func (n *WindowTVF) Schema() Schema {
	in := n.Input.Schema()
	s := make(Schema, len(in), len(in)+3)
	copy(s, in)
	s[n.TimeCol].Type.TimeAttr = false
	bound := catalog.Type{Kind: in[n.TimeCol].Type.Kind, Precision: 3, NotNull: true}
	wt := bound
	wt.TimeAttr = true
	return append(s, Field{Name: "window_start", Type: bound}, Field{Name: "window_end", Type: bound}, Field{Name: "window_time", Type: wt})
}

// Schema implements Node.
func (n *Aggregate) Schema() Schema {
	s := make(Schema, 0, len(n.Keys)+len(n.Aggs))
	windowed := windowedKeys(n)
	for i, k := range n.Keys {
		t := k.Type()
		if !windowed {
			t = t.WithoutTimeAttr()
		}
		s = append(s, Field{Name: n.KeyNames[i], Type: t})
	}
	for _, a := range n.Aggs {
		s = append(s, Field{Name: a.Name, Type: a.T})
	}
	return s
}

// Children implements Node.
func (n *WindowTVF) Children() []Node { return []Node{n.Input} }

// Children implements Node.
func (n *Aggregate) Children() []Node { return []Node{n.Input} }

func (n *WindowTVF) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

func (n *Aggregate) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

// windowedKeys reports whether n groups by the window_start and
// window_end columns of a WindowTVF below it (through filters and column
// renames).
func windowedKeys(n *Aggregate) bool {
	var start, end bool
	for _, k := range n.Keys {
		c, ok := k.(*ColRef)
		if !ok {
			continue
		}
		if w, idx, ok := traceColumn(n.Input, c.Index); ok {
			width := len(w.Input.Schema())
			start = start || idx == width
			end = end || idx == width+1
		}
	}
	return start && end
}

// traceColumn follows column idx of in down through filters and plain
// column references of projections to a WindowTVF.
func traceColumn(in Node, idx int) (*WindowTVF, int, bool) {
	for {
		switch x := in.(type) {
		case *Filter:
			in = x.Input
		case *Project:
			c, ok := x.Exprs[idx].(*ColRef)
			if !ok {
				return nil, 0, false
			}
			in, idx = x.Input, c.Index
		case *WindowTVF:
			return x, idx, true
		default:
			return nil, 0, false
		}
	}
}
