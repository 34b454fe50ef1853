package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// rankOp is the OpRank operator (spec: planner.RankSpec): an unbounded
// Top-N. Partitions are interned in a keyTable (hashed column-wise per
// batch); each keeps its rows sorted by the sort keys then arrival. For
// each input row, in order, the rows ranked RankStart..RankEnd before and
// after it are compared and the difference emitted.
type rankOp struct {
	spec *planner.RankSpec
	// width is the number of input columns (without the row kind).
	width int
	types []arrow.DataType
	out   *arrow.Schema
	// appendIn is set for an append input: only the best RankEnd rows of
	// a partition are kept.
	appendIn bool
	retract  bool
	// arrival is set when rows arrive in rank order (an append input
	// ordered by processing time ascending, as deduplication keeping the
	// first row): a full partition takes no new row.
	arrival bool

	alloc   memory.Allocator
	metrics *Metrics
	clock   func() int64
	keys    *keyTable
	rows    *rankRows
	parts   []rankPart
	lists   listSlab
	emit    *rankEmit
	before  []uint32
	// missing and expired are the counter names.
	missing, expired string
}

// rankPart is one partition: its rows in rank order, and when it was last
// written (processing time) for the state TTL. used is false for a key id
// not holding a partition.
type rankPart struct {
	list  []uint32
	write int64
	used  bool
}

func init() { RegisterOperator(planner.OpRank, newRank) }

// newRank is the OperatorFactory of OpRank.
func newRank(g *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.Rank == nil {
		return nil, errors.New("rank node without a spec")
	}
	input, err := inputNode(g, n)
	if err != nil {
		return nil, fmt.Errorf("rank: %w", err)
	}
	out, err := NodeSchema(n)
	if err != nil {
		return nil, err
	}
	return newRankFor(n.Rank, input.Schema, !input.Changelog.Updating(), out)
}

// newRankFor creates the operator for spec over input columns in (an
// append input when appendIn), emitting batches of schema out.
func newRankFor(spec *planner.RankSpec, in planner.Schema, appendIn bool, out *arrow.Schema) (*rankOp, error) {
	s, err := ArrowSchema(in)
	if err != nil {
		return nil, err
	}
	r := &rankOp{spec: spec, width: len(in), out: out, appendIn: appendIn, retract: HasRowKind(out)}
	if err := checkRankSpec(spec.PartitionKeys, spec.OrderKeys, spec.RankStart, spec.RankEnd, len(in)); err != nil {
		return nil, fmt.Errorf("rank %s: %w", spec.Name, err)
	}
	want := len(in) + boolInt(spec.OutputRank) + boolInt(r.retract)
	if out.NumFields() != want {
		return nil, fmt.Errorf("rank %s: output has %d columns, want %d", spec.Name, out.NumFields(), want)
	}
	for i := range in {
		r.types = append(r.types, s.Field(i).Type)
	}
	first := spec.OrderKeys[0]
	r.arrival = appendIn && in[first.Col].Type.ProcTime && !first.Desc
	r.missing = "state." + spec.Name + ".retract_missing"
	r.expired = "state." + spec.Name + ".expired"
	return r, nil
}

// checkRankSpec checks the columns and range of a ranking spec.
func checkRankSpec(parts []int, order []planner.SortKey, start, end int64, width int) error {
	for _, c := range parts {
		if c < 0 || c >= width {
			return fmt.Errorf("partition column %d out of range", c)
		}
	}
	if len(order) == 0 {
		return errors.New("no sort key")
	}
	for _, k := range order {
		if k.Col < 0 || k.Col >= width {
			return fmt.Errorf("sort column %d out of range", k.Col)
		}
	}
	if start < 1 || end < start {
		return fmt.Errorf("bad rank range %d..%d", start, end)
	}
	return nil
}

// Open implements Operator.
func (r *rankOp) Open(ctx *OpContext, out Emitter) error {
	r.alloc, r.metrics, r.clock = ctx.Alloc, ctx.Metrics, ctx.Clock
	kt := make([]arrow.DataType, len(r.spec.PartitionKeys))
	for i, c := range r.spec.PartitionKeys {
		kt[i] = r.types[c]
	}
	var err error
	if r.keys, err = newKeyTable(kt); err != nil {
		return fmt.Errorf("%s: %w", ctx.Name, err)
	}
	if r.rows, err = newRankRows(r.types, r.spec.OrderKeys); err != nil {
		return fmt.Errorf("%s: %w", ctx.Name, err)
	}
	r.emit = newRankEmit(ctx.Alloc, r.out, out, r.rows, r.width, r.spec.OutputRank, r.retract)
	return nil
}

// OnBatch implements Operator.
func (r *rankOp) OnBatch(_ int, rec arrow.Record) error {
	n := int(rec.NumRows())
	if n == 0 {
		return nil
	}
	kinds := RowKinds(rec)
	r.keys.hashBatch(rec, r.spec.PartitionKeys)
	defer r.keys.release()
	r.rows.load(rec)
	var now int64
	ttl, end := r.spec.StateTTLMillis, int(r.spec.RankEnd)
	if ttl > 0 {
		now = r.clock()
	}
	for i := 0; i < n; i++ {
		id := r.keys.lookup(i)
		if r.arrival && int(id) < len(r.parts) {
			// A full partition's rows all arrived earlier: the row ranks
			// after RankEnd.
			if p := &r.parts[id]; len(p.list) >= end && (ttl <= 0 || now-p.write < ttl) {
				p.write = now
				continue
			}
		}
		if int(id) >= len(r.parts) {
			r.growParts(int(id) + 1)
		}
		p := &r.parts[id]
		if p.used && ttl > 0 && now-p.write >= ttl {
			r.dropRows(p)
		}
		if !p.used {
			p.used = true
			r.keys.ref(id)
			if p.list == nil {
				p.list = r.lists.take(min(end+1, maxSlabList))
			}
		}
		p.write = now
		var err error
		if KindAt(kinds, i).IsRetract() {
			err = r.remove(p, i)
		} else {
			err = r.insert(p, i)
		}
		if err != nil {
			return err
		}
		if len(p.list) == 0 {
			p.used = false
			r.keys.unref(id)
		}
	}
	return r.emit.flush()
}

// growParts makes partition ids below n addressable, doubling the
// capacity.
func (r *rankOp) growParts(n int) {
	if n <= cap(r.parts) {
		r.parts = r.parts[:n]
		return
	}
	parts := make([]rankPart, n, max(n, 2*cap(r.parts), 64))
	copy(parts, r.parts)
	r.parts = parts
}

// insert adds row i to partition p and emits the change of its ranks.
func (r *rankOp) insert(p *rankPart, i int) error {
	end := int(r.spec.RankEnd)
	if r.appendIn && len(p.list) >= end && r.rows.cmpRow(p.list[len(p.list)-1], i) <= 0 {
		// It would rank after RankEnd and never rise: not kept.
		return nil
	}
	s := r.rows.add(i)
	pos := r.rows.insertPos(p.list, s)
	if pos >= end {
		p.list = append(p.list, s)
		copy(p.list[pos+1:], p.list[pos:])
		p.list[pos] = s
		return nil
	}
	r.before = r.window(r.before[:0], p.list)
	p.list = append(p.list, 0)
	copy(p.list[pos+1:], p.list[pos:])
	p.list[pos] = s
	if err := r.diff(p.list); err != nil {
		return err
	}
	if r.appendIn && len(p.list) > end {
		for _, d := range p.list[end:] {
			r.rows.release(d)
		}
		p.list = p.list[:end]
	}
	return nil
}

// remove retracts a row equal to row i from partition p and emits the
// change of its ranks; a row not in state is counted and ignored.
func (r *rankOp) remove(p *rankPart, i int) error {
	pos := r.rows.find(p.list, i)
	if pos < 0 {
		r.metrics.Add(r.missing, 1)
		return nil
	}
	s := p.list[pos]
	if pos >= int(r.spec.RankEnd) {
		p.list = append(p.list[:pos], p.list[pos+1:]...)
		r.rows.release(s)
		return nil
	}
	r.before = r.window(r.before[:0], p.list)
	p.list = append(p.list[:pos], p.list[pos+1:]...)
	err := r.diff(p.list)
	r.rows.release(s)
	return err
}

// window appends the rows of list ranked RankStart..RankEnd to dst.
func (r *rankOp) window(dst, list []uint32) []uint32 {
	lo, hi := int(r.spec.RankStart)-1, min(int(r.spec.RankEnd), len(list))
	if lo < hi {
		dst = append(dst, list[lo:hi]...)
	}
	return dst
}

// diff emits the change from r.before to the ranked rows of list.
func (r *rankOp) diff(list []uint32) error {
	var after []uint32
	lo, hi := int(r.spec.RankStart)-1, min(int(r.spec.RankEnd), len(list))
	if lo < hi {
		after = list[lo:hi]
	}
	before := r.before
	if r.spec.OutputRank {
		for k := 0; k < max(len(before), len(after)); k++ {
			rank := r.spec.RankStart + int64(k)
			var err error
			switch {
			case k >= len(after):
				err = r.emit.row(before[k], rank, RowDelete)
			case k >= len(before):
				err = r.emit.row(after[k], rank, RowInsert)
			case before[k] != after[k]:
				if err = r.emit.row(before[k], rank, RowUpdateBefore); err == nil {
					err = r.emit.row(after[k], rank, RowUpdateAfter)
				}
			}
			if err != nil {
				return err
			}
		}
		return nil
	}
	// Both windows are in rank order: walk them together.
	b, a := 0, 0
	for b < len(before) || a < len(after) {
		var err error
		switch {
		case b < len(before) && a < len(after) && before[b] == after[a]:
			b++
			a++
			continue
		case a >= len(after) || b < len(before) && r.rows.less(before[b], after[a]):
			err = r.emit.row(before[b], 0, RowDelete)
			b++
		default:
			err = r.emit.row(after[a], 0, RowInsert)
			a++
		}
		if err != nil {
			return err
		}
	}
	return nil
}

// dropRows drops the rows of an expired partition, counting it.
func (r *rankOp) dropRows(p *rankPart) {
	for _, s := range p.list {
		r.rows.release(s)
	}
	r.metrics.Add(r.expired, 1)
	p.list = p.list[:0]
}

// expire drops partition id's state and its key.
func (r *rankOp) expire(id uint32) {
	p := &r.parts[id]
	r.dropRows(p)
	p.used = false
	r.keys.unref(id)
}

// OnTick implements Ticker: it drops the partitions not written for
// StateTTLMillis.
func (r *rankOp) OnTick(now int64) error {
	if r.spec.StateTTLMillis <= 0 {
		return nil
	}
	for id := range r.parts {
		if p := &r.parts[id]; p.used && now-p.write >= r.spec.StateTTLMillis {
			r.expire(uint32(id))
		}
	}
	return r.emit.flush() // reclaims the slots released
}

// OnWatermark implements Operator: watermarks pass through.
func (r *rankOp) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator: nothing is pending.
func (r *rankOp) OnEnd() error { return r.emit.flush() }

// Close implements Operator.
func (r *rankOp) Close() error {
	if r.emit != nil {
		r.emit.release()
		r.emit = nil
	}
	return nil
}
