package fixturetest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// Expectation file names in a pipeline's expected/ directory.
const (
	ErrorFile       = "error.txt"
	RowsSuffix      = ".jsonl"
	ChangelogSuffix = ".changelog.jsonl"
)

// Table is a written table's physical columns. Rows are compared in a
// canonical form: decoded with the column types and encoded again, so
// that 1.5, "1.50" and 1.50 are the same DECIMAL(10, 2) value.
type Table struct {
	Name   string
	Fields []planner.Field
}

// NewTable returns the columns a sink of t writes.
func NewTable(t *catalog.Table) (*Table, error) {
	return &Table{Name: t.Name, Fields: tableFields(t)}, nil
}

// Canonical renders each JSON object line as the collector records rows.
// Every column must be present (null written as null) and no other key
// may appear. An error names the index of the offending line.
func (t *Table) Canonical(alloc memory.Allocator, lines [][]byte) ([]string, error) {
	schema, err := executor.ArrowSchema(t.Fields)
	if err != nil {
		return nil, err
	}
	rb := array.NewRecordBuilder(alloc, schema)
	defer rb.Release()
	dec, err := format.NewJSONDecoder(t.Fields, rb.Fields(), format.JSONOptions{FailOnMissingField: true})
	if err != nil {
		return nil, err
	}
	for i, l := range lines {
		if err := t.checkKeys(l); err != nil {
			return nil, &LineError{Index: i, Err: err}
		}
		if err := dec.Decode(l); err != nil {
			return nil, &LineError{Index: i, Err: err}
		}
	}
	rec := rb.NewRecord()
	defer rec.Release()
	enc, err := format.NewJSONEncoder(t.Fields, format.JSONOptions{})
	if err != nil {
		return nil, err
	}
	var buf []byte
	return encodeRows(enc, &buf, rec)
}

// checkKeys fails on a key that is not a column of the table.
func (t *Table) checkKeys(line []byte) error {
	var obj map[string]json.RawMessage
	if err := json.Unmarshal(line, &obj); err != nil {
		return fmt.Errorf("not a JSON object: %v", err)
	}
	for k := range obj {
		if !t.has(k) {
			names := make([]string, len(t.Fields))
			for i, f := range t.Fields {
				names[i] = f.Name
			}
			return fmt.Errorf("table '%s' has no column '%s' (columns: %s)", t.Name, k, strings.Join(names, ", "))
		}
	}
	return nil
}

func (t *Table) has(name string) bool {
	for _, f := range t.Fields {
		if f.Name == name {
			return true
		}
	}
	return false
}

// LineError is an error about one line of an input.
type LineError struct {
	Index int // 0-based index among the lines given
	Err   error
}

func (e *LineError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *LineError) Unwrap() error { return e.Err }

// expectedFiles is what a pipeline's expected/ directory holds.
type expectedFiles struct {
	dir string
	// errorText is the content of error.txt, trimmed; hasError says it
	// exists.
	errorText string
	hasError  bool
	// tables maps a table name to its expectation file.
	tables map[string]expectedFile
}

// expectedFile is one table's expectation file.
type expectedFile struct {
	path      string
	changelog bool
}

// scanExpected lists the expectation files of dir (a missing dir is empty).
func scanExpected(dir string) (*expectedFiles, error) {
	ef := &expectedFiles{dir: dir, tables: map[string]expectedFile{}}
	ents, err := os.ReadDir(dir)
	if os.IsNotExist(err) {
		return ef, nil
	}
	if err != nil {
		return nil, err
	}
	for _, e := range ents {
		name := e.Name()
		path := filepath.Join(dir, name)
		switch {
		case strings.HasPrefix(name, "."):
			continue
		case e.IsDir():
			return nil, fmt.Errorf("%s: unexpected directory in %s/", path, ExpectedDir)
		case name == ErrorFile:
			b, err := os.ReadFile(path)
			if err != nil {
				return nil, err
			}
			ef.errorText, ef.hasError = strings.TrimSpace(string(b)), true
			if ef.errorText == "" {
				return nil, fmt.Errorf("%s is empty: write the text the error must contain", path)
			}
			continue
		}
		table, changelog := strings.CutSuffix(name, ChangelogSuffix)
		if !changelog {
			var ok bool
			if table, ok = strings.CutSuffix(name, RowsSuffix); !ok {
				return nil, fmt.Errorf("%s: not an expectation file (want <table>%s, <table>%s or %s)", path, RowsSuffix, ChangelogSuffix, ErrorFile)
			}
		}
		if old, dup := ef.tables[table]; dup {
			return nil, fmt.Errorf("table '%s' has two expectation files, %s and %s; keep one", table, old.path, path)
		}
		ef.tables[table] = expectedFile{path: path, changelog: changelog}
	}
	if ef.hasError && len(ef.tables) > 0 {
		return nil, fmt.Errorf("%s expects the pipeline to fail; remove it or the row expectations next to it", filepath.Join(dir, ErrorFile))
	}
	return ef, nil
}

// names returns the tables with an expectation, sorted.
func (ef *expectedFiles) names() []string {
	out := make([]string, 0, len(ef.tables))
	for n := range ef.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// ExpectedRow is one row of an expectation file.
type ExpectedRow struct {
	// Line is the 1-based line number in the file.
	Line int
	// Text is the line as written.
	Text string
	// Kind is the change kind (+I in a .jsonl file).
	Kind executor.RowKind
	// Row is the canonical form of the row.
	Row string
}

// changelogLine is one line of a .changelog.jsonl file.
type changelogLine struct {
	Op  string          `json:"op"`
	Row json.RawMessage `json:"row"`
}

// loadExpected reads and canonicalises one table's expectation file.
func loadExpected(alloc memory.Allocator, t *Table, f expectedFile) ([]ExpectedRow, error) {
	data, err := os.ReadFile(f.path)
	if err != nil {
		return nil, err
	}
	var rows []ExpectedRow
	var objs [][]byte
	for n, l := range bytes.Split(data, []byte("\n")) {
		l = bytes.TrimSpace(l)
		if len(l) == 0 {
			continue
		}
		r := ExpectedRow{Line: n + 1, Text: string(l)}
		obj := l
		if f.changelog {
			var cl changelogLine
			dec := json.NewDecoder(bytes.NewReader(l))
			dec.DisallowUnknownFields()
			if err := dec.Decode(&cl); err != nil {
				return nil, fmt.Errorf("%s:%d: want {\"op\":\"+I\",\"row\":{...}}: %v", f.path, r.Line, err)
			}
			if r.Kind, err = executor.ParseRowKind(cl.Op); err != nil {
				return nil, fmt.Errorf("%s:%d: %v", f.path, r.Line, err)
			}
			if len(cl.Row) == 0 {
				return nil, fmt.Errorf("%s:%d: the line has no \"row\"", f.path, r.Line)
			}
			obj = cl.Row
		}
		rows = append(rows, r)
		objs = append(objs, obj)
	}
	canon, err := t.Canonical(alloc, objs)
	if err != nil {
		if le, ok := err.(*LineError); ok {
			return nil, fmt.Errorf("%s:%d: %v", f.path, rows[le.Index].Line, le.Err)
		}
		return nil, fmt.Errorf("%s: %v", f.path, err)
	}
	for i := range rows {
		rows[i].Row = canon[i]
	}
	return rows, nil
}
