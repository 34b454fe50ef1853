package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestWarehouseFixtures runs `streamsql test queries/`: every layer of the
// reference warehouse must give its expected rows from its fixtures.
func TestWarehouseFixtures(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, context.Background(), root, "test", "queries/")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, layer := range []string{"dwd_shows", "dwd_clicks", "dwd_charges", "dws_ad_minute", "dws_campaign_cumulative", "app_top_campaigns", "app_advertiser_pacing"} {
		if !strings.Contains(stdout, "PASS  queries/adwarehouse/"+layer+" ") {
			t.Errorf("layer %s did not pass:\n%s", layer, stdout)
		}
	}
}

// A wrong expectation fails the layer with a diff naming the expected
// row's file and line and the row the layer wrote instead.
func TestWarehouseWrongExpectation(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	wh := filepath.Join(dir, "adwarehouse")
	copyDir(t, filepath.Join(root, "queries/adwarehouse/catalog.sql"), filepath.Join(wh, "catalog.sql"))
	copyDir(t, filepath.Join(root, "queries/adwarehouse/app_advertiser_pacing"), filepath.Join(wh, "app_advertiser_pacing"))
	exp := filepath.Join(wh, "app_advertiser_pacing/expected/app_advertiser_pacing.jsonl")
	data, err := os.ReadFile(exp)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(string(data), "\n")
	wrong := strings.Replace(lines[1], `"charges":1,`, `"charges":2,`, 1)
	if wrong == lines[1] {
		t.Fatalf("line 2 of %s has no \"charges\":1: %s", exp, lines[1])
	}
	lines[1] = wrong
	writeFile(t, exp, strings.Join(lines, "\n"))

	code, stdout, stderr := runCLI(t, context.Background(), dir, "test", ".")
	if code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"FAIL", "app_advertiser_pacing.jsonl:2", `"charges":2`, `"charges":1`} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
}

// copyDir copies a file or a directory tree.
func copyDir(t *testing.T, from, to string) {
	t.Helper()
	err := filepath.Walk(from, func(p string, info os.FileInfo, err error) error {
		if err != nil || info.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(from, p)
		data, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		writeFile(t, filepath.Join(to, rel), string(data))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}
