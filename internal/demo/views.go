package demo

import (
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/executor"
)

// PacingRow is one row of app_advertiser_pacing.
type PacingRow struct {
	AdvertiserID int64
	Day          string
	Charges      int64
	Spend        string
	Budget       string
	Pacing       float64
	LastCharge   string
}

// TopRow is one row of app_top_campaigns.
type TopRow struct {
	WindowStart, WindowEnd time.Time
	Rank                   int64
	CampaignID             int64
	AdvertiserID           int64
	Clicks                 int64
	Spend                  string
}

// pacingView materializes app_advertiser_pacing from its changelog.
type pacingView struct {
	mu   sync.Mutex
	rows map[pacingKey]PacingRow
}

// pacingKey is app_advertiser_pacing's primary key.
type pacingKey struct {
	advertiser int64
	day        string
}

func newPacingView() *pacingView { return &pacingView{rows: map[pacingKey]PacingRow{}} }

func (v *pacingView) apply(log *sentLog) func(arrow.Record, []executor.RowKind) error {
	return func(rec arrow.Record, kinds []executor.RowKind) error {
		now := time.Now()
		v.mu.Lock()
		defer v.mu.Unlock()
		for i := 0; i < int(rec.NumRows()); i++ {
			r := PacingRow{
				AdvertiserID: int64At(rec, 0, i), Day: strAt(rec, 1, i), Charges: int64At(rec, 2, i),
				Spend: decAt(rec, 3, i), Budget: decAt(rec, 4, i), LastCharge: strAt(rec, 6, i),
			}
			if c := rec.Column(5).(*array.Float64); c.IsValid(i) {
				r.Pacing = c.Value(i)
			}
			key := pacingKey{r.AdvertiserID, r.Day}
			if kinds != nil && kinds[i].IsRetract() {
				delete(v.rows, key)
				continue
			}
			v.rows[key] = r
			log.observe(r.LastCharge, now)
		}
		return nil
	}
}

// topView materializes app_top_campaigns from its changelog.
type topView struct {
	mu   sync.Mutex
	rows map[topKey]TopRow
}

// topKey is app_top_campaigns' primary key: window start (ms) and rank.
type topKey struct{ start, rank int64 }

func newTopView() *topView { return &topView{rows: map[topKey]TopRow{}} }

func (v *topView) apply(rec arrow.Record, kinds []executor.RowKind) error {
	v.mu.Lock()
	defer v.mu.Unlock()
	for i := 0; i < int(rec.NumRows()); i++ {
		r := TopRow{
			WindowStart: tsAt(rec, 0, i), WindowEnd: tsAt(rec, 1, i), Rank: int64At(rec, 2, i),
			CampaignID: int64At(rec, 3, i), AdvertiserID: int64At(rec, 4, i), Clicks: int64At(rec, 5, i), Spend: decAt(rec, 6, i),
		}
		key := topKey{r.WindowStart.UnixMilli(), r.Rank}
		if kinds != nil && kinds[i].IsRetract() {
			delete(v.rows, key)
			continue
		}
		v.rows[key] = r
	}
	return nil
}

func int64At(rec arrow.Record, c, i int) int64 {
	if a, ok := rec.Column(c).(*array.Int64); ok && a.IsValid(i) {
		return a.Value(i)
	}
	return 0
}

func strAt(rec arrow.Record, c, i int) string {
	if a, ok := rec.Column(c).(*array.String); ok && a.IsValid(i) {
		return a.Value(i)
	}
	return ""
}

func decAt(rec arrow.Record, c, i int) string {
	a, ok := rec.Column(c).(*array.Decimal128)
	if !ok || !a.IsValid(i) {
		return ""
	}
	return a.Value(i).ToString(a.DataType().(*arrow.Decimal128Type).Scale)
}

func tsAt(rec arrow.Record, c, i int) time.Time {
	if a, ok := rec.Column(c).(*array.Timestamp); ok && a.IsValid(i) {
		return time.UnixMilli(int64(a.Value(i))).UTC()
	}
	return time.Time{}
}

// Latency summarizes the charge-to-pacing-row latency samples.
type Latency struct {
	Samples       int
	P50, P99, Max time.Duration
}

// Snapshot is the demo's state at one moment, for display.
type Snapshot struct {
	Broker  string
	Elapsed time.Duration
	// Generated counts the records produced per topic; Duplicates and
	// Malformed are among them. GeneratorDone is set when the generator
	// reached its end.
	Generated             map[string]int64
	Duplicates, Malformed int64
	GeneratorDone         bool
	// Rows are the rows written per sink table; Counters the job's
	// skip, late and state counters.
	Rows     map[string]int64
	Counters map[string]int64
	Latency  Latency
	// Top is the newest complete minute's ranking, best first.
	Top []TopRow
	// Pacing is every advertiser's row today, highest pacing first.
	Pacing []PacingRow
}

// Snapshot returns the current state.
func (d *Demo) Snapshot() Snapshot {
	s := Snapshot{Broker: d.broker.Addr(), Elapsed: time.Since(d.start), Rows: map[string]int64{}, Counters: map[string]int64{}}
	for k, v := range d.eng.Metrics().Snapshot() {
		if t, ok := strings.CutPrefix(k, "sink."); ok && strings.HasSuffix(t, ".rows") {
			s.Rows[strings.TrimSuffix(t, ".rows")] = v
		} else {
			s.Counters[k] = v
		}
	}
	l := d.sent
	l.mu.Lock()
	s.Generated = map[string]int64{}
	for k, v := range l.topics {
		s.Generated[k] = v
	}
	s.Duplicates, s.Malformed = l.dups, l.bad
	s.Latency = summarize(l.samples)
	l.mu.Unlock()
	d.mu.Lock()
	s.GeneratorDone = d.genDone
	d.mu.Unlock()
	s.Top = d.top.latest()
	s.Pacing = d.pacing.sorted()
	return s
}

func summarize(samples []time.Duration) Latency {
	if len(samples) == 0 {
		return Latency{}
	}
	sorted := append([]time.Duration(nil), samples...)
	sort.Slice(sorted, func(i, j int) bool { return sorted[i] < sorted[j] })
	at := func(q float64) time.Duration { return sorted[int(q*float64(len(sorted)-1))] }
	return Latency{Samples: len(sorted), P50: at(0.50), P99: at(0.99), Max: sorted[len(sorted)-1]}
}

// latest returns the ranking of the newest window, by rank.
func (v *topView) latest() []TopRow {
	v.mu.Lock()
	defer v.mu.Unlock()
	var newest time.Time
	for _, r := range v.rows {
		if r.WindowStart.After(newest) {
			newest = r.WindowStart
		}
	}
	var out []TopRow
	for _, r := range v.rows {
		if r.WindowStart.Equal(newest) {
			out = append(out, r)
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Rank < out[j].Rank })
	return out
}

// All returns every ranking row read back, by window and rank.
func (d *Demo) All() ([]TopRow, []PacingRow) {
	d.top.mu.Lock()
	top := make([]TopRow, 0, len(d.top.rows))
	for _, r := range d.top.rows {
		top = append(top, r)
	}
	d.top.mu.Unlock()
	sort.Slice(top, func(i, j int) bool {
		if !top[i].WindowStart.Equal(top[j].WindowStart) {
			return top[i].WindowStart.Before(top[j].WindowStart)
		}
		return top[i].Rank < top[j].Rank
	})
	return top, d.pacing.sorted()
}

// sorted returns the pacing rows, highest pacing first.
func (v *pacingView) sorted() []PacingRow {
	v.mu.Lock()
	defer v.mu.Unlock()
	out := make([]PacingRow, 0, len(v.rows))
	for _, r := range v.rows {
		out = append(out, r)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Pacing != out[j].Pacing {
			return out[i].Pacing > out[j].Pacing
		}
		return out[i].AdvertiserID < out[j].AdvertiserID
	})
	return out
}
