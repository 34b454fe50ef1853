package fixturetest

import (
	"bytes"
	"context"
	"encoding/xml"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// updatingOutput feeds a collector an updating stream directly, as an
// updating operator (GROUP BY, a regular join) would, and returns what it
// recorded.
func updatingOutput(t *testing.T, alloc memory.Allocator, ks []string, ns []int64, kinds []executor.RowKind) *Output {
	t.Helper()
	eng := engine.New(engine.Options{Alloc: alloc})
	err := eng.LoadSource(&sql.Source{Name: "t.sql", Text: `CREATE TABLE per_key (k STRING, n BIGINT, c AS n + 1) WITH ('connector' = 'blackhole');`})
	if err != nil {
		t.Fatal(err)
	}
	tab, _ := eng.Catalog().Lookup("per_key")
	outputs := map[string]*Output{}
	fc := &fixtureConnectors{cat: eng.Catalog(), outputs: outputs}
	schema := arrow.NewSchema([]arrow.Field{{Name: "k", Type: arrow.BinaryTypes.String, Nullable: true}, {Name: "n", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil)
	sink, err := fc.NewSink(executor.SinkParams{Spec: &planner.SinkSpec{Table: tab}, Alloc: alloc, Schema: schema})
	if err != nil {
		t.Fatal(err)
	}
	cs, ok := sink.(executor.ChangelogSink)
	if !ok {
		t.Fatalf("the collector %T does not take updates", sink)
	}
	rb := array.NewRecordBuilder(alloc, schema)
	defer rb.Release()
	rb.Field(0).(*array.StringBuilder).AppendValues(ks, nil)
	rb.Field(1).(*array.Int64Builder).AppendValues(ns, nil)
	rec := rb.NewRecord()
	defer rec.Release()
	if err := cs.WriteChanges(rec, kinds); err != nil {
		t.Fatal(err)
	}
	if err := cs.Commit(); err != nil {
		t.Fatal(err)
	}
	if err := cs.Close(); err != nil {
		t.Fatal(err)
	}
	return outputs["per_key"]
}

const (
	ins = executor.RowInsert
	ub  = executor.RowUpdateBefore
	ua  = executor.RowUpdateAfter
	del = executor.RowDelete
)

func TestChangelogFinalState(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	out := updatingOutput(t, alloc,
		[]string{"a", "b", "a", "a", "b", "c"}, []int64{1, 1, 1, 2, 1, 5},
		[]executor.RowKind{ins, ins, ub, ua, del, ins})
	if len(out.Table.Fields) != 2 {
		t.Fatalf("the collector records %d columns; the computed column must not be one", len(out.Table.Fields))
	}
	dir := t.TempDir()
	rows := filepath.Join(dir, "per_key.jsonl")
	putFile(t, rows, "{\"k\": \"c\", \"n\": 5}\n\n{\"k\": \"a\", \"n\": \"2\"}\n")
	exp, err := loadExpected(alloc, out.Table, expectedFile{path: rows})
	if err != nil {
		t.Fatal(err)
	}
	if d := DiffRows("per_key", rows, exp, out.Changes()); d != "" {
		t.Errorf("final state differs:\n%s", d)
	}
	putFile(t, rows, "{\"k\": \"a\", \"n\": 1}\n{\"k\": \"c\", \"n\": 5}\n")
	exp, _ = loadExpected(alloc, out.Table, expectedFile{path: rows})
	mustContain(t, DiffRows("per_key", rows, exp, out.Changes()),
		"table per_key: 1 missing row, 1 unexpected row", rows+`:1  {"k": "a", "n": 1}`, `unexpected  {"k":"a","n":2}`)

	cl := filepath.Join(dir, "per_key.changelog.jsonl")
	exact := `{"op":"+I","row":{"k":"a","n":1}}
{"op":"+I","row":{"k":"b","n":1}}
{"op":"-U","row":{"k":"a","n":1}}
{"op":"+U","row":{"k":"a","n":2}}
{"op":"-D","row":{"k":"b","n":1}}
{"op":"+I","row":{"k":"c","n":5}}
`
	putFile(t, cl, exact)
	exp, err = loadExpected(alloc, out.Table, expectedFile{path: cl, changelog: true})
	if err != nil {
		t.Fatal(err)
	}
	if d := DiffChangelog("per_key", cl, exp, out.Changes()); d != "" {
		t.Errorf("changelog differs:\n%s", d)
	}
	putFile(t, cl, strings.Replace(exact, `"-U"`, `"-D"`, 1))
	exp, _ = loadExpected(alloc, out.Table, expectedFile{path: cl, changelog: true})
	mustContain(t, DiffChangelog("per_key", cl, exp, out.Changes()),
		"changelog differs at change #3 ("+cl+":3)", `expected    {"op":"-D","row":{"k":"a","n":1}}`, `actual      {"op":"-U","row":{"k":"a","n":1}}`)
	putFile(t, cl, exact+`{"op":"+I","row":{"k":"d","n":0}}`+"\n")
	exp, _ = loadExpected(alloc, out.Table, expectedFile{path: cl, changelog: true})
	mustContain(t, DiffChangelog("per_key", cl, exp, out.Changes()), "changelog has 6 changes", cl+`:7  {"op":"+I","row":{"k":"d","n":0}}`)
	putFile(t, cl, `{"op":"*U","row":{"k":"a","n":1}}`+"\n")
	if _, err := loadExpected(alloc, out.Table, expectedFile{path: cl, changelog: true}); err == nil || !strings.Contains(err.Error(), cl+":1: bad row kind") {
		t.Errorf("bad op: %v", err)
	}
}

func TestChangelogRetractingAbsentRowFails(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	out := updatingOutput(t, alloc, []string{"a", "a"}, []int64{1, 2}, []executor.RowKind{ins, ub})
	d := DiffRows("per_key", "expected/per_key.jsonl", nil, out.Changes())
	mustContain(t, d, `table per_key: change #2 {"op":"-U","row":{"k":"a","n":2}} retracts a row that is not there`)
	ef := &expectedFiles{dir: t.TempDir(), tables: map[string]expectedFile{}}
	if _, err := writeExpectations(alloc, ef, map[string]*Output{"per_key": out}); err == nil || !strings.Contains(err.Error(), "retracts a row") {
		t.Errorf("--update recorded the final state of a broken changelog: %v", err)
	}
}

func TestUpdateWritesFinalStateOfUpdates(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	out := updatingOutput(t, alloc, []string{"b", "a", "b", "b"}, []int64{1, 1, 1, 3}, []executor.RowKind{ins, ins, ub, ua})
	ef := &expectedFiles{dir: t.TempDir(), tables: map[string]expectedFile{}}
	done, err := writeExpectations(alloc, ef, map[string]*Output{"per_key": out})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(ef.dir, "per_key.jsonl")
	if len(done) != 1 || done[0] != "wrote "+path {
		t.Errorf("wrote %v", done)
	}
	if got, want := readFile(t, path), "{\"k\":\"a\",\"n\":1}\n{\"k\":\"b\",\"n\":3}\n"; got != want {
		t.Errorf("final state file %q, want %q", got, want)
	}
}

func TestJUnitReport(t *testing.T) {
	results := []Result{
		{Pipeline: Pipeline{Name: "w/ok"}, Passed: true, Duration: time.Millisecond, RowsIn: 3, RowsOut: 2},
		{Pipeline: Pipeline{Name: "w/bad"}, Failure: "table t: 1 missing row, 0 unexpected rows (e.jsonl)\n  missing     e.jsonl:1  {\"a\": \"<&>\"}\n"},
	}
	var buf bytes.Buffer
	if err := WriteJUnit(&buf, results); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Tests  int `xml:"tests,attr"`
		Failed int `xml:"failures,attr"`
		Suites []struct {
			Name   string `xml:"name,attr"`
			Tests  int    `xml:"tests,attr"`
			Failed int    `xml:"failures,attr"`
			Cases  []struct {
				Name    string `xml:"name,attr"`
				Failure *struct {
					Message string `xml:"message,attr"`
					Text    string `xml:",chardata"`
				} `xml:"failure"`
			} `xml:"testcase"`
		} `xml:"testsuite"`
	}
	if err := xml.Unmarshal(buf.Bytes(), &doc); err != nil {
		t.Fatalf("not well-formed: %v\n%s", err, buf.String())
	}
	if doc.Tests != 2 || doc.Failed != 1 || len(doc.Suites) != 1 {
		t.Fatalf("counts %d/%d, %d suites:\n%s", doc.Tests, doc.Failed, len(doc.Suites), buf.String())
	}
	s := doc.Suites[0]
	if s.Name != "streamsql test" || s.Tests != 2 || s.Failed != 1 || len(s.Cases) != 2 {
		t.Fatalf("suite %+v", s)
	}
	if s.Cases[0].Name != "w/ok" || s.Cases[0].Failure != nil {
		t.Errorf("passing case %+v", s.Cases[0])
	}
	f := s.Cases[1].Failure
	if f == nil || f.Message != "table t: 1 missing row, 0 unexpected rows (e.jsonl)" || f.Text != results[1].Failure {
		t.Errorf("failing case %+v", s.Cases[1])
	}
}

func TestTextReport(t *testing.T) {
	var buf bytes.Buffer
	r := RunPipeline(context.Background(), Config{}, Pipeline{Name: "empty", Dir: t.TempDir()})
	WriteResult(&buf, r, true)
	WriteSummary(&buf, []Result{r})
	mustContain(t, buf.String(), "FAIL  empty (", "    error: no *.sql file in", "FAIL: 1 pipeline, 0 passed, 1 failed\n")
}
