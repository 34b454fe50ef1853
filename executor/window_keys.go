package executor

import (
	"hash/maphash"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// keyTable interns group keys: each distinct combination of key column
// values gets a key id. Keys are hashed column-wise per batch (one typed
// loop per key column), then each row is resolved by comparing its values
// with the stored keys that share its hash. Stored keys are copies (plain
// Go values), reference-counted by the state groups that use them, and
// freed when the last one goes.
type keyTable struct {
	cols []keyCol
	// index maps a hash to the first key id of its chain; next links keys
	// with the same hash (noKey ends a chain).
	index  map[uint64]uint32
	next   []uint32
	hashes []uint64
	refs   []int32
	free   []uint32
	seed   maphash.Seed
	// h is the per-row hash scratch.
	h []uint64
}

const noKey = ^uint32(0)

// keyCol stores one key column of every key, by category.
type keyCol struct {
	view colView
	valueCol
}

// newKeyTable returns a key table for key columns of the given types.
func newKeyTable(types []arrow.DataType) (*keyTable, error) {
	t := &keyTable{index: map[uint64]uint32{}, seed: maphash.MakeSeed()}
	t.cols = make([]keyCol, len(types))
	for i, dt := range types {
		c, err := catOf(dt)
		if err != nil {
			return nil, err
		}
		t.cols[i].view.cat = c
		t.cols[i].cat = c
	}
	return t, nil
}

// mix64 is a 64-bit finalizer (splitmix64).
func mix64(x uint64) uint64 {
	x ^= x >> 30
	x *= 0xbf58476d1ce4e5b9
	x ^= x >> 27
	x *= 0x94d049bb133111eb
	x ^= x >> 31
	return x
}

// hashBatch computes the hash of every row of the key columns cols of rec.
func (t *keyTable) hashBatch(rec arrow.Record, cols []int) {
	n := int(rec.NumRows())
	if cap(t.h) < n {
		t.h = make([]uint64, n)
	}
	h := t.h[:n]
	for i := range h {
		h[i] = 0x9e3779b97f4a7c15
	}
	for k, ci := range cols {
		kc := &t.cols[k]
		col := rec.Column(ci)
		kc.view.load(col)
		v := &kc.view
		switch v.cat {
		case catInt:
			for i, x := range v.ints {
				h[i] = mix64(h[i] ^ uint64(x))
			}
		case catFloat:
			for i, x := range v.floats {
				h[i] = mix64(h[i] ^ floatKey(x))
			}
		case catStr:
			for i := range h {
				h[i] = mix64(h[i] ^ maphash.String(t.seed, v.strAt(i)))
			}
		case catDec:
			for i := range h {
				d := v.dec.Value(i)
				h[i] = mix64(h[i] ^ uint64(d.HighBits()) ^ mix64(d.LowBits()))
			}
		}
		if col.NullN() > 0 {
			for i := range h {
				if col.IsNull(i) {
					h[i] = mix64(h[i] ^ 0x5bd1e995)
				}
			}
		}
	}
	t.h = h
}

// lookup returns the key id of row i of the batch last hashed, interning
// it when new (with no references yet).
func (t *keyTable) lookup(i int) uint32 {
	h := t.h[i]
	head, ok := t.index[h]
	if ok {
		for id := head; id != noKey; id = t.next[id] {
			if t.hashes[id] == h && t.equal(id, i) {
				return id
			}
		}
	}
	id := t.add(i)
	t.hashes[id] = h
	if ok {
		t.next[id] = head
	} else {
		t.next[id] = noKey
	}
	t.index[h] = id
	return id
}

// equal reports whether key id holds the values of row i.
func (t *keyTable) equal(id uint32, i int) bool {
	for k := range t.cols {
		kc := &t.cols[k]
		v := &kc.view
		null := v.arr.IsNull(i)
		if null || !kc.valid[id] {
			if null != !kc.valid[id] {
				return false
			}
			continue
		}
		switch v.cat {
		case catInt:
			if kc.ints[id] != v.ints[i] {
				return false
			}
		case catFloat:
			if floatKey(kc.floats[id]) != floatKey(v.floats[i]) {
				return false
			}
		case catStr:
			if kc.strs[id] != v.strAt(i) {
				return false
			}
		case catDec:
			if kc.decs[id] != v.dec.Value(i) {
				return false
			}
		}
	}
	return true
}

// add stores the key of row i under a new or recycled id.
func (t *keyTable) add(i int) uint32 {
	var id uint32
	if n := len(t.free); n > 0 {
		id = t.free[n-1]
		t.free = t.free[:n-1]
	} else {
		id = uint32(len(t.refs))
		t.refs = append(t.refs, 0)
		t.next = append(t.next, noKey)
		t.hashes = append(t.hashes, 0)
		for k := range t.cols {
			t.cols[k].resize(len(t.refs))
		}
	}
	t.refs[id] = 0
	for k := range t.cols {
		kc := &t.cols[k]
		kc.set(int(id), &kc.view, i)
	}
	return id
}

// ref adds a reference to key id.
func (t *keyTable) ref(id uint32) { t.refs[id]++ }

// unref drops a reference to key id, freeing the key at zero.
func (t *keyTable) unref(id uint32) {
	t.refs[id]--
	if t.refs[id] > 0 {
		return
	}
	h := t.hashes[id]
	if head := t.index[h]; head == id {
		if t.next[id] == noKey {
			delete(t.index, h)
		} else {
			t.index[h] = t.next[id]
		}
	} else {
		for p := head; p != noKey; p = t.next[p] {
			if t.next[p] == id {
				t.next[p] = t.next[id]
				break
			}
		}
	}
	for k := range t.cols {
		if t.cols[k].strs != nil {
			t.cols[k].strs[id] = ""
		}
	}
	t.free = append(t.free, id)
}

// appendKey appends the values of key id to bs: bs[i] gets key column
// cols[i].
func (t *keyTable) appendKey(id uint32, cols []int, bs []array.Builder) {
	for i, c := range cols {
		kc, k := &t.cols[c], i
		if !kc.valid[id] {
			bs[k].AppendNull()
			continue
		}
		switch kc.view.cat {
		case catInt:
			appendInt(bs[k], kc.ints[id])
		case catFloat:
			appendFloat(bs[k], kc.floats[id])
		case catStr:
			appendStr(bs[k], kc.strs[id])
		case catDec:
			appendDec(bs[k], kc.decs[id])
		}
	}
}

// release drops the views of the batch last hashed.
func (t *keyTable) release() {
	for k := range t.cols {
		t.cols[k].view = colView{cat: t.cols[k].view.cat, ints: t.cols[k].view.ints, floats: t.cols[k].view.floats}
	}
}
