package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"strings"

	"github.com/streamsql/streamsql/broker"
)

const brokerUsage = `Usage: streamsql broker [--port 9092] [--data-dir DIR] [--partitions N] [--topic NAME]...

Runs an embedded Kafka-protocol broker on 127.0.0.1 until Ctrl-C. Point a
table at it with 'properties.bootstrap.servers' = 'localhost:PORT'; the same
SQL runs against a real Kafka or Redpanda cluster by changing that option.
Topics written by a producer are created on first use.

With --data-dir, topics, records and committed group offsets are kept in DIR
and survive a restart; without it everything is in memory and lost when the
broker stops.

Flags:
`

// topicsFlag collects repeated --topic flags.
type topicsFlag []string

func (t *topicsFlag) String() string { return strings.Join(*t, ",") }

func (t *topicsFlag) Set(v string) error {
	*t = append(*t, v)
	return nil
}

// cmdBroker runs the embedded broker until ctx is cancelled.
func cmdBroker(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("streamsql broker", flag.ContinueOnError)
	fs.SetOutput(stderr)
	var o broker.Options
	var topics topicsFlag
	fs.IntVar(&o.Port, "port", 9092, "TCP port on 127.0.0.1 (0 picks a free one)")
	fs.StringVar(&o.DataDir, "data-dir", "", "directory that keeps the broker's data across restarts (default: in memory)")
	fs.IntVar(&o.Partitions, "partitions", 1, "partitions of topics created without an explicit count")
	fs.Var(&topics, "topic", "a topic to create at start (repeatable)")
	fs.Usage = func() {
		fmt.Fprint(fs.Output(), brokerUsage)
		fs.PrintDefaults()
	}
	for _, a := range args {
		if a == "-h" || a == "-help" || a == "--help" {
			fs.SetOutput(stdout)
			fs.Usage()
			return 0
		}
	}
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "streamsql broker: unexpected argument %q\n", fs.Arg(0))
		return 2
	}
	o.Topics = topics
	b, err := broker.Start(o)
	if err != nil {
		fmt.Fprintf(stderr, "streamsql broker: %v\n", err)
		return 1
	}
	where := "in memory"
	if o.DataDir != "" {
		where = "data in " + o.DataDir
	}
	fmt.Fprintf(stdout, "streamsql broker listening on %s (%s); Ctrl-C stops it\n", b.Addr(), where)
	<-ctx.Done()
	b.Close()
	fmt.Fprintln(stdout, "streamsql broker stopped")
	return 0
}
