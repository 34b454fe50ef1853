package sql

import (
	"fmt"
	"strconv"
	"strings"
)

// DumpQuery renders a query tree as indented text, one node per line,
// each with its line:col in the user's text. Children are indented by two
// spaces; labelled sections ("from:", "where:", ...) group the parts of a
// node. Every line ends in a newline. The format is stable and meant for
// golden tests and debugging.
func DumpQuery(q Query) string {
	var d dumper
	d.query(q)
	return d.b.String()
}

// DumpExpr renders an expression tree in the format of DumpQuery.
func DumpExpr(e Expr) string {
	var d dumper
	d.expr(e)
	return d.b.String()
}

// dumper accumulates the rendering at the current indentation depth.
type dumper struct {
	b     strings.Builder
	depth int
}

// line writes one line at the current depth; pos is rendered line:col.
func (d *dumper) line(pos Pos, format string, args ...any) {
	d.b.WriteString(strings.Repeat("  ", d.depth))
	fmt.Fprintf(&d.b, format, args...)
	if pos.IsValid() {
		fmt.Fprintf(&d.b, " @%d:%d", pos.Line, pos.Col)
	}
	d.b.WriteByte('\n')
}

// section writes a label and renders its children one level deeper.
func (d *dumper) section(label string, body func()) {
	d.b.WriteString(strings.Repeat("  ", d.depth) + label + ":\n")
	d.depth++
	body()
	d.depth--
}

// nested renders children one level deeper.
func (d *dumper) nested(body func()) {
	d.depth++
	body()
	d.depth--
}

func flag(on bool, s string) string {
	if on {
		return " " + s
	}
	return ""
}

func (d *dumper) query(q Query) {
	switch q := q.(type) {
	case *Select:
		d.selectBlock(q)
	case *SetOp:
		d.line(q.P, "%s%s", q.Op, flag(q.All, "ALL"))
		d.nested(func() {
			d.ctes(q.With)
			d.query(q.Left)
			d.query(q.Right)
		})
	case *Values:
		d.line(q.P, "values")
		d.nested(func() {
			for _, row := range q.Rows {
				d.section("row", func() {
					for _, e := range row {
						d.expr(e)
					}
				})
			}
		})
	case nil:
		d.line(Pos{}, "<nil query>")
	default:
		d.line(q.Position(), "<unknown query %T>", q)
	}
}

func (d *dumper) ctes(with []CTE) {
	if len(with) == 0 {
		return
	}
	d.section("with", func() {
		for _, c := range with {
			d.line(c.P, "cte %s", c.Name)
			d.nested(func() { d.query(c.Query) })
		}
	})
}

func (d *dumper) hints(hs []Hint) {
	for _, h := range hs {
		var parts []string
		for _, a := range h.Args {
			parts = append(parts, strconv.Quote(a))
		}
		for _, kv := range h.KVs {
			parts = append(parts, strconv.Quote(kv.Key)+"="+strconv.Quote(kv.Value))
		}
		d.line(h.P, "hint %s(%s)", h.Name, strings.Join(parts, ", "))
	}
}

func (d *dumper) selectBlock(s *Select) {
	d.line(s.P, "select%s", flag(s.Distinct, "distinct"))
	d.nested(func() {
		d.hints(s.Hints)
		d.ctes(s.With)
		for _, it := range s.Items {
			switch {
			case it.Star && it.StarTable != "":
				d.line(it.P, "item %s.*", it.StarTable)
			case it.Star:
				d.line(it.P, "item *")
			case it.Alias != "":
				d.line(it.P, "item as %s", it.Alias)
			default:
				d.line(it.P, "item")
			}
			if it.Expr != nil {
				d.nested(func() { d.expr(it.Expr) })
			}
		}
		if s.From != nil {
			d.section("from", func() { d.table(s.From) })
		}
		d.optExpr("where", s.Where)
		if len(s.GroupBy) > 0 {
			d.section("group by", func() {
				for _, e := range s.GroupBy {
					d.expr(e)
				}
			})
		}
		d.optExpr("having", s.Having)
		d.orderBy(s.OrderBy)
		d.optExpr("limit", s.Limit)
	})
}

func (d *dumper) orderBy(items []OrderItem) {
	if len(items) == 0 {
		return
	}
	d.section("order by", func() {
		for _, o := range items {
			d.line(o.P, "order%s", flag(o.Desc, "desc"))
			d.nested(func() { d.expr(o.Expr) })
		}
	})
}

func (d *dumper) optExpr(label string, e Expr) {
	if e != nil {
		d.section(label, func() { d.expr(e) })
	}
}

func alias(a string) string {
	if a == "" {
		return ""
	}
	return " as " + a
}

var joinKinds = map[JoinKind]string{InnerJoin: "INNER", LeftJoin: "LEFT", RightJoin: "RIGHT", FullJoin: "FULL", CrossJoin: "CROSS"}

func (d *dumper) table(t TableExpr) {
	switch t := t.(type) {
	case *TableRef:
		d.line(t.P, "table %s%s", t.Name, alias(t.Alias))
		d.nested(func() { d.hints(t.Hints) })
	case *SubqueryRef:
		d.line(t.P, "subquery%s", alias(t.Alias))
		d.nested(func() { d.query(t.Query) })
	case *JoinExpr:
		d.line(t.P, "join %s", joinKinds[t.Kind])
		d.nested(func() {
			d.hints(t.Hints)
			d.table(t.Left)
			d.table(t.Right)
			d.optExpr("on", t.On)
			if len(t.Using) > 0 {
				d.line(Pos{}, "using %s", strings.Join(t.Using, ", "))
			}
		})
	case *WindowTVF:
		d.line(t.P, "window %s%s", t.Kind, alias(t.Alias))
		d.nested(func() {
			d.table(t.Input)
			if len(t.PartitionBy) > 0 {
				d.section("partition by", func() {
					for _, e := range t.PartitionBy {
						d.expr(e)
					}
				})
			}
			d.line(t.TimeColPos, "timecol %s", t.TimeCol)
			for _, iv := range []struct {
				label string
				v     *IntervalLit
			}{{"slide", t.Slide}, {"size", t.Size}, {"offset", t.Offset}} {
				if iv.v != nil {
					d.section(iv.label, func() { d.expr(iv.v) })
				}
			}
		})
	case nil:
		d.line(Pos{}, "<nil table>")
	default:
		d.line(t.Position(), "<unknown table %T>", t)
	}
}

var litKinds = map[LitKind]string{LitNull: "null", LitBool: "bool", LitInt: "int", LitDecimal: "decimal", LitFloat: "float", LitString: "string"}

// typeText renders a type name with its parameters.
func typeText(t TypeName) string {
	if len(t.Params) == 0 {
		return t.Name
	}
	ps := make([]string, len(t.Params))
	for i, p := range t.Params {
		ps[i] = strconv.Itoa(p)
	}
	return t.Name + "(" + strings.Join(ps, ",") + ")"
}

func (d *dumper) expr(e Expr) {
	switch e := e.(type) {
	case *ColumnRef:
		if e.Table != "" {
			d.line(e.P, "column %s.%s", e.Table, e.Name)
		} else {
			d.line(e.P, "column %s", e.Name)
		}
	case *Literal:
		text := e.Text
		if e.Kind == LitString {
			text = strconv.Quote(text)
		}
		d.line(e.P, "literal %s %s", litKinds[e.Kind], text)
	case *TypedLiteral:
		d.line(e.P, "typed %s %s", typeText(e.Type), strconv.Quote(e.Text))
	case *IntervalLit:
		unit := e.Unit
		if e.ToUnit != "" {
			unit += " TO " + e.ToUnit
		}
		d.line(e.P, "interval %s %s millis=%d months=%d", strconv.Quote(e.Value), unit, e.Millis, e.Months)
	case *Unary:
		d.line(e.P, "unary %s", e.Op)
		d.nested(func() { d.expr(e.X) })
	case *Binary:
		d.line(e.P, "binary %s", e.Op)
		d.nested(func() { d.expr(e.L); d.expr(e.R) })
	case *IsNull:
		d.line(e.P, "is%s null", flag(e.Not, "not"))
		d.nested(func() { d.expr(e.X) })
	case *IsBool:
		d.line(e.P, "is%s %s", flag(e.Not, "not"), strings.ToLower(strconv.FormatBool(e.Value)))
		d.nested(func() { d.expr(e.X) })
	case *InList:
		d.line(e.P, "in%s", flag(e.Not, "not"))
		d.nested(func() {
			d.expr(e.X)
			d.section("list", func() {
				for _, x := range e.List {
					d.expr(x)
				}
			})
		})
	case *Between:
		d.line(e.P, "between%s", flag(e.Not, "not"))
		d.nested(func() { d.expr(e.X); d.expr(e.Lo); d.expr(e.Hi) })
	case *Like:
		d.line(e.P, "like%s", flag(e.Not, "not"))
		d.nested(func() {
			d.expr(e.X)
			d.expr(e.Pattern)
			d.optExpr("escape", e.Escape)
		})
	case *Case:
		d.caseExpr(e)
	case *Cast:
		name := "cast"
		if e.Try {
			name = "try_cast"
		}
		d.line(e.P, "%s %s", name, typeText(e.Type))
		d.nested(func() { d.expr(e.X) })
	case *FuncCall:
		d.funcCall(e)
	case *TimeUnit:
		d.line(e.P, "unit %s", e.Unit)
	case *SubqueryExpr:
		d.line(e.P, "subquery%s%s%s", flag(e.Exists, "exists"), flag(e.Not, "not"), flag(e.In != nil, "in"))
		d.nested(func() {
			if e.In != nil {
				d.expr(e.In)
			}
			d.query(e.Query)
		})
	case nil:
		d.line(Pos{}, "<nil expr>")
	default:
		d.line(e.Position(), "<unknown expr %T>", e)
	}
}

func (d *dumper) caseExpr(e *Case) {
	d.line(e.P, "case")
	d.nested(func() {
		d.optExpr("operand", e.Operand)
		for _, w := range e.Whens {
			d.section("when", func() { d.expr(w.Cond) })
			d.section("then", func() { d.expr(w.Result) })
		}
		d.optExpr("else", e.Else)
	})
}

func (d *dumper) funcCall(e *FuncCall) {
	d.line(e.P, "call %s%s%s", e.Name, flag(e.Distinct, "distinct"), flag(e.Star, "*"))
	d.nested(func() {
		for _, a := range e.Args {
			d.expr(a)
		}
		d.optExpr("filter", e.Filter)
		if e.Over != nil {
			d.line(e.Over.P, "over")
			d.nested(func() {
				if len(e.Over.PartitionBy) > 0 {
					d.section("partition by", func() {
						for _, x := range e.Over.PartitionBy {
							d.expr(x)
						}
					})
				}
				d.orderBy(e.Over.OrderBy)
			})
		}
	})
}
