package executor

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Group aggregate test input: k STRING, v BIGINT, d DECIMAL(10,2),
// s STRING, f BOOLEAN.
var (
	gIn = schemaOf(col("k", catalog.String), col("v", catalog.BigInt), col("d", catalog.Decimal(10, 2)),
		col("s", catalog.String), col("f", catalog.Boolean))
)

const (
	gK = iota
	gV
	gD
	gS
	gF
)

// groupOut returns the output schema of spec over input in.
func groupOut(spec *planner.GroupAggSpec, in planner.Schema) planner.Schema {
	var out planner.Schema
	for _, k := range spec.Keys {
		out = append(out, in[min(k, len(in)-1)])
	}
	for i, a := range spec.Aggs {
		out = append(out, planner.Field{Name: "a" + string(rune('0'+i)), Type: a.T})
	}
	return out
}

// groupGraph returns a graph source -> group node over input in, whose
// changelog is updating when inUpdating is set.
func groupGraph(spec *planner.GroupAggSpec, in planner.Schema, inUpdating bool) (*planner.Graph, *planner.PNode) {
	src := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: in}
	if inUpdating {
		src.Changelog = planner.ChangelogRetract
	}
	n := &planner.PNode{ID: 1, Kind: planner.OpGroupAgg, Inputs: []planner.Edge{{From: 0}}, Schema: groupOut(spec, in), GroupAgg: spec}
	if inUpdating || len(spec.Aggs) > 0 {
		n.Changelog = planner.ChangelogRetract
	}
	return &planner.Graph{Nodes: []*planner.PNode{src, n}}, n
}

// groupCase registers a harness case for spec over gIn.
func groupCase(name string, spec *planner.GroupAggSpec, inUpdating bool) {
	harnessCases[name] = func(t *testing.T) opHarness {
		g, n := groupGraph(spec, gIn, inUpdating)
		in := arrowSchemaT(t, gIn)
		if inUpdating {
			in = WithRowKind(in)
		}
		return opHarness{
			inputs: []*arrow.Schema{in}, node: n,
			newOp: func() (Operator, error) { return newGroupAgg(g, n) },
		}
	}
}

func init() {
	filtered := agg("SUM", catalog.Decimal(38, 2), gD)
	filtered.Filter = gF
	distinct := agg("COUNT", catalog.BigInt, gV)
	distinct.Distinct = true
	all := []planner.WindowAggCall{
		agg("COUNT", catalog.BigInt), agg("COUNT", catalog.BigInt, gV), agg("SUM", catalog.BigInt, gV),
		filtered, distinct, agg("AVG", catalog.Decimal(10, 2), gD), agg("MIN", catalog.String, gS),
		agg("MAX", catalog.Decimal(10, 2), gD),
	}
	groupCase("group_agg", &planner.GroupAggSpec{Keys: []int{gK}, Name: "g",
		Aggs: append(append([]planner.WindowAggCall(nil), all...), agg("FIRST_VALUE", catalog.String, gS), agg("LAST_VALUE", catalog.BigInt, gV))}, false)
	groupCase("group_agg_retract", &planner.GroupAggSpec{Keys: []int{gK}, Name: "g", Aggs: all}, true)
	groupCase("group_agg_global", &planner.GroupAggSpec{Name: "g",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, gV)}}, true)
	groupCase("group_agg_max", &planner.GroupAggSpec{Keys: []int{gK}, Name: "g",
		Aggs: []planner.WindowAggCall{agg("MAX", catalog.BigInt, gV)}}, false)
	groupCase("group_distinct", &planner.GroupAggSpec{Keys: []int{gK, gV}, Name: "g"}, false)
	groupCase("group_distinct_retract", &planner.GroupAggSpec{Keys: []int{gK}, Name: "g"}, true)
	groupCase("group_agg_ttl", &planner.GroupAggSpec{Keys: []int{gK}, Name: "g", StateTTLMillis: 1000,
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, gV)}}, true)
}

func TestGroupAggFactoryErrors(t *testing.T) {
	cases := []struct {
		spec     planner.GroupAggSpec
		updating bool
		want     string
	}{
		{planner.GroupAggSpec{Keys: []int{9}}, false, "key column 9 out of range"},
		{planner.GroupAggSpec{Aggs: []planner.WindowAggCall{agg("FIRST_VALUE", catalog.String, gS)}}, true, "FIRST_VALUE cannot take an updating input"},
		{planner.GroupAggSpec{Aggs: []planner.WindowAggCall{agg("SUM", catalog.String, gS)}}, false, "SUM of utf8 is not supported"},
		{planner.GroupAggSpec{Aggs: []planner.WindowAggCall{agg("STDDEV", catalog.Double, gV)}}, false, "aggregate function STDDEV is not supported"},
	}
	for _, c := range cases {
		g, n := groupGraph(&c.spec, gIn, c.updating)
		_, err := newGroupAgg(g, n)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.spec, err, c.want)
		}
	}
	// A node marked append cannot hold aggregate calls.
	spec := &planner.GroupAggSpec{Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt)}}
	g, n := groupGraph(spec, gIn, false)
	n.Changelog = planner.ChangelogAppend
	if _, err := newGroupAgg(g, n); err == nil || !strings.Contains(err.Error(), "emits updates") {
		t.Errorf("append node with aggregates: error %v", err)
	}
}
