package eval

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// colRef returns a column of the input batch as is.
type colRef struct {
	idx  int
	name string
	t    catalog.Type
}

func (c *colRef) Eval(rec arrow.Record) (arrow.Array, error) {
	if c.idx >= int(rec.NumCols()) {
		return nil, fmt.Errorf("eval: column %s($%d) out of range: batch has %d columns", c.name, c.idx, rec.NumCols())
	}
	col := rec.Column(c.idx)
	want := c.t.Arrow()
	got := col.DataType()
	if got.ID() != want.ID() {
		return nil, fmt.Errorf("eval: column %s($%d) is %s, expected %s", c.name, c.idx, got, want)
	}
	if d, ok := got.(*arrow.Decimal128Type); ok && d.Scale != int32(c.t.Scale) {
		return nil, fmt.Errorf("eval: column %s($%d) is %s, expected %s", c.name, c.idx, got, want)
	}
	col.Retain()
	return col, nil
}

// constNode is a literal broadcast to the batch length. Kernels that
// specialise on a constant argument read its typed fields directly.
type constNode struct {
	t     catalog.Type
	dt    arrow.DataType
	alloc memory.Allocator
	null  bool
	i64   int64 // integers, DATE, TIMESTAMP, INTERVAL
	f64   float64
	b     bool
	s     string // STRING and BYTES
	dec   decimal128.Num
}

func (c *compiler) constant(e *planner.Const) (Evaluator, error) {
	dt, err := arrowType(e.T)
	if err != nil {
		return nil, err
	}
	n := &constNode{t: e.T, dt: dt, alloc: c.alloc, null: e.Val == nil}
	if n.null || e.T.Kind == catalog.KindNull {
		n.null = true
		return n, nil
	}
	ok := false
	switch e.T.Kind {
	case catalog.KindBoolean:
		n.b, ok = e.Val.(bool)
	case catalog.KindTinyInt, catalog.KindSmallInt, catalog.KindInt, catalog.KindBigInt,
		catalog.KindTimestamp, catalog.KindTimestampLTZ, catalog.KindInterval:
		n.i64, ok = e.Val.(int64)
		if ok && !intFits(e.T.Kind, n.i64) {
			return nil, fmt.Errorf("eval: constant %d out of range for %s", n.i64, e.T)
		}
	case catalog.KindDate:
		var d int32
		d, ok = e.Val.(int32)
		n.i64 = int64(d)
	case catalog.KindFloat, catalog.KindDouble:
		n.f64, ok = e.Val.(float64)
	case catalog.KindDecimal:
		n.dec, ok = e.Val.(decimal128.Num)
	case catalog.KindString:
		n.s, ok = e.Val.(string)
	case catalog.KindBytes:
		var b []byte
		b, ok = e.Val.([]byte)
		n.s = string(b)
	}
	if !ok {
		return nil, fmt.Errorf("eval: constant %v (%T) does not match type %s", e.Val, e.Val, e.T)
	}
	return n, nil
}

func (k *constNode) Eval(rec arrow.Record) (arrow.Array, error) {
	return k.broadcast(int(rec.NumRows())), nil
}

func (k *constNode) broadcast(n int) arrow.Array {
	if k.null {
		return array.MakeArrayOfNull(k.alloc, k.dt, n)
	}
	switch k.t.Kind {
	case catalog.KindBoolean:
		o := newBoolOut(k.alloc, n)
		if k.b {
			bitutil.SetBitsTo(o.bits, 0, int64(n), true)
		}
		return o.finish(n)
	case catalog.KindTinyInt:
		return fill(k.alloc, k.dt, n, int8(k.i64))
	case catalog.KindSmallInt:
		return fill(k.alloc, k.dt, n, int16(k.i64))
	case catalog.KindInt, catalog.KindDate:
		return fill(k.alloc, k.dt, n, int32(k.i64))
	case catalog.KindFloat:
		return fill(k.alloc, k.dt, n, float32(k.f64))
	case catalog.KindDouble:
		return fill(k.alloc, k.dt, n, k.f64)
	case catalog.KindDecimal:
		return fill(k.alloc, k.dt, n, k.dec)
	case catalog.KindString, catalog.KindBytes:
		offBuf, offs := newFixed[int32](k.alloc, n+1)
		dataBuf := memory.NewResizableBuffer(k.alloc)
		dataBuf.Resize(n * len(k.s))
		d := dataBuf.Bytes()
		for i := 0; i < n; i++ {
			offs[i] = int32(i * len(k.s))
			copy(d[i*len(k.s):], k.s)
		}
		offs[n] = int32(n * len(k.s))
		return makeArray(k.dt, n, nil, offBuf, dataBuf)
	}
	return fill(k.alloc, k.dt, n, k.i64)
}

func fill[T arrow.FixedWidthType](alloc memory.Allocator, dt arrow.DataType, n int, v T) arrow.Array {
	buf, vals := newFixed[T](alloc, n)
	for i := range vals {
		vals[i] = v
	}
	return makeArray(dt, n, nil, buf)
}

// intFits reports whether v is in range for the integer kind k.
func intFits(k catalog.Kind, v int64) bool {
	switch k {
	case catalog.KindTinyInt:
		return v >= -1<<7 && v < 1<<7
	case catalog.KindSmallInt:
		return v >= -1<<15 && v < 1<<15
	case catalog.KindInt:
		return v >= -1<<31 && v < 1<<31
	}
	return true
}

// asConst returns ev as a constant node, if it is one.
func asConst(ev Evaluator) (*constNode, bool) {
	k, ok := ev.(*constNode)
	return k, ok
}
