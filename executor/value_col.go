package executor

import (
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

// valueCol holds copies of one column's values, one slot per stored row,
// in the typed slice of the column's category. Strings are cloned out of
// Arrow buffers, so a stored value never references an input batch. It
// backs the window key table and the join's buffered rows.
type valueCol struct {
	cat    valCat
	valid  []bool
	ints   []int64
	floats []float64
	strs   []string
	decs   []decimal128.Num
}

// resize makes slots below n addressable.
func (c *valueCol) resize(n int) {
	c.valid = grow2(c.valid, n)
	switch c.cat {
	case catInt:
		c.ints = grow2(c.ints, n)
	case catFloat:
		c.floats = grow2(c.floats, n)
	case catStr:
		c.strs = grow2(c.strs, n)
	case catDec:
		c.decs = grow2(c.decs, n)
	}
}

// set copies row i of view v into slot.
func (c *valueCol) set(slot int, v *colView, i int) {
	c.valid[slot] = v.arr.IsValid(i)
	if !c.valid[slot] {
		return
	}
	switch c.cat {
	case catInt:
		c.ints[slot] = v.ints[i]
	case catFloat:
		c.floats[slot] = v.floats[i]
	case catStr:
		c.strs[slot] = strings.Clone(v.strAt(i))
	case catDec:
		c.decs[slot] = v.dec.Value(i)
	}
}

// appendSlots appends the values of slots to b, with a typed loop for
// the common integer and timestamp columns.
func (c *valueCol) appendSlots(slots []uint32, b array.Builder) {
	if c.cat == catInt {
		switch tb := b.(type) {
		case *array.Int64Builder:
			tb.Reserve(len(slots))
			for _, s := range slots {
				if c.valid[s] {
					tb.UnsafeAppend(c.ints[s])
				} else {
					tb.UnsafeAppendBoolToBitmap(false)
				}
			}
			return
		case *array.TimestampBuilder:
			tb.Reserve(len(slots))
			for _, s := range slots {
				if c.valid[s] {
					tb.UnsafeAppend(arrow.Timestamp(c.ints[s]))
				} else {
					tb.UnsafeAppendBoolToBitmap(false)
				}
			}
			return
		}
	}
	for _, s := range slots {
		if !c.valid[s] {
			b.AppendNull()
			continue
		}
		switch c.cat {
		case catInt:
			appendInt(b, c.ints[s])
		case catFloat:
			appendFloat(b, c.floats[s])
		case catStr:
			appendStr(b, c.strs[s])
		case catDec:
			appendDec(b, c.decs[s])
		}
	}
}
