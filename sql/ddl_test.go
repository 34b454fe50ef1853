package sql

import (
	"strings"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// spanRecorder stands in for the query and expression parsers so that the
// statement layer can be tested on its own: it returns a string literal (or
// a one-row VALUES) holding the exact span of text it was handed.
type spanRecorder struct {
	spans []string
}

func (r *spanRecorder) parsers() spanParsers {
	return spanParsers{
		query: func(src *Source, start, end int) (Query, error) {
			text := src.Text[start:end]
			r.spans = append(r.spans, text)
			lit := &Literal{Node: Node{P: PosAt(src, start)}, Kind: LitString, Text: text}
			return &Values{Node: lit.Node, Rows: [][]Expr{{lit}}}, nil
		},
		expr: func(src *Source, start, end int) (Expr, error) {
			text := src.Text[start:end]
			r.spans = append(r.spans, text)
			return &Literal{Node: Node{P: PosAt(src, start)}, Kind: LitString, Text: text}, nil
		},
	}
}

// dumpSpanExpr renders an expression made by spanRecorder.
func dumpSpanExpr(e Expr) string {
	lit, ok := e.(*Literal)
	if !ok {
		return "<unexpected expression>"
	}
	return "expr " + posLabel(lit.P) + " {" + lit.Text + "}"
}

// dumpSpanQuery renders a query made by spanRecorder.
func dumpSpanQuery(q Query) string {
	v, ok := q.(*Values)
	if !ok || len(v.Rows) != 1 || len(v.Rows[0]) != 1 {
		return "<unexpected query>"
	}
	lit := v.Rows[0][0].(*Literal)
	return "query " + posLabel(lit.P) + " {" + lit.Text + "}"
}

func posLabel(p Pos) string { return (&stmtDumper{}).posText(p) }

// runParseCommand parses td.Input as the file "test.sql" with the span
// recorder and renders the statements or the error.
func runParseCommand(t *testing.T, td *datadriven.TestData) string {
	var rec spanRecorder
	src := &Source{Name: "test.sql", Text: td.Input}
	stmts, err := parseSource(src, rec.parsers())
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error is %T, not *Error: %v", err, err)
		}
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	for _, st := range stmts {
		b.WriteString(dumpStatement(st, dumpSpanExpr, dumpSpanQuery))
	}
	if b.Len() == 0 {
		return "(no statements)\n"
	}
	return b.String()
}

// runFullCommand parses td.Input with Parse, the complete front end, and
// renders the statements with Dump or the error.
func runFullCommand(t *testing.T, td *datadriven.TestData) string {
	stmts, err := ParseString("test.sql", td.Input)
	if err != nil {
		if _, ok := err.(*Error); !ok {
			t.Fatalf("error is %T, not *Error: %v", err, err)
		}
		return "error: " + err.Error() + "\n"
	}
	var b strings.Builder
	for _, st := range stmts {
		b.WriteString(Dump(st))
	}
	return b.String()
}

// runSplitCommand renders SplitStatements of td.Input.
func runSplitCommand(td *datadriven.TestData) string {
	stmts, complete := SplitStatements(td.Input)
	var b strings.Builder
	for _, s := range stmts {
		b.WriteString("{" + s + "}\n")
	}
	if complete {
		b.WriteString("complete\n")
	} else {
		b.WriteString("incomplete\n")
	}
	return b.String()
}

// TestDDL runs the statement-layer golden files: `parse` dumps the parsed
// statements (or the rendered error) with queries and expressions shown as
// the text spans handed to their parsers, `full` dumps them as parsed by
// the complete front end, `split` shows SplitStatements.
func TestDDL(t *testing.T) {
	for _, dir := range []string{"testdata/ddl", "testdata/errors"} {
		datadriven.Walk(t, dir, func(t *testing.T, path string) {
			datadriven.RunTest(t, path, func(t *testing.T, td *datadriven.TestData) string {
				switch td.Cmd {
				case "parse":
					return runParseCommand(t, td)
				case "split":
					return runSplitCommand(td)
				case "full":
					return runFullCommand(t, td)
				}
				t.Fatalf("unknown command %q", td.Cmd)
				return ""
			})
		})
	}
}
