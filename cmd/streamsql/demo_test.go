package main

import (
	"context"
	"path/filepath"
	"strings"
	"testing"
)

// `streamsql demo --duration` runs the warehouse live and ends with its
// figures; bad flags are usage errors.
func TestDemoCommand(t *testing.T) {
	root, err := filepath.Abs("../..")
	if err != nil {
		t.Fatal(err)
	}
	code, stdout, stderr := runCLI(t, context.Background(), root, "demo", "--duration", "3s", "--rate", "300")
	if code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout, stderr)
	}
	for _, want := range []string{"streamsql demo ran", "generated ", "dwd_ad_shows", "Spend pacing today"} {
		if !strings.Contains(stdout, want) {
			t.Errorf("output lacks %q:\n%s", want, stdout)
		}
	}
	for _, args := range [][]string{{"demo", "--rate", "0"}, {"demo", "extra"}, {"demo", "--nope"}} {
		if code, _, _ := runCLI(t, context.Background(), root, args...); code != 2 {
			t.Errorf("%v: exit %d, want 2", args, code)
		}
	}
	if code, _, stderr := runCLI(t, context.Background(), root, "demo", "--dir", "nowhere", "--duration", "1s"); code != 1 || !strings.Contains(stderr, "no warehouse in nowhere") {
		t.Errorf("missing warehouse: exit %d, %q", code, stderr)
	}
}
