package executor

import (
	"errors"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/planner"
)

// union is the OpUnion operator (UNION ALL): it forwards the batches of
// every input, relabelled with the union's schema. The runtime combines
// the inputs' watermarks.
type union struct {
	schema *arrow.Schema
	out    Emitter
}

func newUnion(_ *planner.Graph, n *planner.PNode) (Operator, error) {
	if len(n.Inputs) == 0 {
		return nil, errors.New("union without inputs")
	}
	schema, err := ArrowSchema(n.Schema)
	if err != nil {
		return nil, err
	}
	return &union{schema: schema}, nil
}

// Open implements Operator.
func (u *union) Open(_ *OpContext, out Emitter) error {
	u.out = out
	return nil
}

// OnBatch implements Operator.
func (u *union) OnBatch(_ int, rec arrow.Record) error {
	if rec.Schema() == u.schema || rec.Schema().Equal(u.schema) {
		return u.out.Emit(rec)
	}
	out, err := newRecord(u.schema, rec.Columns(), rec.NumRows())
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
func (u *union) Close() error { return nil }
