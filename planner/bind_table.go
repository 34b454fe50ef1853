package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

func init() { catalog.RegisterBinder(tableBinder{}) }

// tableBinder is the catalog.Binder the planner registers.
type tableBinder struct{}

// BindTable implements catalog.Binder: it types the computed columns,
// checks the watermark expression and the watermark idle-timeout option of
// a table being created.
func (tableBinder) BindTable(t *catalog.Table) (err error) {
	defer recoverError(&err)
	if v, ok := t.Options[OptionIdleTimeout]; ok {
		if _, err := ParseDuration(v); err != nil {
			return sql.Errorf(t.OptionPos[OptionIdleTimeout], "option '%s': %v", OptionIdleTimeout, err)
		}
	}
	scan := &Scan{Table: t, Columns: storedColumns(t)}
	exprs, err := computedExprs(t, scan)
	if err != nil {
		return err
	}
	for i, e := range exprs {
		if t.Columns[i].Kind == catalog.Computed {
			t.Columns[i].Type = e.Type().WithoutTimeAttr()
			t.Columns[i].Type.ProcTime = e.Type().ProcTime
		}
	}
	if t.Watermark == nil {
		return nil
	}
	_, err = bindWatermark(t, &Project{Input: scan, Exprs: exprs, Names: t.ColumnNames()})
	return err
}

// BindView implements catalog.Binder.
func (tableBinder) BindView(cat *catalog.Catalog, v *sql.CreateView) (cols []catalog.Column, err error) {
	defer recoverError(&err)
	q, err := newBinder(cat).query(v.Query)
	if err != nil {
		return nil, err
	}
	s := q.node.Schema()
	if len(v.Columns) > 0 && len(v.Columns) != len(s) {
		return nil, sql.Errorf(v.P, "view `%s` names %d columns but its query produces %d", v.Name, len(v.Columns), len(s))
	}
	cols = make([]catalog.Column, len(s))
	for i, f := range s {
		cols[i] = catalog.Column{Name: f.Name, Type: f.Type, Kind: catalog.Physical, Pos: q.pos[i]}
		if len(v.Columns) > 0 {
			cols[i].Name = v.Columns[i]
		}
	}
	return cols, nil
}

// storedColumns are the indexes of a table's Physical and Metadata columns:
// what its connector produces.
func storedColumns(t *catalog.Table) []int {
	var idx []int
	for i, c := range t.Columns {
		if c.Kind != catalog.Computed {
			idx = append(idx, i)
		}
	}
	return idx
}

// computedExprs returns one expression per table column over the scan's
// output: a ColRef for stored columns, the bound expression for computed
// ones (which may read only stored columns, as in Flink).
func computedExprs(t *catalog.Table, scan *Scan) ([]Expr, error) {
	s := scan.Schema()
	eb := &exprBinder{sc: newScope(t.Name, s)}
	exprs := make([]Expr, len(t.Columns))
	pos := 0
	for i, c := range t.Columns {
		if c.Kind != catalog.Computed {
			exprs[i] = colRef(s, pos)
			pos++
			continue
		}
		e, err := eb.bind(c.Expr)
		if err != nil {
			return nil, err
		}
		exprs[i] = e
	}
	return exprs, nil
}

// bindWatermark binds the WATERMARK expression against the table's full
// row (the output of in).
func bindWatermark(t *catalog.Table, in Node) (*WatermarkAssign, error) {
	eb := &exprBinder{sc: newScope(t.Name, in.Schema())}
	e, err := eb.bind(t.Watermark.Expr)
	if err != nil {
		return nil, err
	}
	if !e.Type().IsTimestamp() {
		return nil, sql.Errorf(t.Watermark.Expr.Position(), "WATERMARK expression must return TIMESTAMP(p) or TIMESTAMP_LTZ(p), but it returns %s", typeName(e.Type()))
	}
	return &WatermarkAssign{Input: in, TimeCol: t.Column(t.Watermark.Column), Expr: e, Table: t}, nil
}

// scanTable is the plan that reads a table: Scan of its stored columns,
// a Project adding computed columns in declared order (when there are any),
// and a WatermarkAssign when the table declares a watermark.
func scanTable(t *catalog.Table) (Node, error) {
	scan := &Scan{Table: t, Columns: storedColumns(t)}
	var n Node = scan
	if len(scan.Columns) < len(t.Columns) {
		exprs, err := computedExprs(t, scan)
		if err != nil {
			return nil, err
		}
		n = &Project{Input: scan, Exprs: exprs, Names: t.ColumnNames()}
	}
	if t.Watermark != nil {
		wm, err := bindWatermark(t, n)
		if err != nil {
			return nil, err
		}
		n = wm
	}
	return n, nil
}
