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
	if !tc.T.TimeAttr {
		return bound{}, nil, sql.Errorf(timePos, "column `%s` is not an event-time attribute: %s needs a column with a WATERMARK (or a window_time)", te.TimeCol, te.Kind)
	}
	n := &WindowTVF{Input: in.node, Kind: te.Kind, TimeCol: tc.Index, Pos: te.P}
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

// aggregateType is the result type of an aggregate over arg, as in Flink.
func aggregateType(fn string, arg catalog.Type) (catalog.Type, bool) {
	t := arg.WithoutTimeAttr().Nullable()
	switch fn {
	case "COUNT":
		return catalog.Type{Kind: catalog.KindBigInt, NotNull: true}, true
	case "MIN", "MAX":
		return t, t.Kind != catalog.KindNull
	case "SUM", "AVG":
		if !t.IsNumeric() {
			return catalog.Type{}, false
		}
		if t.Kind == catalog.KindDecimal {
			if fn == "SUM" {
				return catalog.Decimal(catalog.MaxDecimalPrecision, t.Scale), true
			}
			return catalog.Decimal(catalog.MaxDecimalPrecision, max(t.Scale, 6)), true
		}
		return t, true
	}
	return catalog.Type{}, false
}
