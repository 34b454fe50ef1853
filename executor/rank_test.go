package executor

import (
	"reflect"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Rank operator test input: k STRING, v BIGINT, d DECIMAL(10,2), f DOUBLE,
// b BOOLEAN, ts TIMESTAMP(3).
var rIn = schemaOf(col("k", catalog.String), col("v", catalog.BigInt), col("d", catalog.Decimal(10, 2)),
	col("f", catalog.Double), col("b", catalog.Boolean), col("ts", catalog.Timestamp))

const (
	rK = iota
	rV
	rD
	rF
	rB
	rTS
)

// rankGraph returns a graph source -> Rank node over input in (updating
// when updating).
func rankGraph(spec *planner.RankSpec, in planner.Schema, updating bool) (*planner.Graph, *planner.PNode) {
	src := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: in}
	if updating {
		src.Changelog = planner.ChangelogRetract
	}
	out := append(planner.Schema(nil), in...)
	if spec.OutputRank {
		out = append(out, planner.Field{Name: "rn", Type: catalog.Type{Kind: catalog.KindBigInt, NotNull: true}})
	}
	n := &planner.PNode{ID: 1, Kind: planner.OpRank, Inputs: []planner.Edge{{From: 0}}, Schema: out, Rank: spec, Changelog: planner.ChangelogRetract}
	return &planner.Graph{Nodes: []*planner.PNode{src, n}}, n
}

// rankCase registers a harness case for spec over rIn.
func rankCase(name string, spec *planner.RankSpec, updating bool) {
	harnessCases[name] = func(t *testing.T) opHarness {
		g, n := rankGraph(spec, rIn, updating)
		in := arrowSchemaT(t, rIn)
		if updating {
			in = WithRowKind(in)
		}
		return opHarness{inputs: []*arrow.Schema{in}, node: n, startClock: 1000,
			newOp: func() (Operator, error) { return newRank(g, n) }}
	}
}

// windowRankGraph returns a graph source -> WindowRank node over input in.
func windowRankGraph(spec *planner.WindowRankSpec, in planner.Schema) (*planner.Graph, *planner.PNode) {
	src := &planner.PNode{ID: 0, Kind: planner.OpSource, Schema: in}
	out := append(planner.Schema(nil), in...)
	if spec.OutputRank {
		out = append(out, planner.Field{Name: "rn", Type: catalog.Type{Kind: catalog.KindBigInt, NotNull: true}})
	}
	n := &planner.PNode{ID: 1, Kind: planner.OpWindowRank, Inputs: []planner.Edge{{From: 0}}, Schema: out, WindowRank: spec}
	return &planner.Graph{Nodes: []*planner.PNode{src, n}}, n
}

// Window rank test input: ws, we TIMESTAMP(3), k STRING, v BIGINT, s STRING.
var wrIn = schemaOf(col("ws", catalog.Timestamp), col("we", catalog.Timestamp), col("k", catalog.String),
	col("v", catalog.BigInt), col("s", catalog.String))

func windowRankCase(name string, spec *planner.WindowRankSpec) {
	harnessCases[name] = func(t *testing.T) opHarness {
		g, n := windowRankGraph(spec, wrIn)
		return opHarness{inputs: []*arrow.Schema{arrowSchemaT(t, wrIn)}, node: n,
			newOp: func() (Operator, error) { return newWindowRank(g, n) }}
	}
}

func init() {
	desc := func(c int) planner.SortKey { return planner.SortKey{Col: c, Desc: true} }
	asc := func(c int) planner.SortKey { return planner.SortKey{Col: c} }
	rankCase("rank_top2_desc", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{desc(rV)},
		RankStart: 1, RankEnd: 2, OutputRank: true, Name: "r"}, false)
	rankCase("rank_top2_desc_norank", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{desc(rV)},
		RankStart: 1, RankEnd: 2, Name: "r"}, false)
	rankCase("rank_range_2_3", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{asc(rD), desc(rF)},
		RankStart: 2, RankEnd: 3, OutputRank: true, Name: "r"}, false)
	rankCase("rank_nulls", &planner.RankSpec{OrderKeys: []planner.SortKey{asc(rF), {Col: rV, Desc: true, NullsLast: true}},
		RankStart: 1, RankEnd: 4, OutputRank: true, Name: "r"}, false)
	rankCase("rank_dedup_first", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{asc(rTS)},
		RankStart: 1, RankEnd: 1, Name: "d"}, false)
	rankCase("rank_dedup_last", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{desc(rTS)},
		RankStart: 1, RankEnd: 1, Name: "d"}, false)
	rankCase("rank_updating", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{desc(rV), asc(rB)},
		RankStart: 1, RankEnd: 2, OutputRank: true, Name: "u"}, true)
	rankCase("rank_updating_norank", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{desc(rV)},
		RankStart: 1, RankEnd: 2, Name: "u"}, true)
	rankCase("rank_ttl", &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{desc(rV)},
		RankStart: 1, RankEnd: 1, OutputRank: true, StateTTLMillis: 1000, Name: "t"}, false)
	windowRankCase("window_rank_top2", &planner.WindowRankSpec{WindowStart: 0, WindowEnd: 1, OrderKeys: []planner.SortKey{desc(3)},
		RankStart: 1, RankEnd: 2, OutputRank: true, LateName: "w"})
	windowRankCase("window_rank_part", &planner.WindowRankSpec{WindowStart: 0, WindowEnd: 1, PartitionKeys: []int{2},
		OrderKeys: []planner.SortKey{asc(3), asc(4)}, RankStart: 2, RankEnd: 3, LateName: "w"})
}

func TestRankSpecErrors(t *testing.T) {
	for _, spec := range []*planner.RankSpec{
		{OrderKeys: []planner.SortKey{{Col: 0}}, RankStart: 1, RankEnd: 0, Name: "x"},
		{OrderKeys: []planner.SortKey{{Col: 9}}, RankStart: 1, RankEnd: 1, Name: "x"},
		{PartitionKeys: []int{-1}, OrderKeys: []planner.SortKey{{Col: 0}}, RankStart: 1, RankEnd: 1, Name: "x"},
		{RankStart: 1, RankEnd: 1, Name: "x"},
	} {
		g, n := rankGraph(spec, rIn, false)
		if _, err := newRank(g, n); err == nil {
			t.Errorf("spec %+v: want an error", spec)
		}
	}
}

// TestRankArrivalFastPath: deduplication keeping the first row on
// processing time takes each id's first row, and a row of an id already
// held is dropped without storing or allocating anything.
func TestRankArrivalFastPath(t *testing.T) {
	in := append(planner.Schema(nil), rIn...)
	in[rTS].Type.ProcTime = true
	spec := &planner.RankSpec{PartitionKeys: []int{rK}, OrderKeys: []planner.SortKey{{Col: rTS}}, RankStart: 1, RankEnd: 1, Name: "d"}
	g, n := rankGraph(spec, in, false)
	op, err := newRank(g, n)
	if err != nil {
		t.Fatal(err)
	}
	if !op.(*rankOp).arrival {
		t.Fatal("processing-time deduplication does not take the arrival path")
	}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	capture, _ := openCapture(t, op, alloc, "R", func() int64 { return 0 })
	defer op.Close()
	schema := arrowSchemaT(t, in)
	feedRank(t, alloc, op, schema, []string{
		"a, 1, 1.00, 1.0, true, 2024-01-01 00:00:01",
		"b, 2, 1.00, 1.0, true, 2024-01-01 00:00:01",
		"a, 3, 1.00, 1.0, true, 2024-01-01 00:00:02",
	}, 2)
	want := []string{"+I a, 1, 1.00, 1, true, 2024-01-01 00:00:01", "+I b, 2, 1.00, 1, true, 2024-01-01 00:00:01"}
	if !reflect.DeepEqual(capture.rows, want) {
		t.Fatalf("got %q, want %q", capture.rows, want)
	}
	rec, err := parseRows(alloc, schema, []string{"b, 4, 1.00, 1.0, true, 2024-01-01 00:00:03", "a, 5, 1.00, 1.0, true, 2024-01-01 00:00:03"})
	if err != nil {
		t.Fatal(err)
	}
	defer rec.Release()
	allocs := testing.AllocsPerRun(20, func() {
		if err := op.OnBatch(0, rec); err != nil {
			t.Fatal(err)
		}
	})
	if allocs != 0 || len(capture.rows) != 2 || op.(*rankOp).rows.live() != 2 {
		t.Fatalf("rows of held ids: %v allocations, %d rows out, %d stored", allocs, len(capture.rows), op.(*rankOp).rows.live())
	}
}
