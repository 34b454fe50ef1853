package fixturetest

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// writeExpectations records outputs as the expectation files of ef's
// directory: a table keeps its kind of file (.changelog.jsonl when one
// exists, else .jsonl, sorted); files that already match are left as
// written; expectations of tables not written are removed. It returns
// what it wrote and removed.
func writeExpectations(alloc memory.Allocator, ef *expectedFiles, outputs map[string]*Output) ([]string, error) {
	var done []string
	for _, name := range sortedKeys(outputs) {
		out := outputs[name]
		f, ok := ef.tables[name]
		if !ok {
			f = expectedFile{path: filepath.Join(ef.dir, name+RowsSuffix)}
		} else if matches(alloc, out, f) {
			continue
		}
		changes := out.Changes()
		var b strings.Builder
		if f.changelog {
			for _, c := range changes {
				b.WriteString(ChangeLine(c) + "\n")
			}
		} else {
			state, err := FinalState(changes)
			if err != nil {
				return done, fmt.Errorf("table %s: cannot record its final state: %v", name, err)
			}
			for _, r := range SortedRows(state) {
				b.WriteString(r + "\n")
			}
		}
		if err := writeFile(f.path, []byte(b.String())); err != nil {
			return done, err
		}
		done = append(done, "wrote "+f.path)
	}
	for _, name := range ef.names() {
		if _, ok := outputs[name]; !ok {
			if err := os.Remove(ef.tables[name].path); err != nil {
				return done, err
			}
			done = append(done, "removed "+ef.tables[name].path)
		}
	}
	return done, nil
}

// matches reports whether the expectation file f already describes out.
func matches(alloc memory.Allocator, out *Output, f expectedFile) bool {
	rows, err := loadExpected(alloc, out.Table, f)
	if err != nil {
		return false
	}
	if f.changelog {
		return DiffChangelog(out.Table.Name, f.path, rows, out.Changes()) == ""
	}
	return DiffRows(out.Table.Name, f.path, rows, out.Changes()) == ""
}

// writeFile writes data to path, creating its directory, unless the file
// already holds exactly data.
func writeFile(path string, data []byte) error {
	if old, err := os.ReadFile(path); err == nil && bytes.Equal(old, data) {
		return nil
	}
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		return err
	}
	return os.WriteFile(path, data, 0o644)
}
