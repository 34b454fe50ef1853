package main

import (
	"bytes"
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
