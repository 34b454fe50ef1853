package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// The table result mode materializes an updating result: retractions
// remove the rows they retract, so the view holds the current rows.
func TestLiveTableMaterializesUpdates(t *testing.T) {
	v := &liveTable{updating: true}
	k := []executor.RowKind{executor.RowInsert, executor.RowInsert, executor.RowUpdateBefore, executor.RowUpdateAfter, executor.RowDelete}
	rows := [][]string{{"a", "1"}, {"b", "1"}, {"a", "1"}, {"a", "2"}, {"b", "1"}}
	for i, r := range rows {
		v.apply(r, kindAt(k, i))
	}
	if len(v.view) != 1 || strings.Join(v.view[0], ",") != "a,2" {
		t.Fatalf("view = %v, want [[a 2]]", v.view)
	}
}

// Piped output of an updating result names each row's kind: a first
// "op" column in TSV, an "op" member in JSON lines.
func TestPipedOutputShowsRowKinds(t *testing.T) {
	var out bytes.Buffer
	s := &session{stdout: &out}
	fields := planner.Schema{{Name: "k", Type: catalog.Type{Kind: catalog.KindString}}}
	v := newTSVView(s, fields, true)
	if err := v.rows(nil, [][]string{{"a"}, {"a"}}, []executor.RowKind{executor.RowUpdateBefore, executor.RowUpdateAfter}); err != nil {
		t.Fatal(err)
	}
	if got, want := out.String(), "op\tk\n-U\ta\n+U\ta\n"; got != want {
		t.Errorf("tsv = %q, want %q", got, want)
	}
	got := string(withOps([]byte("{\"k\":\"a\"}\n{\"k\":\"b\"}\n"), []executor.RowKind{executor.RowInsert, executor.RowDelete}))
	if want := "{\"op\":\"+I\",\"row\":{\"k\":\"a\"}}\n{\"op\":\"-D\",\"row\":{\"k\":\"b\"}}\n"; got != want {
		t.Errorf("json = %q, want %q", got, want)
	}
}

// An updating query through the piped client: the changelog of a
// GROUP BY, each row with its kind, in TSV and JSON.
func TestREPLPipedUpdatingQuery(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "clicks.jsonl"), "{\"name\": \"ann\", \"n\": 1}\n{\"name\": \"bob\", \"n\": 2}\n{\"name\": \"ann\", \"n\": 3}\n")
	q := clicksDDL + "SELECT name, SUM(n) AS total FROM clicks GROUP BY name;\n"
	code, out, errs := runPiped(t, dir, q)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if want := "op\tname\ttotal\n+I\tann\t1\n+I\tbob\t2\n-U\tann\t1\n+U\tann\t4\n"; out != want {
		t.Errorf("tsv %q, want %q", out, want)
	}
	code, out, errs = runPiped(t, dir, q, "--output", "json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errs)
	}
	if !strings.Contains(out, `{"op":"-U","row":{"name":"ann","total":1}}`) || !strings.Contains(out, `{"op":"+U","row":{"name":"ann","total":4}}`) {
		t.Errorf("json lacks the update: %q", out)
	}
}
