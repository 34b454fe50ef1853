package main

import (
	"strings"
	"testing"
	"time"
)

// TestREPLResultModes switches the result mode on a terminal: changelog
// rows carry their row kind, and the live table keeps the last max-rows
// rows and says so. Ctrl-C at the prompt drops a half-typed statement and
// Ctrl-R finds an earlier one in the history.
func TestREPLResultModes(t *testing.T) {
	dir := t.TempDir()
	tty, out, cmd := startREPL(t, dir, "--history=")
	const slow = 60 * time.Second
	out.expect(t, prompt, slow)
	send(t, tty, "CREATE TABLE seq (id BIGINT) WITH ('connector' = 'datagen', 'fields.id.kind' = 'sequence', 'fields.id.start' = '1', 'fields.id.end' = '30');\r")
	out.expect(t, "Execute statement succeeded.", slow)

	send(t, tty, "SET 'sql-client.execution.result-mode' = 'changelog';\r")
	out.expect(t, "Execute statement succeeded.", slow)
	send(t, tty, "SELECT id FROM seq WHERE id <= 3;\r")
	got := out.expect(t, "Received a total of 3 rows", slow)
	if !strings.Contains(got, "+I[1]\r\n+I[2]\r\n+I[3]\r\n") {
		t.Errorf("changelog mode shows:\n%q", got)
	}

	send(t, tty, "SET 'sql-client.execution.result-mode' = 'table';\r")
	out.expect(t, "Execute statement succeeded.", slow)
	send(t, tty, "SET 'sql-client.display.max-rows' = '5';\r")
	out.expect(t, "Execute statement succeeded.", slow)
	send(t, tty, "SELECT id FROM seq;\r")
	got = out.expect(t, "The query has ended.", slow)
	if !strings.Contains(got, "\x1b[2J") || !strings.Contains(got, "the last 5 of 30 rows") {
		t.Errorf("table mode shows:\n%q", got)
	}
	got = out.expect(t, prompt, slow)
	for _, want := range []string{"| 26 ", "| 30 "} {
		if !strings.Contains(got, want) {
			t.Errorf("table mode lacks %q:\n%q", want, got)
		}
	}
	if strings.Contains(got, "| 25 ") {
		t.Errorf("table mode kept more than max-rows:\n%q", got)
	}

	send(t, tty, "SET 'sql-client.execution.result-mode' = 'bogus';\r")
	out.expect(t, "Execute statement succeeded.", slow)
	send(t, tty, "SELECT id FROM seq;\r")
	out.expect(t, "unknown 'sql-client.execution.result-mode'", slow)

	// Ctrl-C drops the statement being typed, across lines.
	send(t, tty, "SELECT id\r")
	out.expect(t, contPrompt, slow)
	send(t, tty, "\x03")
	out.expect(t, prompt, slow)
	send(t, tty, "RESET;\r")
	out.expect(t, "Execute statement succeeded.", slow)

	// Ctrl-R searches the history backwards.
	send(t, tty, "\x12WHERE id <=")
	out.expect(t, "SELECT id FROM seq WHERE id <= 3;", slow)
	send(t, tty, "\r\r")
	out.expect(t, "Received a total of 3 rows", slow)

	send(t, tty, "EXIT;\r")
	out.expect(t, "Bye.", slow)
	if code := waitExit(t, cmd); code != 0 {
		t.Errorf("exit %d", code)
	}
}
