// Command streamsql runs real-time data warehouse layers written in Flink
// SQL: `streamsql run layer.sql...` compiles every INSERT INTO of the files
// into one job graph and runs it until bounded inputs end or Ctrl-C, and
// `streamsql` alone (or `streamsql repl`) is an interactive SQL client.
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"syscall"

	"github.com/streamsql/streamsql/connectors"
	// The kafka connector registers 'kafka' and 'upsert-kafka'; it is kept
	// out of the connectors package so that its tests can drive the engine.
	_ "github.com/streamsql/streamsql/connectors/kafka"
)

// version is the release string; set with -ldflags "-X main.version=...".
var version = "0.1.0-dev"

const usage = `streamsql runs streaming SQL pipelines written in Flink SQL.

Usage:
  streamsql [repl] [flags]               interactive SQL client (reads stdin when
                                         it is not a terminal; --help for flags)
  streamsql run [flags] FILE.sql...      run every INSERT INTO of the files as one job
  streamsql explain [flags] FILE.sql...  print the logical and physical plans
  streamsql test [flags] [DIR...]        run pipelines on fixture files and compare
                                         their output with expectation files
  streamsql broker [flags]               run an embedded Kafka-protocol broker (--help)
  streamsql demo [flags]                 run the reference ad warehouse live on the
                                         embedded broker with generated events
  streamsql generate adwarehouse [flags] generate the advertising warehouse's raw
                                         events into files or Kafka (--help)
  streamsql version                      print the version
  streamsql help [COMMAND]               show help for run, explain, test, repl, demo or generate
  streamsql help connectors              list connectors, formats and their options

Statements in the files run in order: CREATE TABLE/VIEW, SET, DROP take
effect at once; SHOW TABLES, DESCRIBE and EXPLAIN print; INSERT INTO and
SELECT are collected and run together when the files are loaded. A job whose
inputs are bounded (files, datagen with number-of-rows) exits 0 when done.
Ctrl-C stops a running job cleanly: sinks abort, no partial file is left
visible.

Exit codes: 0 success, 1 the job failed, 2 bad usage or a SQL error,
130 interrupted.
`

func main() {
	if isReplArgs(os.Args[1:]) {
		// The REPL handles Ctrl-C itself: it cancels the running query.
		os.Exit(run(context.Background(), os.Args[1:], os.Stdout, os.Stderr))
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	code := run(ctx, os.Args[1:], os.Stdout, os.Stderr)
	stop()
	os.Exit(code)
}

// run executes the CLI and returns the process exit code. Cancelling ctx
// stops a running job as Ctrl-C does.
func run(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	if isReplArgs(args) {
		if len(args) > 0 && args[0] == "repl" {
			args = args[1:]
		}
		rio := replIO{Stdin: os.Stdin, Stdout: stdout, Stderr: stderr, Signals: true}
		if f, ok := isTerminal(os.Stdin); ok {
			rio.Term = f
		}
		return cmdRepl(ctx, args, rio)
	}
	switch cmd, rest := args[0], args[1:]; cmd {
	case "run":
		return cmdRun(ctx, rest, stdout, stderr)
	case "explain":
		return cmdExplain(rest, stdout, stderr)
	case "broker":
		return cmdBroker(ctx, rest, stdout, stderr)
	case "test":
		return cmdTest(ctx, rest, stdout, stderr)
	case "generate":
		return cmdGenerate(ctx, rest, stdout, stderr)
	case "demo":
		return cmdDemo(ctx, rest, stdout, stderr)
	case "version", "--version":
		fmt.Fprintf(stdout, "streamsql %s\n", version)
		return 0
	case "help", "-h", "--help":
		if len(rest) > 0 {
			return helpFor(rest[0], stdout, stderr)
		}
		fmt.Fprint(stdout, usage)
		return 0
	default:
		fmt.Fprintf(stderr, "streamsql: unknown command %q\n\n%s", cmd, usage)
		return 2
	}
}

func helpFor(cmd string, stdout, stderr io.Writer) int {
	switch cmd {
	case "run":
		fs := runFlags(stdout)
		fmt.Fprintln(stdout, "Usage: streamsql run [flags] FILE.sql...")
		fs.PrintDefaults()
	case "explain":
		fs := runFlags(stdout)
		fmt.Fprintln(stdout, "Usage: streamsql explain [flags] FILE.sql...")
		fs.PrintDefaults()
	case "test":
		var f testFlags
		fs := testFlagSet(stdout, &f)
		fmt.Fprintln(stdout, "Usage: streamsql test [flags] [DIR...]")
		fs.PrintDefaults()
		fmt.Fprint(stdout, "\n"+testHelp)
	case "repl":
		var f replFlags
		fs := replFlagSet(stdout, &f)
		fmt.Fprintln(stdout, "Usage: streamsql [repl] [flags]")
		fs.PrintDefaults()
		fmt.Fprint(stdout, "\n"+replHelp)
	case "generate":
		var f generateFlags
		generateFlagSet(stdout, &f).Usage()
	case "demo":
		var f demoFlags
		demoFlagSet(stdout, &f).Usage()
	case "connectors":
		fmt.Fprint(stdout, connectors.Doc())
	default:
		fmt.Fprintf(stderr, "streamsql: no help for %q (try run, explain, test, repl, demo, generate, connectors)\n", cmd)
		return 2
	}
	return 0
}

// isReplArgs reports whether args start the REPL: no arguments, the repl
// command, or flags only.
func isReplArgs(args []string) bool {
	return len(args) == 0 || args[0] == "repl" || (strings.HasPrefix(args[0], "-") && args[0] != "-h" && args[0] != "--help" && args[0] != "--version")
}

// exitCode maps an error to the CLI's exit code.
func exitCode(err error) int {
	switch {
	case err == nil:
		return 0
	case errors.Is(err, context.Canceled):
		return 130
	}
	return 1
}
