package executor

import "sort"

// WindowState is the group index of a window operator: for each namespace
// (a window slice identified by its start, or a session identified by its
// id) the groups it holds, each a (key id, accumulator slot) pair. Key ids
// come from the operator's key table; slots index the operator's columnar
// accumulators, which hold plain values (no references to Arrow buffers),
// so a persistent implementation can snapshot both at a checkpoint
// barrier (together with the key table and, for SESSION, the bounds of
// each open session, which the operator keeps as plain values too). It
// is used from the operator's goroutine only.
type WindowState interface {
	// Slot returns the slot of group key in namespace ns, creating the
	// namespace and the group when absent (created is then true; the
	// caller resets the accumulators of a new slot).
	Slot(ns int64, key uint32) (slot uint32, created bool)
	// Namespaces returns the live namespaces in ascending order. The
	// slice is valid until the next call that changes the state.
	Namespaces() []int64
	// Groups calls fn for every group of ns in creation order.
	Groups(ns int64, fn func(key, slot uint32))
	// Free drops namespace ns, calling fn for every group it held first;
	// its slots may be handed out again afterwards.
	Free(ns int64, fn func(key, slot uint32))
	// Slots returns one more than the largest slot ever handed out (the
	// size accumulators must have).
	Slots() int
}

// memWindowState is the in-memory WindowState.
type memWindowState struct {
	spaces map[int64]*memNamespace
	// order is the sorted list of live namespaces; dirty when it must be
	// rebuilt.
	order    []int64
	dirty    bool
	free     []uint32
	numSlots int
	// last caches the namespace of the previous Slot call.
	lastNS int64
	last   *memNamespace
}

// memNamespace holds the groups of one namespace.
type memNamespace struct {
	index map[uint32]uint32
	keys  []uint32
	slots []uint32
}

// newMemWindowState returns an empty in-memory state.
func newMemWindowState() *memWindowState {
	return &memWindowState{spaces: map[int64]*memNamespace{}}
}

// Slot implements WindowState.
func (s *memWindowState) Slot(ns int64, key uint32) (uint32, bool) {
	sp := s.last
	if sp == nil || s.lastNS != ns {
		sp = s.spaces[ns]
	}
	if sp == nil {
		sp = &memNamespace{index: map[uint32]uint32{}}
		s.spaces[ns] = sp
		s.dirty = true
	}
	s.lastNS, s.last = ns, sp
	if slot, ok := sp.index[key]; ok {
		return slot, false
	}
	var slot uint32
	if n := len(s.free); n > 0 {
		slot = s.free[n-1]
		s.free = s.free[:n-1]
	} else {
		slot = uint32(s.numSlots)
		s.numSlots++
	}
	sp.index[key] = slot
	sp.keys = append(sp.keys, key)
	sp.slots = append(sp.slots, slot)
	return slot, true
}

// Namespaces implements WindowState.
func (s *memWindowState) Namespaces() []int64 {
	if s.dirty {
		s.order = s.order[:0]
		for ns := range s.spaces {
			s.order = append(s.order, ns)
		}
		sort.Slice(s.order, func(i, j int) bool { return s.order[i] < s.order[j] })
		s.dirty = false
	}
	return s.order
}

// Groups implements WindowState.
func (s *memWindowState) Groups(ns int64, fn func(key, slot uint32)) {
	sp := s.spaces[ns]
	if sp == nil {
		return
	}
	for i, k := range sp.keys {
		fn(k, sp.slots[i])
	}
}

// Free implements WindowState.
func (s *memWindowState) Free(ns int64, fn func(key, slot uint32)) {
	sp := s.spaces[ns]
	if sp == nil {
		return
	}
	for i, k := range sp.keys {
		if fn != nil {
			fn(k, sp.slots[i])
		}
		s.free = append(s.free, sp.slots[i])
	}
	delete(s.spaces, ns)
	if s.last == sp {
		s.last = nil
	}
	s.dirty = true
}

// Slots implements WindowState.
func (s *memWindowState) Slots() int { return s.numSlots }
