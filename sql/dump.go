package sql

import (
	"fmt"
	"strconv"
	"strings"
)

// Dump renders a statement as deterministic, indented text: one line per
// node with its kind, its @line:col position and its fields; expressions
// and queries inside it are rendered by DumpExpr and DumpQuery. It is meant
// for golden tests and debugging, not for display to users.
func Dump(st Statement) string {
	return dumpStatement(st, DumpExpr, DumpQuery)
}

// dumpStatement renders st, using expr and query for the expression and
// query parts.
func dumpStatement(st Statement, expr func(Expr) string, query func(Query) string) string {
	d := &stmtDumper{expr: expr, query: query}
	d.stmt(st, 0)
	return d.b.String()
}

// stmtDumper accumulates the text of Dump.
type stmtDumper struct {
	b     strings.Builder
	expr  func(Expr) string
	query func(Query) string
}

// line writes one line at the given depth.
func (d *stmtDumper) line(depth int, format string, args ...any) {
	d.b.WriteString(strings.Repeat("  ", depth))
	fmt.Fprintf(&d.b, format, args...)
	d.b.WriteByte('\n')
}

// block writes multi-line text, each line at the given depth.
func (d *stmtDumper) block(depth int, text string) {
	for _, l := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		d.line(depth, "%s", l)
	}
}

// stmt writes one statement.
func (d *stmtDumper) stmt(st Statement, depth int) {
	switch s := st.(type) {
	case *CreateTable:
		d.createTable(s, depth)
	case *CreateView:
		d.line(depth, "CreateView %s %s%s%s", d.posText(s.P), s.Name, d.flag(s.IfNotExists, " if-not-exists"), d.nameList(" columns", s.Columns))
		d.line(depth+1, "text %s", d.quoteSQL(s.Text))
		d.block(depth+1, d.query(s.Query))
	case *Insert:
		verb := "into"
		if s.Overwrite {
			verb = "overwrite"
		}
		d.line(depth, "Insert %s %s %s (table %s)%s", d.posText(s.P), verb, s.Table, d.posText(s.TablePos), d.nameList(" columns", s.Columns))
		d.block(depth+1, d.query(s.Query))
	case *QueryStatement:
		d.line(depth, "Query %s", d.posText(s.P))
		d.block(depth+1, d.query(s.Query))
	case *Set:
		if s.Key == "" {
			d.line(depth, "Set %s (list)", d.posText(s.P))
		} else {
			d.line(depth, "Set %s %s = %s", d.posText(s.P), d.quoteSQL(s.Key), d.quoteSQL(s.Value))
		}
	case *Reset:
		if s.Key == "" {
			d.line(depth, "Reset %s (all)", d.posText(s.P))
		} else {
			d.line(depth, "Reset %s %s", d.posText(s.P), d.quoteSQL(s.Key))
		}
	case *Explain:
		d.line(depth, "Explain %s", d.posText(s.P))
		d.stmt(s.Stmt, depth+1)
	case *ShowTables:
		what := "tables"
		if s.Views {
			what = "views"
		}
		d.line(depth, "Show %s %s", d.posText(s.P), what)
	case *Describe:
		d.line(depth, "Describe %s %s", d.posText(s.P), s.Name)
	case *Drop:
		what := "table"
		if s.View {
			what = "view"
		}
		d.line(depth, "Drop %s %s %s%s", d.posText(s.P), what, s.Name, d.flag(s.IfExists, " if-exists"))
	default:
		d.line(depth, "%T", st)
	}
}

// createTable writes a CREATE TABLE statement.
func (d *stmtDumper) createTable(s *CreateTable, depth int) {
	d.line(depth, "CreateTable %s %s%s", d.posText(s.P), s.Name, d.flag(s.IfNotExists, " if-not-exists"))
	for _, c := range s.Columns {
		var b strings.Builder
		fmt.Fprintf(&b, "Column %s %s", d.posText(c.P), c.Name)
		if c.Type != nil {
			fmt.Fprintf(&b, " %s", d.typeText(c.Type))
		}
		if c.NotNull {
			b.WriteString(" not-null")
		}
		if m := c.Metadata; m != nil {
			b.WriteString(" metadata")
			if m.Key != "" {
				fmt.Fprintf(&b, " from %s", d.quoteSQL(m.Key))
			}
			b.WriteString(d.flag(m.Virtual, " virtual"))
		}
		if c.Comment != "" {
			fmt.Fprintf(&b, " comment %s", d.quoteSQL(c.Comment))
		}
		if c.Computed != nil {
			b.WriteString(" computed")
		}
		d.line(depth+1, "%s", b.String())
		if c.Computed != nil {
			d.block(depth+2, d.expr(c.Computed))
		}
	}
	if w := s.Watermark; w != nil {
		d.line(depth+1, "Watermark %s for %s %s", d.posText(w.P), w.Column, d.posText(w.ColumnPos))
		d.block(depth+2, d.expr(w.Expr))
	}
	if k := s.PrimaryKey; k != nil {
		d.line(depth+1, "PrimaryKey %s (%s)%s", d.posText(k.P), strings.Join(k.Columns, ", "), d.flag(k.NotEnforced, " not-enforced"))
	}
	if s.Comment != "" {
		d.line(depth+1, "Comment %s", d.quoteSQL(s.Comment))
	}
	for _, o := range s.Options {
		d.line(depth+1, "Option %s %s = %s %s", d.posText(o.P), d.quoteSQL(o.Key), d.quoteSQL(o.Value), d.posText(o.ValuePos))
	}
}

// typeText renders a TypeName as NAME(p, s) [NOT NULL] with its position.
func (d *stmtDumper) typeText(t *TypeName) string {
	var b strings.Builder
	b.WriteString(t.Name)
	if len(t.Args) > 0 {
		b.WriteByte('<')
		for i, a := range t.Args {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(d.typeText(a))
		}
		b.WriteByte('>')
	}
	if len(t.Params) > 0 {
		b.WriteByte('(')
		for i, p := range t.Params {
			if i > 0 {
				b.WriteString(", ")
			}
			b.WriteString(strconv.Itoa(p))
		}
		b.WriteByte(')')
	}
	if t.NotNull {
		b.WriteString(" NOT NULL")
	}
	b.WriteString(" " + d.posText(t.P))
	return b.String()
}

// posText renders a position as @line:col.
func (d *stmtDumper) posText(p Pos) string { return fmt.Sprintf("@%d:%d", p.Line, p.Col) }

// flag returns text when set, "" otherwise.
func (d *stmtDumper) flag(set bool, text string) string {
	if set {
		return text
	}
	return ""
}

// nameList renders " label (a, b)" or "" for no names.
func (d *stmtDumper) nameList(label string, names []string) string {
	if len(names) == 0 {
		return ""
	}
	return label + " (" + strings.Join(names, ", ") + ")"
}

// quoteSQL renders s as a single-quoted SQL string.
func (d *stmtDumper) quoteSQL(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }
