package main

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/creack/pty"
)

const genDDL = "CREATE TABLE gen (id BIGINT, ts TIMESTAMP(3), WATERMARK FOR ts AS ts) " +
	"WITH ('connector' = 'datagen', 'rows-per-second' = '50', 'fields.id.min' = '1', 'fields.id.max' = '9');\r"

const windowQuery = "SELECT window_start, COUNT(*) AS n FROM TABLE(TUMBLE(TABLE gen, DESCRIPTOR(ts), INTERVAL '1' SECOND)) " +
	"GROUP BY window_start, window_end;\r"

// startREPL starts the CLI with args as a process on a new terminal.
func startREPL(t *testing.T, dir string, args ...string) (*os.File, *ptyOutput, *exec.Cmd) {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^$")
	cmd.Env = append(os.Environ(), childEnv+"="+strings.Join(args, " "))
	cmd.Dir = dir
	ptmx, err := pty.StartWithSize(cmd, &pty.Winsize{Rows: 40, Cols: 200})
	if err != nil {
		t.Fatal(err)
	}
	out := readPTY(ptmx)
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		_ = ptmx.Close()
		select {
		case <-out.done:
		case <-time.After(5 * time.Second):
		}
	})
	return ptmx, out, cmd
}

// waitExit waits (bounded) for the process to end and returns its code.
func waitExit(t *testing.T, cmd *exec.Cmd) int {
	t.Helper()
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
		return cmd.ProcessState.ExitCode()
	case <-time.After(20 * time.Second):
		t.Fatal("the REPL did not exit")
	}
	return -1
}

// TestREPLTerminal drives an interactive session on a pseudo-terminal:
// DDL over a JSON file and datagen, a continuous windowed query cancelled
// with Ctrl-C, completion, a syntax error, and quitting.
func TestREPLTerminal(t *testing.T) {
	dir := t.TempDir()
	writeFile(t, filepath.Join(dir, "clicks.jsonl"), "{\"name\": \"ann\", \"n\": 1}\n{\"name\": \"bob\", \"n\": 2}\n")
	history := filepath.Join(dir, "history")
	tty, out, cmd := startREPL(t, dir, "--history", history)
	const slow = 60 * time.Second // a race-instrumented process on a busy machine
	out.expect(t, prompt, slow)

	// A statement over two lines: the continuation prompt, then the table.
	send(t, tty, "CREATE TABLE clicks (name STRING, n INT)\r")
	out.expect(t, contPrompt, slow)
	send(t, tty, "WITH ('connector' = 'filesystem', 'path' = 'clicks.jsonl', 'format' = 'json');\r")
	out.expect(t, "Execute statement succeeded.", slow)
	out.expect(t, prompt, slow)
	send(t, tty, "SELECT name, n FROM clicks;\r")
	got := out.expect(t, "Received a total of 2 rows", slow)
	if !strings.Contains(got, "| +I | ann") || !strings.Contains(got, "| name ") {
		t.Errorf("bounded query shows:\n%s", got)
	}
	out.expect(t, prompt, slow)

	send(t, tty, genDDL)
	out.expect(t, "Execute statement succeeded.", slow)
	out.expect(t, prompt, slow)
	send(t, tty, windowQuery)
	out.expect(t, "window_start", slow)
	out.expect(t, "| +I | ", slow)
	out.expect(t, "| +I | ", slow) // a second window fired: results stream
	send(t, tty, "\x03")
	out.expect(t, "Query cancelled after", slow)
	out.expect(t, prompt, slow)

	send(t, tty, "SHOW TABLES;\r")
	out.expect(t, "clicks\r\ngen\r\n", slow)
	out.expect(t, prompt, slow)

	// A syntax error shows the caret; the catalog is intact, and Tab
	// completes keywords and table names from it.
	send(t, tty, "SELEC name FROM clicks;\r")
	got = out.expect(t, "^", slow)
	if !strings.Contains(got, "^") || !strings.Contains(got, "<stdin>:1:1") {
		t.Errorf("syntax error shows:\n%s", got)
	}
	send(t, tty, "DESCRIB\t")
	out.expect(t, "DESCRIBE", slow)
	send(t, tty, " cli\t")
	out.expect(t, "clicks", slow)
	send(t, tty, ";\r")
	out.expect(t, "STRING", slow)
	out.expect(t, prompt, slow)

	send(t, tty, "QUIT;\r")
	out.expect(t, "Bye.", slow)
	if code := waitExit(t, cmd); code != 0 {
		t.Errorf("exit %d\n%s", code, out.all())
	}
	if os.Getenv("SHOWPTY") != "" {
		t.Log(out.all())
	}
	hist, err := os.ReadFile(history)
	if err != nil || !strings.Contains(string(hist), "CREATE TABLE clicks (name STRING, n INT) WITH") {
		t.Errorf("history file: %q, %v", hist, err)
	}
}

// TestREPLInsertJobs starts an INSERT INTO in the background, lists it and
// stops it, in the interactive session.
func TestREPLInsertJobs(t *testing.T) {
	dir := t.TempDir()
	tty, out, cmd := startREPL(t, dir, "--history=")
	const slow = 60 * time.Second
	out.expect(t, prompt, slow)
	send(t, tty, genDDL)
	out.expect(t, prompt, slow)
	send(t, tty, "CREATE TABLE sink (id BIGINT) WITH ('connector' = 'blackhole');\r")
	out.expect(t, prompt, slow)
	send(t, tty, "INSERT INTO sink SELECT id FROM gen;\r")
	got := out.expect(t, "SHOW JOBS lists it", slow)
	i := strings.Index(got, "Submitted job ")
	if i < 0 {
		t.Fatalf("INSERT shows:\n%s", got)
	}
	id := got[i+len("Submitted job ") : i+len("Submitted job ")+8]
	send(t, tty, "SHOW JOBS;\r")
	got = out.expect(t, "RUNNING", slow)
	if !strings.Contains(got, id) {
		t.Errorf("SHOW JOBS shows:\n%s", got)
	}
	send(t, tty, "STOP JOB;\r")
	got = out.expect(t, "^", slow)
	if !strings.Contains(got, "quoted job id") {
		t.Errorf("malformed STOP JOB shows:\n%s", got)
	}
	send(t, tty, "STOP JOB '"+id+"';\r")
	out.expect(t, "stopped", slow)
	send(t, tty, "SHOW JOBS;\r")
	out.expect(t, "CANCELED", slow)
	out.expect(t, prompt, slow)
	send(t, tty, "\x04") // Ctrl-D leaves
	out.expect(t, "Bye.", slow)
	if code := waitExit(t, cmd); code != 0 {
		t.Errorf("exit %d", code)
	}
}

// BenchmarkREPLStartup measures the time from starting a REPL session
// in-process on a pseudo-terminal to its first prompt on the terminal.
func BenchmarkREPLStartup(b *testing.B) {
	var total time.Duration
	for i := 0; i < b.N; i++ {
		ptmx, tty, err := pty.Open()
		if err != nil {
			b.Fatal(err)
		}
		start := time.Now()
		done := make(chan int, 1)
		go func() {
			done <- cmdRepl(context.Background(), []string{"--history="},
				replIO{Stdin: tty, Stdout: tty, Stderr: tty, Term: tty})
		}()
		// Read until the prompt shows, timing it without polling delays.
		seen := make(chan time.Duration, 1)
		go func() {
			var got []byte
			buf := make([]byte, 4096)
			for {
				n, err := ptmx.Read(buf)
				got = append(got, buf[:n]...)
				if strings.Contains(string(got), prompt) {
					seen <- time.Since(start)
					return
				}
				if err != nil {
					return
				}
			}
		}()
		select {
		case d := <-seen:
			total += d
		case <-time.After(30 * time.Second):
			b.Fatal("no prompt")
		}
		send(b, ptmx, "QUIT;\r")
		out := readPTY(ptmx) // drain until the terminal closes
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			b.Fatal("the REPL did not quit")
		}
		_ = tty.Close()
		_ = ptmx.Close()
		<-out.done
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/prompt")
}

// BenchmarkREPLProcessStartup measures the same from starting the CLI as a
// process of its own (the test binary, which runs the CLI) on a
// pseudo-terminal: process start and package initialization included.
func BenchmarkREPLProcessStartup(b *testing.B) {
	var total time.Duration
	for i := 0; i < b.N; i++ {
		cmd := exec.Command(os.Args[0], "-test.run=^$")
		cmd.Env = append(os.Environ(), childEnv+"=--history=")
		start := time.Now()
		ptmx, err := pty.Start(cmd)
		if err != nil {
			b.Fatal(err)
		}
		out := readPTY(ptmx)
		out.expectFast(b, prompt, 30*time.Second)
		total += time.Since(start)
		send(b, ptmx, "QUIT;\r")
		done := make(chan error, 1)
		go func() { done <- cmd.Wait() }()
		select {
		case <-done:
		case <-time.After(30 * time.Second):
			_ = cmd.Process.Kill()
			b.Fatal("the REPL did not quit")
		}
		_ = ptmx.Close()
		<-out.done
	}
	b.ReportMetric(float64(total.Microseconds())/1000/float64(b.N), "ms/prompt")
}
