package planner

import (
	"sort"

	"github.com/streamsql/streamsql/catalog"
)

// tableStream is the one watermarked stream of a table within a job: its
// Source, a Calc with every computed column any consumer needs, and the
// WatermarkAssigner. Every plan reading the table consumes it, so a job
// generates each table's watermarks once.
type tableStream struct {
	table *catalog.Table
	// exprs are the stream's columns as expressions over the table's
	// columns (ColRef.Index is a table column index); keys index them.
	exprs []Expr
	names []string
	keys  map[string]int
	// first is the first registered prefix, whose time column and
	// watermark expression the stream uses.
	first *WatermarkAssign
	built bool
	id    int
}

// scanPrefix recognises the start of a table scan under a WatermarkAssign:
// Scan, or Project over Scan. It returns the scan and, per output column
// of the prefix, its expression over the table's columns.
func scanPrefix(w *WatermarkAssign) (*Scan, []Expr, []string, bool) {
	switch in := w.Input.(type) {
	case *Scan:
		s := in.Schema()
		exprs := make([]Expr, len(in.Columns))
		for i, c := range in.Columns {
			exprs[i] = &ColRef{Index: c, Name: s[i].Name, T: s[i].Type}
		}
		return in, exprs, fieldList(s), true
	case *Project:
		scan, ok := in.Input.(*Scan)
		if !ok {
			return nil, nil, nil, false
		}
		s := scan.Schema()
		m := make([]int, len(s))
		tableSchema := make(Schema, len(scan.Table.Columns))
		for i, c := range scan.Columns {
			m[i] = c
			tableSchema[c] = s[i]
		}
		exprs := make([]Expr, len(in.Exprs))
		for i, e := range in.Exprs {
			exprs[i] = remap(e, m, tableSchema)
		}
		return scan, exprs, in.Names, true
	}
	return nil, nil, nil, false
}

func fieldList(s Schema) []string {
	names := make([]string, len(s))
	for i, f := range s {
		names[i] = f.Name
	}
	return names
}

// registerPrefix adds the columns a WatermarkAssign's prefix produces to
// its table's stream.
func (b *physBuilder) registerPrefix(w *WatermarkAssign) {
	scan, exprs, names, ok := scanPrefix(w)
	if !ok {
		return
	}
	st := b.streams[scan.Table]
	if st == nil {
		st = &tableStream{table: scan.Table, keys: map[string]int{}, first: w}
		b.streams[scan.Table] = st
	}
	for i, e := range exprs {
		k := exprKey(e)
		if _, ok := st.keys[k]; !ok {
			st.keys[k] = len(st.exprs)
			st.exprs = append(st.exprs, e)
			st.names = append(st.names, names[i])
		}
	}
}

// streamFor builds (once) the stream of w's table and returns its
// WatermarkAssigner and where each output column of w is in it. ok is
// false when w does not read a registered prefix.
func (b *physBuilder) streamFor(w *WatermarkAssign) (int, []int, bool, error) {
	scan, exprs, _, ok := scanPrefix(w)
	if !ok || b.streams[scan.Table] == nil {
		return 0, nil, false, nil
	}
	st := b.streams[scan.Table]
	if !st.built {
		if err := b.buildStream(st, scan); err != nil {
			return 0, nil, false, err
		}
	}
	m := make([]int, len(exprs))
	for i, e := range exprs {
		m[i] = st.keys[exprKey(e)]
	}
	return st.id, m, true, nil
}

// sortStream orders a stream's columns as the table declares them.
func (st *tableStream) sort() {
	order := func(i int) int {
		if c := st.table.Column(st.names[i]); c >= 0 {
			return c
		}
		return len(st.table.Columns) + i
	}
	idx := make([]int, len(st.exprs))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return order(idx[a]) < order(idx[b]) })
	exprs, names := make([]Expr, len(idx)), make([]string, len(idx))
	for j, i := range idx {
		exprs[j], names[j] = st.exprs[i], st.names[i]
		st.keys[exprKey(st.exprs[i])] = j
	}
	st.exprs, st.names = exprs, names
}

func (b *physBuilder) buildStream(st *tableStream, scan *Scan) error {
	st.sort()
	srcID, err := b.source(scan)
	if err != nil {
		return err
	}
	src := b.g.Nodes[srcID].Schema
	toSource := make([]int, len(st.table.Columns))
	for i, c := range b.cols[st.table] {
		toSource[c] = i
	}
	schema := make(Schema, len(st.exprs))
	proj := make([]Expr, len(st.exprs))
	for i, e := range st.exprs {
		proj[i] = remap(e, toSource, src)
		schema[i] = Field{Name: st.names[i], Type: e.Type()}
	}
	in := srcID
	if !(len(proj) == len(src) && isIdentity(proj, src)) {
		in = b.add(&PNode{Kind: OpCalc, Inputs: []Edge{{From: srcID}}, Schema: schema, Calc: &CalcSpec{Projections: proj}})
	}
	_, firstExprs, _, _ := scanPrefix(st.first)
	m := make([]int, len(firstExprs))
	for i, e := range firstExprs {
		m[i] = st.keys[exprKey(e)]
	}
	idle, err := b.idleTimeout(st.table)
	if err != nil {
		return err
	}
	inSchema := b.g.Nodes[in].Schema
	out := append(Schema(nil), inSchema...)
	out[m[st.first.TimeCol]].Type.TimeAttr = true
	st.id = b.add(&PNode{
		Kind: OpWatermark, Inputs: []Edge{{From: in}}, Schema: out,
		Watermark: &WatermarkSpec{TimeCol: m[st.first.TimeCol], Expr: remap(st.first.Expr, m, inSchema), IdleTimeoutMillis: idle},
	})
	st.built = true
	return nil
}
