package planner

import (
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// normalizeState is what EXPLAIN says an OpChangelogNormalize node keeps.
const normalizeState = "last row per key"

func init() {
	opSpecParts[OpChangelogNormalize] = normalizeSpecParts
	opState[OpChangelogNormalize] = normalizeState
}

// upsertKeyColumns returns the table column indexes of the primary key of
// a table whose source reads upserts (none for any other table): its
// source must always read them, whatever the queries select.
func upsertKeyColumns(t *catalog.Table) []int {
	if !t.ReadsUpserts {
		return nil
	}
	cols := make([]int, 0, len(t.PrimaryKey))
	for _, name := range t.PrimaryKey {
		if c := t.Column(name); c >= 0 {
			cols = append(cols, c)
		}
	}
	return cols
}

// normalizeUpserts marks the Source node src of a table that reads
// upserts as an upsert stream and returns the ChangelogNormalize node
// that turns it into a retract stream, which every consumer of the table
// then reads. For any other table it returns src.
func (b *physBuilder) normalizeUpserts(src int) (int, error) {
	n := b.g.Nodes[src]
	t := n.Source.Table
	if !t.ReadsUpserts {
		return src, nil
	}
	if len(t.PrimaryKey) == 0 {
		return 0, sql.Errorf(t.Pos, "table `%s` (connector '%s') reads an upsert stream and needs a PRIMARY KEY ... NOT ENFORCED", t.Name, t.Connector())
	}
	n.Changelog = ChangelogUpsert
	pos := map[int]int{}
	for i, c := range n.Source.Columns {
		pos[c] = i
	}
	var keys []int
	for _, c := range upsertKeyColumns(t) {
		i, ok := pos[c]
		if !ok {
			return 0, sql.Errorf(t.Pos, "planner: the source of table `%s` does not read its primary key", t.Name)
		}
		keys = append(keys, i)
	}
	ttl, err := b.stateTTL("", sql.Pos{})
	if err != nil {
		return 0, err
	}
	return b.add(&PNode{
		Kind: OpChangelogNormalize, Inputs: []Edge{{From: src, ShuffleKeys: keys}}, Schema: n.Schema,
		Changelog: ChangelogRetract, Pos: t.Pos,
		Normalize: &NormalizeSpec{Keys: keys, StateTTLMillis: ttl, Name: t.Name},
	}), nil
}

// normalizeSpecParts renders "keys=[id], ttl=[1h]" for EXPLAIN.
func normalizeSpecParts(g *Graph, n *PNode) []string {
	in := g.Nodes[n.Inputs[0].From].Schema
	names := make([]string, len(n.Normalize.Keys))
	for i, k := range n.Normalize.Keys {
		names[i] = in[k].Name
	}
	return []string{"keys=[" + strings.Join(names, ", ") + "]", "ttl=[" + ttlString(n.Normalize.StateTTLMillis) + "]"}
}
