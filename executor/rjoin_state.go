package executor

// RegularJoinEntry is one distinct row stored by a side of a regular join.
type RegularJoinEntry struct {
	// Key is the row's join key id (from the operator's key table), or
	// noKey for a row of an outer side whose key has a NULL (it never
	// matches and is kept only so that its retraction is known).
	Key uint32
	// Count is how many copies of the row the side holds (> 0).
	Count int64
	// Matches is how many rows of the other side (copies included) the
	// row joins; an outer side's row is emitted NULL-padded while it is 0.
	Matches int64
	// Written is the processing time of the row's last write (insert or
	// retraction of a copy), from which its time-to-live runs.
	Written int64

	pos  int32 // index in its key's list
	live bool
}

// RegularJoinState is the state of a regular join: for each side (0 left,
// 1 right) its distinct rows, by row id, and per key id the ids of the
// rows with that key in a stable order (the order in which the join
// emits a row's matches). Row ids and key ids are handed out by the
// operator's interning tables, which also hold the values, so the state
// holds only plain numbers. It is used from the operator's goroutine only.
//
// Call order: Put a row before any other call names it; Get returns nil
// for a row not stored (never put, deleted or expired). The entry Get and
// Put return is the state's own: the operator updates Count, Matches and
// Written in place, and calls Touch after each write so that Expire sees
// it. An entry pointer is valid until the next Put of its side.
type RegularJoinState interface {
	// Put stores a new row of side under key (noKey: in no key's list)
	// with Count 0 and returns its entry.
	Put(side int, row, key uint32) *RegularJoinEntry
	// Get returns the entry of row of side, or nil.
	Get(side int, row uint32) *RegularJoinEntry
	// Rows returns the ids of side's rows with key, in insertion order
	// (a deletion moves the last row into the deleted one's place). The
	// slice is borrowed until the next Put, Delete or Expire of side.
	Rows(side int, key uint32) []uint32
	// Touch records that row of side was written at now (its Written).
	Touch(side int, row uint32, now int64)
	// Delete removes row of side; its id may be handed out again.
	Delete(side int, row uint32)
	// Expire removes every row of side last written at or before before,
	// in the order of their last writes, calling fn for each first.
	Expire(side int, before int64, fn func(row uint32, e *RegularJoinEntry))
	// Len returns how many distinct rows side holds.
	Len(side int) int
}

// memRJoinState is the in-memory RegularJoinState.
type memRJoinState struct{ sides [2]memRJoinSide }

// memRJoinSide is one side: entries by row id, row lists by key id, and
// the writes in time order (each row's latest write is the one that
// counts; older ones are skipped when they reach the head).
type memRJoinSide struct {
	entries []RegularJoinEntry
	lists   [][]uint32
	writes  []rjoinWrite
	head    int
	n       int
	// expires is false for a side kept forever: writes are not queued.
	expires bool
}

// rjoinWrite is a queued write of a row at a processing time.
type rjoinWrite struct {
	at  int64
	row uint32
}

// newMemRJoinState returns an empty state; expires[s] says whether rows
// of side s ever expire.
func newMemRJoinState(expires [2]bool) *memRJoinState {
	s := &memRJoinState{}
	for i := range s.sides {
		s.sides[i].expires = expires[i]
	}
	return s
}

// Put implements RegularJoinState.
func (s *memRJoinState) Put(side int, row, key uint32) *RegularJoinEntry {
	sd := &s.sides[side]
	sd.entries = grow2(sd.entries, int(row)+1)
	e := &sd.entries[row]
	*e = RegularJoinEntry{Key: key, live: true, pos: -1}
	if key != noKey {
		if int(key) >= len(sd.lists) {
			sd.lists = append(sd.lists, make([][]uint32, int(key)+1-len(sd.lists))...)
		}
		e.pos = int32(len(sd.lists[key]))
		sd.lists[key] = append(sd.lists[key], row)
	}
	sd.n++
	return e
}

// Get implements RegularJoinState.
func (s *memRJoinState) Get(side int, row uint32) *RegularJoinEntry {
	sd := &s.sides[side]
	if int(row) >= len(sd.entries) || !sd.entries[row].live {
		return nil
	}
	return &sd.entries[row]
}

// Rows implements RegularJoinState.
func (s *memRJoinState) Rows(side int, key uint32) []uint32 {
	sd := &s.sides[side]
	if int(key) >= len(sd.lists) {
		return nil
	}
	return sd.lists[key]
}

// Touch implements RegularJoinState.
func (s *memRJoinState) Touch(side int, row uint32, now int64) {
	sd := &s.sides[side]
	sd.entries[row].Written = now
	if sd.expires {
		sd.writes = append(sd.writes, rjoinWrite{at: now, row: row})
	}
}

// Delete implements RegularJoinState.
func (s *memRJoinState) Delete(side int, row uint32) {
	sd := &s.sides[side]
	e := &sd.entries[row]
	if !e.live {
		return
	}
	if e.Key != noKey {
		l := sd.lists[e.Key]
		last := l[len(l)-1]
		l[e.pos] = last
		sd.entries[last].pos = e.pos
		sd.lists[e.Key] = l[:len(l)-1]
	}
	e.live = false
	sd.n--
}

// Expire implements RegularJoinState.
func (s *memRJoinState) Expire(side int, before int64, fn func(row uint32, e *RegularJoinEntry)) {
	sd := &s.sides[side]
	for sd.head < len(sd.writes) && sd.writes[sd.head].at <= before {
		w := sd.writes[sd.head]
		sd.head++
		if e := &sd.entries[w.row]; e.live && e.Written == w.at {
			fn(w.row, e)
			s.Delete(side, w.row)
		}
	}
	if sd.head > 1024 && sd.head > len(sd.writes)/2 {
		n := copy(sd.writes, sd.writes[sd.head:])
		sd.writes, sd.head = sd.writes[:n], 0
	}
}

// Len implements RegularJoinState.
func (s *memRJoinState) Len(side int) int { return s.sides[side].n }
