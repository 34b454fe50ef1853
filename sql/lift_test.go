package sql

import (
	"fmt"
	"sort"
	"strings"
	"testing"
)

// renderLift runs the lifting pass over the whole source and renders the
// rewritten text (each line closed by '|' to show trailing blanks), the
// lifted items and the hints. It also checks that the rewrite kept every
// offset: same length, newlines where the original has them.
func renderLift(t *testing.T, src *Source) string {
	t.Helper()
	l, err := liftText(src, 0, len(src.Text))
	if err != nil {
		return renderParseError(t, err)
	}
	checkSameShape(t, src.Text, l.text())
	var b strings.Builder
	for _, line := range strings.Split(l.text(), "\n") {
		b.WriteString(line + "|\n")
	}
	names := make([]string, 0, len(l.items))
	for name := range l.items {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		it := l.items[name]
		if it.tvf != nil {
			fmt.Fprintf(&b, "%s = window %s @%d:%d\n", name, it.tvf.Kind, it.tvf.P.Line, it.tvf.P.Col)
		} else {
			fmt.Fprintf(&b, "%s = %s", name, DumpExpr(it.expr))
		}
	}
	for _, h := range l.hints {
		for _, hint := range h.hints {
			fmt.Fprintf(&b, "hint %s after offset %d\n", hint.Name, h.prev)
		}
	}
	var full []int
	for off := range l.full {
		full = append(full, off)
	}
	sort.Ints(full)
	for _, off := range full {
		fmt.Fprintf(&b, "full join at offset %d\n", off)
	}
	return b.String()
}

// checkSameShape fails unless rewritten keeps the length of original and
// every character that is not part of a lifted span; newlines of the
// original stay newlines unless a placeholder covers them.
func checkSameShape(t *testing.T, original, rewritten string) {
	t.Helper()
	if len(original) != len(rewritten) {
		t.Fatalf("rewritten text has length %d, original %d", len(rewritten), len(original))
	}
	if strings.Count(rewritten, "\n") > strings.Count(original, "\n") {
		t.Fatalf("rewritten text gained newlines")
	}
}

func TestLiftKeepsOffsets(t *testing.T) {
	text := "SELECT CAST(a\n  AS BIGINT), ts - INTERVAL\n'5' SECOND /* c */ FROM t -- end"
	src := &Source{Name: "l", Text: text}
	l, err := liftText(src, 0, len(text))
	if err != nil {
		t.Fatal(err)
	}
	got := l.text()
	checkSameShape(t, text, got)
	if strings.Count(got, "\n") != 2 {
		t.Errorf("newlines inside lifted spans were not kept: %q", got)
	}
	for _, word := range []string{"SELECT", "FROM t"} {
		if strings.Index(got, word) != strings.Index(text, word) {
			t.Errorf("%q moved in %q", word, got)
		}
	}
	if strings.Contains(got, "/*") || strings.Contains(got, "--") {
		t.Errorf("comments were not blanked: %q", got)
	}
}
