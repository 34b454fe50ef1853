package executor

import (
	"errors"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/executor/eval"
	"github.com/streamsql/streamsql/planner"
)

// This file holds what the interval, window and regular join operators
// share: finding and checking their inputs, and creating their state.

// joinSideNames names the two sides of a join in errors.
var joinSideNames = [2]string{"left", "right"}

// joinInputSchemas returns the columns of the left and right inputs of
// join node n in graph g; what names the operator in errors.
func joinInputSchemas(g *planner.Graph, n *planner.PNode, what string) (left, right planner.Schema, err error) {
	if len(n.Inputs) != 2 || g == nil {
		return nil, nil, errors.New(what + " needs two inputs in its graph")
	}
	var ins [2]planner.Schema
	for i, e := range n.Inputs {
		found := graphNode(g, e.From)
		if found == nil {
			return nil, nil, fmt.Errorf("%s input node %d not found", what, e.From)
		}
		ins[i] = found.Schema
	}
	return ins[0], ins[1], nil
}

// joinColumns converts the left and right input columns and the output
// columns of a join of type t to Arrow schemas, and reports which of its
// sides are outer (see joinOuterSides).
func joinColumns(left, right, out planner.Schema, t planner.JoinType) (in [2]*arrow.Schema, schema *arrow.Schema, outer [2]bool, err error) {
	for i, s := range []planner.Schema{left, right} {
		if in[i], err = ArrowSchema(s); err != nil {
			return in, nil, outer, err
		}
	}
	if schema, err = ArrowSchema(out); err != nil {
		return in, nil, outer, err
	}
	outer, err = joinOuterSides(t)
	return in, schema, outer, err
}

// joinOuterSides reports which sides of a join of type t are outer: their
// rows that match nothing are emitted NULL-padded.
func joinOuterSides(t planner.JoinType) ([2]bool, error) {
	switch t {
	case planner.JoinInner:
		return [2]bool{}, nil
	case planner.JoinLeft:
		return [2]bool{true, false}, nil
	case planner.JoinRight:
		return [2]bool{false, true}, nil
	case planner.JoinFull:
		return [2]bool{true, true}, nil
	}
	return [2]bool{}, fmt.Errorf("join type %q is not supported", t)
}

// checkJoinWidth checks that a join's output has the columns of both
// inputs; what names the operator in errors.
func checkJoinWidth(what string, in [2]*arrow.Schema, out *arrow.Schema) error {
	if nl, nr := in[0].NumFields(), in[1].NumFields(); out.NumFields() != nl+nr {
		return fmt.Errorf("%s has %d output columns, want %d", what, out.NumFields(), nl+nr)
	}
	return nil
}

// checkJoinSide checks that the key columns keys of side s (0 left, 1
// right) are columns of its input in and that every column of in has a
// supported type; what names the operator in errors.
func checkJoinSide(what string, s int, in *arrow.Schema, keys []int) error {
	for _, c := range keys {
		if c < 0 || c >= in.NumFields() {
			return fmt.Errorf("%s %s key column %d out of range", what, joinSideNames[s], c)
		}
	}
	for _, f := range in.Fields() {
		if _, err := catOf(f.Type); err != nil {
			return fmt.Errorf("%s column %s: type %s is not supported yet", what, f.Name, f.Type)
		}
	}
	return nil
}

// checkJoinKeyTypes checks that each pair of left and right key columns
// (checked by checkJoinSide) stores values of one category; what names
// the operator in errors.
func checkJoinKeyTypes(what string, in [2]*arrow.Schema, leftKeys, rightKeys []int) error {
	for i := range leftKeys {
		lt, rt := in[0].Field(leftKeys[i]).Type, in[1].Field(rightKeys[i]).Type
		lc, _ := catOf(lt)
		rc, _ := catOf(rt)
		if lc != rc {
			return fmt.Errorf("%s key %d compares %s with %s", what, i, lt, rt)
		}
	}
	return nil
}

// compileResidual compiles a join's residual condition r; a nil r
// compiles to a nil Evaluator.
func compileResidual(r planner.Expr, alloc memory.Allocator, clock func() int64) (eval.Evaluator, error) {
	if r == nil {
		return nil, nil
	}
	ev, err := compileExpr(r, alloc, clock)
	if err != nil {
		return nil, fmt.Errorf("join condition %s: %w", r, err)
	}
	return ev, nil
}

// columnTypes returns the types of the columns cols of s.
func columnTypes(s *arrow.Schema, cols []int) []arrow.DataType {
	types := make([]arrow.DataType, len(cols))
	for i, c := range cols {
		types[i] = s.Field(c).Type
	}
	return types
}

// fieldTypes returns the types of all the columns of s.
func fieldTypes(s *arrow.Schema) []arrow.DataType {
	types := make([]arrow.DataType, s.NumFields())
	for i, f := range s.Fields() {
		types[i] = f.Type
	}
	return types
}

// newJoinRowStores creates the row store of each side of a join over
// inputs in.
func newJoinRowStores(in [2]*arrow.Schema) ([2]*joinRows, error) {
	var rows [2]*joinRows
	for s := range rows {
		var err error
		if rows[s], err = newJoinRows(fieldTypes(in[s])); err != nil {
			return [2]*joinRows{}, err
		}
	}
	return rows, nil
}

// nullKeyMask reports for each row of rec whether one of the columns cols
// is NULL, reusing dst's storage.
func nullKeyMask(dst []bool, rec arrow.Record, cols []int) []bool {
	n := int(rec.NumRows())
	dst = grow2(dst[:0], n)[:n]
	clear(dst)
	for _, c := range cols {
		col := rec.Column(c)
		if col.NullN() == 0 {
			continue
		}
		for i := 0; i < n; i++ {
			if col.IsNull(i) {
				dst[i] = true
			}
		}
	}
	return dst
}
