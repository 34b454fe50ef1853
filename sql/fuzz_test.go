package sql

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// FuzzParse checks that parsing never panics, that every error is a *Error
// positioned inside the source, and that SplitStatements agrees with the
// reference splitter on text without statement sets.
func FuzzParse(f *testing.F) {
	for _, cf := range corpusFiles(f) {
		text, err := os.ReadFile(cf.path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(string(text))
	}
	ddl, _ := filepath.Glob("testdata/ddl/*")
	errs, _ := filepath.Glob("testdata/errors/*")
	for _, path := range append(ddl, errs...) {
		text, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		for _, block := range strings.Split(string(text), "\n----\n") {
			f.Add(block)
		}
	}
	f.Fuzz(func(t *testing.T, text string) {
		src := &Source{Name: "fuzz.sql", Text: text}
		_, err := Parse(src)
		checkFuzzError(t, src, err)
		var rec spanRecorder
		stmts, err := parseSource(src, rec.parsers())
		checkFuzzError(t, src, err)
		for _, st := range stmts {
			if p := st.Position(); p.Src != src || p != PosAt(src, p.Offset) {
				t.Fatalf("statement %T has position %+v", st, p)
			}
			_ = dumpStatement(st, dumpSpanExpr, dumpSpanQuery)
		}
		got, gotComplete := SplitStatements(text)
		if strings.Contains(strings.ToUpper(text), "STATEMENT") {
			return // statement sets are beyond the reference splitter
		}
		want, wantComplete := refSplit(text)
		if !reflect.DeepEqual(got, want) || gotComplete != wantComplete {
			t.Fatalf("SplitStatements = %q, %v; reference %q, %v", got, gotComplete, want, wantComplete)
		}
	})
}

// checkFuzzError fails unless err is nil or a *Error at a valid position in
// src whose rendering does not panic.
func checkFuzzError(t *testing.T, src *Source, err error) {
	if err == nil {
		return
	}
	e, ok := err.(*Error)
	if !ok {
		t.Fatalf("error is %T, not *Error: %v", err, err)
	}
	p := e.Pos
	if p.Src != src || p.Offset < 0 || p.Offset > len(src.Text) || p != PosAt(src, p.Offset) {
		t.Fatalf("error %q has invalid position %+v", e.Msg, p)
	}
	_ = e.Error()
}
