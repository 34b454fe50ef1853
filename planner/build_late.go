package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// OptionLateRowsTable is the source table option naming the table that
// receives the late rows (and the rows with a NULL event time) of every
// window operator whose time column comes from that source.
const OptionLateRowsTable = "scan.watermark.late-rows-table"

// timeSource follows column idx of n down to the table whose WATERMARK
// makes it an event-time attribute: through filters, column references of
// projections, a window's window_time (to the window's time column) and
// the keys of an aggregation. It returns nil when the column comes from
// several tables (a UNION ALL) or is computed. rows is false when the path
// passes through an aggregation: the rows reaching the column are then
// aggregates, not the table's rows.
func timeSource(n Node, idx int) (t *catalog.Table, rows bool) {
	rows = true
	for {
		switch x := n.(type) {
		case *WatermarkAssign:
			if idx == x.TimeCol {
				return x.Table, rows
			}
			n = x.Input
		case *Filter:
			n = x.Input
		case *Project:
			c, ok := x.Exprs[idx].(*ColRef)
			if !ok {
				return nil, false
			}
			n, idx = x.Input, c.Index
		case *WindowTVF:
			if width := len(x.Input.Schema()); idx >= width {
				idx = x.TimeCol
			}
			n = x.Input
		case *Join:
			// Joined rows are not the table's rows.
			if width := len(x.Left.Schema()); idx < width {
				n = x.Left
			} else {
				n, idx = x.Right, idx-width
			}
			rows = false
		case *Aggregate:
			if idx >= len(x.Keys) {
				return nil, false
			}
			c, ok := x.Keys[idx].(*ColRef)
			if !ok {
				return nil, false
			}
			n, idx, rows = x.Input, c.Index, false
		default:
			return nil, false
		}
	}
}

// lateTable returns the late-rows table of window w's source table, or nil
// when there is none (lateSink reports what is wrong with a bad one).
func (b *physBuilder) lateTable(w *WindowTVF) *catalog.Table {
	src, rows := timeSource(w.Input, w.TimeCol)
	if src == nil || !rows || b.cat == nil {
		return nil
	}
	name, ok := src.Options[OptionLateRowsTable]
	if !ok {
		return nil
	}
	if lt, ok := b.cat.Lookup(name); ok && !lt.IsView && lt != src {
		return lt
	}
	return nil
}

// lateSink names a window operator's late-row counters after the source
// table of its time column and, when the window reads that table's rows
// (not the output of an aggregation over them) and the table has the
// option OptionLateRowsTable, builds the sink receiving its late rows: each
// input column (in) fills the late table's physical column of the same
// name, -1 when the late table has no such column; the late table's other
// columns are NULL.
func (b *physBuilder) lateSink(w *WindowTVF, in Schema, timeCol int) (string, *SinkSpec, error) {
	src, rows := timeSource(w.Input, w.TimeCol)
	if src == nil {
		return in[timeCol].Name, nil, nil
	}
	name, ok := src.Options[OptionLateRowsTable]
	if !ok || !rows {
		return src.Name, nil, nil
	}
	pos := src.OptionPos[OptionLateRowsTable]
	prefix := "option '" + OptionLateRowsTable + "' of table `" + src.Name + "`: "
	var lt *catalog.Table
	if b.cat != nil {
		lt, ok = b.cat.Lookup(name)
	}
	switch {
	case lt == nil || !ok:
		hint := ""
		if b.cat != nil {
			hint = catalog.DidYouMean(name, b.cat.Names())
		}
		return "", nil, sql.Errorf(pos, "%stable `%s` not found (create the late-rows table before the query that windows `%s`)%s", prefix, name, src.Name, hint)
	case lt.IsView:
		return "", nil, sql.Errorf(pos, "%s`%s` is a view; late rows need a table with a connector", prefix, name)
	case lt.Connector() == "":
		return "", nil, sql.Errorf(pos, "%stable `%s` has no 'connector' option, so late rows cannot be written to it", prefix, name)
	case lt == src:
		return "", nil, sql.Errorf(pos, "%slate rows cannot be written back to `%s` itself", prefix, name)
	}
	cols := make([]int, len(in))
	written := map[int]bool{}
	for i, f := range in {
		cols[i] = -1
		j := lt.Column(f.Name)
		if j < 0 || lt.Columns[j].Kind != catalog.Physical || written[j] {
			continue
		}
		if !lt.Columns[j].Type.Equal(f.Type) {
			return "", nil, sql.Errorf(pos, "%slate-rows table `%s` declares column `%s` as %s, but the window's rows have %s",
				prefix, name, f.Name, typeName(lt.Columns[j].Type), typeName(f.Type))
		}
		cols[i] = j
		written[j] = true
	}
	return src.Name, &SinkSpec{Table: lt, Columns: cols}, nil
}
