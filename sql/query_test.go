package sql

import (
	"errors"
	"testing"

	"github.com/cockroachdb/datadriven"
)

// TestQueries runs the golden files in testdata/queries. Commands:
//
//	query: parse the input as a query and print DumpQuery or the error
//	expr:  parse the input as one expression and print DumpExpr or the error
//	lift:  run only the lifting pass and print the rewritten text
func TestQueries(t *testing.T) {
	datadriven.Walk(t, "testdata/queries", func(t *testing.T, path string) {
		datadriven.RunTest(t, path, func(t *testing.T, d *datadriven.TestData) string {
			src := &Source{Name: "test.sql", Text: d.Input}
			switch d.Cmd {
			case "query":
				q, err := parseQueryText(src, 0, len(src.Text))
				if err != nil {
					return renderParseError(t, err)
				}
				return DumpQuery(q)
			case "lift":
				return renderLift(t, src)
			case "expr":
				e, err := parseExprText(src, 0, len(src.Text))
				if err != nil {
					return renderParseError(t, err)
				}
				return DumpExpr(e)
			}
			t.Fatalf("unknown command %q", d.Cmd)
			return ""
		})
	})
}

// renderParseError checks that err is a positioned *Error and renders it.
func renderParseError(t *testing.T, err error) string {
	t.Helper()
	var perr *Error
	if !errors.As(err, &perr) {
		t.Fatalf("error is %T, not *Error: %v", err, err)
	}
	if !perr.Pos.IsValid() {
		t.Fatalf("error without a position: %v", err)
	}
	return "error: " + perr.Error() + "\n"
}
