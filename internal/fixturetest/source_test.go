package fixturetest

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
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
