package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// windowTVF binds TABLE(TUMBLE|HOP|CUMULATE|SESSION(TABLE t, DESCRIPTOR(ts),
// ...)): the time column must be an event-time attribute (a column with a
// WATERMARK, or a window_time).
func (b *binder) windowTVF(te *sql.WindowTVF) (bound, *scope, error) {
	in, sc, err := b.from(te.Input)
	if err != nil {
		return bound{}, nil, err
	}
	timePos := te.TimeColPos
	if !timePos.IsValid() {
		timePos = te.P
	}
	tc, err := sc.resolve(&sql.ColumnRef{Node: sql.Node{P: timePos}, Name: te.TimeCol})
	if err != nil {
		return bound{}, nil, err
	}
	if tc.T.ProcTime {
		return bound{}, nil, sql.Errorf(timePos, "column `%s` is a processing-time attribute (PROCTIME()); %s windows on processing time are not supported yet: window an event-time column (one with a WATERMARK)", te.TimeCol, te.Kind)
	}
	if !tc.T.TimeAttr {
		if j := regularJoinOf(in.node, tc.Index); j != nil {
			return bound{}, nil, sql.Errorf(timePos, "column `%s` is not a time attribute: it comes out of the regular join at %s, whose output has no time attributes (its rows can be retracted at any time); use an interval join (bound the event time of one side by the other's) to keep them", te.TimeCol, j.Pos)
		}
		return bound{}, nil, sql.Errorf(timePos, "column `%s` is not a time attribute: declare WATERMARK FOR %s AS ... on the source table (%s windows on event time: a watermarked column, or the window_time of a windowed aggregation)", te.TimeCol, te.TimeCol, te.Kind)
	}
	n := &WindowTVF{Input: renameWindowColumns(in.node), Kind: te.Kind, TimeCol: tc.Index, Pos: te.P}
	if n.SizeMillis, err = windowMillis(te.Size, te.P, "size"); err != nil {
		return bound{}, nil, err
	}
	if te.Offset != nil {
		if n.OffsetMillis, err = windowMillis(te.Offset, te.P, "offset"); err != nil {
			return bound{}, nil, err
		}
	}
	switch te.Kind {
	case WindowHop, WindowCumulate:
		if n.SlideMillis, err = windowMillis(te.Slide, te.P, "slide"); err != nil {
			return bound{}, nil, err
		}
		if n.SizeMillis%n.SlideMillis != 0 {
			return bound{}, nil, sql.Errorf(te.Size.P, "%s window size must be a multiple of its %s", te.Kind, map[bool]string{true: "slide", false: "step"}[te.Kind == WindowHop])
		}
	case WindowSession:
		eb := &exprBinder{sc: sc}
		if n.PartitionBy, err = eb.bindAll(te.PartitionBy); err != nil {
			return bound{}, nil, err
		}
	case WindowTumble:
	default:
		return bound{}, nil, sql.Errorf(te.P, "window table function %s is not supported", te.Kind)
	}
	qual := sc.table
	if te.Alias != "" {
		qual = te.Alias
	}
	s := n.Schema()
	pos := append(append([]sql.Pos(nil), in.pos...), te.P, te.P, te.P)
	return bound{node: n, pos: pos}, newScope(qual, s), nil
}

// windowMillis reads a positive day-time interval of a window TVF.
func windowMillis(iv *sql.IntervalLit, pos sql.Pos, what string) (int64, error) {
	if iv == nil {
		return 0, sql.Errorf(pos, "window %s is missing", what)
	}
	c, err := bindInterval(iv)
	if err != nil {
		return 0, err
	}
	ms := c.(*Const).Val.(int64)
	if ms <= 0 && what != "offset" {
		return 0, sql.Errorf(iv.P, "window %s must be positive", what)
	}
	return ms, nil
}

// aggregateType is the result type of an aggregate over arg, as the
// WindowAggCall contract states: COUNT BIGINT NOT NULL; SUM of integers
// BIGINT, of DECIMAL(p,s) DECIMAL(38,s), of FLOAT/DOUBLE DOUBLE; AVG,
// MIN, MAX, FIRST_VALUE and LAST_VALUE the argument's type. All but
// COUNT are nullable.
func aggregateType(fn string, arg catalog.Type) (catalog.Type, bool) {
	t := arg.WithoutTimeAttr().Nullable()
	switch fn {
	case "COUNT":
		return catalog.Type{Kind: catalog.KindBigInt, NotNull: true}, true
	case "MIN", "MAX", "FIRST_VALUE", "LAST_VALUE":
		return t, t.Kind != catalog.KindNull
	case "AVG":
		return t, t.IsNumeric()
	case "SUM":
		switch {
		case t.IsInteger():
			return catalog.BigInt, true
		case t.Kind == catalog.KindDecimal:
			return catalog.Decimal(catalog.MaxDecimalPrecision, t.Scale), true
		case t.Kind == catalog.KindFloat || t.Kind == catalog.KindDouble:
			return catalog.Double, true
		}
	}
	return catalog.Type{}, false
}

// implicitWindowTime returns the column of a windowed Aggregate's input
// holding window_time, when the Aggregate groups by window_start and
// window_end of a window table function but not by window_time.
func implicitWindowTime(agg *Aggregate) (int, bool) {
	if !windowedKeys(agg) {
		return 0, false
	}
	for i := range agg.Input.Schema() {
		w, idx, ok := traceColumn(agg.Input, i)
		if !ok || idx != len(w.Input.Schema())+2 {
			continue
		}
		for _, k := range agg.Keys {
			if c, ok := k.(*ColRef); ok && c.Index == i {
				return 0, false
			}
		}
		return i, true
	}
	return 0, false
}

// renameWindowColumns renames the input's own window_start, window_end
// and window_time columns (a window over a windowed aggregation's output)
// to window_start0 and so on, so that the names refer to the new window's
// columns. The input's columns keep their positions and types.
func renameWindowColumns(in Node) Node {
	s := in.Schema()
	p := &Project{Input: in}
	renamed := false
	for i, f := range s {
		name := f.Name
		if name == "window_start" || name == "window_end" || name == "window_time" {
			name, renamed = name+"0", true
		}
		p.Exprs = append(p.Exprs, colRef(s, i))
		p.Names = append(p.Names, name)
	}
	if !renamed {
		return in
	}
	return p
}
