package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Operator cases named by the files in testdata/operators.
func init() {
	harnessCases["union"] = func(t *testing.T) opHarness {
		s := arrowSchemaT(t, schemaOf(clicks.Columns...))
		n := passNode(2, planner.OpUnion, 0, 1)
		return opHarness{inputs: []*arrow.Schema{s, s}, node: n, newOp: func() (Operator, error) { return newUnion(nil, n) }}
	}
	harnessCases["watermark"] = func(t *testing.T) opHarness {
		g := &planner.Graph{Nodes: []*planner.PNode{sourceNode(0, clicks), wmNode(1, 0, 1000)}}
		n := g.Nodes[1]
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, n.Schema)}, node: n,
			newOp: func() (Operator, error) { return newWatermarkAssigner(g, n) },
		}
	}
	harnessCases["calc_project"] = func(t *testing.T) opHarness {
		out := schemaOf(colTS, colID, col("id2", catalog.BigInt))
		n := &planner.PNode{ID: 3, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 0}}, Schema: out,
			Calc: &planner.CalcSpec{Projections: []planner.Expr{ref(2, colTS), ref(0, colID), ref(0, colID)}}}
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, schemaOf(clicks.Columns...))}, node: n,
			newOp: func() (Operator, error) { return newCalc(nil, n) },
		}
	}
}

// Expression helpers.

func call(fn string, t catalog.Type, args ...planner.Expr) *planner.Call {
	return &planner.Call{Fn: fn, Args: args, T: t}
}

func lit(v any, t catalog.Type) *planner.Const { return &planner.Const{Val: v, T: t} }

func init() {
	harnessCases["calc_filter"] = func(t *testing.T) opHarness {
		out := schemaOf(colName, col("id100", catalog.BigInt))
		n := &planner.PNode{ID: 3, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 0}}, Schema: out,
			Calc: &planner.CalcSpec{
				Filter: call(">", catalog.Boolean, ref(0, colID), lit(int64(1), catalog.BigInt)),
				Projections: []planner.Expr{
					ref(1, colName),
					call("+", catalog.BigInt, ref(0, colID), lit(int64(100), catalog.BigInt)),
				}}}
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, schemaOf(clicks.Columns...))}, node: n,
			newOp: func() (Operator, error) { return newCalc(nil, n) },
		}
	}
	harnessCases["watermark_delay"] = func(t *testing.T) opHarness {
		g := &planner.Graph{Nodes: []*planner.PNode{sourceNode(0, clicks), wmNode(1, 0, 0)}}
		n := g.Nodes[1]
		n.Watermark.Expr = call("-", catalog.Timestamp, ref(2, colTS), lit(int64(5000), catalog.Interval))
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, n.Schema)}, node: n,
			newOp: func() (Operator, error) { return newWatermarkAssigner(g, n) },
		}
	}
}
