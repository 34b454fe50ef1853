package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"
	"syscall"

	"github.com/chzyer/readline"
	"github.com/streamsql/streamsql/engine"
	"github.com/streamsql/streamsql/sql"
)

const (
	prompt     = "streamsql> "
	contPrompt = "        -> "
)

// replIO is where a REPL session reads and writes. Term, when set, is the
// terminal the session is interactive on (its input and output).
type replIO struct {
	Stdin          io.Reader
	Stdout, Stderr io.Writer
	Term           *os.File
	// Signals makes the session handle SIGINT itself: it cancels the
	// running query instead of ending the process.
	Signals bool
	// Interrupt, when set, cancels the running query like Ctrl-C.
	Interrupt <-chan struct{}
	// Ready, when set, is called once the first prompt is shown.
	Ready func()
}

type replFlags struct {
	history, initFile, script, output string
	batchSize                         int
	settings                          settingsFlag
}

func replFlagSet(out io.Writer, f *replFlags) *flag.FlagSet {
	fs := flag.NewFlagSet("streamsql repl", flag.ContinueOnError)
	fs.SetOutput(out)
	home, _ := os.UserHomeDir()
	fs.StringVar(&f.history, "history", filepath.Join(home, ".streamsql_history"), "history file of the interactive prompt ('' for none)")
	fs.StringVar(&f.initFile, "i", "", "run the statements of this file first")
	fs.StringVar(&f.script, "f", "", "run this script non-interactively; stop at the first failing statement")
	fs.StringVar(&f.output, "output", "tsv", "result format when not on a terminal: tsv or json")
	fs.IntVar(&f.batchSize, "batch-size", 1024, "maximum rows per columnar batch")
	fs.Var(&f.settings, "set", "a setting as key=value, like SET 'key' = 'value' (repeatable)")
	return fs
}

// isTerminal reports whether r is a terminal.
func isTerminal(r io.Reader) (*os.File, bool) {
	f, ok := r.(*os.File)
	if !ok || !readline.IsTerminal(int(f.Fd())) {
		return nil, false
	}
	return f, true
}

// cmdRepl runs the REPL: interactive on a terminal, otherwise reading
// statements from the script or stdin to the end.
func cmdRepl(ctx context.Context, args []string, rio replIO) int {
	var f replFlags
	fs := replFlagSet(rio.Stderr, &f)
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return 0
		}
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(rio.Stderr, "streamsql: unexpected argument %q (use -f FILE to run a script)\n", fs.Arg(0))
		return 2
	}
	if f.output != "tsv" && f.output != "json" {
		fmt.Fprintf(rio.Stderr, "streamsql: --output must be tsv or json, not %q\n", f.output)
		return 2
	}
	interactive := rio.Term != nil && f.script == ""
	s := newSession(rio, interactive, f.output, f.batchSize)
	defer func() {
		if n := s.jobs.stopAll(); n > 0 {
			s.info("stopped %d running job(s)", n)
		}
	}()
	for _, kv := range f.settings {
		k, v, _ := strings.Cut(kv, "=")
		if err := s.eng.Exec(&sql.Set{Key: strings.TrimSpace(k), Value: strings.TrimSpace(v)}); err != nil {
			fmt.Fprintf(rio.Stderr, "streamsql: %v\n", err)
			return 2
		}
	}
	if interactive {
		// Ctrl-C cancels the running query, from the init file on.
		defer s.watchInterrupts()()
	} else if rio.Signals {
		var stop context.CancelFunc
		ctx, stop = signal.NotifyContext(ctx, os.Interrupt, syscall.SIGTERM)
		defer stop()
	}
	if f.initFile != "" {
		if code := s.runFile(ctx, f.initFile); code != 0 {
			return code
		}
	}
	switch {
	case f.script != "":
		if code := s.runFile(ctx, f.script); code != 0 {
			return code
		}
		return s.waitJobs(ctx)
	case !interactive:
		text, err := io.ReadAll(rio.Stdin)
		if err != nil {
			fmt.Fprintf(rio.Stderr, "streamsql: %v\n", err)
			return 2
		}
		if code := s.runText(ctx, "<stdin>", string(text)); code != 0 {
			return code
		}
		return s.waitJobs(ctx)
	}
	return s.interactive(ctx, f.history)
}

// runFile runs the statements of a file, stopping at the first failure.
func (s *session) runFile(ctx context.Context, path string) int {
	text, err := os.ReadFile(path)
	if err != nil {
		fmt.Fprintf(s.stderr, "streamsql: %v\n", err)
		return 2
	}
	return s.runText(ctx, path, string(text))
}

// runText runs every statement of text in order and returns the exit code
// of the first failure (2 for SQL errors, 1 for failed queries).
func (s *session) runText(ctx context.Context, name, text string) int {
	stmts, _ := sql.SplitStatements(text)
	off := 0
	for _, st := range stmts {
		i := strings.Index(text[off:], st)
		if i < 0 {
			i = 0
		}
		src := &sql.Source{Name: name, Text: padTo(text, off+i) + st}
		off += i + len(st)
		err := s.exec(ctx, src, st)
		if errors.Is(err, errQuit) {
			return 0
		}
		if err != nil {
			s.printError(err)
			if ctx.Err() != nil {
				return 130
			}
			var se *sql.Error
			if errors.As(err, &se) {
				return 2
			}
			return 1
		}
	}
	return 0
}

// padTo returns white space that puts a statement starting at offset off
// of text on the same line and column, so errors point into the file.
func padTo(text string, off int) string {
	lines := strings.Count(text[:off], "\n")
	col := off - (strings.LastIndexByte(text[:off], '\n') + 1)
	return strings.Repeat("\n", lines) + strings.Repeat(" ", col)
}

// interactive runs the prompt loop on the terminal until Ctrl-D or QUIT.
func (s *session) interactive(ctx context.Context, history string) int {
	term := s.term
	comp := &completer{s: s}
	var raw *readline.State
	rl, err := readline.NewEx(&readline.Config{
		Prompt:                 prompt,
		HistoryFile:            history,
		HistorySearchFold:      true,
		DisableAutoSaveHistory: true,
		AutoComplete:           comp,
		Stdin:                  term,
		Stdout:                 term,
		Stderr:                 term,
		FuncIsTerminal:         func() bool { return true },
		FuncGetWidth:           func() int { w, _ := s.termSize(); return w },
		FuncMakeRaw: func() (err error) {
			raw, err = readline.MakeRaw(int(term.Fd()))
			return err
		},
		FuncExitRaw: func() error {
			if raw == nil {
				return nil
			}
			err := readline.Restore(int(term.Fd()), raw)
			raw = nil
			return err
		},
	})
	if err != nil {
		fmt.Fprintf(s.stderr, "streamsql: %v\n", err)
		return 1
	}
	defer rl.Close()
	fmt.Fprintf(s.stdout, "streamsql %s interactive SQL. End statements with ';'. HELP; lists the commands, QUIT; or Ctrl-D leaves.\n", version)
	var buf strings.Builder
	ready := s.ready
	for {
		if buf.Len() == 0 {
			rl.SetPrompt(prompt)
		} else {
			rl.SetPrompt(contPrompt)
		}
		comp.setPending(buf.String())
		if ready != nil {
			go ready()
			ready = nil
		}
		line, err := rl.Readline()
		switch {
		case errors.Is(err, readline.ErrInterrupt):
			buf.Reset()
			continue
		case err != nil: // io.EOF: Ctrl-D
			fmt.Fprintln(s.stdout, "Bye.")
			return 0
		}
		buf.WriteString(line)
		buf.WriteByte('\n')
		stmts, complete := sql.SplitStatements(buf.String())
		if !complete {
			continue
		}
		text := buf.String()
		buf.Reset()
		if len(stmts) == 0 {
			continue
		}
		_ = rl.SaveHistory(strings.Join(strings.Fields(text), " "))
		if s.runInteractive(ctx, text, stmts) {
			fmt.Fprintln(s.stdout, "Bye.")
			return 0
		}
	}
}

// runInteractive runs the statements typed at the prompt; a failing one
// is reported and skips the rest. It reports whether the user asked to
// quit.
func (s *session) runInteractive(ctx context.Context, text string, stmts []string) bool {
	off := 0
	for _, st := range stmts {
		i := max(strings.Index(text[off:], st), 0)
		src := &sql.Source{Name: "<stdin>", Text: padTo(text, off+i) + st}
		off += i + len(st)
		err := s.exec(ctx, src, st)
		if errors.Is(err, errQuit) {
			return true
		}
		if err != nil {
			s.printError(err)
			return false
		}
	}
	return false
}

// printError writes err; a *sql.Error renders its line and caret.
func (s *session) printError(err error) {
	var se *sql.Error
	switch {
	case errors.As(err, &se):
		fmt.Fprintf(s.stderr, "[ERROR] %v\n", se)
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(s.stderr, "[INFO] cancelled")
	default:
		fmt.Fprintf(s.stderr, "[ERROR] query failed: %v\n", err)
	}
}

// newEngine builds the session's engine writing to out.
func newEngine(out io.Writer, batchSize int) *engine.Engine {
	return engine.New(engine.Options{Stdout: out, BatchSize: batchSize})
}
