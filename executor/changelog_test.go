package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Harness cases for the pass-through operators over updating streams: the
// row kinds travel with their rows through filters and projections, and a
// union of an append and an updating input marks the append rows +I.
func init() {
	harnessCases["calc_changelog"] = func(t *testing.T) opHarness {
		out := schemaOf(colName, col("id100", catalog.BigInt))
		n := &planner.PNode{ID: 3, Kind: planner.OpCalc, Inputs: []planner.Edge{{From: 0}}, Schema: out,
			Changelog: planner.ChangelogRetract,
			Calc: &planner.CalcSpec{
				Filter: call(">", catalog.Boolean, ref(0, colID), lit(int64(1), catalog.BigInt)),
				Projections: []planner.Expr{
					ref(1, colName),
					call("+", catalog.BigInt, ref(0, colID), lit(int64(100), catalog.BigInt)),
				}}}
		in := WithRowKind(arrowSchemaT(t, schemaOf(clicks.Columns...)))
		return opHarness{inputs: []*arrow.Schema{in}, node: n, newOp: func() (Operator, error) { return newCalc(nil, n) }}
	}
	harnessCases["union_changelog"] = func(t *testing.T) opHarness {
		s := arrowSchemaT(t, schemaOf(clicks.Columns...))
		n := passNode(2, planner.OpUnion, 0, 1)
		n.Changelog = planner.ChangelogRetract
		return opHarness{inputs: []*arrow.Schema{s, WithRowKind(s)}, node: n, newOp: func() (Operator, error) { return newUnion(nil, n) }}
	}
}

func TestRowKindText(t *testing.T) {
	for k := RowInsert; k <= RowDelete; k++ {
		got, err := ParseRowKind(k.String())
		if err != nil || got != k {
			t.Errorf("ParseRowKind(%q) = %v, %v", k.String(), got, err)
		}
	}
	if _, err := ParseRowKind("+X"); err == nil {
		t.Error("ParseRowKind(+X) succeeded")
	}
	if !RowDelete.IsRetract() || !RowUpdateBefore.IsRetract() || RowInsert.IsRetract() || RowUpdateAfter.IsRetract() {
		t.Error("IsRetract is wrong")
	}
}
