package demo

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/apache/arrow/go/v17/arrow/memory"
	// The warehouse reads and writes Kafka topics.
	_ "github.com/streamsql/streamsql/connectors/kafka"
	"github.com/streamsql/streamsql/generator"
	"github.com/streamsql/streamsql/generator/adwarehouse"
	"github.com/streamsql/streamsql/internal/fixturetest"
)

// The demo runs the whole warehouse on the embedded broker over three
// minutes of generated events; its APP tables, read back from Kafka, must
// hold what a bounded run of the same layers over the same events, as
// files, computes: every advertiser's pacing row, and the ranking of every
// minute the demo's watermark has closed.
func TestDemoMatchesFileRun(t *testing.T) {
	t.Chdir("../..") // the warehouse's budget file is named from the root
	gen := adwarehouse.DefaultConfig()
	gen.Seed, gen.EventsPerSecond, gen.Duration, gen.Disorder = 5, 20, 3*time.Minute, 4*time.Second

	wantTop, wantPacing := fileRun(t, gen)
	if len(wantPacing) == 0 || len(wantTop) < 10 {
		t.Fatalf("the file run computed %d pacing and %d ranking rows; the data is too thin", len(wantPacing), len(wantTop))
	}

	// Live, at ten times the wall clock: the warehouse sees the events as
	// a stream, about as fast as they are produced.
	d, err := Start(context.Background(), Config{Dir: "queries/adwarehouse", Gen: gen, BatchSize: 64, Live: true, Clock: NewScaledClock(10)})
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var gotTop, gotPacing []string
	deadline := time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) && d.Err() == nil {
		top, pacing := d.All()
		gotTop, gotPacing = topLines(top), pacingLines(pacing)
		if d.Snapshot().GeneratorDone && reflect.DeepEqual(gotPacing, wantPacing) && windows(gotTop) >= 2 {
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
	if err := d.Err(); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(gotPacing, wantPacing) {
		t.Logf("counters: %v\nrows: %v", d.Snapshot().Counters, d.Snapshot().Rows)
		t.Errorf("pacing read back from Kafka:\n%s\nwant (file run):\n%s", strings.Join(gotPacing, "\n"), strings.Join(wantPacing, "\n"))
	}
	if windows(gotTop) < 2 {
		t.Fatalf("the demo closed %d minutes, want at least 2:\n%s", windows(gotTop), strings.Join(gotTop, "\n"))
	}
	fired := map[string]bool{}
	for _, l := range gotTop {
		fired[l[:strings.Index(l, " ")]] = true
	}
	var want []string
	for _, l := range wantTop {
		if fired[l[:strings.Index(l, " ")]] {
			want = append(want, l)
		}
	}
	if !reflect.DeepEqual(gotTop, want) {
		t.Errorf("top campaigns read back from Kafka:\n%s\nwant (file run):\n%s", strings.Join(gotTop, "\n"), strings.Join(want, "\n"))
	}
}

// fileRun generates the events into files and runs the warehouse's
// layers over them as bounded fixture runs, each layer reading what the
// one before wrote (in event-time order); it returns the APP rows.
func fileRun(t *testing.T, gen adwarehouse.Config) (top, pacing []string) {
	t.Helper()
	raw := t.TempDir()
	g, err := adwarehouse.New(gen)
	if err != nil {
		t.Fatal(err)
	}
	sink, err := generator.NewFileSink(raw, adwarehouse.Topics...)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := generator.Run(context.Background(), g, sink, generator.RunOptions{}); err != nil {
		t.Fatal(err)
	}
	wh := filepath.Join(t.TempDir(), "adwarehouse")
	copyTree(t, "queries/adwarehouse", wh)
	copyFile(t, filepath.Join(raw, "ad_shows.jsonl"), filepath.Join(wh, "dwd_shows/fixtures/ods_ad_shows.jsonl"))
	copyFile(t, filepath.Join(raw, "ad_clicks.jsonl"), filepath.Join(wh, "dwd_clicks/fixtures/ods_ad_clicks.jsonl"))
	copyFile(t, filepath.Join(raw, "ad_charges.jsonl"), filepath.Join(wh, "dwd_charges/fixtures/ods_ad_charges.jsonl"))
	copyFile(t, "queries/adwarehouse/data/advertiser_budget.jsonl", filepath.Join(wh, "app_advertiser_pacing/fixtures/dim_advertiser_budget.jsonl"))
	steps := []struct {
		layer, table string
		to           []string
	}{
		{"dwd_shows", "dwd_ad_shows", []string{"dwd_clicks"}},
		{"dwd_clicks", "dwd_ad_clicks", []string{"dwd_charges"}},
		{"dwd_charges", "dwd_ad_charges", []string{"app_top_campaigns", "app_advertiser_pacing"}},
		{"app_top_campaigns", "", nil},
		{"app_advertiser_pacing", "", nil},
	}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	for _, s := range steps {
		ps, err := fixturetest.Discover([]string{filepath.Dir(wh)}, nil)
		if err != nil {
			t.Fatal(err)
		}
		var p *fixturetest.Pipeline
		for i := range ps {
			if filepath.Base(ps[i].Dir) == s.layer {
				p = &ps[i]
			}
		}
		if p == nil {
			t.Fatalf("no pipeline %s", s.layer)
		}
		r := fixturetest.RunPipeline(context.Background(), fixturetest.Config{Alloc: alloc, Update: true, BatchSizes: []int{1024}}, *p)
		if !r.Passed {
			t.Fatalf("file run of %s: %s", s.layer, r.Failure)
		}
		for _, to := range s.to {
			sortByTime(t, filepath.Join(p.Dir, "expected", s.table+".jsonl"), filepath.Join(wh, to, "fixtures", s.table+".jsonl"))
		}
	}
	var topRows []TopRow
	for _, l := range readLines(t, filepath.Join(wh, "app_top_campaigns/expected/app_top_campaigns.jsonl")) {
		topRows = append(topRows, parseTop(t, l))
	}
	var pacingRows []PacingRow
	for _, l := range readLines(t, filepath.Join(wh, "app_advertiser_pacing/expected/app_advertiser_pacing.jsonl")) {
		pacingRows = append(pacingRows, parsePacing(t, l))
	}
	sort.Slice(topRows, func(i, j int) bool {
		if !topRows[i].WindowStart.Equal(topRows[j].WindowStart) {
			return topRows[i].WindowStart.Before(topRows[j].WindowStart)
		}
		return topRows[i].Rank < topRows[j].Rank
	})
	return topLines(topRows), pacingLines(pacingRows)
}

func parseTop(t *testing.T, line string) TopRow {
	var r struct {
		WindowStart  string      `json:"window_start"`
		WindowEnd    string      `json:"window_end"`
		Rn           int64       `json:"rn"`
		CampaignID   int64       `json:"campaign_id"`
		AdvertiserID int64       `json:"advertiser_id"`
		Clicks       int64       `json:"clicks"`
		Spend        json.Number `json:"spend"`
	}
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatal(err)
	}
	ts := func(s string) time.Time {
		v, err := time.Parse("2006-01-02 15:04:05.000", s)
		if err != nil {
			t.Fatal(err)
		}
		return v
	}
	return TopRow{WindowStart: ts(r.WindowStart), WindowEnd: ts(r.WindowEnd), Rank: r.Rn, CampaignID: r.CampaignID,
		AdvertiserID: r.AdvertiserID, Clicks: r.Clicks, Spend: r.Spend.String()}
}

func parsePacing(t *testing.T, line string) PacingRow {
	var r struct {
		AdvertiserID int64       `json:"advertiser_id"`
		Day          string      `json:"day"`
		Charges      int64       `json:"charges"`
		Spend        json.Number `json:"spend"`
		Budget       json.Number `json:"daily_budget"`
		Pacing       float64     `json:"pacing"`
		LastCharge   string      `json:"last_charge_id"`
	}
	if err := json.Unmarshal([]byte(line), &r); err != nil {
		t.Fatal(err)
	}
	return PacingRow{AdvertiserID: r.AdvertiserID, Day: r.Day, Charges: r.Charges, Spend: r.Spend.String(),
		Budget: r.Budget.String(), Pacing: r.Pacing, LastCharge: r.LastCharge}
}

// topLines renders rankings one per line, "window_start rank campaign
// advertiser clicks spend".
func topLines(rows []TopRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%s %d %d %d %d %s", r.WindowStart.Format("15:04"), r.Rank, r.CampaignID, r.AdvertiserID, r.Clicks, r.Spend))
	}
	return out
}

// pacingLines renders pacing rows sorted by advertiser. The last charge is
// left out: which of two charges of the same advertiser arrives last
// depends on how the Kafka partitions interleave.
func pacingLines(rows []PacingRow) []string {
	var out []string
	for _, r := range rows {
		out = append(out, fmt.Sprintf("%d %s %d %s %s %.6f", r.AdvertiserID, r.Day, r.Charges, r.Spend, r.Budget, r.Pacing))
	}
	sort.Strings(out)
	return out
}

func windows(lines []string) int {
	seen := map[string]bool{}
	for _, l := range lines {
		seen[l[:strings.Index(l, " ")]] = true
	}
	return len(seen)
}

func sortByTime(t *testing.T, from, to string) {
	t.Helper()
	lines := readLines(t, from)
	ts := func(l string) string {
		var r struct {
			Ts string `json:"ts"`
		}
		if err := json.Unmarshal([]byte(l), &r); err != nil {
			t.Fatal(err)
		}
		return r.Ts
	}
	sort.SliceStable(lines, func(i, j int) bool {
		if a, b := ts(lines[i]), ts(lines[j]); a != b {
			return a < b
		}
		return lines[i] < lines[j]
	})
	writeFile(t, to, strings.Join(lines, "\n")+"\n")
}

func readLines(t *testing.T, path string) []string {
	t.Helper()
	data, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) != "" {
			out = append(out, l)
		}
	}
	return out
}

func copyTree(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		copyFile(t, p, filepath.Join(to, rel))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	writeFile(t, to, string(data))
}

func writeFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}
