package main

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"strings"
	"sync"

	"github.com/streamsql/streamsql/engine"
)

// bgJob is an INSERT INTO job running in the background of a session.
type bgJob struct {
	id, stmt string
	job      *engine.Job
	cancel   context.CancelFunc
	done     chan struct{}

	mu      sync.Mutex
	status  string // RUNNING, FINISHED, FAILED, CANCELED
	err     error
	stopped bool
}

// jobList holds a session's background jobs in start order.
type jobList struct {
	mu   sync.Mutex
	jobs []*bgJob
}

// start runs j in the background and returns its id.
func (l *jobList) start(ctx context.Context, j *engine.Job, stmt string) string {
	var b [4]byte
	_, _ = rand.Read(b[:])
	// The job outlives ctx of the statement only through its own cancel.
	jctx, cancel := context.WithCancel(context.WithoutCancel(ctx))
	bj := &bgJob{id: hex.EncodeToString(b[:]), stmt: stmt, job: j, cancel: cancel, done: make(chan struct{}), status: "RUNNING"}
	l.mu.Lock()
	l.jobs = append(l.jobs, bj)
	l.mu.Unlock()
	go func() {
		defer close(bj.done)
		defer cancel()
		err := j.Run(jctx)
		bj.mu.Lock()
		defer bj.mu.Unlock()
		switch {
		case bj.stopped && (err == nil || errors.Is(err, context.Canceled)):
			bj.status = "CANCELED"
		case err != nil:
			bj.status, bj.err = "FAILED", err
		default:
			bj.status = "FINISHED"
		}
	}()
	return bj.id
}

func (l *jobList) find(id string) *bgJob {
	l.mu.Lock()
	defer l.mu.Unlock()
	for _, j := range l.jobs {
		if j.id == id {
			return j
		}
	}
	return nil
}

// stop cancels the job with the given id and waits for it to end.
func (l *jobList) stop(id string) error {
	j := l.find(id)
	if j == nil {
		return fmt.Errorf("no job '%s' (SHOW JOBS lists them)", id)
	}
	j.mu.Lock()
	running := j.status == "RUNNING"
	j.stopped = running
	j.mu.Unlock()
	if !running {
		return fmt.Errorf("job '%s' is not running", id)
	}
	j.cancel()
	<-j.done
	return nil
}

// stopAll cancels every running job, waits for them, and returns how
// many were running.
func (l *jobList) stopAll() int {
	l.mu.Lock()
	jobs := append([]*bgJob(nil), l.jobs...)
	l.mu.Unlock()
	n := 0
	for _, j := range jobs {
		j.mu.Lock()
		if j.status == "RUNNING" {
			j.stopped = true
			n++
		}
		j.mu.Unlock()
		j.cancel()
		<-j.done
	}
	return n
}

// wait waits for every job to end and returns the first failure; when ctx
// is cancelled first, it stops them and returns ctx.Err().
func (l *jobList) wait(ctx context.Context) error {
	l.mu.Lock()
	jobs := append([]*bgJob(nil), l.jobs...)
	l.mu.Unlock()
	for _, j := range jobs {
		select {
		case <-j.done:
		case <-ctx.Done():
			l.stopAll()
			return ctx.Err()
		}
	}
	for _, j := range jobs {
		j.mu.Lock()
		err := j.err
		j.mu.Unlock()
		if err != nil {
			return fmt.Errorf("job %s: %w", j.id, err)
		}
	}
	return nil
}

// show prints the jobs as a table.
func (l *jobList) show(w io.Writer) {
	l.mu.Lock()
	jobs := append([]*bgJob(nil), l.jobs...)
	l.mu.Unlock()
	if len(jobs) == 0 {
		fmt.Fprintln(w, "No jobs.")
		return
	}
	rows := [][]string{{"id", "status", "rows written", "statement"}}
	for _, j := range jobs {
		j.mu.Lock()
		status := j.status
		if j.err != nil {
			status += ": " + firstLine(j.err.Error())
		}
		j.mu.Unlock()
		rows = append(rows, []string{j.id, status, fmt.Sprint(j.job.RowsWritten()), truncate(strings.Join(strings.Fields(j.stmt), " "), 60)})
	}
	fmt.Fprint(w, borderedTable(rows))
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return s
}

// truncate shortens s to at most n runes, ending in "...".
func truncate(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n-3]) + "..."
}

// borderedTable renders rows (the first is the header) with borders.
func borderedTable(rows [][]string) string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], len([]rune(c)))
		}
	}
	var b strings.Builder
	sep := borderLine(widths)
	b.WriteString(sep)
	for i, r := range rows {
		b.WriteString(tableRow(widths, r))
		if i == 0 {
			b.WriteString(sep)
		}
	}
	b.WriteString(sep)
	return b.String()
}

func borderLine(widths []int) string {
	var b strings.Builder
	for _, w := range widths {
		b.WriteString("+")
		b.WriteString(strings.Repeat("-", w+2))
	}
	b.WriteString("+\n")
	return b.String()
}

func tableRow(widths []int, cells []string) string {
	var b strings.Builder
	for i, w := range widths {
		c := truncate(cells[i], w)
		b.WriteString("| ")
		b.WriteString(c)
		b.WriteString(strings.Repeat(" ", w-len([]rune(c))+1))
	}
	b.WriteString("|\n")
	return b.String()
}
