package eval

import (
	"unsafe"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
)

// bitmap is a view of a validity (or boolean value) bitmap starting at bit
// off. A nil bits slice means "every bit set" for validity bitmaps.
type bitmap struct {
	bits []byte
	off  int
}

func (b bitmap) get(i int) bool {
	return b.bits == nil || b.bits[(b.off+i)>>3]&(1<<uint((b.off+i)&7)) != 0
}

// validityOf returns the validity bitmap of a; bits is nil when a has no
// nulls.
func validityOf(a arrow.Array) bitmap {
	if a.NullN() == 0 {
		return bitmap{}
	}
	if bm := a.NullBitmapBytes(); bm != nil {
		return bitmap{bits: bm, off: a.Data().Offset()}
	}
	// Arrays of the Null type carry no bitmap: every value is NULL.
	return bitmap{bits: make([]byte, bitutil.BytesForBits(int64(a.Len()))), off: 0}
}

// boolValues returns the value bitmap of a BOOLEAN array.
func boolValues(a arrow.Array) bitmap {
	if len(a.Data().Buffers()) < 2 || a.Data().Buffers()[1] == nil {
		return bitmap{bits: make([]byte, bitutil.BytesForBits(int64(a.Len()))), off: 0}
	}
	return bitmap{bits: a.Data().Buffers()[1].Bytes(), off: a.Data().Offset()}
}

// newBitmapBuf allocates a zeroed bitmap buffer for n bits.
func newBitmapBuf(alloc memory.Allocator, n int) *memory.Buffer {
	buf := memory.NewResizableBuffer(alloc)
	buf.Resize(int(bitutil.BytesForBits(int64(n))))
	clear(buf.Bytes())
	return buf
}

// andValidity returns a validity buffer that is the AND of the given
// bitmaps over n rows, or nil if none of them has nulls.
func andValidity(alloc memory.Allocator, n int, bms ...bitmap) *memory.Buffer {
	var out *memory.Buffer
	for _, b := range bms {
		if b.bits == nil {
			continue
		}
		if out == nil {
			out = newBitmapBuf(alloc, n)
			bitutil.CopyBitmap(b.bits, b.off, n, out.Bytes(), 0)
			continue
		}
		o := out.Bytes()
		bitutil.BitmapAnd(o, b.bits, 0, int64(b.off), o, 0, int64(n))
	}
	return out
}

// ensureValidity returns v, or a new all-valid bitmap if v is nil.
func ensureValidity(alloc memory.Allocator, v *memory.Buffer, n int) *memory.Buffer {
	if v != nil {
		return v
	}
	v = newBitmapBuf(alloc, n)
	bitutil.SetBitsTo(v.Bytes(), 0, int64(n), true)
	return v
}

// newFixed allocates a buffer of n values of T.
func newFixed[T arrow.FixedWidthType](alloc memory.Allocator, n int) (*memory.Buffer, []T) {
	var zero T
	size := int(unsafe.Sizeof(zero))
	buf := memory.NewResizableBuffer(alloc)
	buf.Resize(n * size)
	return buf, arrow.GetData[T](buf.Bytes())[:n]
}

// fixedValues returns the values of a fixed-width array as []T.
func fixedValues[T arrow.FixedWidthType](a arrow.Array) []T {
	if len(a.Data().Buffers()) < 2 {
		return make([]T, a.Len())
	}
	v := arrow.GetValues[T](a.Data(), 1)
	if v == nil {
		return make([]T, a.Len())
	}
	return v
}

// makeArray wraps buffers into an array of type dt and releases the
// caller's references to them. validity may be nil (no nulls).
func makeArray(dt arrow.DataType, n int, validity *memory.Buffer, bufs ...*memory.Buffer) arrow.Array {
	nulls := 0
	if validity != nil {
		nulls = n - bitutil.CountSetBits(validity.Bytes(), 0, n)
	}
	all := append([]*memory.Buffer{validity}, bufs...)
	data := array.NewData(dt, n, all, nil, nulls, 0)
	arr := array.MakeFromData(data)
	data.Release()
	for _, b := range all {
		if b != nil {
			b.Release()
		}
	}
	return arr
}

// boolOut builds a BOOLEAN array whose value bits are written directly.
type boolOut struct {
	vals  *memory.Buffer
	bits  []byte
	valid *memory.Buffer
}

func newBoolOut(alloc memory.Allocator, n int) boolOut {
	v := newBitmapBuf(alloc, n)
	return boolOut{vals: v, bits: v.Bytes()}
}

func (o *boolOut) set(i int) { o.bits[i>>3] |= 1 << uint(i&7) }

func (o *boolOut) finish(n int) arrow.Array {
	return makeArray(arrow.FixedWidthTypes.Boolean, n, o.valid, o.vals)
}

// releaseAll releases every non-nil array.
func releaseAll(arrs []arrow.Array) {
	for _, a := range arrs {
		if a != nil {
			a.Release()
		}
	}
}
