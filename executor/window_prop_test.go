package executor

import (
	"math/rand"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// The property test drives the window operator with random out-of-order
// streams and compares its output, as a multiset of rows, with a
// brute-force evaluation written independently here: every window is
// enumerated directly from each row's event time (no slices), sessions
// are found by sorting each key's rows, and aggregates are computed from
// the rows of each window.

// pIn is the property test input: k BIGINT, s STRING, v BIGINT,
// d DECIMAL(10,2), x DOUBLE, f BOOLEAN, ts TIMESTAMP(3).
var pIn = schemaOf(col("k", catalog.BigInt), col("s", catalog.String), col("v", catalog.BigInt),
	col("d", catalog.Decimal(10, 2)), col("x", catalog.Double), col("f", catalog.Boolean), col("ts", catalog.Timestamp))

const (
	pK = iota
	pS
	pV
	pD
	pX
	pF
	pTS
)

// pRow is one generated row; nil is NULL. d is in cents.
type pRow struct {
	vals [pTS + 1]*int64 // k, (s as index), v, d, x (in halves), f (0/1), ts
	wm   int64           // the watermark when the row arrived
}

var pStrs = []string{"ant", "bee", "cat", "dog"}

func (r pRow) text() string {
	parts := make([]string, len(r.vals))
	for i, p := range r.vals {
		if p == nil {
			parts[i] = "NULL"
			continue
		}
		v := *p
		switch i {
		case pS:
			parts[i] = pStrs[v]
		case pD:
			parts[i] = decimal128.FromI64(v).ToString(2)
		case pX:
			parts[i] = strconv.FormatFloat(float64(v)/2, 'f', -1, 64)
		case pF:
			parts[i] = strconv.FormatBool(v == 1)
		case pTS:
			parts[i] = formatTS(v)
		default:
			parts[i] = strconv.FormatInt(v, 10)
		}
	}
	return strings.Join(parts, ", ")
}

// pAggChoices are the aggregate calls the test picks from.
var pAggChoices = []planner.WindowAggCall{
	agg("COUNT", catalog.BigInt), agg("COUNT", catalog.BigInt, pV),
	{Fn: "COUNT", Args: []int{pS}, Distinct: true, Filter: -1, T: catalog.BigInt},
	agg("SUM", catalog.BigInt, pV), agg("SUM", catalog.Decimal(38, 2), pD), agg("SUM", catalog.Double, pX),
	agg("AVG", catalog.BigInt, pV), agg("AVG", catalog.Decimal(10, 2), pD),
	agg("MIN", catalog.String, pS), agg("MAX", catalog.BigInt, pV), agg("MIN", catalog.Decimal(10, 2), pD),
	agg("MAX", catalog.Double, pX), agg("FIRST_VALUE", catalog.BigInt, pV), agg("LAST_VALUE", catalog.String, pS),
}

// pSpec draws a random window spec.
func pSpec(rng *rand.Rand) *planner.WindowAggSpec {
	spec := &planner.WindowAggSpec{TimeCol: pTS, LateName: "p"}
	unit := int64(100 * (1 + rng.Intn(4)))
	switch rng.Intn(4) {
	case 0:
		spec.Kind, spec.SizeMillis = planner.WindowTumble, unit
	case 1:
		spec.Kind, spec.SlideMillis, spec.SizeMillis = planner.WindowHop, unit, unit*int64(1+rng.Intn(5))
	case 2:
		spec.Kind, spec.SlideMillis, spec.SizeMillis = planner.WindowCumulate, unit, unit*int64(1+rng.Intn(5))
	default:
		spec.Kind, spec.SizeMillis = planner.WindowSession, unit
		if rng.Intn(2) == 0 {
			spec.PartitionKeys = []int{pK}
		}
	}
	if spec.Kind != planner.WindowSession && rng.Intn(2) == 0 {
		spec.OffsetMillis = rng.Int63n(spec.SizeMillis) - spec.SizeMillis/2
	}
	for _, k := range []int{pK, pS} {
		if rng.Intn(2) == 0 {
			spec.Keys = append(spec.Keys, k)
		}
	}
	for n := 1 + rng.Intn(4); n > 0; n-- {
		a := pAggChoices[rng.Intn(len(pAggChoices))]
		if rng.Intn(3) == 0 {
			a.Filter = pF
		}
		spec.Aggs = append(spec.Aggs, a)
	}
	return spec
}

// pStep is a batch of rows or a watermark.
type pStep struct {
	rows []pRow
	wm   int64
}

// pStream draws a random stream: rows ahead of the current watermark by
// up to maxDelay, some deliberately behind it, some without a time.
func pStream(rng *rand.Rand) (steps []pStep, final int64) {
	base := mustTS("2024-01-01 00:00:00")
	wm := base
	steps = append(steps, pStep{wm: wm})
	opt := func(p int, v int64) *int64 {
		if rng.Intn(p) == 0 {
			return nil
		}
		return &v
	}
	for n := 5 + rng.Intn(40); n > 0; n-- {
		if rng.Intn(3) == 0 {
			wm += rng.Int63n(400)
			steps = append(steps, pStep{wm: wm})
			continue
		}
		var st pStep
		for m := 1 + rng.Intn(8); m > 0; m-- {
			r := pRow{wm: wm}
			r.vals[pK] = opt(6, rng.Int63n(3))
			r.vals[pS] = opt(6, rng.Int63n(int64(len(pStrs))))
			r.vals[pV] = opt(5, rng.Int63n(21)-10)
			r.vals[pD] = opt(5, rng.Int63n(2001)-1000)
			r.vals[pX] = opt(5, rng.Int63n(41)-20)
			r.vals[pF] = opt(4, rng.Int63n(2))
			ts := wm + 1 + rng.Int63n(1000)
			if rng.Intn(10) == 0 {
				ts = wm - rng.Int63n(600)
			}
			r.vals[pTS] = opt(20, ts)
			st.rows = append(st.rows, r)
		}
		steps = append(steps, st)
	}
	final = MaxWatermark
	if rng.Intn(3) == 0 {
		final = wm + rng.Int63n(1500)
	}
	return steps, final
}

// rowCapture is an Emitter keeping the text of every emitted row.
type rowCapture struct{ rows []string }

func (c *rowCapture) Emit(rec arrow.Record) error {
	c.rows = append(c.rows, formatRecord(rec)...)
	return nil
}

// runWindowOp runs spec over steps and the final watermark.
func runWindowOp(t *testing.T, spec *planner.WindowAggSpec, steps []pStep, final int64, batch int) ([]string, *Metrics) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	op, err := newWindowAggFor(spec, pIn, windowOut(spec, pIn))
	if err != nil {
		t.Fatal(err)
	}
	in := arrowSchemaT(t, pIn)
	out, m := openCapture(t, op, alloc, "W", nil)
	defer op.Close()
	for _, st := range steps {
		if st.rows == nil {
			if _, err := op.OnWatermark(st.wm); err != nil {
				t.Fatal(err)
			}
			continue
		}
		lines := make([]string, len(st.rows))
		for i, r := range st.rows {
			lines[i] = r.text()
		}
		rec, err := parseRows(alloc, in, lines)
		if err != nil {
			t.Fatal(err)
		}
		for off := int64(0); off < rec.NumRows(); off += int64(batch) {
			chunk := rec.NewSlice(off, min(off+int64(batch), rec.NumRows()))
			err := op.OnBatch(0, chunk)
			chunk.Release()
			if err != nil {
				t.Fatal(err)
			}
		}
		rec.Release()
	}
	if _, err := op.OnWatermark(final); err != nil {
		t.Fatal(err)
	}
	if err := op.OnEnd(); err != nil {
		t.Fatal(err)
	}
	return out.rows, m
}

func TestWindowAggProperty(t *testing.T) {
	for seed := int64(1); seed <= 400; seed++ {
		rng := rand.New(rand.NewSource(seed))
		spec := pSpec(rng)
		steps, final := pStream(rng)
		want, late, nulls := windowReference(spec, steps, final)
		sort.Strings(want)
		for _, batch := range []int{1, 3, 1024} {
			got, m := runWindowOp(t, spec, steps, final, batch)
			sort.Strings(got)
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("seed %d batch %d spec %+v final %s:\ngot:\n%s\nwant:\n%s", seed, batch, *spec, formatWM(final),
					strings.Join(got, "\n"), strings.Join(want, "\n"))
			}
			if m.Get("window.p.late_rows") != late || m.Get("window.p.null_rowtime") != nulls {
				t.Fatalf("seed %d: late %d nulls %d, want %d %d", seed, m.Get("window.p.late_rows"), m.Get("window.p.null_rowtime"), late, nulls)
			}
		}
	}
}
