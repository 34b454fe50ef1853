package executor

import (
	"errors"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// union is the OpUnion operator (UNION ALL): it forwards the batches of
// every input, relabelled with the union's schema. The runtime combines
// the inputs' watermarks.
type union struct {
	schema *arrow.Schema
	out    Emitter
	alloc  memory.Allocator
	// updating is set when the union's output carries row kinds: batches
	// of its append inputs then get a +I column.
	updating bool
	inserts  *array.Int8
}

func newUnion(_ *planner.Graph, n *planner.PNode) (Operator, error) {
	if len(n.Inputs) == 0 {
		return nil, errors.New("union without inputs")
	}
	schema, err := NodeSchema(n)
	if err != nil {
		return nil, err
	}
	return &union{schema: schema, updating: n.Changelog.Updating()}, nil
}

// Open implements Operator.
func (u *union) Open(ctx *OpContext, out Emitter) error {
	u.out, u.alloc = out, ctx.Alloc
	return nil
}

// OnBatch implements Operator.
func (u *union) OnBatch(_ int, rec arrow.Record) error {
	if rec.Schema() == u.schema || rec.Schema().Equal(u.schema) {
		return u.out.Emit(rec)
	}
	cols := rec.Columns()
	if u.updating && !HasRowKind(rec.Schema()) {
		kinds := u.insertKinds(int(rec.NumRows()))
		defer kinds.Release()
		cols = append(cols[:len(cols):len(cols)], kinds)
	}
	out, err := newRecord(u.schema, cols, rec.NumRows())
	if err != nil {
		return err
	}
	defer out.Release()
	return u.out.Emit(out)
}

// OnWatermark implements Operator.
func (u *union) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator.
func (u *union) OnEnd() error { return nil }

// Close implements Operator.
func (u *union) Close() error {
	if u.inserts != nil {
		u.inserts.Release()
		u.inserts = nil
	}
	return nil
}

// insertKinds returns a +I row-kind column of n rows, sliced from a
// cached one; the caller releases it.
func (u *union) insertKinds(n int) arrow.Array {
	if u.inserts == nil || u.inserts.Len() < n {
		if u.inserts != nil {
			u.inserts.Release()
		}
		b := array.NewInt8Builder(u.alloc)
		defer b.Release()
		b.AppendValues(make([]int8, max(n, 1024)), nil)
		u.inserts = b.NewInt8Array()
	}
	return array.NewSlice(u.inserts, 0, int64(n))
}
