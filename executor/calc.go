package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/apache/arrow/go/v17/arrow/bitutil"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// calc is the OpCalc operator: it filters rows by CalcSpec.Filter, then
// computes CalcSpec.Projections. Column references are zero-copy.
type calc struct {
	spec   *planner.CalcSpec
	schema *arrow.Schema
	alloc  memory.Allocator
	out    Emitter
	filter eval.Evaluator
	projs  []eval.Evaluator
	cols   []arrow.Array
	// scratch holds the mask's valid-and-true bitmap.
	scratch []byte
}

func newCalc(_ *planner.Graph, n *planner.PNode) (Operator, error) {
	if n.Calc == nil {
		return nil, errors.New("calc node without a spec")
	}
	if len(n.Calc.Projections) != len(n.Schema) {
		return nil, fmt.Errorf("calc has %d projections for %d output columns", len(n.Calc.Projections), len(n.Schema))
	}
	schema, err := NodeSchema(n)
	if err != nil {
		return nil, err
	}
	return &calc{spec: n.Calc, schema: schema}, nil
}

// Open implements Operator: it compiles the expressions.
func (c *calc) Open(ctx *OpContext, out Emitter) error {
	c.alloc, c.out = ctx.Alloc, out
	if c.spec.Filter != nil {
		f, err := compileExpr(c.spec.Filter, c.alloc, ctx.Clock)
		if err != nil {
			return fmt.Errorf("filter %s: %w", c.spec.Filter, err)
		}
		c.filter = f
	}
	c.projs = make([]eval.Evaluator, len(c.spec.Projections))
	for i, p := range c.spec.Projections {
		e, err := compileExpr(p, c.alloc, ctx.Clock)
		if err != nil {
			return fmt.Errorf("column %s = %s: %w", c.schema.Field(i).Name, p, err)
		}
		c.projs[i] = e
	}
	c.cols = make([]arrow.Array, c.schema.NumFields())
	return nil
}

// OnBatch implements Operator.
func (c *calc) OnBatch(_ int, rec arrow.Record) error {
	in := rec
	var mask arrow.Array
	if c.filter != nil {
		m, err := c.filter.Eval(rec)
		if err != nil {
			return c.rowError(err, "filter", c.spec.Filter, rec, nil)
		}
		defer m.Release()
		mask = m
		switch countTrue(m, &c.scratch) {
		case 0:
			return nil
		case int(rec.NumRows()):
			// Every row passes: keep the batch as is.
		default:
			filtered, err := eval.Filter(rec, m, c.alloc)
			if err != nil {
				return fmt.Errorf("filter %s: %w", c.spec.Filter, err)
			}
			defer filtered.Release()
			in = filtered
		}
	}
	defer c.releaseCols()
	for i, p := range c.projs {
		col, err := p.Eval(in)
		if err != nil {
			return c.rowError(err, "column "+c.schema.Field(i).Name+" =", c.spec.Projections[i], rec, mask)
		}
		c.cols[i] = col
	}
	if len(c.cols) > len(c.projs) {
		// An updating stream: the row kinds pass through.
		k := RowKinds(in)
		if k == nil {
			return fmt.Errorf("calc: an updating input batch has no %s column", RowKindColumn)
		}
		k.Retain()
		c.cols[len(c.projs)] = k
	}
	out, err := newRecord(c.schema, c.cols, in.NumRows())
	if err != nil {
		return err
	}
	defer out.Release()
	return c.out.Emit(out)
}

func (c *calc) releaseCols() {
	for i, col := range c.cols {
		if col != nil {
			col.Release()
			c.cols[i] = nil
		}
	}
}

// rowError describes an evaluation failure. For a *eval.RowError it names
// the row's position in the input batch (mapped back through the filter
// mask) and the row's values.
func (c *calc) rowError(err error, what string, e planner.Expr, rec arrow.Record, mask arrow.Array) error {
	var re *eval.RowError
	if !errors.As(err, &re) {
		return fmt.Errorf("%s %s: %w", what, e, err)
	}
	row := re.Row
	if mask != nil {
		row = selectedRow(mask, re.Row)
	}
	return &RowError{Row: row, Err: fmt.Errorf("%s %s: row (%s): %w", what, e, formatRow(rec, row), err)}
}

// selectedRow returns the position in mask of its k-th passing row.
func selectedRow(mask arrow.Array, k int) int {
	b, ok := mask.(*array.Boolean)
	if !ok {
		return k
	}
	for i := 0; i < b.Len(); i++ {
		if b.IsValid(i) && b.Value(i) {
			if k == 0 {
				return i
			}
			k--
		}
	}
	return k
}

// countTrue returns how many entries of a boolean mask are true (NULL
// counts as false), using scratch for the combined bitmap; -1 if mask is
// not boolean.
func countTrue(mask arrow.Array, scratch *[]byte) int {
	b, ok := mask.(*array.Boolean)
	if !ok {
		return -1
	}
	n := b.Len()
	if n == 0 {
		return 0
	}
	bufs := b.Data().Buffers()
	off := b.Data().Offset()
	values := bufs[1].Bytes()
	if b.NullN() == 0 || bufs[0] == nil {
		return bitutil.CountSetBits(values, off, n)
	}
	need := int(bitutil.BytesForBits(int64(n)))
	if cap(*scratch) < need {
		*scratch = make([]byte, need)
	}
	and := (*scratch)[:need]
	bitutil.BitmapAnd(bufs[0].Bytes(), values, int64(off), int64(off), and, 0, int64(n))
	return bitutil.CountSetBits(and, 0, n)
}

// OnWatermark implements Operator.
func (c *calc) OnWatermark(wm int64) (int64, error) { return wm, nil }

// OnEnd implements Operator.
func (c *calc) OnEnd() error { return nil }

// Close implements Operator.
func (c *calc) Close() error {
	c.releaseCols()
	return nil
}
