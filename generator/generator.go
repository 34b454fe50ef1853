// Package generator is the core of the built-in event generators: a record
// type, the Stream a generator implements, the Sinks that write records to
// JSON-lines files or Kafka, and Run, which drives a stream into a sink,
// optionally paced in real time, and sums up what it wrote.
//
// Generators are driven by event time, never by the wall clock: the same
// seed and options give the same records in the same order on any machine.
// Pacing only decides when a record is handed to the sink.
package generator

import (
	"context"
	"errors"
	"time"
)

// Record is one generated record.
type Record struct {
	// Topic is the Kafka topic, and the base name of the file, it goes to.
	Topic string
	// Key is the record key (the event's id); Value is the record body,
	// one JSON object without a trailing newline.
	Key, Value []byte
	// Time is the event time of the record (Kafka record timestamp).
	Time time.Time
	// Arrival is the event-time instant at which the record is emitted:
	// never before Time, and at most the configured disorder after it.
	// Records come out of a Stream in Arrival order.
	Arrival time.Time
	// Duplicate marks a re-sent copy of an earlier record (same key and
	// value).
	Duplicate bool
	// Malformed marks a record that is not valid for its topic's schema.
	Malformed bool
}

// Stream yields generated records in emission order.
//
// Next returns the next record and true, or false when the stream has
// ended; after false it keeps returning false. The caller owns the
// returned record, its Key and its Value: the stream never touches them
// again. A Stream is not safe for concurrent use; one goroutine calls Next.
type Stream interface {
	Next() (Record, bool)
}

// Sink receives records.
//
// Write is called for each record in order, from one goroutine; the sink
// may keep the record (it is handed over). Flush makes every written
// record durable or visible (flushed to the file, acknowledged by Kafka).
// Close flushes and releases the sink; it is called once, last, and after
// it no other method is called. A Sink is not safe for concurrent use.
type Sink interface {
	Write(ctx context.Context, r Record) error
	Flush(ctx context.Context) error
	Close(ctx context.Context) error
}

// Clock is the time source of paced runs. Now returns the current time;
// Sleep waits for d or until ctx is done, returning ctx.Err() then.
// Implementations must be safe for use by one goroutine at a time.
type Clock interface {
	Now() time.Time
	Sleep(ctx context.Context, d time.Duration) error
}

// WallClock is the real clock.
type WallClock struct{}

// Now returns the wall-clock time.
func (WallClock) Now() time.Time { return time.Now() }

// Sleep waits d or until ctx is done.
func (WallClock) Sleep(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// RunOptions configure Run.
type RunOptions struct {
	// Pace, when set, hands each record to the sink no earlier than its
	// Arrival, mapping event time Origin to the clock's time at start.
	// Without it records are written as fast as the sink takes them.
	Pace Clock
	// Origin is the event time that corresponds to the start of a paced
	// run (normally the generator's start time).
	Origin time.Time
	// Progress, when set, is called after every ProgressEvery records with
	// the summary so far, from Run's goroutine.
	Progress func(Summary)
	// ProgressEvery is the number of records between Progress calls; zero
	// or less turns Progress off.
	ProgressEvery int
}

// pauseThreshold is how far ahead of the clock a paced run must be before
// it flushes the sink and sleeps; smaller gaps are written at once.
const pauseThreshold = 2 * time.Millisecond

// Run writes the stream into the sink until the stream ends or ctx is
// done, then closes the sink. It returns what was written. When ctx is
// cancelled the records written so far are still flushed (bounded by the
// sink's own timeouts) and the error is ctx.Err().
func Run(ctx context.Context, s Stream, sink Sink, o RunOptions) (Summary, error) {
	var sum Summary
	var wallStart time.Time
	if o.Pace != nil {
		wallStart = o.Pace.Now()
	}
	err := func() error {
		for {
			if err := ctx.Err(); err != nil {
				return err
			}
			r, ok := s.Next()
			if !ok {
				return nil
			}
			if o.Pace != nil {
				due := wallStart.Add(r.Arrival.Sub(o.Origin))
				if wait := due.Sub(o.Pace.Now()); wait >= pauseThreshold {
					if err := sink.Flush(ctx); err != nil {
						return err
					}
					if err := o.Pace.Sleep(ctx, wait); err != nil {
						return err
					}
				}
			}
			if err := sink.Write(ctx, r); err != nil {
				return err
			}
			sum.Add(r)
			if o.Progress != nil && o.ProgressEvery > 0 && sum.Records%int64(o.ProgressEvery) == 0 {
				o.Progress(sum)
			}
		}
	}()
	// Close with a context of its own: a cancelled run still flushes what
	// it wrote, bounded by the sink's timeouts.
	cerr := sink.Close(context.WithoutCancel(ctx))
	if cerr != nil {
		err = errors.Join(err, cerr)
	}
	return sum, err
}
