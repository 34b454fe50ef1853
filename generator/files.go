package generator

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// FileSink writes each topic's records to DIR/TOPIC.jsonl, one value per
// line, replacing any existing file. Keys and timestamps are not written
// (the value carries the id and the event time). Like every Sink it is
// used from one goroutine at a time.
type FileSink struct {
	dir   string
	files map[string]*topicFile
	order []string
}

type topicFile struct {
	f *os.File
	w *bufio.Writer
}

// NewFileSink creates dir if needed and an empty file for each of topics
// (so that a topic without records still has its file); records of other
// topics get a file on first use.
func NewFileSink(dir string, topics ...string) (*FileSink, error) {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return nil, err
	}
	s := &FileSink{dir: dir, files: map[string]*topicFile{}}
	for _, t := range topics {
		if _, err := s.file(t); err != nil {
			_ = s.Close(context.Background())
			return nil, err
		}
	}
	return s, nil
}

// Path returns the file of topic in dir.
func Path(dir, topic string) string { return filepath.Join(dir, topic+".jsonl") }

func (s *FileSink) file(topic string) (*topicFile, error) {
	if tf := s.files[topic]; tf != nil {
		return tf, nil
	}
	if topic == "" || strings.ContainsAny(topic, `/\`) || topic == "." || topic == ".." {
		return nil, fmt.Errorf("invalid topic name %q for a file", topic)
	}
	f, err := os.Create(Path(s.dir, topic))
	if err != nil {
		return nil, err
	}
	tf := &topicFile{f: f, w: bufio.NewWriterSize(f, 64<<10)}
	s.files[topic] = tf
	s.order = append(s.order, topic)
	return tf, nil
}

// Write appends r's value and a newline to its topic's file.
func (s *FileSink) Write(_ context.Context, r Record) error {
	tf, err := s.file(r.Topic)
	if err != nil {
		return err
	}
	if _, err := tf.w.Write(r.Value); err != nil {
		return err
	}
	return tf.w.WriteByte('\n')
}

// Flush writes buffered lines to the files.
func (s *FileSink) Flush(context.Context) error {
	var errs []error
	for _, t := range s.order {
		errs = append(errs, s.files[t].w.Flush())
	}
	return errors.Join(errs...)
}

// Close flushes and closes every file.
func (s *FileSink) Close(ctx context.Context) error {
	errs := []error{s.Flush(ctx)}
	for _, t := range s.order {
		errs = append(errs, s.files[t].f.Close())
	}
	s.files, s.order = map[string]*topicFile{}, nil
	return errors.Join(errs...)
}
