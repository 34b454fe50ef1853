package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// Node is a logical plan node: plain data describing a relational operator
// over its inputs. Expressions of a node refer by ColRef index to the
// columns of its (single) input, or for Sink to its input's columns.
//
// The logical plan is built by the binder, rewritten by Rules, then turned
// into a physical Graph.
type Node interface {
	// Schema is the node's output columns.
	Schema() Schema
	// Children returns the node's inputs.
	Children() []Node
	// withChildren returns a shallow copy with the inputs replaced.
	withChildren(ch []Node) Node
}

// Scan reads a table's Physical and Metadata columns. Columns are indexes
// into Table.Columns in output order. A scan's rows are not yet event-time
// rows: the time-attribute flag is cleared until a WatermarkAssign.
type Scan struct {
	Table   *catalog.Table
	Columns []int
}

// WatermarkAssign generates watermarks from the rows passing through:
// TimeCol is the event-time column, Expr the watermark candidate of a row.
// Rows pass unchanged; the time column becomes an event-time attribute.
type WatermarkAssign struct {
	Input   Node
	TimeCol int
	Expr    Expr
	// Table is the table whose WATERMARK clause this is (for options such
	// as the idle timeout, and for EXPLAIN).
	Table *catalog.Table
}

// Filter keeps the rows where Cond is TRUE.
type Filter struct {
	Input Node
	Cond  Expr
}

// Project computes one output column per expression, named by Names.
type Project struct {
	Input Node
	Exprs []Expr
	Names []string
}

// Union is UNION ALL of inputs with equal column types; names come from
// the first input.
type Union struct {
	Inputs []Node
}

// Sink writes its input into Table (nil for a plain query, whose rows go
// to the client). Columns maps each input column to the index of the
// Table column it fills; nil for a plain query.
type Sink struct {
	Input   Node
	Table   *catalog.Table
	Columns []int
	// Pos is the INSERT's target table name (for a query, unset).
	Pos sql.Pos
}

// Schema implements Node.
func (n *Scan) Schema() Schema {
	s := make(Schema, len(n.Columns))
	for i, c := range n.Columns {
		col := n.Table.Columns[c]
		s[i] = Field{Name: col.Name, Type: col.Type.WithoutTimeAttr()}
	}
	return s
}

// Schema implements Node.
func (n *WatermarkAssign) Schema() Schema {
	in := n.Input.Schema()
	s := make(Schema, len(in))
	copy(s, in)
	s[n.TimeCol].Type.TimeAttr = true
	return s
}

// Schema implements Node.
func (n *Filter) Schema() Schema { return n.Input.Schema() }

// Schema implements Node.
func (n *Project) Schema() Schema {
	s := make(Schema, len(n.Exprs))
	for i, e := range n.Exprs {
		s[i] = Field{Name: n.Names[i], Type: e.Type()}
	}
	return s
}

// Schema implements Node.
func (n *Union) Schema() Schema {
	s := n.Inputs[0].Schema()
	out := make(Schema, len(s))
	copy(out, s)
	for _, in := range n.Inputs[1:] {
		for i, f := range in.Schema() {
			out[i].Type.NotNull = out[i].Type.NotNull && f.Type.NotNull
			out[i].Type.TimeAttr = out[i].Type.TimeAttr && f.Type.TimeAttr
		}
	}
	return out
}

// Schema implements Node.
func (n *Sink) Schema() Schema { return n.Input.Schema() }

// Children implements Node.
func (n *Scan) Children() []Node { return nil }

// Children implements Node.
func (n *WatermarkAssign) Children() []Node { return []Node{n.Input} }

// Children implements Node.
func (n *Filter) Children() []Node { return []Node{n.Input} }

// Children implements Node.
func (n *Project) Children() []Node { return []Node{n.Input} }

// Children implements Node.
func (n *Union) Children() []Node { return n.Inputs }

// Children implements Node.
func (n *Sink) Children() []Node { return []Node{n.Input} }

func (n *Scan) withChildren([]Node) Node { c := *n; return &c }

func (n *WatermarkAssign) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

func (n *Filter) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

func (n *Project) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

func (n *Union) withChildren(ch []Node) Node {
	c := *n
	c.Inputs = append([]Node(nil), ch...)
	return &c
}

func (n *Sink) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

// transformUp rewrites the tree bottom-up with f, which returns the node
// (possibly new) and whether it changed anything.
func transformUp(n Node, f func(Node) (Node, bool)) (Node, bool) {
	changed := false
	ch := n.Children()
	if len(ch) > 0 {
		newCh := make([]Node, len(ch))
		for i, c := range ch {
			nc, ok := transformUp(c, f)
			newCh[i] = nc
			changed = changed || ok
		}
		if changed {
			n = n.withChildren(newCh)
		}
	}
	n2, ok := f(n)
	return n2, changed || ok
}
