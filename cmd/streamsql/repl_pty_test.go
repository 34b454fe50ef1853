package main

import (
	"bytes"
	"io"
	"os"
	"strings"
	"sync"
	"testing"
	"time"
)

// ptyOutput collects what the REPL writes to the terminal.
type ptyOutput struct {
	mu   sync.Mutex
	buf  bytes.Buffer
	more chan struct{} // closed and replaced whenever output arrives
	mark int           // expect looks after this offset
	done chan struct{}
}

func readPTY(r io.Reader) *ptyOutput {
	o := &ptyOutput{done: make(chan struct{}), more: make(chan struct{})}
	go func() {
		defer close(o.done)
		b := make([]byte, 4096)
		for {
			n, err := r.Read(b)
			o.mu.Lock()
			o.buf.Write(b[:n])
			close(o.more)
			o.more = make(chan struct{})
			o.mu.Unlock()
			if err != nil {
				return
			}
		}
	}()
	return o
}

// expect waits until want appears after the mark, then moves the mark past
// it.
func (o *ptyOutput) expect(t testing.TB, want string, within time.Duration) string {
	t.Helper()
	deadline := time.Now().Add(within)
	for {
		o.mu.Lock()
		text := o.buf.String()[o.mark:]
		if i := strings.Index(text, want); i >= 0 {
			o.mark += i + len(want)
			o.mu.Unlock()
			return text[:i+len(want)]
		}
		o.mu.Unlock()
		if time.Now().After(deadline) {
			t.Fatalf("%q did not appear within %s; the terminal shows:\n%s", want, within, text)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// expectFast is expect without polling delays, for timing.
func (o *ptyOutput) expectFast(t testing.TB, want string, within time.Duration) {
	t.Helper()
	deadline := time.After(within)
	for {
		o.mu.Lock()
		text, more := o.buf.String()[o.mark:], o.more
		if i := strings.Index(text, want); i >= 0 {
			o.mark += i + len(want)
			o.mu.Unlock()
			return
		}
		o.mu.Unlock()
		select {
		case <-more:
		case <-o.done:
			t.Fatalf("%q did not appear; the terminal shows:\n%s", want, text)
		case <-deadline:
			t.Fatalf("%q did not appear within %s; the terminal shows:\n%s", want, within, text)
		}
	}
}

func (o *ptyOutput) all() string {
	o.mu.Lock()
	defer o.mu.Unlock()
	return o.buf.String()
}

// send types text on the terminal.
func send(t testing.TB, w io.Writer, text string) {
	t.Helper()
	if _, err := io.WriteString(w, text); err != nil {
		t.Fatal(err)
	}
}

// childEnv names the variable that makes the test binary run the CLI.
const childEnv = "STREAMSQL_TEST_CLI_ARGS"

// TestMain runs the CLI instead of the tests when childEnv is set, so that
// tests can start the REPL as a process of its own on a terminal.
func TestMain(m *testing.M) {
	if args, ok := os.LookupEnv(childEnv); ok {
		os.Args = append([]string{"streamsql"}, strings.Fields(args)...)
		main()
	}
	os.Exit(m.Run())
}
