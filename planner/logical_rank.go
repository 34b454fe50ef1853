package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// Rank is ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) over its
// input: its output is the input's columns, then (when OutputRank is set)
// the row number, BIGINT NOT NULL, named RankName. Only the rows ranked
// RankStart..RankEnd are kept; RankEnd is 0 until the rule fuse-rank-filter
// moves the outer query's filter on the rank (rn <= N) into the node, and
// a Rank left without a bound cannot be planned.
//
// Physical planning makes it an OpRank node, or an OpWindowRank node when
// PartitionBy holds the window_start and window_end columns of a window
// aggregation (or window table function) below it.
type Rank struct {
	Input Node
	// PartitionBy are input columns.
	PartitionBy []int
	// OrderBy are the sort keys; SortKey.Col is an input column.
	OrderBy            []SortKey
	RankStart, RankEnd int64
	OutputRank         bool
	RankName           string
	// Pos is the OVER clause.
	Pos sql.Pos
	// StateTTL is the STATE_TTL hint value naming the ranking's input
	// (the FROM clause of its SELECT), written at TTLPos; empty when none.
	// It overrides table.exec.state.ttl for an OpRank; an OpWindowRank
	// frees its state with each window and ignores it.
	StateTTL string
	TTLPos   sql.Pos
}

// rankType is the type of the row number column.
var rankType = catalog.Type{Kind: catalog.KindBigInt, NotNull: true}

// Schema implements Node.
func (n *Rank) Schema() Schema {
	in := n.Input.Schema()
	s := make(Schema, len(in), len(in)+1)
	copy(s, in)
	if n.OutputRank {
		s = append(s, Field{Name: n.RankName, Type: rankType})
	}
	return s
}

// Children implements Node.
func (n *Rank) Children() []Node { return []Node{n.Input} }

func (n *Rank) withChildren(ch []Node) Node { c := *n; c.Input = ch[0]; return &c }

// bounded reports whether a filter gave the ranking its upper bound.
func (n *Rank) bounded() bool { return n.RankEnd > 0 }

// rankRange renders the kept ranks: "1..3", or "1.." when unbounded.
func rankRange(start, end int64) string {
	if end <= 0 {
		return fmt.Sprintf("%d..", start)
	}
	return fmt.Sprintf("%d..%d", start, end)
}

// sortKeysString renders sort keys over schema s: "ts($2) DESC".
func sortKeysString(keys []SortKey, s Schema) string {
	parts := make([]string, len(keys))
	for i, k := range keys {
		parts[i] = fmt.Sprintf("%s($%d) ", s[k.Col].Name, k.Col)
		if k.Desc {
			parts[i] += "DESC"
		} else {
			parts[i] += "ASC"
		}
		if k.NullsLast {
			parts[i] += " NULLS LAST"
		}
	}
	return strings.Join(parts, ", ")
}

// colsString renders columns of s: "k($0), w($3)".
func colsString(cols []int, s Schema) string {
	parts := make([]string, len(cols))
	for i, c := range cols {
		parts[i] = fmt.Sprintf("%s($%d)", s[c].Name, c)
	}
	return strings.Join(parts, ", ")
}

// explain implements logicalExplainer.
func (n *Rank) explain(b *strings.Builder) {
	in := n.Input.Schema()
	fmt.Fprintf(b, "Rank(partition=[%s], order=[%s], rank=[%s]", colsString(n.PartitionBy, in), sortKeysString(n.OrderBy, in), rankRange(n.RankStart, n.RankEnd))
	if n.OutputRank {
		fmt.Fprintf(b, ", output=[%s]", n.RankName)
	}
	if n.StateTTL != "" {
		fmt.Fprintf(b, ", state_ttl=[%s]", n.StateTTL)
	}
	b.WriteByte(')')
}

// prune implements pruner: the input keeps the needed columns and the
// partition and order columns; the rank column is dropped (OutputRank
// false) when nothing reads it.
func (n *Rank) prune(need []bool) (Node, []int, bool) {
	width := len(n.Input.Schema())
	childNeed := append([]bool(nil), need[:width]...)
	for _, c := range n.PartitionBy {
		childNeed[c] = true
	}
	for _, k := range n.OrderBy {
		childNeed[k.Col] = true
	}
	in, cm, changed := prune(n.Input, childNeed)
	out := *n
	out.Input = in
	out.PartitionBy = make([]int, len(n.PartitionBy))
	for i, c := range n.PartitionBy {
		out.PartitionBy[i] = cm[c]
	}
	out.OrderBy = make([]SortKey, len(n.OrderBy))
	for i, k := range n.OrderBy {
		k.Col = cm[k.Col]
		out.OrderBy[i] = k
	}
	m := append([]int(nil), cm...)
	if n.OutputRank {
		if need[width] {
			m = append(m, len(in.Schema()))
		} else {
			out.OutputRank = false
			changed = true
			m = append(m, -1)
		}
	}
	return &out, m, changed
}
