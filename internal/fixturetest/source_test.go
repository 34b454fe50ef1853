package fixturetest

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

func TestFixtureMetadataColumnsAndComputedTime(t *testing.T) {
	root := t.TempDir()
	putFile(t, filepath.Join(root, "p", "p.sql"), `
CREATE TABLE src (
  id BIGINT,
  event_time TIMESTAMP_LTZ(3) METADATA FROM 'timestamp',
  part INT METADATA FROM 'partition' VIRTUAL,
  ts AS CAST(event_time AS TIMESTAMP(3)),
  WATERMARK FOR ts AS ts - INTERVAL '1' SECOND
) WITH ('connector' = 'kafka', 'topic' = 't', 'properties.bootstrap.servers' = 'k:9092', 'format' = 'json');
CREATE TABLE dst (id BIGINT, part INT, ts TIMESTAMP(3)) WITH ('connector' = 'print');
INSERT INTO dst SELECT id, part, ts FROM src;`)
	putFile(t, filepath.Join(root, "p", "fixtures", "src.jsonl"), `{"id": 1, "event_time": "2024-01-01 00:00:01.000", "part": 3}`+"\n")
	putFile(t, filepath.Join(root, "p", "expected", "dst.jsonl"), `{"id": 1, "part": 3, "ts": "2024-01-01 00:00:01.000"}`+"\n")
	if r := runAll(t, root, "", false)["p"]; !r.Passed {
		t.Errorf("metadata columns from the fixture:\n%s", r.Failure)
	}
}

func TestFixtureDirectoryIsOneSplitPerFile(t *testing.T) {
	root := copyTree(t)
	fx := filepath.Join(root, "dwd_clicks", "fixtures")
	lines := strings.SplitAfter(readFile(t, filepath.Join(fx, "ods_clicks.jsonl")), "\n")
	putFile(t, filepath.Join(fx, "ods_clicks", "p0.jsonl"), strings.Join(lines[:2], ""))
	putFile(t, filepath.Join(fx, "ods_clicks", "p1.jsonl"), strings.Join(lines[2:], ""))
	r := runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, "table 'ods_clicks' has two fixtures")
	if err := os.Remove(filepath.Join(fx, "ods_clicks.jsonl")); err != nil {
		t.Fatal(err)
	}
	if r := runAll(t, root, "dwd_clicks", false)["dwd_clicks"]; !r.Passed || r.RowsIn != 4 {
		t.Errorf("fixture directory: %d rows in\n%s", r.RowsIn, r.Failure)
	}
}

// recordingOutput keeps what a source emits.
type recordingOutput struct {
	recs   []arrow.Record
	splits []string
}

func (o *recordingOutput) AddSplit(_ executor.SplitID, name string) {
	o.splits = append(o.splits, name)
}
func (o *recordingOutput) SplitDone(executor.SplitID) {}
func (o *recordingOutput) Emit(_ executor.SplitID, rec arrow.Record) error {
	o.recs = append(o.recs, rec)
	return nil
}

func TestFixtureOfUpsertStreamCarriesKinds(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	eng := engine.New(engine.Options{Alloc: alloc})
	if err := eng.LoadSource(&sql.Source{Name: "t.sql", Text: `CREATE TABLE u (k STRING, v BIGINT) WITH ('connector' = 'filesystem', 'path' = '/x', 'format' = 'json');`}); err != nil {
		t.Fatal(err)
	}
	tab, _ := eng.Catalog().Lookup("u")
	schema, err := executor.TableSchema(tab, []int{0, 1})
	if err != nil {
		t.Fatal(err)
	}
	fx := filepath.Join(t.TempDir(), "u.jsonl")
	putFile(t, fx, `{"k": "a", "v": 1}
---
{"op": "-D", "row": {"k": "a"}}
{"k": "b", "v": 2}
`)
	src, err := newFixtureSource(executor.SourceParams{Spec: &planner.SourceSpec{Table: tab, Columns: []int{0, 1}},
		Alloc: alloc, BatchSize: 1024, Schema: executor.WithRowKind(schema)}, []string{fx})
	if err != nil {
		t.Fatal(err)
	}
	var out recordingOutput
	if err := src.Run(context.Background(), &out); err != nil {
		t.Fatal(err)
	}
	if err := src.Close(); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, rec := range out.recs {
		kinds := executor.RowKinds(rec)
		for i := 0; i < int(rec.NumRows()); i++ {
			got = append(got, fmt.Sprintf("%s %v %v", executor.KindAt(kinds, i), rec.Column(0).ValueStr(i), rec.Column(1).ValueStr(i)))
		}
		rec.Release()
	}
	want := []string{"+U a 1", "-D a (null)", "+U b 2"}
	if len(out.recs) != 2 || !reflect.DeepEqual(got, want) {
		t.Errorf("%d batches %q, want 2 batches %q", len(out.recs), got, want)
	}
	if !reflect.DeepEqual(out.splits, []string{fx}) {
		t.Errorf("splits %v", out.splits)
	}
}
