package executor

import (
	"container/heap"
	"sort"
)

// session is one SESSION window of one group key: [start, end), where end
// is the last event time plus the gap. Its group lives in the window
// state under namespace id.
type session struct {
	id         int64
	start, end int64
	key, slot  uint32
	// dead is set once the session fired or was merged into another.
	dead bool
}

// sessionHeap orders sessions by the end they had when pushed (then id).
// Ends only grow, so a popped session that is not due yet is pushed
// again with its current end; each live session is in the heap once.
type sessionHeap []sessionEntry

type sessionEntry struct {
	end int64
	s   *session
}

func (h sessionHeap) Len() int { return len(h) }
func (h sessionHeap) Less(i, j int) bool {
	if h[i].end != h[j].end {
		return h[i].end < h[j].end
	}
	return h[i].s.id < h[j].s.id
}
func (h sessionHeap) Swap(i, j int) { h[i], h[j] = h[j], h[i] }

// Push implements heap.Interface.
func (h *sessionHeap) Push(x any) { *h = append(*h, x.(sessionEntry)) }

// Pop implements heap.Interface.
func (h *sessionHeap) Pop() any {
	old := *h
	e := old[len(old)-1]
	old[len(old)-1] = sessionEntry{}
	*h = old[:len(old)-1]
	return e
}

// sessionSet holds the open sessions per group key (partition keys plus
// group keys), sorted by start and pairwise disjoint.
type sessionSet struct {
	gap    int64
	byKey  map[uint32][]*session
	nextID int64
	byEnd  sessionHeap
}

func newSessionSet(gap int64) *sessionSet {
	return &sessionSet{gap: gap, byKey: map[uint32][]*session{}}
}

// sessionRows assigns each accepted row to its key's session, opening a
// new one or extending (and merging, when the row bridges several) the
// ones it overlaps, and updates the accumulators. Before a merge frees a
// session's slot, the rows assigned so far are aggregated.
func (w *windowAgg) sessionRows(in *aggInput, ts []int64) error {
	ss := w.sessions
	n := in.hi
	run := 0
	for i := 0; i < n; i++ {
		if w.late[i] {
			continue
		}
		key := w.keys.lookup(i)
		lo, hi := ts[i], ts[i]+ss.gap
		list := ss.byKey[key]
		first, last := -1, -1
		for j, s := range list {
			if s.start < hi && lo < s.end {
				if first < 0 {
					first = j
				}
				last = j
			}
		}
		if first < 0 {
			s := &session{id: ss.nextID, start: lo, end: hi, key: key}
			ss.nextID++
			s.slot, _ = w.state.Slot(s.id, key)
			w.keys.ref(key)
			w.newSlot(s.slot)
			at := sort.Search(len(list), func(j int) bool { return list[j].start > lo })
			list = append(list, nil)
			copy(list[at+1:], list[at:])
			list[at] = s
			ss.byKey[key] = list
			heap.Push(&ss.byEnd, sessionEntry{end: s.end, s: s})
			w.slots[i] = s.slot
			continue
		}
		dst := list[first]
		if last > first {
			in.lo, in.hi = run, i
			if err := w.update(in); err != nil {
				return err
			}
			run = i
			for _, s := range list[first+1 : last+1] {
				for _, a := range w.aggs {
					if err := a.merge(dst.slot, s.slot); err != nil {
						return err
					}
				}
				dst.end = max(dst.end, s.end)
				s.dead = true
				w.freeNS(s.id)
			}
			list = append(list[:first+1], list[last+1:]...)
			ss.byKey[key] = list
		}
		dst.start, dst.end = min(dst.start, lo), max(dst.end, hi)
		w.slots[i] = dst.slot
	}
	in.lo, in.hi = run, n
	return w.update(in)
}

// fireSessions emits, in (end, creation) order, every session whose end
// - 1 is at most wm, and frees it.
func (w *windowAgg) fireSessions(wm int64) error {
	ss := w.sessions
	var due []*session
	for len(ss.byEnd) > 0 && ss.byEnd[0].end-1 <= wm {
		e := heap.Pop(&ss.byEnd).(sessionEntry)
		switch {
		case e.s.dead:
		case e.s.end-1 > wm:
			heap.Push(&ss.byEnd, sessionEntry{end: e.s.end, s: e.s})
		default:
			due = append(due, e.s)
		}
	}
	sort.Slice(due, func(i, j int) bool {
		if due[i].end != due[j].end {
			return due[i].end < due[j].end
		}
		return due[i].id < due[j].id
	})
	for _, s := range due {
		s.dead = true
		list := ss.byKey[s.key]
		for j, o := range list {
			if o == s {
				list = append(list[:j], list[j+1:]...)
				break
			}
		}
		if len(list) == 0 {
			delete(ss.byKey, s.key)
		} else {
			ss.byKey[s.key] = list
		}
	}
	for _, s := range due {
		if err := w.emitRow(s.key, s.slot, s.start, s.end); err != nil {
			return err
		}
		w.freeNS(s.id)
	}
	return nil
}
