package executor

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Window operator test input: k STRING, v BIGINT, d DECIMAL(10,2),
// s STRING, f BOOLEAN, ts TIMESTAMP(3).
var (
	wColK  = col("k", catalog.String)
	wColV  = col("v", catalog.BigInt)
	wColD  = col("d", catalog.Decimal(10, 2))
	wColS  = col("s", catalog.String)
	wColF  = col("f", catalog.Boolean)
	wColTS = col("ts", catalog.Timestamp)
	wIn    = schemaOf(wColK, wColV, wColD, wColS, wColF, wColTS)
)

const (
	wK = iota
	wV
	wD
	wS
	wF
	wTS
)

// agg is a WindowAggCall without FILTER.
func agg(fn string, t catalog.Type, args ...int) planner.WindowAggCall {
	return planner.WindowAggCall{Fn: fn, Args: args, Filter: -1, T: t}
}

// windowOut returns the output schema of spec over input in.
func windowOut(spec *planner.WindowAggSpec, in planner.Schema) planner.Schema {
	var out planner.Schema
	for _, k := range spec.Keys {
		out = append(out, in[k])
	}
	tt := in[spec.TimeCol].Type
	tt.NotNull = true
	for _, n := range []string{"window_start", "window_end", "window_time"} {
		out = append(out, planner.Field{Name: n, Type: tt})
	}
	for i, a := range spec.Aggs {
		out = append(out, planner.Field{Name: "a" + string(rune('0'+i)), Type: a.T})
	}
	return out
}

// windowGraph returns a graph source -> window node over input in.
func windowGraph(spec *planner.WindowAggSpec, in planner.Schema) (*planner.Graph, *planner.PNode) {
	src := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: in}
	n := &planner.PNode{ID: 1, Kind: planner.OpWindowAgg, Inputs: []planner.Edge{{From: 0}}, Schema: windowOut(spec, in), WindowAgg: spec}
	return &planner.Graph{Nodes: []*planner.PNode{src, n}}, n
}

// windowCase registers a harness case for spec over wIn.
func windowCase(name string, spec *planner.WindowAggSpec) {
	harnessCases[name] = func(t *testing.T) opHarness {
		g, n := windowGraph(spec, wIn)
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, wIn)}, node: n,
			newOp: func() (Operator, error) { return newWindowAgg(g, n) },
		}
	}
}

func init() {
	dec := catalog.Decimal(38, 2)
	filtered := agg("SUM", dec, wD)
	filtered.Filter = wF
	distinct := agg("COUNT", catalog.BigInt, wV)
	distinct.Distinct = true
	windowCase("window_tumble", &planner.WindowAggSpec{
		Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10000, Keys: []int{wK}, LateName: "t",
		Aggs: []planner.WindowAggCall{
			agg("COUNT", catalog.BigInt), agg("COUNT", catalog.BigInt, wV), agg("SUM", catalog.BigInt, wV),
			filtered, distinct, agg("AVG", catalog.BigInt, wV), agg("MIN", catalog.String, wS),
			agg("MAX", catalog.Decimal(10, 2), wD), agg("FIRST_VALUE", catalog.String, wS), agg("LAST_VALUE", catalog.BigInt, wV),
		},
	})
	windowCase("window_tumble_offset", &planner.WindowAggSpec{
		Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10000, OffsetMillis: 3000, LateName: "t",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("AVG", catalog.Decimal(10, 3), wD)},
	})
	windowCase("window_hop", &planner.WindowAggSpec{
		Kind: planner.WindowHop, TimeCol: wTS, SizeMillis: 10000, SlideMillis: 5000, Keys: []int{wK}, LateName: "t",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, wV),
			agg("MIN", catalog.String, wS), agg("MAX", catalog.String, wS), distinct},
	})
	windowCase("window_cumulate", &planner.WindowAggSpec{
		Kind: planner.WindowCumulate, TimeCol: wTS, SizeMillis: 6000, SlideMillis: 2000, Keys: []int{wK}, LateName: "t",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, wV),
			agg("FIRST_VALUE", catalog.BigInt, wV), agg("LAST_VALUE", catalog.BigInt, wV)},
	})
	windowCase("window_session", &planner.WindowAggSpec{
		Kind: planner.WindowSession, TimeCol: wTS, SizeMillis: 5000, Keys: []int{wK}, LateName: "t",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("SUM", catalog.BigInt, wV),
			agg("FIRST_VALUE", catalog.String, wS), agg("LAST_VALUE", catalog.String, wS), distinct},
	})
	windowCase("window_session_partition", &planner.WindowAggSpec{
		Kind: planner.WindowSession, TimeCol: wTS, SizeMillis: 5000, PartitionKeys: []int{wK}, LateName: "t",
		Aggs: []planner.WindowAggCall{agg("COUNT", catalog.BigInt), agg("MAX", catalog.BigInt, wV)},
	})
	windowCase("window_sum_overflow", &planner.WindowAggSpec{
		Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10000, LateName: "t",
		Aggs: []planner.WindowAggCall{agg("SUM", catalog.BigInt, wV)},
	})
}

func TestWindowAggFactoryErrors(t *testing.T) {
	sumDistinct := agg("SUM", catalog.BigInt, wV)
	sumDistinct.Distinct = true
	cases := []struct {
		spec planner.WindowAggSpec
		want string
	}{
		{planner.WindowAggSpec{Kind: "SLIDE", TimeCol: wTS, SizeMillis: 10}, `window kind "SLIDE" is not supported`},
		{planner.WindowAggSpec{Kind: planner.WindowHop, TimeCol: wTS, SizeMillis: 10, SlideMillis: 3}, "must be a positive multiple of 3 ms"},
		{planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: wV, SizeMillis: 10}, "not a timestamp column"},
		{planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10, PartitionKeys: []int{wK}}, "only supported for SESSION"},
		{planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10,
			Aggs: []planner.WindowAggCall{sumDistinct}}, "SUM(DISTINCT ...) is not supported yet"},
		{planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10,
			Aggs: []planner.WindowAggCall{agg("SUM", catalog.String, wS)}}, "SUM of utf8 is not supported"},
		{planner.WindowAggSpec{Kind: planner.WindowTumble, TimeCol: wTS, SizeMillis: 10,
			Aggs: []planner.WindowAggCall{agg("STDDEV", catalog.Double, wV)}}, "aggregate function STDDEV is not supported"},
	}
	for _, c := range cases {
		g, n := windowGraph(&c.spec, wIn)
		_, err := newWindowAgg(g, n)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: error %v, want %q", c.spec, err, c.want)
		}
	}
}
