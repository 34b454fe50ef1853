package executor

// GroupAggState is the group index of a GroupAggregate: for each group
// key (a key id of the operator's key table) its accumulator slot, the
// number of input rows it currently counts and when it was last written
// (processing time). Accumulators are columnar and hold plain values, so
// a persistent implementation can snapshot them with the key table and
// this index. It is used from the operator's goroutine only; every
// method is O(1) except Expire, which is O(groups expired).
type GroupAggState interface {
	// Lookup returns the slot of key's group, if it is in state.
	Lookup(key uint32) (slot uint32, ok bool)
	// Create adds a group for key (which must not be in state) with a
	// row count of 0 and returns its slot; the caller resets the
	// accumulators of the slot.
	Create(key uint32) uint32
	// AddRows adds delta to the row count of slot's group and returns
	// the new count.
	AddRows(slot uint32, delta int64) int64
	// Touch records that slot's group was written at now. Times passed
	// to Touch never decrease.
	Touch(slot uint32, now int64)
	// Drop removes key's group; its slot may be handed out again.
	Drop(key uint32)
	// Expire drops every group last written at or before cutoff, oldest
	// first, calling fn with its key and slot before it is dropped.
	Expire(cutoff int64, fn func(key, slot uint32))
	// Len returns the number of groups in state.
	Len() int
	// Slots returns one more than the largest slot ever handed out.
	Slots() int
}

// memGroupState is the in-memory GroupAggState. Groups are kept on a
// list in last-write order (Touch moves a group to the back), so expiry
// pops from the front.
type memGroupState struct {
	index map[uint32]uint32
	// Per slot: its key, row count, last write, and list links.
	keys       []uint32
	rows       []int64
	written    []int64
	prev, next []uint32
	head, tail uint32
	free       []uint32
}

// newMemGroupState returns an empty in-memory state.
func newMemGroupState() *memGroupState {
	return &memGroupState{index: map[uint32]uint32{}, head: noSlot, tail: noSlot}
}

// Lookup implements GroupAggState.
func (s *memGroupState) Lookup(key uint32) (uint32, bool) {
	slot, ok := s.index[key]
	return slot, ok
}

// Create implements GroupAggState.
func (s *memGroupState) Create(key uint32) uint32 {
	var slot uint32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = uint32(len(s.keys))
		s.keys = append(s.keys, 0)
		s.rows = append(s.rows, 0)
		s.written = append(s.written, 0)
		s.prev = append(s.prev, noSlot)
		s.next = append(s.next, noSlot)
	}
	s.index[key] = slot
	s.keys[slot], s.rows[slot] = key, 0
	s.prev[slot], s.next[slot] = noSlot, noSlot
	s.pushBack(slot)
	return slot
}

// AddRows implements GroupAggState.
func (s *memGroupState) AddRows(slot uint32, delta int64) int64 {
	s.rows[slot] += delta
	return s.rows[slot]
}

// Touch implements GroupAggState.
func (s *memGroupState) Touch(slot uint32, now int64) {
	s.written[slot] = now
	if s.tail != slot {
		s.unlink(slot)
		s.pushBack(slot)
	}
}

// Drop implements GroupAggState.
func (s *memGroupState) Drop(key uint32) {
	slot, ok := s.index[key]
	if !ok {
		return
	}
	delete(s.index, key)
	s.unlink(slot)
	s.free = append(s.free, slot)
}

// Expire implements GroupAggState.
func (s *memGroupState) Expire(cutoff int64, fn func(key, slot uint32)) {
	for s.head != noSlot && s.written[s.head] <= cutoff {
		slot := s.head
		key := s.keys[slot]
		fn(key, slot)
		s.Drop(key)
	}
}

// Len implements GroupAggState.
func (s *memGroupState) Len() int { return len(s.index) }

// Slots implements GroupAggState.
func (s *memGroupState) Slots() int { return len(s.keys) }

func (s *memGroupState) pushBack(slot uint32) {
	s.prev[slot], s.next[slot] = s.tail, noSlot
	if s.tail != noSlot {
		s.next[s.tail] = slot
	} else {
		s.head = slot
	}
	s.tail = slot
}

func (s *memGroupState) unlink(slot uint32) {
	p, n := s.prev[slot], s.next[slot]
	if p != noSlot {
		s.next[p] = n
	} else if s.head == slot {
		s.head = n
	}
	if n != noSlot {
		s.prev[n] = p
	} else if s.tail == slot {
		s.tail = p
	}
	s.prev[slot], s.next[slot] = noSlot, noSlot
}
