package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/planner"
)

// This file holds small helpers the operator factories and Open methods
// share.

// graphNode returns the node of g with id, or nil.
func graphNode(g *planner.Graph, id int) *planner.PNode {
	for _, c := range g.Nodes {
		if c.ID == id {
			return c
		}
	}
	return nil
}

// inputNode returns the single input node of n in g.
func inputNode(g *planner.Graph, n *planner.PNode) (*planner.PNode, error) {
	if len(n.Inputs) != 1 || g == nil {
		return nil, errors.New("needs one input in its graph")
	}
	if c := graphNode(g, n.Inputs[0].From); c != nil {
		return c, nil
	}
	return nil, fmt.Errorf("input node %d not found", n.Inputs[0].From)
}

// singleInput is inputNode with what, the operator's name, leading its
// errors.
func singleInput(g *planner.Graph, n *planner.PNode, what string) (*planner.PNode, error) {
	input, err := inputNode(g, n)
	if err != nil {
		return nil, fmt.Errorf("%s %w", what, err)
	}
	return input, nil
}

// inOutArrowSchemas converts the input columns and output columns of an
// operator to Arrow schemas.
func inOutArrowSchemas(inCols, outCols planner.Schema) (in, out *arrow.Schema, err error) {
	if in, err = ArrowSchema(inCols); err != nil {
		return nil, nil, err
	}
	if out, err = ArrowSchema(outCols); err != nil {
		return nil, nil, err
	}
	return in, out, nil
}

// opMetrics returns the counters of ctx, or fresh ones when it has none.
func opMetrics(ctx *OpContext) *Metrics {
	if ctx.Metrics == nil {
		return NewMetrics()
	}
	return ctx.Metrics
}

// nameOr returns name, or def when name is empty.
func nameOr(name, def string) string {
	if name == "" {
		return def
	}
	return name
}

// checkWindowTimeCol checks that column c of in is a timestamp column, the
// event time windows are assigned by.
func checkWindowTimeCol(in *arrow.Schema, c int) error {
	if c < 0 || c >= in.NumFields() || in.Field(c).Type.ID() != arrow.TIMESTAMP {
		return fmt.Errorf("window time column %d is not a timestamp column of the input", c)
	}
	return nil
}

// checkWindowCols checks that the three output columns from first on
// (window_start, window_end, window_time) are timestamps.
func checkWindowCols(out *arrow.Schema, first int) error {
	for i := first; i < first+3; i++ {
		if out.Field(i).Type.ID() != arrow.TIMESTAMP {
			return fmt.Errorf("output column %s is not a timestamp", out.Field(i).Name)
		}
	}
	return nil
}

// loadTimeCol returns column c of rec, an event time column, and loads
// its values into *ts, resized to the batch's rows.
func loadTimeCol(rec arrow.Record, c int, ts *[]int64) (*array.Timestamp, error) {
	tcol, ok := rec.Column(c).(*array.Timestamp)
	if !ok {
		return nil, fmt.Errorf("time column %d is %s, not a timestamp", c, rec.Column(c).DataType())
	}
	n := int(rec.NumRows())
	*ts = grow2((*ts)[:0], n)[:n]
	loadInts(tcol, *ts)
	return tcol, nil
}
