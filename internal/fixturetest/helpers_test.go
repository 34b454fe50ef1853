package fixturetest

import (
	"context"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	// The example catalog reads Kafka topics; the connector must be
	// registered for CREATE TABLE to validate them.
	_ "github.com/streamsql/streamsql/connectors/kafka"
)

const examples = "testdata/adwarehouse"

// copyTree copies the example warehouse into a temporary directory, so a
// test can break it.
func copyTree(t *testing.T) string {
	t.Helper()
	dst := filepath.Join(t.TempDir(), "adwarehouse")
	err := filepath.WalkDir(examples, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		rel, _ := filepath.Rel(examples, path)
		target := filepath.Join(dst, rel)
		if d.IsDir() {
			return os.MkdirAll(target, 0o755)
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		return os.WriteFile(target, data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
	return dst
}

// runAll runs every pipeline under root whose name matches run, with a
// checked allocator that must end empty.
func runAll(t *testing.T, root, run string, update bool) map[string]Result {
	t.Helper()
	var re *regexp.Regexp
	if run != "" {
		re = regexp.MustCompile(run)
	}
	ps, err := Discover([]string{root}, re)
	if err != nil {
		t.Fatal(err)
	}
	if len(ps) == 0 {
		t.Fatalf("no pipelines under %s matching %q", root, run)
	}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	out := map[string]Result{}
	for _, p := range ps {
		r := RunPipeline(context.Background(), Config{Alloc: alloc, Update: update}, p)
		out[filepath.Base(p.Dir)] = r
	}
	return out
}

func putFile(t *testing.T, path, text string) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
}

func readFile(t *testing.T, path string) string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// mustContain fails unless s contains every one of want.
func mustContain(t *testing.T, s string, want ...string) {
	t.Helper()
	for _, w := range want {
		if !strings.Contains(s, w) {
			t.Errorf("missing %q in:\n%s", w, s)
		}
	}
}
