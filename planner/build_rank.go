package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
)

func init() {
	opSpecParts[OpRank] = rankSpecParts
	opSpecParts[OpWindowRank] = windowRankSpecParts
	opState[OpRank] = "per-partition ranked rows (the best RankEnd for an append input, all rows for an updating one)"
	opState[OpWindowRank] = "per-window per-partition rows, freed when the window fires"
}

// buildPhysical implements physicalBuilder: an OpWindowRank node when the
// partition holds the window bounds of a windowed input, else an OpRank
// node. The node's output is its input's columns then the rank.
func (n *Rank) buildPhysical(b *physBuilder) (int, []int, error) {
	switch {
	case n.RankEnd == 0:
		return 0, nil, sql.Errorf(n.Pos, "ROW_NUMBER needs a filter such as %s <= N on the outer query (an unbounded ranking is not supported)", n.RankName)
	case n.RankEnd < n.RankStart:
		return 0, nil, sql.Errorf(n.Pos, "the filter on %s keeps no rank (from %d to %d)", n.RankName, n.RankStart, max(n.RankEnd, 0))
	}
	id, m, err := b.build(n.Input)
	if err != nil {
		return 0, nil, err
	}
	in := b.g.Nodes[id].Schema
	schema := append(Schema(nil), in...)
	out := append([]int(nil), m...)
	if n.OutputRank {
		out = append(out, len(schema))
		schema = append(schema, Field{Name: n.RankName, Type: rankType})
	}
	keys := make([]int, len(n.PartitionBy))
	for i, c := range n.PartitionBy {
		keys[i] = m[c]
	}
	order := make([]SortKey, len(n.OrderBy))
	for i, k := range n.OrderBy {
		k.Col = m[k.Col]
		order[i] = k
	}
	if ws, we, rest, ok := n.windowPartition(); ok {
		if err := b.requireAppend(id, string(OpWindowRank), n.Pos); err != nil {
			return 0, nil, err
		}
		spec := &WindowRankSpec{WindowStart: m[ws], WindowEnd: m[we], OrderKeys: order,
			RankStart: n.RankStart, RankEnd: n.RankEnd, OutputRank: n.OutputRank}
		for _, c := range rest {
			spec.PartitionKeys = append(spec.PartitionKeys, m[c])
		}
		return b.addShared(&PNode{Kind: OpWindowRank, Inputs: []Edge{{From: id, ShuffleKeys: spec.PartitionKeys}}, Schema: schema,
			WindowRank: spec, Changelog: ChangelogAppend, Pos: n.Pos}, func() { spec.LateName = b.rankName(n) }), out, nil
	}
	ttl, err := b.stateTTL(n.StateTTL, n.TTLPos)
	if err != nil {
		return 0, nil, err
	}
	spec := &RankSpec{PartitionKeys: keys, OrderKeys: order, RankStart: n.RankStart, RankEnd: n.RankEnd,
		OutputRank: n.OutputRank, StateTTLMillis: ttl}
	mode := ChangelogRetract
	if !b.g.Nodes[id].Changelog.Updating() && in[order[0].Col].Type.ProcTime && !order[0].Desc {
		// Deduplication keeping the first row: a row that entered the
		// range never leaves it.
		mode = ChangelogAppend
	}
	return b.addShared(&PNode{Kind: OpRank, Inputs: []Edge{{From: id, ShuffleKeys: keys}}, Schema: schema,
		Rank: spec, Changelog: mode, Pos: n.Pos}, func() { spec.Name = b.rankName(n) }), out, nil
}

// rankName names a ranking's counters after its rank column, unique
// within the job.
func (b *physBuilder) rankName(n *Rank) string {
	if b.lateNames == nil {
		b.lateNames = map[string]bool{}
	}
	return uniqueName(n.RankName, b.lateNames)
}

// windowPartition finds, among the partition columns, the window_start
// and window_end of a window aggregation (or window table function) below
// the Rank; rest are the other partition columns.
func (n *Rank) windowPartition() (start, end int, rest []int, ok bool) {
	start, end = -1, -1
	for _, c := range n.PartitionBy {
		switch windowBound(n.Input, c) {
		case 1:
			if start < 0 {
				start = c
				continue
			}
		case 2:
			if end < 0 {
				end = c
				continue
			}
		}
		rest = append(rest, c)
	}
	return start, end, rest, start >= 0 && end >= 0
}

// windowBound traces column idx of in through filters and column
// references to a windowed Aggregate or a WindowTVF: 1 when it is the
// window_start, 2 the window_end, 0 otherwise. It also passes through a
// Rank, so that a window Top-N over an updating ranking of windowed rows is
// reported as such.
func windowBound(in Node, idx int) int {
	for {
		switch x := in.(type) {
		case *Filter:
			in = x.Input
		case *Project:
			c, ok := x.Exprs[idx].(*ColRef)
			if !ok {
				return 0
			}
			in, idx = x.Input, c.Index
		case *Aggregate:
			if idx >= len(x.Keys) || !windowedKeys(x) {
				return 0
			}
			c, ok := x.Keys[idx].(*ColRef)
			if !ok {
				return 0
			}
			in, idx = x.Input, c.Index
		case *Rank:
			if idx >= len(x.Input.Schema()) {
				return 0
			}
			in = x.Input
		case *WindowTVF:
			width := len(x.Input.Schema())
			switch idx {
			case width:
				return 1
			case width + 1:
				return 2
			}
			return 0
		default:
			return 0
		}
	}
}

func rankSpecParts(g *Graph, n *PNode) []string {
	r, in := n.Rank, g.Nodes[n.Inputs[0].From].Schema
	parts := []string{"partition=[" + colsString(r.PartitionKeys, in) + "]", "order=[" + sortKeysString(r.OrderKeys, in) + "]",
		"rank=[" + rankRange(r.RankStart, r.RankEnd) + "]", fmt.Sprintf("output-rank=[%t]", r.OutputRank)}
	return append(parts, "ttl=["+ttlString(r.StateTTLMillis)+"]", "name=["+r.Name+"]")
}

func windowRankSpecParts(g *Graph, n *PNode) []string {
	r, in := n.WindowRank, g.Nodes[n.Inputs[0].From].Schema
	win := colsString([]int{r.WindowStart, r.WindowEnd}, in)
	return []string{"window=[" + win + "]", "partition=[" + colsString(r.PartitionKeys, in) + "]",
		"order=[" + sortKeysString(r.OrderKeys, in) + "]", "rank=[" + rankRange(r.RankStart, r.RankEnd) + "]",
		fmt.Sprintf("output-rank=[%t]", r.OutputRank), "late-name=[" + r.LateName + "]"}
}
