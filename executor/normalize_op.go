package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/planner"
)

// normalize is the OpChangelogNormalize operator (spec:
// planner.NormalizeSpec). It turns an upsert stream into a retract
// stream by keeping the last row of every key: keys are interned in a
// keyTable, and the key id is also the slot of the key's last row in a
// joinRows store (plain values, no reference to an input batch).
//
// With a state TTL, every write of a key is queued with its time; a key
// not written for StateTTLMillis is forgotten (without output) at the
// next tick, or when its next row arrives, whichever comes first, so the
// output does not depend on when ticks happen.
type normalize struct {
	spec *planner.NormalizeSpec
	// types are the input's data columns (without the row kind).
	types []arrow.DataType
	out   *arrow.Schema

	keys  *keyTable
	rows  *joinRows
	views []colView
	// written is the last write time of each live key id; gen counts the
	// lives of an id, so that queued expiries of an earlier key that had
	// the same id are ignored.
	written []int64
	gen     []uint32
	expiry  []normalizeExpiry
	head    int

	emit    batchBuilder
	data    []array.Builder
	kind    *array.Int8Builder
	clock   func() int64
	metrics *Metrics
	missing string
	expired string
}

// normalizeExpiry is one queued write: key id (in its life gen) was
// written at time at.
type normalizeExpiry struct {
	id  uint32
	gen uint32
	at  int64
}

func init() { RegisterOperator(planner.OpChangelogNormalize, newNormalize) }

// newNormalize is the OperatorFactory of OpChangelogNormalize.
func newNormalize(_ *planner.Graph, n *planner.PNode) (Operator, error) {
	spec := n.Normalize
	if spec == nil {
		return nil, errors.New("changelog normalize node without a spec")
	}
	if len(n.Inputs) != 1 {
		return nil, errors.New("changelog normalize needs one input")
	}
	data, err := ArrowSchema(n.Schema)
	if err != nil {
		return nil, err
	}
	o := &normalize{spec: spec, out: WithRowKind(data)}
	var keyTypes []arrow.DataType
	for _, f := range data.Fields() {
		o.types = append(o.types, f.Type)
	}
	for _, k := range spec.Keys {
		if k < 0 || k >= len(o.types) {
			return nil, fmt.Errorf("changelog normalize key column %d out of range", k)
		}
		keyTypes = append(keyTypes, o.types[k])
	}
	if o.keys, err = newKeyTable(keyTypes); err != nil {
		return nil, fmt.Errorf("changelog normalize key: %w", err)
	}
	if o.rows, err = newJoinRows(o.types); err != nil {
		return nil, fmt.Errorf("changelog normalize: %w", err)
	}
	o.views = make([]colView, len(o.types))
	for i := range o.views {
		o.views[i].cat = o.rows.cols[i].cat
	}
	o.missing = "state." + spec.Name + ".delete_missing"
	o.expired = "state." + spec.Name + ".expired"
	return o, nil
}

// Open implements Operator.
func (o *normalize) Open(ctx *OpContext, out Emitter) error {
	o.clock, o.metrics = ctx.Clock, ctx.Metrics
	o.emit = newBatchBuilder(ctx.Alloc, o.out, out)
	fs := o.emit.b.Fields()
	o.data = fs[:len(fs)-1]
	o.kind = fs[len(fs)-1].(*array.Int8Builder)
	return nil
}

func (o *normalize) now() int64 {
	if o.clock == nil {
		return 0
	}
	return o.clock()
}

func (o *normalize) count(name string) {
	if o.metrics != nil {
		o.metrics.Add(name, 1)
	}
}

// OnBatch implements Operator: each row, in order, against its key's
// last row.
func (o *normalize) OnBatch(_ int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	kinds := RowKinds(rec)
	o.keys.hashBatch(rec, o.spec.Keys)
	defer o.keys.release()
	for k := range o.views {
		o.views[k].load(rec.Column(k))
	}
	defer o.releaseViews()
	now := o.now()
	for i := 0; i < n; i++ {
		if err := o.row(i, KindAt(kinds, i), now); err != nil {
			return err
		}
	}
	return o.emit.flush()
}

// row applies row i of the loaded batch.
func (o *normalize) row(i int, kind RowKind, now int64) error {
	id := o.keys.lookup(i)
	o.grow(len(o.keys.refs))
	known := o.keys.refs[id] > 0
	if known && o.spec.StateTTLMillis > 0 && o.written[id]+o.spec.StateTTLMillis <= now {
		o.drop(id)
		o.count(o.expired)
		// The key was freed: intern it again for this row.
		id = o.keys.lookup(i)
		o.grow(len(o.keys.refs))
		known = false
	}
	if kind.IsRetract() {
		if !known {
			o.count(o.missing)
			o.keys.ref(id)
			o.keys.unref(id)
			return nil
		}
		if err := o.emitRow(id, RowDelete); err != nil {
			return err
		}
		o.drop(id)
		return nil
	}
	if !known {
		o.keys.ref(id)
		o.rows.set(id, o.views, i, false)
		o.touch(id, now)
		return o.emitRow(id, RowInsert)
	}
	o.touch(id, now)
	if o.sameRow(id, i) {
		return nil
	}
	if err := o.emitRow(id, RowUpdateBefore); err != nil {
		return err
	}
	o.rows.set(id, o.views, i, false)
	return o.emitRow(id, RowUpdateAfter)
}

// grow makes the per-key slices hold n ids.
func (o *normalize) grow(n int) {
	for len(o.written) < n {
		o.written = append(o.written, 0)
		o.gen = append(o.gen, 0)
	}
}

// touch records a write of key id at now.
func (o *normalize) touch(id uint32, now int64) {
	o.written[id] = now
	if o.spec.StateTTLMillis > 0 {
		o.expiry = append(o.expiry, normalizeExpiry{id: id, gen: o.gen[id], at: now})
	}
}

// drop forgets key id and its row.
func (o *normalize) drop(id uint32) {
	o.gen[id]++
	o.rows.clear(id)
	o.keys.unref(id)
}

// emitRow appends the stored row of key id with kind.
func (o *normalize) emitRow(id uint32, kind RowKind) error {
	o.rows.appendRow(id, o.data)
	o.kind.Append(int8(kind))
	return o.emit.rowDone()
}

// sameRow reports whether the stored row of key id equals row i.
func (o *normalize) sameRow(id uint32, i int) bool {
	for k := range o.rows.cols {
		if !sameValue(&o.rows.cols[k], int(id), &o.views[k], i) {
			return false
		}
	}
	return true
}

// sameValue reports whether slot of c holds the value of row i of v
// (NULL equals NULL; floats compare by bits, so NaN equals NaN).
func sameValue(c *valueCol, slot int, v *colView, i int) bool {
	null := v.arr.IsNull(i)
	if null || !c.valid[slot] {
		return null == !c.valid[slot]
	}
	switch c.cat {
	case catInt:
		return c.ints[slot] == v.ints[i]
	case catFloat:
		return floatKey(c.floats[slot]) == floatKey(v.floats[i])
	case catStr:
		return c.strs[slot] == v.strAt(i)
	case catDec:
		return c.decs[slot] == v.dec.Value(i)
	}
	return false
}

func (o *normalize) releaseViews() {
	for k := range o.views {
		o.views[k] = colView{cat: o.views[k].cat, ints: o.views[k].ints, floats: o.views[k].floats}
	}
}

// OnTick implements Ticker: keys not written for the state TTL are
// forgotten.
func (o *normalize) OnTick(now int64) error {
	ttl := o.spec.StateTTLMillis
	if ttl <= 0 {
		return nil
	}
	for o.head < len(o.expiry) && o.expiry[o.head].at+ttl <= now {
		e := o.expiry[o.head]
		o.head++
		if o.gen[e.id] == e.gen && o.written[e.id] == e.at && o.keys.refs[e.id] > 0 {
			o.drop(e.id)
			o.count(o.expired)
		}
	}
	if o.head > 1024 && o.head*2 > len(o.expiry) {
		o.expiry = append(o.expiry[:0], o.expiry[o.head:]...)
		o.head = 0
	}
	return nil
}

// OnWatermark implements Operator: watermarks pass through.
func (o *normalize) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator.
func (o *normalize) OnEnd() error { return o.emit.flush() }

// Close implements Operator.
func (o *normalize) Close() error {
	if o.emit.b != nil {
		o.emit.release()
		o.emit.b = nil
	}
	return nil
}
