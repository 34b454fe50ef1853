package catalog

import (
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// FormatExpr renders an unbound expression back as SQL text in a canonical
// spelling: identifiers in backquotes, keywords upper case, binary
// operators parenthesised only where needed for nesting. DESCRIBE uses it
// for computed columns and watermarks.
func FormatExpr(e sql.Expr) string {
	var b strings.Builder
	formatExpr(&b, e, false)
	return b.String()
}

func quoteIdent(s string) string { return "`" + strings.ReplaceAll(s, "`", "``") + "`" }

func quoteString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

func formatList(b *strings.Builder, es []sql.Expr) {
	for i, e := range es {
		if i > 0 {
			b.WriteString(", ")
		}
		formatExpr(b, e, false)
	}
}

// formatExpr writes e; nested says e is an operand of an operator, so
// operators are wrapped in parentheses.
func formatExpr(b *strings.Builder, e sql.Expr, nested bool) {
	open := func() {
		if nested {
			b.WriteByte('(')
		}
	}
	closeP := func() {
		if nested {
			b.WriteByte(')')
		}
	}
	switch e := e.(type) {
	case *sql.ColumnRef:
		if e.Table != "" {
			b.WriteString(quoteIdent(e.Table) + ".")
		}
		b.WriteString(quoteIdent(e.Name))
	case *sql.Literal:
		switch e.Kind {
		case sql.LitNull:
			b.WriteString("NULL")
		case sql.LitString:
			b.WriteString(quoteString(e.Text))
		case sql.LitBool:
			b.WriteString(strings.ToUpper(e.Text))
		default:
			b.WriteString(e.Text)
		}
	case *sql.TypedLiteral:
		b.WriteString(e.Type.Name + " " + quoteString(e.Text))
	case *sql.IntervalLit:
		b.WriteString("INTERVAL " + quoteString(e.Value) + " " + e.Unit)
		if e.ToUnit != "" {
			b.WriteString(" TO " + e.ToUnit)
		}
	case *sql.Unary:
		open()
		if e.Op == "NOT" {
			b.WriteString("NOT ")
		} else {
			b.WriteString(e.Op)
		}
		formatExpr(b, e.X, true)
		closeP()
	case *sql.Binary:
		open()
		formatExpr(b, e.L, true)
		b.WriteString(" " + e.Op + " ")
		formatExpr(b, e.R, true)
		closeP()
	case *sql.IsNull:
		open()
		formatExpr(b, e.X, true)
		b.WriteString(" IS " + not(e.Not) + "NULL")
		closeP()
	case *sql.IsBool:
		open()
		formatExpr(b, e.X, true)
		v := "FALSE"
		if e.Value {
			v = "TRUE"
		}
		b.WriteString(" IS " + not(e.Not) + v)
		closeP()
	case *sql.InList:
		open()
		formatExpr(b, e.X, true)
		b.WriteString(" " + not(e.Not) + "IN (")
		formatList(b, e.List)
		b.WriteByte(')')
		closeP()
	case *sql.Between:
		open()
		formatExpr(b, e.X, true)
		b.WriteString(" " + not(e.Not) + "BETWEEN ")
		formatExpr(b, e.Lo, true)
		b.WriteString(" AND ")
		formatExpr(b, e.Hi, true)
		closeP()
	case *sql.Like:
		open()
		formatExpr(b, e.X, true)
		b.WriteString(" " + not(e.Not) + "LIKE ")
		formatExpr(b, e.Pattern, true)
		if e.Escape != nil {
			b.WriteString(" ESCAPE ")
			formatExpr(b, e.Escape, true)
		}
		closeP()
	case *sql.Case:
		b.WriteString("CASE")
		if e.Operand != nil {
			b.WriteByte(' ')
			formatExpr(b, e.Operand, true)
		}
		for _, w := range e.Whens {
			b.WriteString(" WHEN ")
			formatExpr(b, w.Cond, false)
			b.WriteString(" THEN ")
			formatExpr(b, w.Result, false)
		}
		if e.Else != nil {
			b.WriteString(" ELSE ")
			formatExpr(b, e.Else, false)
		}
		b.WriteString(" END")
	case *sql.Cast:
		if e.Try {
			b.WriteString("TRY_")
		}
		b.WriteString("CAST(")
		formatExpr(b, e.X, false)
		b.WriteString(" AS " + formatTypeName(e.Type) + ")")
	case *sql.FuncCall:
		formatCall(b, e)
	case *sql.TimeUnit:
		b.WriteString(e.Unit)
	case *sql.SubqueryExpr:
		b.WriteString("(subquery)")
	default:
		b.WriteString("?")
	}
}

func formatCall(b *strings.Builder, e *sql.FuncCall) {
	b.WriteString(e.Name + "(")
	if e.Distinct {
		b.WriteString("DISTINCT ")
	}
	switch {
	case e.Star:
		b.WriteByte('*')
	case (e.Name == "FLOOR" || e.Name == "CEIL") && len(e.Args) == 2:
		formatExpr(b, e.Args[0], false)
		b.WriteString(" TO ")
		formatExpr(b, e.Args[1], false)
	case e.Name == "EXTRACT" && len(e.Args) == 2:
		formatExpr(b, e.Args[0], false)
		b.WriteString(" FROM ")
		formatExpr(b, e.Args[1], false)
	default:
		formatList(b, e.Args)
	}
	b.WriteByte(')')
}

func formatTypeName(tn sql.TypeName) string {
	if t, err := TypeOf(tn); err == nil {
		return t.String()
	}
	return tn.Name
}

func not(b bool) string {
	if b {
		return "NOT "
	}
	return ""
}
