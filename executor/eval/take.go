package eval

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// multiTake builds an array of len(rows) values where row i is
// srcs[choice[i]] at position rows[i]; a negative choice makes row i NULL,
// and a nil choice means source 0 for every row. All sources share dt.
func multiTake(alloc memory.Allocator, dt arrow.DataType, srcs []arrow.Array, choice []int16, rows []int32) (arrow.Array, error) {
	n := len(rows)
	valid := newBitmapBuf(alloc, n)
	vb := valid.Bytes()
	vs := make([]bitmap, len(srcs))
	for k, s := range srcs {
		vs[k] = validityOf(s)
	}
	if choice == nil && vs[0].bits == nil {
		bitutil.SetBitsTo(vb, 0, int64(n), true)
	} else {
		takeValidity(vb, vs, choice, rows)
	}
	switch dt.ID() {
	case arrow.NULL:
		valid.Release()
		return array.NewNull(n), nil
	case arrow.BOOL:
		out := newBoolOut(alloc, n)
		out.valid = valid
		bs := make([]bitmap, len(srcs))
		for k, s := range srcs {
			bs[k] = boolValues(s)
		}
		for i := 0; i < n; i++ {
			c := 0
			if choice != nil {
				c = int(choice[i])
			}
			if c >= 0 && bs[c].get(int(rows[i])) {
				out.set(i)
			}
		}
		return out.finish(n), nil
	case arrow.INT8:
		return takeFixed[int8](alloc, dt, srcs, choice, rows, valid), nil
	case arrow.INT16:
		return takeFixed[int16](alloc, dt, srcs, choice, rows, valid), nil
	case arrow.INT32, arrow.DATE32, arrow.FLOAT32:
		return takeFixed[int32](alloc, dt, srcs, choice, rows, valid), nil
	case arrow.INT64, arrow.FLOAT64, arrow.TIMESTAMP, arrow.DURATION, arrow.DATE64:
		return takeFixed[int64](alloc, dt, srcs, choice, rows, valid), nil
	case arrow.DECIMAL128:
		return takeFixed[dec](alloc, dt, srcs, choice, rows, valid), nil
	case arrow.STRING, arrow.BINARY:
		return takeVar(alloc, dt, srcs, choice, rows, valid), nil
	case arrow.MAP:
		valid.Release()
		return takeMap(alloc, dt, srcs, choice, rows)
	}
	valid.Release()
	return nil, fmt.Errorf("eval: cannot select values of type %s", dt)
}

// takeValidity sets bit i of vb when row i's source value is valid.
func takeValidity(vb []byte, vs []bitmap, choice []int16, rows []int32) {
	if choice == nil {
		src := vs[0]
		for i, r := range rows {
			p := src.off + int(r)
			vb[i>>3] |= (src.bits[p>>3] >> uint(p&7) & 1) << uint(i&7)
		}
		return
	}
	for i, r := range rows {
		c := 0
		if choice != nil {
			c = int(choice[i])
		}
		if c >= 0 && vs[c].get(int(r)) {
			vb[i>>3] |= 1 << uint(i&7)
		}
	}
}

func takeFixed[T arrow.FixedWidthType](alloc memory.Allocator, dt arrow.DataType, srcs []arrow.Array, choice []int16, rows []int32, valid *memory.Buffer) arrow.Array {
	n := len(rows)
	buf, out := newFixed[T](alloc, n)
	if choice == nil {
		src := fixedValues[T](srcs[0])
		for i, r := range rows {
			out[i] = src[r]
		}
		return makeArray(dt, n, dropAllValid(valid, n), buf)
	}
	vals := make([][]T, len(srcs))
	for k, s := range srcs {
		vals[k] = fixedValues[T](s)
	}
	var zero T
	for i, r := range rows {
		if c := choice[i]; c >= 0 {
			out[i] = vals[c][r]
		} else {
			out[i] = zero
		}
	}
	return makeArray(dt, n, dropAllValid(valid, n), buf)
}

func takeVar(alloc memory.Allocator, dt arrow.DataType, srcs []arrow.Array, choice []int16, rows []int32, valid *memory.Buffer) arrow.Array {
	if choice == nil {
		return takeVar1(alloc, dt, viewOf(srcs[0]), rows, valid)
	}
	n := len(rows)
	views := make([]strView, len(srcs))
	for k, s := range srcs {
		views[k] = viewOf(s)
	}
	offBuf, offs := newFixed[int32](alloc, n+1)
	total := 0
	for i, r := range rows {
		offs[i] = int32(total)
		c := 0
		if choice != nil {
			c = int(choice[i])
		}
		if c >= 0 {
			v := &views[c]
			total += int(v.offs[r+1] - v.offs[r])
		}
	}
	offs[n] = int32(total)
	dataBuf := memory.NewResizableBuffer(alloc)
	dataBuf.Resize(total)
	d := dataBuf.Bytes()
	for i, r := range rows {
		c := 0
		if choice != nil {
			c = int(choice[i])
		}
		if c >= 0 {
			copy(d[offs[i]:], views[c].at(int(r)))
		}
	}
	return makeArray(dt, n, dropAllValid(valid, n), offBuf, dataBuf)
}

// takeVar1 is takeVar from a single source.
func takeVar1(alloc memory.Allocator, dt arrow.DataType, v strView, rows []int32, valid *memory.Buffer) arrow.Array {
	n := len(rows)
	offBuf, offs := newFixed[int32](alloc, n+1)
	total := int32(0)
	for i, r := range rows {
		offs[i] = total
		total += v.offs[r+1] - v.offs[r]
	}
	offs[n] = total
	dataBuf := memory.NewResizableBuffer(alloc)
	dataBuf.Resize(int(total))
	d := dataBuf.Bytes()
	for i, r := range rows {
		copy(d[offs[i]:offs[i+1]], v.data[v.offs[r]:v.offs[r+1]])
	}
	return makeArray(dt, n, dropAllValid(valid, n), offBuf, dataBuf)
}

// dropAllValid releases and returns nil for a validity bitmap with every
// bit set, so that null-free results carry no bitmap.
func dropAllValid(valid *memory.Buffer, n int) *memory.Buffer {
	b := valid.Bytes()
	full := n / 8
	for _, x := range b[:full] {
		if x != 0xFF {
			return valid
		}
	}
	for i := full * 8; i < n; i++ {
		if b[i>>3]&(1<<uint(i&7)) == 0 {
			return valid
		}
	}
	valid.Release()
	return nil
}
