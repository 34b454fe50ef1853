package executor

import (
	"context"
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/planner"
)

// node is the runtime side of one physical node: its operator (or source),
// its input queue and the queues of its consumers.
type node struct {
	pn   *planner.PNode
	name string
	op   Operator
	src  Source
	// schema is a source's batch schema.
	schema *arrow.Schema
	nIn    int
	outs   []outlet
	// inbox receives the messages of every input, tagged with the index.
	inbox chan message
	// tick is non-nil for Ticker operators; capacity 1, ticks coalesce.
	tick chan struct{}
}

// outlet is one consumer input fed by a node.
type outlet struct {
	to    *node
	input int
}

// send delivers m to o, or gives up when ctx is done. On failure the
// caller still owns m.rec.
func (o outlet) send(ctx context.Context, m message) error {
	m.input = o.input
	select {
	case o.to.inbox <- m:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// broadcast sends a message without a batch to every consumer.
func (n *node) broadcast(ctx context.Context, m message) error {
	for _, o := range n.outs {
		if err := o.send(ctx, m); err != nil {
			return err
		}
	}
	return nil
}

// emitter is the Emitter and WatermarkEmitter of one operator node. It is
// used only from the node's goroutine.
type emitter struct {
	n   *node
	ctx context.Context
	// split tags emitted batches with the split of the batch being
	// processed (for single-input, non-SplitAware operators).
	split SplitID
	// origin and inRows describe the batch being processed by a
	// row-preserving operator: an output batch with inRows rows carries
	// the same rows and so the same origin.
	origin *origin
	inRows int64
	// fwd is the last watermark forwarded downstream.
	fwd int64
	// opIdle is the idleness the operator declared; outIdle is the status
	// last sent downstream; wms gives the inputs' idleness.
	opIdle, outIdle bool
	wms             *inputWatermarks
}

// Emit implements Emitter: each consumer gets its own reference.
func (e *emitter) Emit(rec arrow.Record) error {
	if rec == nil || rec.NumRows() == 0 {
		return nil
	}
	if e.outIdle {
		if err := e.sendIdle(false); err != nil {
			return err
		}
	}
	for _, o := range e.n.outs {
		rec.Retain()
		m := message{kind: msgBatch, split: e.split, rec: rec}
		if e.origin != nil && rec.NumRows() == e.inRows {
			m.origin = e.origin
		}
		if err := o.send(e.ctx, m); err != nil {
			rec.Release()
			return err
		}
	}
	return nil
}

// EmitWatermark implements WatermarkEmitter.
func (e *emitter) EmitWatermark(wm int64) error {
	if wm <= e.fwd {
		return nil
	}
	e.fwd = wm
	return e.n.broadcast(e.ctx, message{kind: msgWatermark, wm: wm})
}

// SetIdle implements WatermarkEmitter.
func (e *emitter) SetIdle(idle bool) error {
	e.opIdle = idle
	return e.syncIdle()
}

// syncIdle sends the output's idleness downstream when it changed.
func (e *emitter) syncIdle() error {
	idle := e.opIdle || (e.wms != nil && e.wms.allIdle())
	if idle == e.outIdle {
		return nil
	}
	return e.sendIdle(idle)
}

func (e *emitter) sendIdle(idle bool) error {
	e.outIdle = idle
	return e.n.broadcast(e.ctx, message{kind: msgIdle, idle: idle})
}

// runOperator is the goroutine of an operator node. Any panic of the
// operator becomes an error naming it; Close is always called.
func (n *node) runOperator(ctx context.Context, j *Job) (err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("%s: panic: %v", n.name, r)
		}
	}()
	defer func() {
		if cerr := protect(n.name, n.op.Close); cerr != nil && err == nil {
			err = cerr
		}
	}()
	em := &emitter{n: n, ctx: ctx, split: noSplit, fwd: MinWatermark}
	octx := &OpContext{Alloc: j.opts.Alloc, Node: n.pn, Name: n.name, Clock: j.opts.Clock, Metrics: j.opts.Metrics}
	if err := n.op.Open(octx, em); err != nil {
		return fmt.Errorf("%s: %w", n.name, err)
	}
	l := newOpLoop(n, em)
	for {
		select {
		case m := <-n.inbox:
			done, err := l.handle(m)
			if err != nil {
				if ctx.Err() != nil {
					return ctx.Err()
				}
				return fmt.Errorf("%s: %w", n.name, err)
			}
			if done {
				return nil
			}
		case <-n.tick:
			if err := l.ticker.OnTick(j.opts.Clock()); err != nil {
				return fmt.Errorf("%s: %w", n.name, err)
			}
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

// opLoop holds the per-node state of runOperator.
type opLoop struct {
	n             *node
	em            *emitter
	wms           *inputWatermarks
	sa            SplitAware
	ticker        Ticker
	forwardSplits bool
	// keepsRows is set for operators whose output batch for an input batch
	// of the same size holds the same rows in the same order (Calc,
	// WatermarkAssigner, Union), so row positions can follow the rows.
	keepsRows bool
}

func newOpLoop(n *node, em *emitter) *opLoop {
	l := &opLoop{n: n, em: em, wms: newInputWatermarks(n.nIn)}
	em.wms = l.wms
	l.sa, _ = n.op.(SplitAware)
	l.ticker, _ = n.op.(Ticker)
	// Split information flows through single-input operators that do not
	// consume it.
	l.forwardSplits = n.nIn == 1 && l.sa == nil
	switch n.pn.Kind {
	case planner.OpCalc, planner.OpWatermark, planner.OpUnion:
		l.keepsRows = true
	}
	return l
}

// handle processes one message; done reports that every input ended and
// the operator finished.
func (l *opLoop) handle(m message) (done bool, err error) {
	switch m.kind {
	case msgBatch:
		return false, l.batch(m)
	case msgWatermark:
		if wm, ok := l.wms.advance(m.input, m.wm); ok {
			return false, l.watermark(wm)
		}
	case msgIdle:
		wm, ok := l.wms.setIdle(m.input, m.idle)
		if ok {
			if err := l.watermark(wm); err != nil {
				return false, err
			}
		}
		return false, l.em.syncIdle()
	case msgSplitAdd:
		if l.sa != nil {
			return false, l.sa.OnSplitAdd(m.split, m.name)
		}
		if l.forwardSplits {
			return false, l.n.broadcast(l.em.ctx, message{kind: msgSplitAdd, split: m.split, name: m.name})
		}
	case msgSplitDone:
		if l.sa != nil {
			return false, l.sa.OnSplitDone(m.split)
		}
		if l.forwardSplits {
			return false, l.n.broadcast(l.em.ctx, message{kind: msgSplitDone, split: m.split})
		}
	case msgEnd:
		if wm, ok := l.wms.end(m.input); ok {
			if err := l.watermark(wm); err != nil {
				return false, err
			}
		}
		if !l.wms.allEnded() {
			return false, l.em.syncIdle()
		}
		// A cancelled job must not commit what it has.
		if err := l.em.ctx.Err(); err != nil {
			return false, err
		}
		if err := l.n.op.OnEnd(); err != nil {
			return false, err
		}
		return true, l.n.broadcast(l.em.ctx, message{kind: msgEnd})
	}
	return false, nil
}

func (l *opLoop) batch(m message) error {
	defer m.rec.Release()
	if l.keepsRows {
		l.em.origin, l.em.inRows = m.origin, m.rec.NumRows()
		defer func() { l.em.origin = nil }()
	}
	var err error
	if l.sa != nil {
		err = l.sa.OnSplitBatch(m.split, m.rec)
	} else {
		if l.forwardSplits {
			l.em.split = m.split
			defer func() { l.em.split = noSplit }()
		}
		err = l.n.op.OnBatch(m.input, m.rec)
	}
	var re *RowError
	if err != nil && errors.As(err, &re) {
		if at := m.origin.describe(re.Row); at != "" {
			return fmt.Errorf("%s: %w", at, err)
		}
	}
	return err
}

func (l *opLoop) watermark(wm int64) error {
	out, err := l.n.op.OnWatermark(wm)
	if err != nil {
		return err
	}
	return l.em.EmitWatermark(out)
}
