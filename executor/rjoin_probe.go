package executor

import (
	"errors"
	"fmt"
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/executor/eval"
)

// rjoinCandidates holds, for the batch being processed, each row's
// partners on the other side that satisfy the join condition: the ids
// of row i are ids[off[i]:off[i+1]], in the other side's list order.
type rjoinCandidates struct {
	nullKey []bool
	off     []int32
	ids     []uint32
	// pairs and pass are the candidate pairs before the residual
	// condition is applied, and its result per pair.
	pairs joinPairs
	pass  []bool
	b     *array.RecordBuilder
}

// nullKeys reports for each row of rec whether one of the key columns
// cols is NULL (such a row never matches).
func (c *rjoinCandidates) nullKeys(rec arrow.Record, cols []int) []bool {
	c.nullKey = nullKeyMask(c.nullKey, rec, cols)
	return c.nullKey
}

// passing returns the partners of row i that satisfy the condition.
func (c *rjoinCandidates) passing(i int) []uint32 { return c.ids[c.off[i]:c.off[i+1]] }

// matches returns how many rows of side o (copies included) row i joins.
func (c *rjoinCandidates) matches(i int, st RegularJoinState, o int) int64 {
	var n int64
	for _, p := range c.passing(i) {
		n += st.Get(o, p).Count
	}
	return n
}

// release frees the candidate builder.
func (c *rjoinCandidates) release() {
	if c != nil && c.b != nil {
		c.b.Release()
		c.b = nil
	}
}

// findCandidates lists the partners of every row of the batch from side
// s (hashed into the key and row tables) and applies the residual
// condition to them, joinEmitMaxRows pairs at a time.
func (j *regularJoin) findCandidates(s, n int, nullKey []bool) error {
	c, o := j.cand, 1-s
	c.off = grow2(c.off[:0], n+1)[:n+1]
	c.ids = c.ids[:0]
	c.pairs.reset()
	for i := 0; i < n; i++ {
		c.off[i] = int32(len(c.ids))
		if nullKey[i] {
			continue
		}
		key := j.keyT.find(i)
		if key == noKey {
			continue
		}
		for _, p := range j.state.Rows(o, key) {
			if j.residual == nil {
				c.ids = append(c.ids, p)
			} else {
				c.pairs.add(i, p)
			}
		}
	}
	c.off[n] = int32(len(c.ids))
	if j.residual == nil || c.pairs.len() == 0 {
		return nil
	}
	c.pass = grow2(c.pass[:0], c.pairs.len())[:c.pairs.len()]
	for lo := 0; lo < c.pairs.len(); lo += joinEmitMaxRows {
		if err := j.evalResidual(s, lo, min(lo+joinEmitMaxRows, c.pairs.len())); err != nil {
			return err
		}
	}
	k := 0
	for i := 0; i < n; i++ {
		c.off[i] = int32(len(c.ids))
		for ; k < c.pairs.len() && c.pairs.probe[k] == i; k++ {
			if c.pass[k] {
				c.ids = append(c.ids, c.pairs.slot[k])
			}
		}
	}
	c.off[n] = int32(len(c.ids))
	return nil
}

// evalResidual builds the joined rows of candidate pairs lo..hi-1 and
// records in pass whether the residual condition is TRUE on each.
func (j *regularJoin) evalResidual(s, lo, hi int) error {
	c, o := j.cand, 1-s
	if c.b == nil {
		c.b = array.NewRecordBuilder(j.alloc, j.joined)
	}
	fs := c.b.Fields()
	nl := j.in[0].NumFields()
	sideB := [2][]array.Builder{fs[:nl], fs[nl:]}
	probe, slots := c.pairs.probe[lo:hi], c.pairs.slot[lo:hi]
	for k := range j.rowT[s].cols {
		j.rowT[s].cols[k].view.appendRows(probe, sideB[s][k])
	}
	for k := range j.rowT[o].cols {
		j.rowT[o].cols[k].appendSlots(slots, sideB[o][k])
	}
	cand := c.b.NewRecord()
	defer cand.Release()
	mask, err := j.residual.Eval(cand)
	if err != nil {
		var re *eval.RowError
		if errors.As(err, &re) && re.Row >= 0 && re.Row < len(probe) {
			return &RowError{Row: probe[re.Row], Err: fmt.Errorf("%s: join condition %s: row (%s): %w", j.name, j.spec.Residual, formatRow(cand, re.Row), err)}
		}
		return fmt.Errorf("%s: join condition %s: %w", j.name, j.spec.Residual, err)
	}
	defer mask.Release()
	b, ok := mask.(*array.Boolean)
	if !ok {
		return fmt.Errorf("%s: join condition %s is %s, not BOOLEAN", j.name, j.spec.Residual, mask.DataType())
	}
	for k := range probe {
		c.pass[lo+k] = b.IsValid(k) && b.Value(k)
	}
	return nil
}

// joinedRow emits the joined row of row of side s and partner p of the
// other side, with kind k.
func (j *regularJoin) joinedRow(s int, row, p uint32, k RowKind) error {
	if err := j.kindAllowed(k); err != nil {
		return err
	}
	l, r := row, p
	if s == 1 {
		l, r = p, row
	}
	j.rowT[0].appendKey(l, j.allCols[0], j.sides[0])
	j.rowT[1].appendKey(r, j.allCols[1], j.sides[1])
	return j.rowDone(k)
}

// padded emits row of side s with NULLs for the other side, with kind k.
func (j *regularJoin) padded(s int, row uint32, k RowKind) error {
	if err := j.kindAllowed(k); err != nil {
		return err
	}
	j.rowT[s].appendKey(row, j.allCols[s], j.sides[s])
	appendNulls(j.sides[1-s])
	return j.rowDone(k)
}

// kindAllowed fails for a retraction when the output is append-only:
// the planner makes it so only for an INNER join of append inputs, which
// never retracts, so an updating input broke that promise.
func (j *regularJoin) kindAllowed(k RowKind) error {
	if j.kind == nil && k != RowInsert {
		return fmt.Errorf("%s: a retraction (%s) reached a join planned append-only: its inputs must be append-only", j.name, k)
	}
	return nil
}

// rowDone finishes an output row with its kind.
func (j *regularJoin) rowDone(k RowKind) error {
	if j.kind != nil {
		j.kind.Append(int8(k))
	}
	return j.emit.rowDone()
}

// find returns the id of the key of row i of the batch last hashed, or
// noKey when the table does not hold it (unlike lookup, it never
// interns).
func (t *keyTable) find(i int) uint32 {
	h := t.h[i]
	head, ok := t.index[h]
	if !ok {
		return noKey
	}
	for id := head; id != noKey; id = t.next[id] {
		if t.hashes[id] == h && t.equal(id, i) {
			return id
		}
	}
	return noKey
}

// stateSize returns how many rows (copies included) both sides hold and
// an estimate of the bytes the state takes: per distinct row its entry,
// its list slot and its values (strings by length), per key its values
// and table slots, and the queued writes of sides that expire.
func (j *regularJoin) stateSize() (rows, bytes int64) {
	st, ok := j.state.(*memRJoinState)
	if !ok {
		return 0, 0
	}
	const entry = int64(unsafe.Sizeof(RegularJoinEntry{})) + 4
	for s := 0; s < 2; s++ {
		sd := &st.sides[s]
		for id := range sd.entries {
			e := &sd.entries[id]
			if !e.live {
				continue
			}
			rows += e.Count
			bytes += entry + valuesBytes(j.rowT[s], uint32(id)) + 24 // hash, chain, ref
		}
		bytes += int64(len(sd.writes)-sd.head) * int64(unsafe.Sizeof(rjoinWrite{}))
	}
	for id, r := range j.keyT.refs {
		if r > 0 {
			bytes += valuesBytes(j.keyT, uint32(id)) + 24
		}
	}
	return rows, bytes
}

// valuesBytes estimates the bytes of the values of id in t.
func valuesBytes(t *keyTable, id uint32) int64 {
	var n int64
	for k := range t.cols {
		c := &t.cols[k].valueCol
		n++ // valid
		switch c.cat {
		case catStr:
			n += 16 + int64(len(c.strs[id]))
		case catDec:
			n += 16
		default:
			n += 8
		}
	}
	return n
}
