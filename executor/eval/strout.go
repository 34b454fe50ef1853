package eval

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// strOut accumulates a STRING or BYTES result. Its Go scratch slices are
// reused from batch to batch; finish copies them into allocator buffers.
type strOut struct {
	alloc memory.Allocator
	offs  []int32
	data  []byte
	valid *memory.Buffer
	n     int
}

// reset starts a result of n rows whose validity starts as valid (nil =
// all valid); strOut takes ownership of valid.
func (o *strOut) reset(alloc memory.Allocator, n int, valid *memory.Buffer) {
	o.alloc, o.n, o.valid = alloc, n, valid
	o.offs = append(o.offs[:0], 0)
	o.data = o.data[:0]
}

// add appends the next row's value.
func (o *strOut) add(b []byte) {
	o.data = append(o.data, b...)
	o.offs = append(o.offs, int32(len(o.data)))
}

// commit ends the next row, whose bytes were appended to o.data directly.
func (o *strOut) commit() { o.offs = append(o.offs, int32(len(o.data))) }

// addNull appends an empty value and marks the row NULL.
func (o *strOut) addNull() {
	i := len(o.offs) - 1
	o.offs = append(o.offs, int32(len(o.data)))
	o.valid = ensureValidity(o.alloc, o.valid, o.n)
	clearBit(o.valid.Bytes(), i)
}

// discard releases what reset took ownership of, after a failure.
func (o *strOut) discard() {
	if o.valid != nil {
		o.valid.Release()
		o.valid = nil
	}
}

func (o *strOut) finish(dt arrow.DataType) arrow.Array {
	offBuf, offs := newFixed[int32](o.alloc, len(o.offs))
	copy(offs, o.offs)
	dataBuf := memory.NewResizableBuffer(o.alloc)
	dataBuf.Resize(len(o.data))
	copy(dataBuf.Bytes(), o.data)
	v := o.valid
	o.valid = nil
	return makeArray(dt, o.n, v, offBuf, dataBuf)
}
