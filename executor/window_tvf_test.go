package executor

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Window table function test input: k STRING, v BIGINT, ts TIMESTAMP(3).
var tvfIn = schemaOf(col("k", catalog.String), col("v", catalog.BigInt), col("ts", catalog.Timestamp))

// tvfOut is the output schema of a window table function over in with
// time column tc.
func tvfOut(in planner.Schema, tc int) planner.Schema {
	out := append(planner.Schema(nil), in...)
	out[tc].Type.TimeAttr = false
	bound := catalog.Type{Kind: catalog.KindTimestamp, Precision: 3, NotNull: true}
	wt := bound
	wt.TimeAttr = true
	return append(out, planner.Field{Name: "window_start", Type: bound}, planner.Field{Name: "window_end", Type: bound},
		planner.Field{Name: "window_time", Type: wt})
}

// tvfCase registers a harness case for spec over tvfIn.
func tvfCase(name string, spec *planner.WindowTVFSpec) {
	harnessCases[name] = func(t *testing.T) opHarness {
		return opHarness{
			inputs: []*arrow.Schema{arrowSchemaT(t, tvfIn)},
			newOp:  func() (Operator, error) { return newWindowTVFFor(spec, tvfIn, tvfOut(tvfIn, 2)) },
		}
	}
}

func init() {
	base := planner.WindowTVFSpec{TimeCol: 2, Name: "t"}
	tumble := base
	tumble.Kind, tumble.SizeMillis = planner.WindowTumble, 10000
	tvfCase("tvf_tumble", &tumble)
	tumbleOff := tumble
	tumbleOff.OffsetMillis = 3000
	tvfCase("tvf_tumble_offset", &tumbleOff)
	hop := base
	hop.Kind, hop.SizeMillis, hop.SlideMillis = planner.WindowHop, 10000, 5000
	tvfCase("tvf_hop", &hop)
	hopOff := hop
	hopOff.OffsetMillis = -2000
	tvfCase("tvf_hop_offset", &hopOff)
	cum := base
	cum.Kind, cum.SizeMillis, cum.SlideMillis = planner.WindowCumulate, 10000, 5000
	tvfCase("tvf_cumulate", &cum)
	cumOff := cum
	cumOff.OffsetMillis = 1000
	tvfCase("tvf_cumulate_offset", &cumOff)
}

func TestWindowTVFFactoryErrors(t *testing.T) {
	cases := []struct {
		spec planner.WindowTVFSpec
		out  planner.Schema
		want string
	}{
		{planner.WindowTVFSpec{Kind: planner.WindowSession, SizeMillis: 1000, TimeCol: 2}, tvfOut(tvfIn, 2), "SESSION window table function needs an aggregation"},
		{planner.WindowTVFSpec{Kind: planner.WindowHop, SizeMillis: 1000, SlideMillis: 300, TimeCol: 2}, tvfOut(tvfIn, 2), "must be a positive multiple"},
		{planner.WindowTVFSpec{Kind: planner.WindowTumble, SizeMillis: 0, TimeCol: 2}, tvfOut(tvfIn, 2), "size must be positive"},
		{planner.WindowTVFSpec{Kind: planner.WindowTumble, SizeMillis: 1000, TimeCol: 1}, tvfOut(tvfIn, 2), "time column 1 is not a timestamp"},
		{planner.WindowTVFSpec{Kind: planner.WindowTumble, SizeMillis: 1000, TimeCol: 2}, tvfIn, "has 3 output columns, want 6"},
	}
	for _, c := range cases {
		_, err := newWindowTVFFor(&c.spec, tvfIn, c.out)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%+v: got %v, want %q", c.spec, err, c.want)
		}
	}
}
