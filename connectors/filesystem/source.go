package filesystem

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// readBufferSize is the line reader's buffer; longer lines still work.
const readBufferSize = 1 << 20

// Source reads every file of its path once, each file one split.
type Source struct {
	p       executor.SourceParams
	table   string
	files   []string
	cfg     format.Config
	fields  []planner.Field // the table's physical columns
	rb      *array.RecordBuilder
	dec     format.Decoder
	meta    []metaColumn
	skipped string  // metric names
	pending int     // rows built and not yet emitted
	lines   []int64 // line number of each pending row
}

// metaColumn is an output column filled from file metadata.
type metaColumn struct {
	b   *array.StringBuilder
	key string
}

// NewSource builds a filesystem source for p.Spec.Table.
func NewSource(p executor.SourceParams) (executor.Source, error) {
	t := p.Spec.Table
	v := spec.Values{Table: t, Specs: options}
	cfg, err := format.ReadConfig(v, "format")
	if err != nil {
		return nil, err
	}
	files, err := listFiles(v.String("path"))
	if err != nil {
		return nil, v.Errorf("path", "table '%s': %v", t.Name, err)
	}
	if p.BatchSize <= 0 {
		p.BatchSize = 1024
	}
	s := &Source{p: p, table: t.Name, files: files, cfg: cfg,
		skipped: "source." + t.Name + ".skipped_records"}
	s.rb = array.NewRecordBuilder(p.Alloc, p.Schema)
	phys := t.PhysicalColumns()
	out := make([]array.Builder, len(phys))
	for _, ci := range phys {
		s.fields = append(s.fields, planner.Field{Name: t.Columns[ci].Name, Type: t.Columns[ci].Type})
	}
	for j, ci := range p.Spec.Columns {
		col := t.Columns[ci]
		switch col.Kind {
		case catalog.Physical:
			for k, pi := range phys {
				if pi == ci {
					out[k] = s.rb.Field(j)
				}
			}
		case catalog.Metadata:
			key := col.MetadataKey
			if key == "" {
				key = col.Name
			}
			b, ok := s.rb.Field(j).(*array.StringBuilder)
			if _, known := metadataKeys[key]; !ok || !known {
				s.rb.Release()
				return nil, fmt.Errorf("table '%s': metadata column '%s' (key '%s') is not supported by the filesystem connector", t.Name, col.Name, key)
			}
			s.meta = append(s.meta, metaColumn{b: b, key: key})
		default:
			s.rb.Release()
			return nil, fmt.Errorf("table '%s': source cannot produce computed column '%s'", t.Name, col.Name)
		}
	}
	if s.dec, err = cfg.NewDecoder(s.fields, out); err != nil {
		s.rb.Release()
		return nil, fmt.Errorf("table '%s': %w", t.Name, err)
	}
	return s, nil
}

// listFiles returns path itself when it is a file, or the visible files
// of the directory (names not starting with '.' or '_'), sorted.
func listFiles(path string) ([]string, error) {
	st, err := os.Stat(path)
	if err != nil {
		return nil, err
	}
	if !st.IsDir() {
		return []string{path}, nil
	}
	ents, err := os.ReadDir(path)
	if err != nil {
		return nil, err
	}
	var files []string
	for _, e := range ents {
		n := e.Name()
		if e.IsDir() || strings.HasPrefix(n, ".") || strings.HasPrefix(n, "_") {
			continue
		}
		files = append(files, filepath.Join(path, n))
	}
	sort.Strings(files)
	return files, nil
}

// Files returns the files the source reads, one split each, in order.
func (s *Source) Files() []string { return s.files }

// Run reads the files in order. Every split is announced first so that
// an unread file holds the watermark back.
func (s *Source) Run(ctx context.Context, out executor.SourceOutput) error {
	return RunFiles(ctx, out, s.files, s.readFile)
}

func (s *Source) readFile(ctx context.Context, out executor.SourceOutput, split executor.SplitID, path string) error {
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("table '%s': %w", s.table, err)
	}
	defer f.Close()
	r := bufio.NewReaderSize(f, readBufferSize)
	var long []byte
	comments := s.cfg.Name == "csv" && s.cfg.CSV.AllowComments
	for lineNo := 1; ; lineNo++ {
		line, err := r.ReadSlice('\n')
		if errors.Is(err, bufio.ErrBufferFull) {
			long = append(long[:0], line...)
			for errors.Is(err, bufio.ErrBufferFull) {
				line, err = r.ReadSlice('\n')
				long = append(long, line...)
			}
			line = long
		}
		if err != nil && err != io.EOF {
			return fmt.Errorf("%s:%d: %w", path, lineNo, err)
		}
		if len(line) > 0 {
			if e := s.decodeLine(line, comments, path, lineNo); e != nil {
				return e
			}
		}
		if lineNo%4096 == 0 {
			if e := ctx.Err(); e != nil {
				return e
			}
		}
		if err == io.EOF || s.pending >= s.p.BatchSize {
			if e := s.flush(ctx, out, split); e != nil {
				return e
			}
		}
		if err == io.EOF {
			return nil
		}
	}
}

func (s *Source) decodeLine(line []byte, comments bool, path string, lineNo int) error {
	line = trimEOL(line)
	if isBlank(line) || (comments && line[0] == '#') {
		return nil
	}
	if err := s.dec.Decode(line); err != nil {
		if s.cfg.IgnoreParseErrors() {
			if s.p.Metrics != nil {
				s.p.Metrics.Add(s.skipped, 1)
			}
			return nil
		}
		return fmt.Errorf("%s:%d: %w", path, lineNo, err)
	}
	s.pending++
	s.lines = append(s.lines, int64(lineNo))
	for _, m := range s.meta {
		if m.key == "file.name" {
			m.b.Append(filepath.Base(path))
		} else {
			m.b.Append(path)
		}
	}
	return nil
}

// flush emits the rows built so far, if any, after checking ctx.
func (s *Source) flush(ctx context.Context, out executor.SourceOutput, split executor.SplitID) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	n := s.pending
	if n == 0 {
		return nil
	}
	s.pending = 0
	rec := NewBatch(s.rb, s.p.Schema, n)
	if len(s.rb.Fields()) > 0 {
		s.rb.Reserve(s.p.BatchSize)
	}
	lines := s.lines
	s.lines = make([]int64, 0, s.p.BatchSize)
	return EmitBatch(out, split, rec, lines)
}

func trimEOL(b []byte) []byte {
	if n := len(b); n > 0 && b[n-1] == '\n' {
		b = b[:n-1]
	}
	if n := len(b); n > 0 && b[n-1] == '\r' {
		b = b[:n-1]
	}
	return b
}

func isBlank(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// Close releases the record builder.
func (s *Source) Close() error {
	if s.rb != nil {
		s.rb.Release()
		s.rb = nil
	}
	return nil
}
