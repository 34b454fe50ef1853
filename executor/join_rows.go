package executor

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
)

// joinRows holds copies of the column values of one join side's buffered
// rows, column-wise and indexed by the slot the JoinState hands out. Values
// are plain Go values (strings are cloned out of Arrow buffers), so no
// input batch is referenced beyond the OnBatch call that delivered it.
type joinRows struct {
	cols []valueCol
	// matched records, per slot, whether the row joined at least once
	// (used for outer sides).
	matched []bool
	size    int
}

// newJoinRows returns a store for columns of the given types.
func newJoinRows(types []arrow.DataType) (*joinRows, error) {
	r := &joinRows{cols: make([]valueCol, len(types))}
	for i, dt := range types {
		c, err := catOf(dt)
		if err != nil {
			return nil, err
		}
		r.cols[i].cat = c
	}
	return r, nil
}

// grow makes room for slots below n.
func (r *joinRows) grow(n int) {
	if n <= r.size {
		return
	}
	n = max(n, 2*r.size, 64)
	r.matched = grow2(r.matched, n)
	for k := range r.cols {
		r.cols[k].resize(n)
	}
	r.size = n
}

// set copies row i of the loaded views (one per column) into slot.
func (r *joinRows) set(slot uint32, views []colView, i int, matched bool) {
	r.grow(int(slot) + 1)
	r.matched[slot] = matched
	for k := range r.cols {
		r.cols[k].set(int(slot), &views[k], i)
	}
}

// clear drops the values of slot so it retains no strings.
func (r *joinRows) clear(slot uint32) {
	for k := range r.cols {
		if c := &r.cols[k]; c.cat == catStr {
			c.strs[slot] = ""
		}
	}
}

// appendRow appends the values of slot to bs, one builder per column.
func (r *joinRows) appendRow(slot uint32, bs []array.Builder) {
	for k := range r.cols {
		c := &r.cols[k]
		if !c.valid[slot] {
			bs[k].AppendNull()
			continue
		}
		switch c.cat {
		case catInt:
			appendInt(bs[k], c.ints[slot])
		case catFloat:
			appendFloat(bs[k], c.floats[slot])
		case catStr:
			appendStr(bs[k], c.strs[slot])
		case catDec:
			appendDec(bs[k], c.decs[slot])
		}
	}
}

// appendNulls appends a NULL to every builder of bs.
func appendNulls(bs []array.Builder) {
	for _, b := range bs {
		b.AppendNull()
	}
}

// appendSlots appends column k of the rows in slots to b.
func (r *joinRows) appendSlots(k int, slots []uint32, b array.Builder) {
	r.cols[k].appendSlots(slots, b)
}

// appendRows appends the values of rows of the loaded view v to b, one
// typed loop per column.
func (v *colView) appendRows(rows []int, b array.Builder) {
	nulls := v.arr.NullN() > 0
	if v.cat == catInt {
		switch tb := b.(type) {
		case *array.Int64Builder:
			tb.Reserve(len(rows))
			for _, i := range rows {
				if nulls && v.arr.IsNull(i) {
					tb.UnsafeAppendBoolToBitmap(false)
				} else {
					tb.UnsafeAppend(v.ints[i])
				}
			}
			return
		case *array.TimestampBuilder:
			tb.Reserve(len(rows))
			for _, i := range rows {
				if nulls && v.arr.IsNull(i) {
					tb.UnsafeAppendBoolToBitmap(false)
				} else {
					tb.UnsafeAppend(arrow.Timestamp(v.ints[i]))
				}
			}
			return
		}
	}
	for _, i := range rows {
		if nulls && v.arr.IsNull(i) {
			b.AppendNull()
			continue
		}
		switch v.cat {
		case catInt:
			appendInt(b, v.ints[i])
		case catFloat:
			appendFloat(b, v.floats[i])
		case catStr:
			appendStr(b, v.strAt(i))
		case catDec:
			appendDec(b, v.dec.Value(i))
		}
	}
}
