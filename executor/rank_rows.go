package executor

import (
	"cmp"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/planner"
)

// rankRows stores the rows a ranking operator keeps (copies of every
// input column, in a joinRows store) by slot, with the arrival number of
// each, and orders them by a ranking's sort keys then arrival. Used by
// the Rank and WindowRank operators from their goroutine only.
type rankRows struct {
	store *joinRows
	seq   []int64
	free  []uint32
	// dead are the slots released since the last reclaim: an output batch
	// being built may still read them.
	dead []uint32
	next uint32
	// arrivals numbers rows in arrival order.
	arrivals int64
	order    []planner.SortKey
	// views are the loaded columns of the batch being processed.
	views []colView
}

// newRankRows returns a store for rows of the given column types, ordered
// by keys.
func newRankRows(types []arrow.DataType, keys []planner.SortKey) (*rankRows, error) {
	st, err := newJoinRows(types)
	if err != nil {
		return nil, err
	}
	r := &rankRows{store: st, order: keys, views: make([]colView, len(types))}
	for i := range r.views {
		r.views[i].cat = st.cols[i].cat
	}
	return r, nil
}

// load points the views at the columns of rec (its first len(views)
// columns).
func (r *rankRows) load(rec arrow.Record) {
	for i := range r.views {
		r.views[i].load(rec.Column(i))
	}
}

// add copies row i of the loaded batch into a new slot, numbered as the
// latest arrival.
func (r *rankRows) add(i int) uint32 {
	var s uint32
	if n := len(r.free); n > 0 {
		s, r.free = r.free[n-1], r.free[:n-1]
	} else {
		s = r.next
		r.next++
		r.seq = append(r.seq, 0)
	}
	r.store.set(s, r.views, i, false)
	r.seq[s] = r.arrivals
	r.arrivals++
	return s
}

// release frees slot s; it is reused after the next reclaim.
func (r *rankRows) release(s uint32) { r.dead = append(r.dead, s) }

// reclaim makes the released slots reusable, once no pending output row
// refers to them.
func (r *rankRows) reclaim() {
	for _, s := range r.dead {
		r.store.clear(s)
	}
	r.free = append(r.free, r.dead...)
	r.dead = r.dead[:0]
}

// live is the number of stored rows.
func (r *rankRows) live() int { return int(r.next) - len(r.free) - len(r.dead) }

// cmpKeys compares slots a and b by the sort keys only.
func (r *rankRows) cmpKeys(a, b uint32) int { return r.cmpTo(a, b, -1) }

// cmpRow compares slot a with row i of the loaded batch by the sort keys.
func (r *rankRows) cmpRow(a uint32, i int) int { return r.cmpTo(a, 0, i) }

// cmpTo compares slot a by the sort keys with row i of the loaded batch
// when i >= 0, else with slot b.
func (r *rankRows) cmpTo(a, b uint32, i int) int {
	for _, k := range r.order {
		c := &r.store.cols[k.Col]
		var v *colView
		va, vb := c.valid[a], false
		if i >= 0 {
			v = &r.views[k.Col]
			vb = v.arr.IsValid(i)
		} else {
			vb = c.valid[b]
		}
		if !va || !vb {
			if va == vb {
				continue
			}
			return nullOrder(!va, k)
		}
		var x int
		switch c.cat {
		case catInt:
			y := c.ints[b]
			if v != nil {
				y = v.ints[i]
			}
			x = cmp.Compare(c.ints[a], y)
		case catFloat:
			y := c.floats[b]
			if v != nil {
				y = v.floats[i]
			}
			x = cmpFloat(c.floats[a], y)
		case catStr:
			y := c.strs[b]
			if v != nil {
				y = v.strAt(i)
			}
			x = strings.Compare(c.strs[a], y)
		case catDec:
			y := c.decs[b]
			if v != nil {
				y = v.dec.Value(i)
			}
			x = c.decs[a].Cmp(y)
		}
		if x != 0 {
			if k.Desc {
				return -x
			}
			return x
		}
	}
	return 0
}

// nullOrder is the comparison of a NULL with a value (aNull: the first
// operand is the NULL): NULL is the smallest value, so first ascending and
// last descending, unless NullsLast puts it after every value.
func nullOrder(aNull bool, k planner.SortKey) int {
	x := 1
	if aNull {
		x = -1
	}
	if k.NullsLast {
		return -x
	}
	if k.Desc {
		return -x
	}
	return x
}

// cmpFloat orders floats with every NaN after every number, and -0 equal
// to 0.
func cmpFloat(a, b float64) int {
	an, bn := a != a, b != b
	switch {
	case an || bn:
		return cmp.Compare(boolInt(an), boolInt(bn))
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// less is the ranking order of two stored rows: sort keys, then arrival.
func (r *rankRows) less(a, b uint32) bool {
	if c := r.cmpKeys(a, b); c != 0 {
		return c < 0
	}
	return r.seq[a] < r.seq[b]
}

// insertPos returns where slot s goes in list (sorted by less): after
// every row that sorts before or equal to it by the keys (s arrived last).
func (r *rankRows) insertPos(list []uint32, s uint32) int {
	lo, hi := 0, len(list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.cmpKeys(list[m], s) <= 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// sameRow reports whether slot a holds exactly the values of row i of the
// loaded batch.
func (r *rankRows) sameRow(a uint32, i int) bool {
	for k := range r.store.cols {
		c, v := &r.store.cols[k], &r.views[k]
		va, vb := c.valid[a], v.arr.IsValid(i)
		if va != vb {
			return false
		}
		if !va {
			continue
		}
		switch c.cat {
		case catInt:
			if c.ints[a] != v.ints[i] {
				return false
			}
		case catFloat:
			if floatKey(c.floats[a]) != floatKey(v.floats[i]) {
				return false
			}
		case catStr:
			if c.strs[a] != v.strAt(i) {
				return false
			}
		case catDec:
			if c.decs[a] != v.dec.Value(i) {
				return false
			}
		}
	}
	return true
}

// find returns the index in list (sorted by less) of a row equal to row i
// of the loaded batch in every column, the earliest such row, or -1.
func (r *rankRows) find(list []uint32, i int) int {
	lo, hi := 0, len(list)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if r.cmpRow(list[m], i) < 0 {
			lo = m + 1
		} else {
			hi = m
		}
	}
	for j := lo; j < len(list) && r.cmpRow(list[j], i) == 0; j++ {
		if r.sameRow(list[j], i) {
			return j
		}
	}
	return -1
}

// maxSlabList bounds the room a listSlab gives a partition's list; a
// longer list grows on its own.
const maxSlabList = 16

// listSlab hands out empty rank lists with room for n rows, carved from
// shared chunks: no allocation per partition. A list outgrowing its room
// is copied by append, leaving its neighbours intact.
type listSlab struct{ chunk []uint32 }

// take returns an empty list with capacity n.
func (l *listSlab) take(n int) []uint32 {
	if len(l.chunk) < n {
		l.chunk = make([]uint32, max(n, 4096))
	}
	list := l.chunk[:0:n]
	l.chunk = l.chunk[n:]
	return list
}
