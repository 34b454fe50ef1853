package fixturetest

import (
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strings"
)

// Directory names with special meaning in a pipeline directory.
const (
	FixturesDir = "fixtures"
	ExpectedDir = "expected"
)

// Pipeline is one pipeline directory found under a test root.
type Pipeline struct {
	// Name is the directory as the user names it: the root as given joined
	// with the directory below it, slash-separated ("." for a root that is
	// itself a pipeline directory).
	Name string
	// Dir is the directory's path as given (root joined with the relative
	// path), used to open files and to name them in messages.
	Dir string
	// SQLFiles are the SQL files to load, in order: the *.sql files of
	// each directory from the root down to Dir, each level lexically.
	SQLFiles []string
}

// Discover finds the pipeline directories below each root (the root
// included), sorted by name within each root. Hidden directories (".x")
// and the fixtures/ and expected/ directories themselves are not searched.
// A pipeline whose name run does not match is left out (run may be nil).
func Discover(roots []string, run *regexp.Regexp) ([]Pipeline, error) {
	var out []Pipeline
	seen := map[string]bool{}
	for _, root := range roots {
		st, err := os.Stat(root)
		if err != nil {
			return nil, err
		}
		if !st.IsDir() {
			return nil, fmt.Errorf("%s is not a directory", root)
		}
		var found []Pipeline
		err = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil {
				return err
			}
			if !d.IsDir() {
				return nil
			}
			name := d.Name()
			if path != root && (strings.HasPrefix(name, ".") || name == FixturesDir || name == ExpectedDir) {
				return filepath.SkipDir
			}
			if !isDir(filepath.Join(path, FixturesDir)) && !isDir(filepath.Join(path, ExpectedDir)) {
				return nil
			}
			p, err := newPipeline(root, path)
			if err != nil {
				return err
			}
			if run == nil || run.MatchString(p.Name) {
				found = append(found, p)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		sort.Slice(found, func(i, j int) bool { return found[i].Name < found[j].Name })
		for _, p := range found {
			if !seen[p.Dir] {
				seen[p.Dir] = true
				out = append(out, p)
			}
		}
	}
	return out, nil
}

// newPipeline collects the SQL files of the pipeline at dir below root.
func newPipeline(root, dir string) (Pipeline, error) {
	rel, err := filepath.Rel(root, dir)
	if err != nil {
		return Pipeline{}, err
	}
	p := Pipeline{Name: filepath.ToSlash(filepath.Join(root, rel)), Dir: dir}
	levels := []string{root}
	if rel != "." {
		cur := root
		for _, part := range strings.Split(rel, string(filepath.Separator)) {
			cur = filepath.Join(cur, part)
			levels = append(levels, cur)
		}
	}
	for _, level := range levels {
		files, err := filepath.Glob(filepath.Join(level, "*.sql"))
		if err != nil {
			return Pipeline{}, err
		}
		sort.Strings(files)
		for _, f := range files {
			if st, err := os.Stat(f); err == nil && !st.IsDir() {
				p.SQLFiles = append(p.SQLFiles, f)
			}
		}
	}
	return p, nil
}

func isDir(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.IsDir()
}
