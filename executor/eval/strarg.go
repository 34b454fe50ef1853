package eval

import (
	"github.com/apache/arrow/go/v17/arrow"
)

// strArg is a STRING or BYTES argument: an evaluator or a constant.
type strArg struct {
	ev Evaluator
	k  *constNode
	kb []byte // the constant's bytes
}

func newStrArg(ev Evaluator) strArg {
	a := strArg{ev: ev}
	if k, ok := asConst(ev); ok && !k.null {
		a.k, a.kb = k, []byte(k.s)
	}
	return a
}

// strView gives row access to the bytes of a STRING or BYTES column
// without copying.
type strView struct {
	offs    []int32
	data    []byte
	konst   []byte
	isConst bool
	valid   bitmap
}

// at returns the bytes of row i; the slice aliases the array's buffer.
func (v *strView) at(i int) []byte {
	if v.isConst {
		return v.konst
	}
	return v.data[v.offs[i]:v.offs[i+1]:v.offs[i+1]]
}

// get evaluates the argument. arr is the array to release (nil for a
// constant).
func (a *strArg) get(rec arrow.Record) (arr arrow.Array, v strView, err error) {
	if a.k != nil {
		return nil, strView{konst: a.kb, isConst: true}, nil
	}
	arr, err = a.ev.Eval(rec)
	if err != nil {
		return nil, strView{}, err
	}
	return arr, viewOf(arr), nil
}

// viewOf returns a view of a STRING or BYTES array.
func viewOf(arr arrow.Array) strView {
	d := arr.Data()
	v := strView{valid: validityOf(arr)}
	if arr.Len() == 0 || len(d.Buffers()) < 3 || d.Buffers()[1] == nil {
		v.offs = make([]int32, arr.Len()+1)
		return v
	}
	v.offs = arrow.GetOffsets[int32](d, 1)
	if b := d.Buffers()[2]; b != nil {
		v.data = b.Bytes()
	}
	return v
}
