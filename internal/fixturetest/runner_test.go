package fixturetest

import (
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

func TestExamplesPass(t *testing.T) {
	res := runAll(t, examples, "", false)
	for name, r := range res {
		if !r.Passed {
			t.Errorf("%s failed:\n%s", name, r.Failure)
		}
	}
	if len(res) != 4 {
		t.Errorf("ran %d pipelines, want 4", len(res))
	}
	if got := res["dwd_orders"].Skipped; got != 2 {
		t.Errorf("dwd_orders skipped %d malformed lines, want 2", got)
	}
	if r := res["dws_ad_minute"]; r.RowsIn != 7 || r.RowsOut != 5 {
		t.Errorf("dws_ad_minute: %d rows in, %d out; want 7 and 5 (4 windows, 1 late row)", r.RowsIn, r.RowsOut)
	}
}

func TestDiscoverOrdersSQLParentsFirst(t *testing.T) {
	ps, err := Discover([]string{examples}, nil)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, p := range ps {
		names = append(names, p.Name)
	}
	want := []string{examples + "/dwd_bad", examples + "/dwd_clicks", examples + "/dwd_orders", examples + "/dws_ad_minute"}
	if !reflect.DeepEqual(names, want) {
		t.Fatalf("pipelines %v, want %v", names, want)
	}
	files := ps[1].SQLFiles
	wantFiles := []string{filepath.Join(examples, "catalog.sql"), filepath.Join(examples, "dwd_clicks", "dwd_clicks.sql")}
	if !reflect.DeepEqual(files, wantFiles) {
		t.Errorf("SQL files %v, want %v", files, wantFiles)
	}
}

func TestWrongExpectationsReportDiff(t *testing.T) {
	root := copyTree(t)
	exp := filepath.Join(root, "dwd_clicks", "expected", "dwd_clicks.jsonl")
	putFile(t, exp, `{"click_id": 1, "user_id": 10, "ad_id": 7, "price_cents": 101, "city": "BERLIN", "ts": "2024-05-01 10:00:05.000"}
{"click_id": 4, "user_id": 10, "ad_id": 8, "price_cents": 50, "city": "PARIS", "ts": "2024-05-01 10:00:09.000"}
{"click_id": 4, "user_id": 10, "ad_id": 8, "price_cents": 50, "city": "PARIS", "ts": "2024-05-01 10:00:09.000"}
`)
	r := runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	if r.Passed {
		t.Fatal("passed with wrong expectations")
	}
	mustContain(t, r.Failure,
		"table dwd_clicks: 2 missing rows, 1 unexpected row ("+exp+")",
		"  missing     "+exp+`:1  {"click_id": 1, "user_id": 10, "ad_id": 7, "price_cents": 101,`,
		// The duplicate is missing once: rows compare as a multiset.
		"  missing     "+exp+`:3  {"click_id": 4,`,
		`  unexpected  {"click_id":1,"user_id":10,"ad_id":7,"price_cents":100,"city":"BERLIN","ts":"2024-05-01 10:00:05.000"}`)
	if strings.Contains(r.Failure, exp+":2") {
		t.Errorf("line 2 matches a row but is reported:\n%s", r.Failure)
	}
	if strings.Contains(r.Failure, "batch size") {
		t.Errorf("the same diff at every batch size is reported per size:\n%s", r.Failure)
	}
}

func TestUpdateRewritesThenPasses(t *testing.T) {
	root := copyTree(t)
	dir := filepath.Join(root, "dws_ad_minute", "expected")
	putFile(t, filepath.Join(dir, "dws_ad_minute.jsonl"), `{"window_start": "2024-05-01 10:00:00.000", "window_end": "2024-05-01 10:01:00.000", "ad_id": 7, "clicks": 99, "spend": 3.5}`+"\n")
	if err := os.Remove(filepath.Join(dir, "late_clicks.jsonl")); err != nil {
		t.Fatal(err)
	}
	putFile(t, filepath.Join(dir, "ods_clicks.jsonl"), "")
	if r := runAll(t, root, "dws_ad_minute", false)["dws_ad_minute"]; r.Passed {
		t.Fatal("passed with a wrong, a missing and a stale expectation")
	} else {
		mustContain(t, r.Failure, "no expectation for table late_clicks: write "+filepath.Join(dir, "late_clicks.jsonl")+" or run with --update",
			filepath.Join(dir, "ods_clicks.jsonl")+": the pipeline does not write table ods_clicks")
	}
	r := runAll(t, root, "dws_ad_minute", true)["dws_ad_minute"]
	if !r.Passed {
		t.Fatalf("--update did not pass:\n%s", r.Failure)
	}
	want := []string{"wrote " + filepath.Join(dir, "dws_ad_minute.jsonl"), "wrote " + filepath.Join(dir, "late_clicks.jsonl"), "removed " + filepath.Join(dir, "ods_clicks.jsonl")}
	if !reflect.DeepEqual(r.Updated, want) {
		t.Errorf("updated %v, want %v", r.Updated, want)
	}
	got := readFile(t, filepath.Join(dir, "dws_ad_minute.jsonl"))
	wantRows := `{"window_start":"2024-05-01 10:00:00.000","window_end":"2024-05-01 10:01:00.000","ad_id":7,"clicks":2,"spend":3.50}
{"window_start":"2024-05-01 10:00:00.000","window_end":"2024-05-01 10:01:00.000","ad_id":8,"clicks":1,"spend":0.50}
{"window_start":"2024-05-01 10:01:00.000","window_end":"2024-05-01 10:02:00.000","ad_id":7,"clicks":1,"spend":1.25}
{"window_start":"2024-05-01 10:02:00.000","window_end":"2024-05-01 10:03:00.000","ad_id":8,"clicks":2,"spend":3.75}
`
	if got != wantRows {
		t.Errorf("rewritten expectation:\n%s\nwant (sorted, canonical):\n%s", got, wantRows)
	}
	if r := runAll(t, root, "dws_ad_minute", false)["dws_ad_minute"]; !r.Passed {
		t.Errorf("fails after --update:\n%s", r.Failure)
	}
	// A second update finds nothing to change and keeps files as written.
	if r := runAll(t, root, "", true); len(r["dwd_clicks"].Updated) != 0 || len(r["dws_ad_minute"].Updated) != 0 {
		t.Errorf("a passing pipeline was rewritten: %v %v", r["dwd_clicks"].Updated, r["dws_ad_minute"].Updated)
	}
}

func TestUpdateKeepsChangelogFiles(t *testing.T) {
	root := copyTree(t)
	dir := filepath.Join(root, "dwd_clicks", "expected")
	if err := os.Remove(filepath.Join(dir, "dwd_clicks.jsonl")); err != nil {
		t.Fatal(err)
	}
	cl := filepath.Join(dir, "dwd_clicks.changelog.jsonl")
	putFile(t, cl, `{"op":"+I","row":{"click_id": 4, "user_id": 10, "ad_id": 8, "price_cents": 50, "city": "PARIS", "ts": "2024-05-01 10:00:09.000"}}
{"op":"+I","row":{"click_id": 1, "user_id": 10, "ad_id": 7, "price_cents": 100, "city": "BERLIN", "ts": "2024-05-01 10:00:05.000"}}
`)
	r := runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, "table dwd_clicks: changelog differs at change #1 ("+cl+":1)",
		`  expected    {"op":"+I","row":{"click_id":4,`,
		`  actual      {"op":"+I","row":{"click_id":1,`)
	if r := runAll(t, root, "dwd_clicks", true)["dwd_clicks"]; !r.Passed {
		t.Fatalf("--update did not pass:\n%s", r.Failure)
	}
	want := `{"op":"+I","row":{"click_id":1,"user_id":10,"ad_id":7,"price_cents":100,"city":"BERLIN","ts":"2024-05-01 10:00:05.000"}}
{"op":"+I","row":{"click_id":4,"user_id":10,"ad_id":8,"price_cents":50,"city":"PARIS","ts":"2024-05-01 10:00:09.000"}}
`
	if got := readFile(t, cl); got != want {
		t.Errorf("changelog file:\n%s\nwant:\n%s", got, want)
	}
	if _, err := os.Stat(filepath.Join(dir, "dwd_clicks.jsonl")); err == nil {
		t.Error("--update wrote a .jsonl next to the .changelog.jsonl")
	}
}

func TestBatchSizeDependenceFails(t *testing.T) {
	root := copyTree(t)
	fx := filepath.Join(root, "dws_ad_minute", "fixtures", "ods_clicks.jsonl")
	putFile(t, fx, strings.Replace(readFile(t, fx), "---\n", "", 1))
	r := runAll(t, root, "dws_ad_minute", false)["dws_ad_minute"]
	if r.Passed {
		t.Fatal("passed although the late row is late only at batch size 1")
	}
	mustContain(t, r.Failure, "the result depends on the batch size", "at batch size 1024:\n", "at batch size 1: as expected",
		`unexpected  {"window_start":"2024-05-01 10:00:00.000","window_end":"2024-05-01 10:01:00.000","ad_id":7,"clicks":3,"spend":13.49}`)
}

func TestFixtureProblems(t *testing.T) {
	root := copyTree(t)
	fx := filepath.Join(root, "dwd_clicks", "fixtures", "ods_clicks.jsonl")
	putFile(t, fx, readFile(t, fx)+"{\"click_id\": \"x\"}\n")
	r := runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, "error: ", fx+":5: field 'click_id': cannot parse")

	if err := os.Remove(fx); err != nil {
		t.Fatal(err)
	}
	r = runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, "no fixture for source table 'ods_clicks': write "+fx)
}

func TestExpectationFileProblems(t *testing.T) {
	root := copyTree(t)
	exp := filepath.Join(root, "dwd_clicks", "expected", "dwd_clicks.jsonl")
	putFile(t, exp, `{"click_id": 1, "user": 10}`+"\n")
	r := runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, exp+":1: table 'dwd_clicks' has no column 'user'")
	putFile(t, exp, `{"click_id": 1}`+"\n")
	r = runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, exp+":1: field 'user_id' is missing")
	putFile(t, filepath.Join(root, "dwd_clicks", "expected", "error.txt"), "boom\n")
	r = runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, "expects the pipeline to fail; remove it or the row expectations next to it")
}

func TestExpectedErrorMismatch(t *testing.T) {
	root := copyTree(t)
	errFile := filepath.Join(root, "dwd_bad", "expected", "error.txt")
	putFile(t, errFile, "some other error\n")
	r := runAll(t, root, "dwd_bad", false)["dwd_bad"]
	mustContain(t, r.Failure, `expected an error containing "some other error"`, "dwd_bad.sql:5:18: column `usr_id` not found")

	r = runAll(t, root, "dwd_bad", true)["dwd_bad"]
	if !r.Passed {
		t.Fatalf("--update did not record the error:\n%s", r.Failure)
	}
	mustContain(t, readFile(t, errFile), "dwd_bad.sql:5:18: column `usr_id` not found in table `ods_clicks`")

	// A pipeline that succeeds where an error is expected fails.
	putFile(t, filepath.Join(root, "dwd_clicks", "expected", "error.txt"), "boom\n")
	if err := os.Remove(filepath.Join(root, "dwd_clicks", "expected", "dwd_clicks.jsonl")); err != nil {
		t.Fatal(err)
	}
	r = runAll(t, root, "dwd_clicks", false)["dwd_clicks"]
	mustContain(t, r.Failure, `expected an error containing "boom"`, "but the pipeline succeeded")
}
