package filesystem

import (
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// Sink writes part files into a directory. A part file is written under a
// hidden in-progress name (".part-<id>-<n>.<ext>.inprogress") and renamed
// to "part-<id>-<n>.<ext>" on Commit, so readers (and the filesystem
// source, which ignores hidden files) never see partial output. A part
// rolls to the next once it reaches the rolling file size.
type Sink struct {
	dir      string
	table    string
	id       string
	ext      string
	enc      format.Encoder
	rollSize int64
	buf      []byte
	cur      *os.File
	curSize  int64
	parts    []string // in-progress names of every part not yet committed
	next     int
}

// NewSink builds a filesystem sink; the directory is created if missing.
func NewSink(p executor.SinkParams) (executor.Sink, error) {
	t := p.Spec.Table
	v := spec.Values{Table: t, Specs: options}
	cfg, err := format.ReadConfig(v, "format")
	if err != nil {
		return nil, err
	}
	roll, err := v.Size("sink.rolling-policy.file-size", 128<<20)
	if err != nil {
		return nil, err
	}
	var fields []planner.Field
	for _, ci := range t.PhysicalColumns() {
		fields = append(fields, planner.Field{Name: t.Columns[ci].Name, Type: t.Columns[ci].Type})
	}
	enc, err := cfg.NewEncoder(fields)
	if err != nil {
		return nil, fmt.Errorf("table '%s': %w", t.Name, err)
	}
	dir := v.String("path")
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, v.Errorf("path", "table '%s': %v", t.Name, err)
	}
	var rnd [8]byte
	if _, err := rand.Read(rnd[:]); err != nil {
		return nil, err
	}
	return &Sink{dir: dir, table: t.Name, id: hex.EncodeToString(rnd[:]), ext: cfg.Ext(), enc: enc,
		rollSize: roll}, nil
}

// Write encodes rec and appends it to the current part file.
func (s *Sink) Write(rec arrow.Record) error {
	if rec.NumRows() == 0 {
		return nil
	}
	var err error
	if s.buf, err = s.enc.Encode(s.buf[:0], rec); err != nil {
		return fmt.Errorf("filesystem sink '%s': %w", s.table, err)
	}
	if s.cur == nil {
		name := filepath.Join(s.dir, fmt.Sprintf(".part-%s-%d%s.inprogress", s.id, s.next, s.ext))
		s.next++
		if s.cur, err = os.OpenFile(name, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o644); err != nil {
			return fmt.Errorf("filesystem sink '%s': %w", s.table, err)
		}
		s.parts = append(s.parts, name)
		s.curSize = 0
	}
	n, err := s.cur.Write(s.buf)
	s.curSize += int64(n)
	if err != nil {
		return fmt.Errorf("filesystem sink '%s': %w", s.table, err)
	}
	if s.curSize >= s.rollSize {
		return s.closeCurrent()
	}
	return nil
}

func (s *Sink) closeCurrent() error {
	if s.cur == nil {
		return nil
	}
	err := s.cur.Close()
	s.cur = nil
	if err != nil {
		return fmt.Errorf("filesystem sink '%s': %w", s.table, err)
	}
	return nil
}

// visibleName is the committed name of an in-progress part file.
func visibleName(inprogress string) string {
	dir, base := filepath.Split(inprogress)
	return filepath.Join(dir, base[1:len(base)-len(".inprogress")])
}

// Commit closes the current part and makes every part visible.
func (s *Sink) Commit() error {
	if err := s.closeCurrent(); err != nil {
		return err
	}
	for i, p := range s.parts {
		if err := os.Rename(p, visibleName(p)); err != nil {
			s.parts = s.parts[i:]
			return fmt.Errorf("filesystem sink '%s': commit: %w", s.table, err)
		}
	}
	s.parts = nil
	return nil
}

// Abort closes the current part and removes every uncommitted part.
func (s *Sink) Abort() error {
	cerr := s.closeCurrent()
	var err error
	for _, p := range s.parts {
		if e := os.Remove(p); e != nil && !os.IsNotExist(e) && err == nil {
			err = fmt.Errorf("filesystem sink '%s': abort: %w", s.table, e)
		}
	}
	s.parts = nil
	if err == nil {
		err = cerr
	}
	return err
}

// Close releases the open file; uncommitted parts are removed.
func (s *Sink) Close() error {
	if s.cur != nil || len(s.parts) > 0 {
		return s.Abort()
	}
	return nil
}
