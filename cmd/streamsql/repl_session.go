package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"regexp"
	"strings"
	"sync"

	"github.com/chzyer/readline"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
)

// errQuit is returned by exec for QUIT and EXIT.
var errQuit = errors.New("quit")

// session is one REPL session: an engine, its background jobs, and the
// query running in the foreground.
type session struct {
	eng            *engine.Engine
	stdout, stderr io.Writer
	term           *os.File // nil when not interactive
	output         string   // tsv or json when not interactive
	jobs           *jobList
	signals        bool
	interrupt      <-chan struct{}
	ready          func()

	mu     sync.Mutex
	cancel context.CancelFunc // of the running query
}

func newSession(rio replIO, interactive bool, output string, batchSize int) *session {
	s := &session{
		stdout:    rio.Stdout,
		stderr:    rio.Stderr,
		output:    output,
		jobs:      &jobList{},
		signals:   rio.Signals,
		interrupt: rio.Interrupt,
		ready:     rio.Ready,
	}
	if interactive {
		s.term = rio.Term
	}
	s.eng = newEngine(s.stdout, batchSize)
	return s
}

// termSize returns the terminal's width and height (80x24 when unknown).
func (s *session) termSize() (int, int) {
	if s.term != nil {
		if w, h, err := readline.GetSize(int(s.term.Fd())); err == nil && w > 0 && h > 0 {
			return w, h
		}
	}
	return 80, 24
}

// watchInterrupts routes SIGINT (and the Interrupt channel) to the running
// query for as long as the session lasts.
func (s *session) watchInterrupts() (stop func()) {
	sigs := make(chan os.Signal, 1)
	if s.signals {
		signal.Notify(sigs, os.Interrupt)
	}
	done := make(chan struct{})
	go func() {
		for {
			select {
			case <-sigs:
			case <-s.interrupt:
			case <-done:
				return
			}
			s.mu.Lock()
			if s.cancel != nil {
				s.cancel()
			}
			s.mu.Unlock()
		}
	}()
	return func() {
		signal.Stop(sigs)
		close(done)
	}
}

var (
	reShowJobs = regexp.MustCompile(`(?is)^SHOW\s+JOBS$`)
	reStopJob  = regexp.MustCompile(`(?is)^STOP\s+JOB\b`)
	reStopArg  = regexp.MustCompile(`(?is)^STOP\s+JOB\s+'([^']*)'$`)
	reWord     = regexp.MustCompile(`(?is)^(QUIT|EXIT|HELP)$`)
)

// exec runs one statement: a REPL command, or SQL for the engine.
func (s *session) exec(ctx context.Context, src *sql.Source, text string) error {
	switch {
	case reWord.MatchString(text):
		if strings.EqualFold(text, "HELP") {
			fmt.Fprint(s.stdout, replHelp)
			return nil
		}
		return errQuit
	case reShowJobs.MatchString(text):
		s.jobs.show(s.stdout)
		return nil
	case reStopJob.MatchString(text):
		m := reStopArg.FindStringSubmatch(text)
		if m == nil {
			// Point after STOP JOB, at what should be the quoted id.
			start := len(src.Text) - len(text)
			at := start + reStopJob.FindStringIndex(text)[1]
			for at < len(src.Text) && (src.Text[at] == ' ' || src.Text[at] == '\t' || src.Text[at] == '\n') {
				at++
			}
			return sql.Errorf(sql.PosAt(src, at), "STOP JOB wants a quoted job id, as in STOP JOB 'a1b2c3d4'")
		}
		if err := s.jobs.stop(m[1]); err != nil {
			return sql.Errorf(sql.PosAt(src, strings.Index(src.Text, "'")), "%v", err)
		}
		s.info("job %s stopped", m[1])
		return nil
	}
	stmts, err := sql.Parse(src)
	if err != nil {
		return err
	}
	var inserts []*sql.Insert
	for _, st := range stmts {
		if ins, ok := st.(*sql.Insert); ok {
			inserts = append(inserts, ins)
		}
	}
	if len(inserts) > 0 {
		return s.startInserts(ctx, inserts, text)
	}
	for _, st := range stmts {
		if q, ok := st.(*sql.QueryStatement); ok {
			if err := s.query(ctx, q.Query); err != nil {
				return err
			}
			continue
		}
		if err := s.eng.Exec(st); err != nil {
			return err
		}
		if s.term != nil && changesSession(st) {
			s.info("Execute statement succeeded.")
		}
	}
	return nil
}

// info prints a message: on the terminal in an interactive session, on
// stderr otherwise, so that piped results stay clean.
func (s *session) info(format string, args ...any) {
	w := s.stdout
	if s.term == nil {
		w = s.stderr
	}
	fmt.Fprintf(w, "[INFO] "+format+"\n", args...)
}

// changesSession reports whether st changes the catalog or a setting
// without printing anything.
func changesSession(st sql.Statement) bool {
	switch st := st.(type) {
	case *sql.CreateTable, *sql.CreateView, *sql.Drop, *sql.Reset:
		return true
	case *sql.Set:
		return st.Key != ""
	}
	return false
}

// startInserts starts INSERT INTO statements as one background job.
func (s *session) startInserts(ctx context.Context, ins []*sql.Insert, text string) error {
	j, err := s.eng.PrepareInserts(ins)
	if err != nil {
		return err
	}
	id := s.jobs.start(ctx, j, text)
	s.info("Submitted job %s; SHOW JOBS lists it, STOP JOB '%s' cancels it.", id, id)
	return nil
}

// waitJobs waits for the background jobs of a script to end; it returns
// 1 when one failed and 130 when ctx was cancelled first.
func (s *session) waitJobs(ctx context.Context) int {
	if err := s.jobs.wait(ctx); err != nil {
		if ctx.Err() != nil {
			fmt.Fprintln(s.stderr, "streamsql: interrupted; background jobs stopped")
			return 130
		}
		fmt.Fprintf(s.stderr, "[ERROR] job failed: %v\n", err)
		return 1
	}
	return 0
}

const replHelp = `Statements (end each with ';'):
  CREATE TABLE / CREATE VIEW / DROP ...   change the catalog
  SET 'key' = 'value'; SET; RESET ['key'] session settings
  SHOW TABLES; SHOW VIEWS; DESCRIBE t;    inspect the catalog
  EXPLAIN ...;                            print the plans of a statement
  SELECT ...;                             run a query; rows stream as they come,
                                          Ctrl-C cancels it
  INSERT INTO t SELECT ...;               start a background job
  EXECUTE STATEMENT SET BEGIN ... END;    start several INSERTs as one job
  SHOW JOBS;                              list background jobs
  STOP JOB 'id';                          cancel a background job
  HELP;                                   this text
  QUIT; or EXIT; or Ctrl-D                leave

Result modes: SET 'sql-client.execution.result-mode' = '...';
  tableau    rows printed as they arrive in a bordered table (default)
  changelog  each row printed with its row kind, as +I[v1, v2, ...]
  table      a live table refreshed in place; append-only results show the
             last 'sql-client.display.max-rows' rows (default 1000)

Keys: Tab completes keywords, tables, columns and WITH option keys;
Ctrl-R searches the history; Ctrl-C clears the line or cancels a query.
`
