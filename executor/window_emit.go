package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// windowEmitMaxRows bounds the rows of one output batch.
const windowEmitMaxRows = emitMaxRows

// windowEmitter builds the output batches of a window operator with Arrow
// builders: key columns, window_start, window_end, window_time, then the
// aggregates.
type windowEmitter struct {
	batchBuilder
	keys   []array.Builder
	bounds [3]*array.TimestampBuilder
	aggs   []array.Builder
}

// newWindowEmitter returns an emitter of schema rows with nKeys key
// columns, writing to out.
func newWindowEmitter(alloc memory.Allocator, schema *arrow.Schema, nKeys int, out Emitter) *windowEmitter {
	e := &windowEmitter{batchBuilder: newBatchBuilder(alloc, schema, out)}
	fs := e.b.Fields()
	e.keys = fs[:nKeys]
	for i := range e.bounds {
		e.bounds[i] = fs[nKeys+i].(*array.TimestampBuilder)
	}
	e.aggs = fs[nKeys+3:]
	return e
}

// appendWindow appends window_start, window_end and window_time.
func (e *windowEmitter) appendWindow(start, end int64) {
	e.bounds[0].Append(arrow.Timestamp(start))
	e.bounds[1].Append(arrow.Timestamp(end))
	e.bounds[2].Append(arrow.Timestamp(end - 1))
}

// emitGroups appends one output row per group of namespace ns.
func (w *windowAgg) emitGroups(ns, start, end int64) error {
	var err error
	w.state.Groups(ns, func(key, slot uint32) {
		if err == nil {
			err = w.emitRow(key, slot, start, end)
		}
	})
	return err
}

// emitRow appends the output row of one group.
func (w *windowAgg) emitRow(key, slot uint32, start, end int64) error {
	e := w.emit
	w.keys.appendKey(key, w.outKeys, e.keys)
	e.appendWindow(start, end)
	for i, a := range w.aggs {
		a.result(slot, e.aggs[i])
	}
	return e.rowDone()
}
