package datagen

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
)

// collect is a SourceOutput that renders every row as text.
type collect struct {
	rows    []string
	batches int
	splits  string
}

func (c *collect) AddSplit(id executor.SplitID, name string) { c.splits += fmt.Sprintf("+%d", id) }
func (c *collect) SplitDone(id executor.SplitID)             { c.splits += fmt.Sprintf("-%d", id) }
func (c *collect) Emit(_ executor.SplitID, rec arrow.Record) error {
	defer rec.Release()
	c.batches++
	for i := 0; i < int(rec.NumRows()); i++ {
		var vals []string
		for j := 0; j < int(rec.NumCols()); j++ {
			vals = append(vals, rec.Column(j).ValueStr(i))
		}
		c.rows = append(c.rows, strings.Join(vals, "|"))
	}
	return nil
}

var cols = []catalog.Column{
	{Name: "id", Type: catalog.BigInt},
	{Name: "n", Type: catalog.Int},
	{Name: "s", Type: catalog.String},
	{Name: "ts", Type: catalog.Timestamp},
	{Name: "d", Type: catalog.Decimal(6, 2)},
}

type fakeTime struct {
	now    int64
	sleeps []int64
}

func (f *fakeTime) clock() int64 { return f.now }
func (f *fakeTime) sleep(_ context.Context, ms int64) error {
	f.sleeps = append(f.sleeps, ms)
	f.now += ms
	return nil
}

func run(t *testing.T, opts map[string]string, batch int, ft *fakeTime, read ...int) (*collect, *executor.Metrics) {
	t.Helper()
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	opts["connector"] = "datagen"
	tab := &catalog.Table{Name: "g", Columns: cols, Options: opts}
	if err := check(tab); err != nil {
		t.Fatal(err)
	}
	var fs []arrow.Field
	for _, c := range read {
		fs = append(fs, arrow.Field{Name: cols[c].Name, Type: cols[c].Type.Arrow(), Nullable: true})
	}
	m := executor.NewMetrics()
	src, err := NewSource(executor.SourceParams{Spec: &planner.SourceSpec{Table: tab, Columns: read}, Alloc: alloc,
		BatchSize: batch, Metrics: m, Schema: arrow.NewSchema(fs, nil), Clock: ft.clock, Sleep: ft.sleep})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	out := &collect{}
	if err := src.Run(context.Background(), out); err != nil {
		t.Fatal(err)
	}
	return out, m
}

func TestSequenceEndsSource(t *testing.T) {
	out, m := run(t, map[string]string{"fields.id.kind": "sequence", "fields.id.start": "5", "fields.id.end": "9",
		"fields.s.kind": "sequence", "fields.s.start": "1", "fields.s.end": "100"}, 2, &fakeTime{}, 0, 2)
	if got := strings.Join(out.rows, " "); got != "5|1 6|2 7|3 8|4 9|5" {
		t.Fatalf("rows %s", got)
	}
	if out.splits != "+0-0" || out.batches != 3 {
		t.Fatalf("splits %s batches %d metrics %s", out.splits, out.batches, m)
	}
}

func TestSeedIsDeterministicAndRangesHold(t *testing.T) {
	opts := func() map[string]string {
		return map[string]string{"number-of-rows": "200", "seed": "42", "fields.n.min": "-3", "fields.n.max": "3",
			"fields.s.length": "4", "fields.ts.max-past": "10 s", "fields.d.min": "1", "fields.d.max": "2",
			"fields.id.null-rate": "0.5"}
	}
	ft := &fakeTime{now: 1704067200000}
	a, _ := run(t, opts(), 64, ft, 0, 1, 2, 3, 4)
	b, _ := run(t, opts(), 7, &fakeTime{now: 1704067200000}, 1, 0) // other batch size and order
	nulls := 0
	for i, r := range a.rows {
		f := strings.Split(r, "|")
		var n int
		fmt.Sscan(f[1], &n)
		if n < -3 || n > 3 || len(f[2]) != 4 || f[3] < "2023-12-31 23:59:50.000Z" || f[3] > "2024-01-01 00:00:00Z" ||
			f[4] < "1.00" || f[4] > "2.00" {
			t.Fatalf("row %d out of range: %s", i, r)
		}
		if f[0] == "(null)" {
			nulls++
		}
		if g := strings.Split(b.rows[i], "|"); g[0] != f[1] || g[1] != f[0] {
			t.Fatalf("row %d differs across runs: %s vs %s", i, r, b.rows[i])
		}
	}
	if len(a.rows) != 200 || nulls < 60 || nulls > 140 {
		t.Fatalf("%d rows, %d nulls", len(a.rows), nulls)
	}
}

func TestRateLimit(t *testing.T) {
	ft := &fakeTime{now: 1000}
	out, _ := run(t, map[string]string{"rows-per-second": "100", "number-of-rows": "250"}, 1024, ft, 0)
	// 10-row batches (a tenth of the rate) paced 100 ms apart.
	if out.batches != 25 || len(ft.sleeps) != 25 || ft.sleeps[0] != 100 || ft.now != 1000+2500 {
		t.Fatalf("batches %d sleeps %v now %d", out.batches, ft.sleeps, ft.now)
	}
}

func TestCheckErrors(t *testing.T) {
	for _, c := range []struct {
		opts map[string]string
		want string
	}{
		{map[string]string{"fields.ts.kind": "sequence"}, "kind 'sequence' is not supported for column 'ts' of type TIMESTAMP(3)"},
		{map[string]string{"fields.n.kind": "sequence", "fields.n.start": "5", "fields.n.end": "1"}, "sequence end 1 is before start 5"},
		{map[string]string{"fields.n.null-rate": "2"}, "expected a number between 0 and 1"},
		{map[string]string{"fields.n.min": "9", "fields.n.max": "1"}, "max 1 is below min 9"},
	} {
		c.opts["connector"] = "datagen"
		err := check(&catalog.Table{Name: "g", Columns: cols, Options: c.opts})
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: got %v want %q", c.opts, err, c.want)
		}
	}
}

func TestUnboundedStopsOnCancel(t *testing.T) {
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	tab := &catalog.Table{Name: "g", Columns: cols, Options: map[string]string{"connector": "datagen"}}
	ft := &fakeTime{}
	src, err := NewSource(executor.SourceParams{Spec: &planner.SourceSpec{Table: tab, Columns: []int{0}}, Alloc: alloc,
		BatchSize: 8, Schema: arrow.NewSchema([]arrow.Field{{Name: "id", Type: arrow.PrimitiveTypes.Int64, Nullable: true}}, nil),
		Clock: ft.clock, Sleep: ft.sleep})
	if err != nil {
		t.Fatal(err)
	}
	defer src.Close()
	ctx, cancel := context.WithCancel(context.Background())
	out := &stopAfter{n: 3, cancel: cancel}
	if err := src.Run(ctx, out); err != context.Canceled || out.seen != 3 {
		t.Fatalf("err %v after %d batches", err, out.seen)
	}
}

type stopAfter struct {
	collect
	n, seen int
	cancel  func()
}

func (s *stopAfter) Emit(_ executor.SplitID, rec arrow.Record) error {
	rec.Release()
	if s.seen++; s.seen == s.n {
		s.cancel()
	}
	return nil
}
