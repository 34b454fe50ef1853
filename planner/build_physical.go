package planner

import (
	"fmt"
	"sort"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// Option and setting names the physical planner reads.
const (
	// OptionIdleTimeout is the table option for the split idle timeout.
	OptionIdleTimeout = "scan.watermark.idle-timeout"
	// SettingIdleTimeout is the session setting used when a table has no
	// OptionIdleTimeout.
	SettingIdleTimeout = "table.exec.source.idle-timeout"
)

// physBuilder turns optimised logical plans into one Graph. Every table is
// read by one Source node however many plans scan it; the source reads the
// union of the columns the scans need and fans out to every consumer.
type physBuilder struct {
	g *Graph
	// cat resolves tables named by options (late-rows tables); nil in
	// tests that build graphs without a catalog.
	cat      *catalog.Catalog
	settings map[string]string
	// cols is the union of scanned columns per table, in table order.
	cols    map[*catalog.Table][]int
	sources map[*catalog.Table]int
	// seen maps the key of every non-sink node to its ID, so that two
	// plans computing the same thing from the same input share one node.
	seen map[string]int
	// streams holds the watermarked stream of each table.
	streams map[*catalog.Table]*tableStream
	// lateNames holds the counter names of the job's joins.
	lateNames map[string]bool
}

func buildGraph(cat *catalog.Catalog, roots []Node, settings map[string]string) (*Graph, error) {
	b := &physBuilder{g: &Graph{}, cat: cat, settings: settings, cols: map[*catalog.Table][]int{}, sources: map[*catalog.Table]int{}, seen: map[string]int{}, streams: map[*catalog.Table]*tableStream{}}
	for _, r := range roots {
		b.collectScans(r)
	}
	for _, r := range roots {
		if _, _, err := b.build(r); err != nil {
			return nil, err
		}
	}
	if err := checkMapColumns(b.g, firstSinkPos(b.g)); err != nil {
		return nil, err
	}
	return b.g, nil
}

func (b *physBuilder) collectScans(n Node) {
	if w, ok := n.(*WatermarkAssign); ok {
		b.registerPrefix(w)
	}
	if s, ok := n.(*Scan); ok {
		set := map[int]bool{}
		for _, c := range b.cols[s.Table] {
			set[c] = true
		}
		for _, c := range s.Columns {
			set[c] = true
		}
		for _, c := range upsertKeyColumns(s.Table) {
			set[c] = true
		}
		cols := make([]int, 0, len(set))
		for c := range set {
			cols = append(cols, c)
		}
		sort.Ints(cols)
		b.cols[s.Table] = cols
	}
	for _, c := range n.Children() {
		b.collectScans(c)
	}
}

// add appends n to the graph, or returns the ID of an identical node
// (same kind, inputs, specification and schema) already there. Sinks are
// never shared.
func (b *physBuilder) add(n *PNode) int {
	b.inheritChangelog(n)
	if n.Kind != OpSink {
		key := nodeKey(n)
		if id, ok := b.seen[key]; ok {
			return id
		}
		b.seen[key] = len(b.g.Nodes)
	}
	return b.addUnique(n)
}

// addUnique appends n to the graph without sharing.
func (b *physBuilder) addUnique(n *PNode) int {
	b.inheritChangelog(n)
	n.ID = len(b.g.Nodes)
	b.g.Nodes = append(b.g.Nodes, n)
	return n.ID
}

// build adds the operators computing n and returns the ID of the last one
// and where each of n's output columns is in that node's schema.
func (b *physBuilder) build(n Node) (int, []int, error) {
	switch n := n.(type) {
	case *Scan:
		id, err := b.source(n)
		return id, b.scanMapping(n), err
	case *WatermarkAssign:
		if id, m, ok, err := b.streamFor(n); ok || err != nil {
			return id, m, err
		}
		id, m, err := b.build(n.Input)
		if err != nil {
			return 0, nil, err
		}
		idle, err := b.idleTimeout(n.Table)
		if err != nil {
			return 0, nil, err
		}
		in := b.g.Nodes[id].Schema
		schema := append(Schema(nil), in...)
		schema[m[n.TimeCol]].Type.TimeAttr = true
		return b.add(&PNode{
			Kind: OpWatermark, Inputs: []Edge{{From: id}}, Schema: schema,
			Watermark: &WatermarkSpec{TimeCol: m[n.TimeCol], Expr: remap(n.Expr, m, in), IdleTimeoutMillis: idle},
		}), m, nil
	case *Filter:
		return b.calc(n.Input, n.Cond, nil, n.Schema())
	case *Project:
		if f, ok := n.Input.(*Filter); ok {
			return b.calc(f.Input, f.Cond, n.Exprs, n.Schema())
		}
		return b.calc(n.Input, nil, n.Exprs, n.Schema())
	case *Union:
		var edges []Edge
		for _, in := range n.Inputs {
			id, err := b.exact(in)
			if err != nil {
				return 0, nil, err
			}
			for _, e := range edges {
				if e.From == id {
					// The same rows enter twice (UNION ALL of a table
					// with itself): give the second edge its own node.
					s := b.g.Nodes[id].Schema
					id = b.addUnique(&PNode{Kind: OpCalc, Inputs: []Edge{{From: id}}, Schema: s, Calc: &CalcSpec{Projections: selectCols(identity(len(s)), s, s)}})
					break
				}
			}
			edges = append(edges, Edge{From: id})
		}
		s := n.Schema()
		return b.add(&PNode{Kind: OpUnion, Inputs: edges, Schema: s}), identity(len(s)), nil
	case *Sink:
		id, err := b.exact(n.Input)
		if err != nil {
			return 0, nil, err
		}
		s := n.Schema()
		if err := b.checkSinkUpdates(id, n); err != nil {
			return 0, nil, err
		}
		return b.add(&PNode{Kind: OpSink, Inputs: []Edge{{From: id}}, Schema: s, Sink: &SinkSpec{Table: n.Table, Columns: n.Columns}, Pos: n.Pos}), identity(len(s)), nil
	case *Join:
		return b.intervalJoin(n)
	case *WindowTVF:
		return b.windowTVF(n)
	case *Aggregate:
		if c, ok := findWindow(n); ok && windowedKeys(n) {
			return b.windowAgg(n, c)
		}
		return b.groupAgg(n)
	}
	if p, ok := n.(physicalBuilder); ok {
		return p.buildPhysical(b)
	}
	return 0, nil, fmt.Errorf("planner: no physical operator for %T", n)
}

// exact builds n and makes sure the last node's schema is exactly n's
// schema, adding a Calc that selects the columns if needed.
func (b *physBuilder) exact(n Node) (int, error) {
	id, m, err := b.build(n)
	if err != nil {
		return 0, err
	}
	s := n.Schema()
	if len(b.g.Nodes[id].Schema) == len(s) && isIdentityMap(m) {
		return id, nil
	}
	return b.add(&PNode{Kind: OpCalc, Inputs: []Edge{{From: id}}, Schema: s, Calc: &CalcSpec{Projections: selectCols(m, b.g.Nodes[id].Schema, s)}}), nil
}

func isIdentityMap(m []int) bool {
	for i, j := range m {
		if i != j {
			return false
		}
	}
	return true
}

func selectCols(m []int, in, out Schema) []Expr {
	exprs := make([]Expr, len(m))
	for i, j := range m {
		exprs[i] = &ColRef{Index: j, Name: in[j].Name, T: out[i].Type}
	}
	return exprs
}

// calc builds a Calc over input: keep rows where cond holds (cond may be
// nil), then compute exprs (nil: pass input's columns through).
func (b *physBuilder) calc(input Node, cond Expr, exprs []Expr, out Schema) (int, []int, error) {
	id, m, err := b.build(input)
	if err != nil {
		return 0, nil, err
	}
	in := b.g.Nodes[id].Schema
	spec := &CalcSpec{}
	if cond != nil {
		spec.Filter = remap(cond, m, in)
	}
	if exprs == nil {
		spec.Projections = selectCols(m, in, out)
	} else {
		for _, e := range exprs {
			spec.Projections = append(spec.Projections, remap(e, m, in))
		}
	}
	return b.add(&PNode{Kind: OpCalc, Inputs: []Edge{{From: id}}, Schema: out, Calc: spec}), identity(len(out)), nil
}

// source returns the Source node of a table, creating it on first use
// (followed by a ChangelogNormalize for a table that reads upserts).
func (b *physBuilder) source(s *Scan) (int, error) {
	if id, ok := b.sources[s.Table]; ok {
		return id, nil
	}
	cols := b.cols[s.Table]
	schema := (&Scan{Table: s.Table, Columns: cols}).Schema()
	id, err := b.normalizeUpserts(b.add(&PNode{Kind: OpSource, Schema: schema, Source: &SourceSpec{Table: s.Table, Columns: cols}}))
	if err != nil {
		return 0, err
	}
	b.sources[s.Table] = id
	return id, nil
}

func (b *physBuilder) scanMapping(s *Scan) []int {
	pos := map[int]int{}
	for i, c := range b.cols[s.Table] {
		pos[c] = i
	}
	m := make([]int, len(s.Columns))
	for i, c := range s.Columns {
		m[i] = pos[c]
	}
	return m
}

// idleTimeout reads the table option, else the session setting.
func (b *physBuilder) idleTimeout(t *catalog.Table) (int64, error) {
	if v, ok := t.Options[OptionIdleTimeout]; ok {
		ms, err := ParseDuration(v)
		if err != nil {
			return 0, sql.Errorf(t.OptionPos[OptionIdleTimeout], "option '%s' of table `%s`: %v", OptionIdleTimeout, t.Name, err)
		}
		return ms, nil
	}
	if v, ok := b.settings[SettingIdleTimeout]; ok {
		ms, err := ParseDuration(v)
		if err != nil {
			return 0, fmt.Errorf("setting '%s': %v", SettingIdleTimeout, err)
		}
		return ms, nil
	}
	return 0, nil
}
