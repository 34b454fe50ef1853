package executor

import (
	"context"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// Watermark values are event-time milliseconds since the epoch.
const (
	// MinWatermark is the watermark before any has been generated.
	MinWatermark int64 = -1 << 63
	// MaxWatermark is the final watermark a bounded source emits at end of
	// input: every window fires and every join flushes.
	MaxWatermark int64 = 1<<63 - 1
)

// Operator is one physical operator instance. The runtime calls it from a
// single goroutine, so an operator needs no locking. Call order:
//
//	Open, then any interleaving of OnBatch and OnWatermark, then OnEnd once
//	(after every input ended), then Close (always, also after an error or
//	cancellation, and also if Open failed).
//
// Multi-input operators receive the input index with each batch; the
// runtime, not the operator, combines watermarks across inputs (minimum) and
// calls OnWatermark only when the combined watermark advances.
type Operator interface {
	// Open prepares the operator. out stays valid until Close.
	Open(ctx *OpContext, out Emitter) error
	// OnBatch processes one batch from input. The batch is borrowed: it is
	// valid only during the call; Retain it to keep it longer.
	OnBatch(input int, rec arrow.Record) error
	// OnWatermark is called when the combined input watermark advances to
	// wm. It returns the watermark to forward downstream (usually wm; an
	// operator holding back output may return less).
	OnWatermark(wm int64) (int64, error)
	// OnEnd is called once when every input has ended: flush what is left.
	OnEnd() error
	// Close releases resources. It must be safe after a failed Open.
	Close() error
}

// Emitter receives an operator's output batches. Emit borrows rec: the
// runtime retains it if it needs it beyond the call, and the caller still
// releases its own reference afterwards.
type Emitter interface {
	Emit(rec arrow.Record) error
}

// OpContext is what the runtime gives an operator at Open.
type OpContext struct {
	// Alloc is the allocator for every Arrow buffer the operator builds.
	Alloc memory.Allocator
	// Node is the physical node being run (schema, spec, ID).
	Node *planner.PNode
	// Name identifies the operator in errors and metrics, e.g.
	// "Calc#3 (INSERT INTO clean_clicks)".
	Name string
	// Clock returns the current processing time in ms; operators never call
	// time.Now themselves.
	Clock func() int64
	// Metrics is where the operator counts what it drops or skips.
	Metrics *Metrics
}

// SplitID identifies one split of a source (a file, a Kafka partition).
type SplitID int

// Source produces batches for one table. A source is used by one goroutine.
// Run is called once; it returns when the input is exhausted (bounded) or
// ctx is cancelled. It must not return before every batch it read has been
// handed to out.
type Source interface {
	Run(ctx context.Context, out SourceOutput) error
	// Close releases resources; called after Run returns (also on error).
	Close() error
}

// SourceOutput receives a source's batches. It is called only from the
// goroutine running Source.Run.
type SourceOutput interface {
	// AddSplit announces a split before its first batch; a split that is
	// announced holds the watermark back until it emits or ends.
	AddSplit(split SplitID, name string)
	// Emit hands one batch read from split to the job; ownership of rec
	// passes to the runtime. The schema is the SourceSpec's columns in
	// order. Emit blocks when the job is backed up and returns an error when
	// the job is stopping.
	Emit(split SplitID, rec arrow.Record) error
	// SplitDone says split will produce no more rows (end of a file).
	SplitDone(split SplitID)
}

// PositionedOutput is an optional SourceOutput capability: the runtime's
// SourceOutput implements it, and a source that knows where each row came
// from (a file line, a Kafka offset) finds it by type assertion. Runtime
// errors about a row then name its source position.
type PositionedOutput interface {
	// EmitAt is Emit with pos[i] the position of row i within split (a
	// 1-based line number for files, an offset for Kafka). Ownership of
	// pos passes to the runtime with rec; the source must not reuse it.
	EmitAt(split SplitID, rec arrow.Record, pos []int64) error
}

// RowError is an operator error caused by one row of the batch it was
// given. The runtime adds the row's source position (see
// PositionedOutput) when it knows it.
type RowError struct {
	// Row is the index of the offending row in the operator's input batch.
	Row int
	Err error
}

func (e *RowError) Error() string { return e.Err.Error() }

// Unwrap returns the underlying error.
func (e *RowError) Unwrap() error { return e.Err }

// Sink consumes the rows of one INSERT INTO. A sink is used by one
// goroutine. Call order: Write any number of times, then Commit once when
// the input ended normally, or Abort when the job fails or is cancelled;
// Close always last.
type Sink interface {
	// Write takes a batch of the table's written columns: the physical
	// ones in order, then its persisted metadata columns (see
	// catalog.Table.WrittenColumns). The batch is borrowed for the
	// duration of the call.
	Write(rec arrow.Record) error
	// Commit makes everything written visible (renames part files,
	// flushes producers).
	Commit() error
	// Abort discards what is not yet visible.
	Abort() error
	Close() error
}

// SourceParams is what a connector needs to create a source.
type SourceParams struct {
	Spec  *planner.SourceSpec
	Alloc memory.Allocator
	// BatchSize is the maximum number of rows per emitted batch.
	BatchSize int
	Metrics   *Metrics
	// Schema is the Arrow schema of the emitted batches.
	Schema *arrow.Schema
	// Clock returns the current processing time in ms (for rate limits and
	// generated timestamps); nil means the wall clock.
	Clock func() int64
	// Sleep waits ms milliseconds or until ctx is done, returning ctx's
	// error then; nil means a real timer.
	Sleep func(ctx context.Context, ms int64) error
}

// SinkParams is what a connector needs to create a sink.
type SinkParams struct {
	Spec  *planner.SinkSpec
	Alloc memory.Allocator
	// Schema is the Arrow schema of the batches Write receives: the table's
	// written columns (physical, then persisted metadata) in order.
	Schema  *arrow.Schema
	Metrics *Metrics
	// Stdout is where 'print' writes.
	Stdout interface{ Write([]byte) (int, error) }
}

// Connectors creates sources and sinks for tables. The connectors package
// implements it; the executor never imports connectors.
type Connectors interface {
	NewSource(p SourceParams) (Source, error)
	NewSink(p SinkParams) (Sink, error)
}
