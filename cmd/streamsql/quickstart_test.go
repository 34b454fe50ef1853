package main

import (
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"
	"time"
)

// TestQuickstartPerMinute runs the DWS quick-start layer and checks every
// per-minute row against an aggregation computed here from the input file.
func TestQuickstartPerMinute(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join(root, "queries/quickstart/data/clicks.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, context.Background(), root, "run", "queries/quickstart/clicks_per_minute.sql")
	if code != 0 {
		t.Fatalf("exit %d\n%s", code, stderr)
	}

	type group struct {
		clicks int
		cents  int64
		users  map[int64]bool
	}
	groups := map[string]*group{}
	for _, line := range strings.Split(strings.TrimSpace(string(data)), "\n") {
		var r struct {
			UserID *int64   `json:"user_id"`
			Price  *float64 `json:"price"`
			City   *string  `json:"city"`
			TS     string   `json:"ts"`
		}
		if json.Unmarshal([]byte(line), &r) != nil || r.Price == nil || *r.Price <= 0 {
			continue
		}
		ts, err := time.Parse("2006-01-02 15:04:05.999", r.TS)
		if err != nil {
			t.Fatalf("fixture timestamp %q: %v", r.TS, err)
		}
		city := "UNKNOWN"
		if r.City != nil {
			city = strings.ToUpper(*r.City)
		}
		key := ts.Truncate(time.Minute).Format("2006-01-02 15:04:05.000") + ", " + city
		g := groups[key]
		if g == nil {
			g = &group{users: map[int64]bool{}}
			groups[key] = g
		}
		g.clicks++
		g.cents += int64(*r.Price*100 + 0.5)
		if r.UserID != nil {
			g.users[*r.UserID] = true
		}
	}
	var want []string
	for k, g := range groups {
		want = append(want, fmt.Sprintf("dws> +I[%s, %d, %d.%02d, %d]", k, g.clicks, g.cents/100, g.cents%100, len(g.users)))
	}
	sort.Strings(want)
	got := strings.Split(strings.TrimSpace(stdout), "\n")
	sort.Strings(got)
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("per-minute rows:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}
