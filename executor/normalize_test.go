package executor

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// normalizeHarness is a ChangelogNormalize over (id BIGINT, name STRING,
// score DOUBLE) upserts keyed by keys, with a state TTL.
func normalizeHarness(t *testing.T, keys []int, ttl int64) opHarness {
	s := schemaOf(colID, colName, col("score", catalog.Double))
	n := &planner.PNode{ID: 1, Kind: planner.OpChangelogNormalize, Inputs: []planner.Edge{{From: 0}}, Schema: s,
		Changelog: planner.ChangelogRetract,
		Normalize: &planner.NormalizeSpec{Keys: keys, StateTTLMillis: ttl, Name: "t"}}
	return opHarness{
		inputs: []*arrow.Schema{WithRowKind(arrowSchemaT(t, s))}, node: n,
		newOp: func() (Operator, error) { return newNormalize(nil, n) },
	}
}

func init() {
	harnessCases["normalize"] = func(t *testing.T) opHarness { return normalizeHarness(t, []int{0}, 0) }
	harnessCases["normalize_two_keys"] = func(t *testing.T) opHarness { return normalizeHarness(t, []int{1, 0}, 0) }
	harnessCases["normalize_ttl"] = func(t *testing.T) opHarness { return normalizeHarness(t, []int{0}, 1000) }
}

func TestNormalizeAppendInput(t *testing.T) {
	// An append input (no row-kind column): every row is an upsert.
	s := schemaOf(colID, colName)
	n := &planner.PNode{ID: 1, Kind: planner.OpChangelogNormalize, Inputs: []planner.Edge{{From: 0}}, Schema: s,
		Changelog: planner.ChangelogRetract, Normalize: &planner.NormalizeSpec{Keys: []int{0}, Name: "t"}}
	h := opHarness{inputs: []*arrow.Schema{arrowSchemaT(t, s)}, node: n,
		newOp: func() (Operator, error) { return newNormalize(nil, n) }}
	got := h.run(t, "batch\n1, a\n1, b\n1, b\n\nend\n")
	want := "> batch\n+I 1, a\n-U 1, a\n+U 1, b\n> end\nwatermark MAX\nend\n"
	if got != want {
		t.Fatalf("got:\n%s\nwant:\n%s", got, want)
	}
}

func TestNormalizeBadSpec(t *testing.T) {
	s := schemaOf(colID)
	n := &planner.PNode{ID: 1, Kind: planner.OpChangelogNormalize, Inputs: []planner.Edge{{From: 0}}, Schema: s,
		Normalize: &planner.NormalizeSpec{Keys: []int{3}}}
	if _, err := newNormalize(nil, n); err == nil {
		t.Fatal("want an error for a key out of range")
	}
	n.Normalize = nil
	if _, err := newNormalize(nil, n); err == nil {
		t.Fatal("want an error without a spec")
	}
}
