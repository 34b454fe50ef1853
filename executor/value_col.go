package executor

import (
	"strings"

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
