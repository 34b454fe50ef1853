package fixturetest

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/filesystem"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// BatchBreak is the fixture line that ends the current batch: the rows
// before it (and the watermark they make) reach the operators before the
// rows after it are read.
const BatchBreak = "---"

// fixtureSource reads the fixture files of one source table as JSON lines,
// each file one split, like the filesystem source. Metadata columns are
// read from the key of their column name, so a fixture can give a Kafka
// table's record timestamp explicitly.
//
// A table read as an upsert stream (upsert-kafka) has a row kind per row:
// a plain line is an upsert (+U) of its key, and a line
// {"op":"-D","row":{...key columns...}} a delete (a tombstone).
type fixtureSource struct {
	p       executor.SourceParams
	table   string
	files   []string
	rb      *array.RecordBuilder
	dec     format.Decoder
	kind    *array.Int8Builder // the row-kind column of an upsert stream, else nil
	ignore  bool
	skipped string
	pending int
	lines   []int64
}

// fixtureFiles returns the fixture files of table in dir: dir/<table>.jsonl,
// or the *.jsonl files of dir/<table>/ in lexical order. It returns nil
// when there is neither.
func fixtureFiles(dir, table string) ([]string, error) {
	file := filepath.Join(dir, table+".jsonl")
	sub := filepath.Join(dir, table)
	_, ferr := os.Stat(file)
	subDir := isDir(sub)
	switch {
	case ferr == nil && subDir:
		return nil, fmt.Errorf("table '%s' has two fixtures, %s and %s/; keep one", table, file, sub)
	case ferr == nil:
		return []string{file}, nil
	case subDir:
		files, err := filepath.Glob(filepath.Join(sub, "*.jsonl"))
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, fmt.Errorf("fixture directory %s/ holds no *.jsonl file", sub)
		}
		sort.Strings(files)
		return files, nil
	}
	return nil, nil
}

// newFixtureSource builds the reader of files for p.Spec.Table. The
// table's format options that change what is read are honoured:
// ignore-parse-errors (of any format prefix) skips and counts bad lines,
// json.fail-on-missing-field rejects rows without a column.
func newFixtureSource(p executor.SourceParams, files []string) (*fixtureSource, error) {
	t := p.Spec.Table
	if p.BatchSize <= 0 {
		p.BatchSize = 1024
	}
	s := &fixtureSource{p: p, table: t.Name, files: files,
		ignore: optionTrue(t, "ignore-parse-errors"), skipped: "source." + t.Name + ".skipped_records"}
	opts := format.JSONOptions{FailOnMissingField: optionTrue(t, "json.fail-on-missing-field") && !s.ignore}
	var fields []planner.Field
	var cols []int // table column index of each field
	for i, c := range t.Columns {
		if c.Kind != catalog.Computed {
			fields = append(fields, planner.Field{Name: c.Name, Type: c.Type})
			cols = append(cols, i)
		}
	}
	s.rb = array.NewRecordBuilder(p.Alloc, p.Schema)
	out := make([]array.Builder, len(fields))
	for j, ci := range p.Spec.Columns {
		k := indexOf(cols, ci)
		if k < 0 {
			s.rb.Release()
			return nil, fmt.Errorf("table '%s': a fixture cannot produce computed column '%s'", t.Name, t.Columns[ci].Name)
		}
		out[k] = s.rb.Field(j)
	}
	if executor.HasRowKind(p.Schema) {
		var ok bool
		if s.kind, ok = s.rb.Field(len(p.Spec.Columns)).(*array.Int8Builder); !ok {
			s.rb.Release()
			return nil, fmt.Errorf("table '%s': the row-kind column is not INT8", t.Name)
		}
	}
	dec, err := format.NewJSONDecoder(fields, out, opts)
	if err != nil {
		s.rb.Release()
		return nil, fmt.Errorf("table '%s': %w", t.Name, err)
	}
	s.dec = dec
	return s, nil
}

// optionTrue reports whether an option of t whose key is suffix or ends
// in "."+suffix is set to true.
func optionTrue(t *catalog.Table, suffix string) bool {
	for k, v := range t.Options {
		if (k == suffix || strings.HasSuffix(k, "."+suffix)) && strings.EqualFold(strings.TrimSpace(v), "true") {
			return true
		}
	}
	return false
}

func indexOf(xs []int, x int) int {
	for i, v := range xs {
		if v == x {
			return i
		}
	}
	return -1
}

// Run implements executor.Source: every file is announced as a split,
// then the files are read in order.
func (s *fixtureSource) Run(ctx context.Context, out executor.SourceOutput) error {
	return filesystem.RunFiles(ctx, out, s.files, s.readFile)
}

func (s *fixtureSource) readFile(ctx context.Context, out executor.SourceOutput, split executor.SplitID, path string) error {
	data, err := os.ReadFile(path)
	if err != nil {
		return err
	}
	for n, line := range bytes.Split(data, []byte("\n")) {
		line = bytes.TrimSpace(line)
		switch {
		case len(line) == 0:
			continue
		case string(line) == BatchBreak:
			if err := s.flush(ctx, out, split); err != nil {
				return err
			}
			continue
		}
		if err := s.decode(line); err != nil {
			if !s.ignore {
				return fmt.Errorf("%s:%d: %w", path, n+1, err)
			}
			if s.p.Metrics != nil {
				s.p.Metrics.Add(s.skipped, 1)
			}
			continue
		}
		s.pending++
		s.lines = append(s.lines, int64(n+1))
		if s.pending >= s.p.BatchSize {
			if err := s.flush(ctx, out, split); err != nil {
				return err
			}
		}
	}
	return s.flush(ctx, out, split)
}

// decode appends the row of one line, and its kind for an upsert stream.
func (s *fixtureSource) decode(line []byte) error {
	if s.kind == nil {
		return s.dec.Decode(line)
	}
	kind := executor.RowUpdateAfter
	var env struct {
		Op  string          `json:"op"`
		Row json.RawMessage `json:"row"`
	}
	d := json.NewDecoder(bytes.NewReader(line))
	d.DisallowUnknownFields()
	if d.Decode(&env) == nil && env.Op != "" && len(env.Row) > 0 {
		k, err := executor.ParseRowKind(env.Op)
		if err != nil {
			return err
		}
		kind, line = k, env.Row
	}
	if err := s.dec.Decode(line); err != nil {
		return err
	}
	s.kind.Append(int8(kind))
	return nil
}

// flush emits the rows decoded so far, if any.
func (s *fixtureSource) flush(ctx context.Context, out executor.SourceOutput, split executor.SplitID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n := s.pending
	if n == 0 {
		return nil
	}
	s.pending = 0
	rec := filesystem.NewBatch(s.rb, s.p.Schema, n)
	lines := s.lines
	s.lines = nil
	return filesystem.EmitBatch(out, split, rec, lines)
}

// Close implements executor.Source.
func (s *fixtureSource) Close() error {
	if s.rb != nil {
		s.rb.Release()
		s.rb = nil
	}
	return nil
}
