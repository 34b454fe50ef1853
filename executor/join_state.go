package executor

import "sort"

// JoinState is the row index of an interval join: for each side (0 left,
// 1 right) the buffered rows, each a slot with a key id (from the
// operator's key table; noKey for a row that can never match, kept only
// to be emitted NULL-padded) and an event time. The row values and the
// matched flags live in the operator's slot-indexed column stores, which
// hold plain values, so a persistent implementation can snapshot them
// together with the state and the key table. It is used from the
// operator's goroutine only.
type JoinState interface {
	// Insert buffers a row of side with key and time ts and returns its
	// slot; the slot stays the row's until Expire hands it back.
	Insert(side int, key uint32, ts int64) uint32
	// Range calls fn for every buffered row of side with key and a time
	// in [lo, hi], in (time, arrival) order, until fn returns false.
	Range(side int, key uint32, lo, hi int64, fn func(slot uint32) bool)
	// Expire drops every row of side with a time below before (every
	// row when before is MaxWatermark), in (time, arrival) order, calling
	// fn for each first; its slot may be handed out again afterwards.
	Expire(side int, before int64, fn func(slot, key uint32))
	// Len returns how many rows of side are buffered.
	Len(side int) int
}

// memJoinState is the in-memory JoinState.
type memJoinState struct{ sides [2]memJoinSide }

// memJoinSide holds one side: per slot the key and time;
// per key id (key ids are small and dense, handed out by the key table)
// the slots sorted by (time, arrival); and a heap of all slots by
// (time, arrival) for expiry. A row expires before every later row of its
// key, so expiry always takes the head of the key's list.
type memJoinSide struct {
	keys  []uint32
	times []int64
	free  []uint32
	lists []joinList
	heap  []heapEnt
	// seq numbers rows in arrival order.
	seq uint64
}

// heapEnt is one expiry heap entry; the order fields are inline so that
// sifting touches only the heap.
type heapEnt struct {
	ts   int64
	seq  uint64
	slot uint32
}

// joinList is the slots of one key, sorted by (time, arrival), from head.
type joinList struct {
	slots []uint32
	head  int
}

// newMemJoinState returns an empty in-memory join state.
func newMemJoinState() *memJoinState { return &memJoinState{} }

// list returns the list of key, or nil when the side never held it.
func (sd *memJoinSide) list(key uint32) *joinList {
	if int(key) >= len(sd.lists) {
		return nil
	}
	return &sd.lists[key]
}

// Insert implements JoinState.
func (s *memJoinState) Insert(side int, key uint32, ts int64) uint32 {
	sd := &s.sides[side]
	var slot uint32
	if n := len(sd.free); n > 0 {
		slot = sd.free[n-1]
		sd.free = sd.free[:n-1]
	} else {
		slot = uint32(len(sd.keys))
		sd.keys = append(sd.keys, 0)
		sd.times = append(sd.times, 0)
	}
	sd.keys[slot], sd.times[slot] = key, ts
	if key != noKey {
		if int(key) >= len(sd.lists) {
			sd.lists = grow2(sd.lists, max(int(key)+1, 2*len(sd.lists)))
		}
		l := &sd.lists[key]
		// Rows mostly arrive in time order: search from the end.
		pos := len(l.slots)
		for pos > l.head && sd.times[l.slots[pos-1]] > ts {
			pos--
		}
		l.slots = append(l.slots, 0)
		copy(l.slots[pos+1:], l.slots[pos:])
		l.slots[pos] = slot
	}
	sd.push(heapEnt{ts: ts, seq: sd.seq, slot: slot})
	sd.seq++
	return slot
}

// Range implements JoinState.
func (s *memJoinState) Range(side int, key uint32, lo, hi int64, fn func(slot uint32) bool) {
	sd := &s.sides[side]
	l := sd.list(key)
	if l == nil || lo > hi {
		return
	}
	live := l.slots[l.head:]
	i := sort.Search(len(live), func(i int) bool { return sd.times[live[i]] >= lo })
	for ; i < len(live) && sd.times[live[i]] <= hi; i++ {
		if !fn(live[i]) {
			return
		}
	}
}

// Expire implements JoinState.
func (s *memJoinState) Expire(side int, before int64, fn func(slot, key uint32)) {
	sd := &s.sides[side]
	for len(sd.heap) > 0 {
		top := sd.heap[0]
		if top.ts >= before && before != MaxWatermark {
			return
		}
		slot := top.slot
		sd.pop()
		key := sd.keys[slot]
		if key != noKey {
			l := &sd.lists[key]
			l.head++
			switch {
			case l.head == len(l.slots):
				l.slots, l.head = l.slots[:0], 0
			case l.head >= 32 && 2*l.head >= len(l.slots):
				n := copy(l.slots, l.slots[l.head:])
				l.slots, l.head = l.slots[:n], 0
			}
		}
		fn(slot, key)
		sd.free = append(sd.free, slot)
	}
}

// Len implements JoinState.
func (s *memJoinState) Len(side int) int { return len(s.sides[side].heap) }

// heapLess orders heap entries by (time, arrival).
func heapLess(a, b heapEnt) bool {
	if a.ts != b.ts {
		return a.ts < b.ts
	}
	return a.seq < b.seq
}

func (sd *memJoinSide) push(e heapEnt) {
	h := append(sd.heap, e)
	i := len(h) - 1
	for i > 0 {
		p := (i - 1) / 2
		if !heapLess(h[i], h[p]) {
			break
		}
		h[i], h[p] = h[p], h[i]
		i = p
	}
	sd.heap = h
}

func (sd *memJoinSide) pop() {
	h := sd.heap
	n := len(h) - 1
	h[0] = h[n]
	h = h[:n]
	i := 0
	for {
		l := 2*i + 1
		if l >= n {
			break
		}
		m := l
		if r := l + 1; r < n && heapLess(h[r], h[l]) {
			m = r
		}
		if !heapLess(h[m], h[i]) {
			break
		}
		h[i], h[m] = h[m], h[i]
		i = m
	}
	sd.heap = h
}
