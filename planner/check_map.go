package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// passThroughOps are the operators that hand MAP values on without
// storing them: every other operator buffers rows or keys in its state,
// which cannot hold MAP values yet.
var passThroughOps = map[OpKind]bool{
	OpSource: true, OpWatermark: true, OpCalc: true, OpUnion: true, OpSink: true,
}

// checkMapColumns rejects a graph in which a stateful operator (a join,
// an aggregation, a rank, a window function, an upsert normalization)
// gets a MAP column: MAP values flow through sources, projections,
// filters, UNION ALL and sinks only. The error is positioned at the
// operator's SQL, or at the INSERT's table when it has none.
func checkMapColumns(g *Graph, fallback sql.Pos) error {
	for _, n := range g.Nodes {
		if passThroughOps[n.Kind] {
			continue
		}
		for _, e := range n.Inputs {
			if e.From < 0 || e.From >= len(g.Nodes) {
				continue
			}
			for _, f := range g.Nodes[e.From].Schema {
				if f.Type.Kind != catalog.KindMap {
					continue
				}
				pos := n.Pos
				if !pos.IsValid() {
					pos = fallback
				}
				return sql.Errorf(pos, "%s does not support MAP columns yet: column `%s` is %s; "+
					"keep only its elements (m['key']) before this operator",
					n.Kind, f.Name, f.Type.WithoutTimeAttr().Nullable())
			}
		}
	}
	return nil
}

// firstSinkPos returns the position of the first sink of g that has one.
func firstSinkPos(g *Graph) sql.Pos {
	for _, n := range g.Nodes {
		if n.Kind == OpSink && n.Pos.IsValid() {
			return n.Pos
		}
	}
	return sql.Pos{}
}
