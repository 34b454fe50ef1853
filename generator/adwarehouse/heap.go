package adwarehouse

import "github.com/streamsql/streamsql/generator"

// ordered is an item of a pq: before reports whether it comes first.
type ordered[T any] interface{ before(T) bool }

// pq is a binary min-heap of T, without the boxing of container/heap.
type pq[T ordered[T]] []T

func (h *pq[T]) push(x T) {
	*h = append(*h, x)
	s := *h
	for i := len(s) - 1; i > 0; {
		p := (i - 1) / 2
		if !s[i].before(s[p]) {
			break
		}
		s[i], s[p] = s[p], s[i]
		i = p
	}
}

// pop removes and returns the least item; the heap must not be empty.
func (h *pq[T]) pop() T {
	s := *h
	top := s[0]
	n := len(s) - 1
	s[0] = s[n]
	var zero T
	s[n] = zero
	s = s[:n]
	for i := 0; ; {
		l, least := 2*i+1, i
		if l < n && s[l].before(s[least]) {
			least = l
		}
		if r := l + 1; r < n && s[r].before(s[least]) {
			least = r
		}
		if least == i {
			break
		}
		s[i], s[least] = s[least], s[i]
		i = least
	}
	*h = s
	return top
}

// before orders scheduled events by event time, then creation.
func (e event) before(o event) bool {
	return e.ts < o.ts || (e.ts == o.ts && e.seq < o.seq)
}

// outItem is a rendered record, kept in the generator's slots, waiting
// for its arrival.
type outItem struct {
	arrival int64
	seq     uint64
	slot    int32
}

// before orders records by arrival, then creation.
func (a outItem) before(b outItem) bool {
	return a.arrival < b.arrival || (a.arrival == b.arrival && a.seq < b.seq)
}

// slots holds the records waiting in the out heap, reusing free slots.
type slots struct {
	recs []generator.Record
	free []int32
}

func (s *slots) put(r generator.Record) int32 {
	if n := len(s.free); n > 0 {
		i := s.free[n-1]
		s.free = s.free[:n-1]
		s.recs[i] = r
		return i
	}
	s.recs = append(s.recs, r)
	return int32(len(s.recs) - 1)
}

func (s *slots) take(i int32) generator.Record {
	r := s.recs[i]
	s.recs[i] = generator.Record{}
	s.free = append(s.free, i)
	return r
}
