package sql

import (
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"testing"
)

// corpusHeader is the line in every corpus file that states how many
// statements the file holds.
var corpusHeader = regexp.MustCompile(`(?m)^-- statements: (\d+)\r?$`)

// corpusFile is one corpus file and the statement count its header states.
type corpusFile struct {
	path string
	want int
}

// corpusFiles returns the corpus files, sorted by path.
func corpusFiles(t testing.TB) []corpusFile {
	paths, err := filepath.Glob("testdata/corpus/*.sql")
	if err != nil || len(paths) == 0 {
		t.Fatalf("no corpus files (%v)", err)
	}
	var files []corpusFile
	for _, path := range paths {
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		m := corpusHeader.FindSubmatch(text)
		if m == nil {
			t.Fatalf("%s: missing '-- statements: N' header", path)
		}
		n, _ := strconv.Atoi(string(m[1]))
		files = append(files, corpusFile{path, n})
	}
	return files
}

// TestCorpus parses real Flink SQL files. The "statements" subtest checks
// the statement layer alone (queries and expressions are recorded as text
// spans); "split" parses the pieces SplitStatements cuts the file into, as
// the REPL does; "full" runs the complete front end, queries and
// expressions included.
func TestCorpus(t *testing.T) {
	for _, f := range corpusFiles(t) {
		path, want := f.path, f.want
		text, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		src := &Source{Name: path, Text: string(text)}
		t.Run(filepath.Base(path)+"/statements", func(t *testing.T) {
			var rec spanRecorder
			stmts, err := parseSource(src, rec.parsers())
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) != want {
				t.Fatalf("parsed %d statements, header says %d", len(stmts), want)
			}
		})
		t.Run(filepath.Base(path)+"/split", func(t *testing.T) {
			parts, complete := SplitStatements(src.Text)
			if !complete {
				t.Fatalf("SplitStatements reports the file unfinished")
			}
			total := 0
			for _, part := range parts {
				var rec spanRecorder
				stmts, err := parseSource(&Source{Name: path, Text: part}, rec.parsers())
				if err != nil {
					t.Fatal(err)
				}
				total += len(stmts)
			}
			if total != want {
				t.Fatalf("the split parts hold %d statements, header says %d", total, want)
			}
		})
		t.Run(filepath.Base(path)+"/full", func(t *testing.T) {
			stmts, err := Parse(src)
			if err != nil {
				t.Fatal(err)
			}
			if len(stmts) != want {
				t.Fatalf("parsed %d statements, header says %d", len(stmts), want)
			}
		})
	}
}

// BenchmarkParseCorpus parses every corpus file with the complete front
// end; the figure is source bytes per second.
func BenchmarkParseCorpus(b *testing.B) {
	srcs, size := loadCorpus(b)
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := Parse(src); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// BenchmarkParseStatements measures the statement layer alone, with query
// and expression spans recorded rather than parsed.
func BenchmarkParseStatements(b *testing.B) {
	srcs, size := loadCorpus(b)
	sp := spanParsers{
		query: func(*Source, int, int) (Query, error) { return &Values{}, nil },
		expr:  func(*Source, int, int) (Expr, error) { return &Literal{}, nil },
	}
	b.SetBytes(int64(size))
	b.ReportAllocs()
	for b.Loop() {
		for _, src := range srcs {
			if _, err := parseSource(src, sp); err != nil {
				b.Fatal(err)
			}
		}
	}
}

// loadCorpus reads the corpus files and returns them with their total size.
func loadCorpus(b *testing.B) ([]*Source, int) {
	var srcs []*Source
	size := 0
	for _, f := range corpusFiles(b) {
		text, err := os.ReadFile(f.path)
		if err != nil {
			b.Fatal(err)
		}
		srcs = append(srcs, &Source{Name: f.path, Text: string(text)})
		size += len(text)
	}
	return srcs, size
}
