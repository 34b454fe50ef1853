package adwarehouse

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"testing"
	"time"

	"github.com/streamsql/streamsql/generator"
)

// collect runs a generator for cfg to its end (bounded by limit records).
func collect(t *testing.T, cfg Config, limit int) []generator.Record {
	t.Helper()
	g, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	var out []generator.Record
	for range limit {
		r, ok := g.Next()
		if !ok {
			return out
		}
		out = append(out, r)
	}
	t.Fatalf("stream did not end within %d records", limit)
	return nil
}

// ods is the union of the three topics' fields, decoded strictly.
type ods struct {
	ShowID       string          `json:"show_id"`
	ClickID      string          `json:"click_id"`
	ChargeID     string          `json:"charge_id"`
	AdID         int64           `json:"ad_id"`
	CampaignID   int64           `json:"campaign_id"`
	AdvertiserID int64           `json:"advertiser_id"`
	City         string          `json:"city"`
	UserID       string          `json:"user_id"`
	Amount       json.Number     `json:"amount"`
	TS           string          `json:"ts"`
	time         time.Time       `json:"-"`
	raw          json.RawMessage `json:"-"`
}

// decode parses a record value strictly, as the ODS tables would.
func decode(v []byte) (ods, error) {
	var o ods
	if err := json.Unmarshal(v, &o); err != nil {
		return o, err
	}
	t, err := time.Parse(generator.TimeLayout, o.TS)
	if err != nil {
		return o, err
	}
	o.time = t
	return o, nil
}

func statsConfig() Config {
	c := DefaultConfig()
	c.Seed = 42
	c.EventsPerSecond = 100
	c.Duration = 20 * time.Minute
	return c
}

func TestConfigErrors(t *testing.T) {
	for _, tc := range []struct {
		edit func(*Config)
		want string
	}{
		{func(c *Config) { c.EventsPerSecond = 0 }, "events per second"},
		{func(c *Config) { c.Disorder = -time.Second }, "disorder must not be negative"},
		{func(c *Config) { c.DuplicateRate = 1.5 }, "duplicate rate"},
		{func(c *Config) { c.MalformedRate = math.NaN() }, "malformed rate"},
		{func(c *Config) { c.AdsPerCampaign = 100 }, "ads per campaign"},
		{func(c *Config) { c.Duration = -1 }, "duration"},
	} {
		c := DefaultConfig()
		tc.edit(&c)
		_, err := New(c)
		if err == nil || !bytes.Contains([]byte(err.Error()), []byte(tc.want)) {
			t.Errorf("got %v, want an error about %q", err, tc.want)
		}
	}
}

func TestDeterministic(t *testing.T) {
	c := DefaultConfig()
	c.MaxEvents = 5000
	a, b := collect(t, c, 10000), collect(t, c, 10000)
	if len(a) != len(b) {
		t.Fatalf("lengths differ: %d, %d", len(a), len(b))
	}
	for i := range a {
		if a[i].Topic != b[i].Topic || !bytes.Equal(a[i].Value, b[i].Value) || !a[i].Arrival.Equal(b[i].Arrival) {
			t.Fatalf("record %d differs: %s vs %s", i, a[i].Value, b[i].Value)
		}
	}
	c.Seed++
	d := collect(t, c, 10000)
	same := 0
	for i := range min(len(a), len(d)) {
		if bytes.Equal(a[i].Value, d[i].Value) {
			same++
		}
	}
	if same > len(a)/100 {
		t.Errorf("seeds %d and %d share %d of %d records", c.Seed-1, c.Seed, same, len(a))
	}
}

func TestMaxEventsAndOrder(t *testing.T) {
	c := DefaultConfig()
	c.MaxEvents = 3000
	c.Disorder = 0
	c.DuplicateRate = 0
	recs := collect(t, c, 10000)
	if len(recs) != 3000 {
		t.Fatalf("got %d records, want 3000", len(recs))
	}
	for i := 1; i < len(recs); i++ {
		if recs[i].Time.Before(recs[i-1].Time) {
			t.Fatalf("record %d goes back in time without disorder: %v after %v", i, recs[i].Time, recs[i-1].Time)
		}
	}
	if !recs[0].Time.Equal(DefaultStart) {
		t.Errorf("first event at %v, want %v", recs[0].Time, DefaultStart)
	}
}

// TestStatistics checks a fixed-seed run of 20 minutes of event time: the
// click-through rate, the relations between shows, clicks and charges,
// and the rates of the imperfections.
func TestStatistics(t *testing.T) {
	c := statsConfig()
	recs := collect(t, c, 1_000_000)
	cat := NewCatalog(c)
	ads := map[int64]Ad{}
	for _, a := range cat.Advertisers {
		for _, ad := range a.Ads {
			ads[ad.ID] = ad
		}
	}
	valid := map[string]ods{} // by key
	badKeys := map[string]bool{}
	var dups, bad, distinct int
	maxSeen := time.Time{}
	var maxBehind time.Duration
	late := 0
	end := c.Start.Add(c.Duration)
	for i, r := range recs {
		if r.Time.Before(c.Start) || !r.Time.Before(end) {
			t.Fatalf("record %d at %v is outside [%v, %v)", i, r.Time, c.Start, end)
		}
		if r.Arrival.Before(r.Time) || r.Arrival.Sub(r.Time) > c.Disorder {
			t.Fatalf("record %d arrives %v after its event time", i, r.Arrival.Sub(r.Time))
		}
		if behind := maxSeen.Sub(r.Time); behind > c.Disorder {
			t.Fatalf("record %d is %v behind an earlier record, more than %v", i, behind, c.Disorder)
		} else if behind > 0 {
			late++
			maxBehind = max(maxBehind, behind)
		}
		if r.Time.After(maxSeen) {
			maxSeen = r.Time
		}
		key := string(r.Key)
		o, err := decode(r.Value)
		if r.Malformed {
			bad++
			if err == nil {
				t.Fatalf("malformed record %s decodes: %s", key, r.Value)
			}
			badKeys[key] = true
			if _, ok := valid[key]; ok {
				t.Fatalf("malformed record reuses the id of a valid one: %s", key)
			}
			distinct++
			continue
		}
		if err != nil {
			t.Fatalf("record %d does not decode: %v: %s", i, err, r.Value)
		}
		if !o.time.Equal(r.Time) {
			t.Fatalf("record %d: ts %v, record time %v", i, o.time, r.Time)
		}
		if badKeys[key] {
			t.Fatalf("valid record reuses the id of a malformed one: %s", key)
		}
		if prev, ok := valid[key]; ok {
			if !r.Duplicate || prev.TS != o.TS {
				t.Fatalf("id %s seen twice, duplicate=%v", key, r.Duplicate)
			}
			dups++
			continue
		}
		if r.Duplicate {
			t.Fatalf("duplicate %s before its original", key)
		}
		distinct++
		o.raw = r.Value
		valid[key] = o
	}

	// Relations and the click-through rate over shows with a complete
	// click window.
	var shows, clicks, charges int
	var wantClicks float64
	clickedBefore := c.Start.Add(c.Duration - MaxClickDelay)
	for key, o := range valid {
		switch {
		case o.ShowID != "" && o.ClickID == "":
			shows++
			if o.time.Before(clickedBefore) {
				wantClicks += ads[o.AdID].CTR
			}
		case o.ClickID != "" && o.ChargeID == "":
			clicks++
			s, ok := valid[o.ShowID]
			if !ok || s.ClickID != "" {
				t.Fatalf("click %s: show %s missing", key, o.ShowID)
			}
			if d := o.time.Sub(s.time); d < 0 || d > MaxClickDelay {
				t.Fatalf("click %s follows its show by %v", key, d)
			}
			if s.AdID != o.AdID || s.CampaignID != o.CampaignID || s.AdvertiserID != o.AdvertiserID || s.City != o.City || s.UserID != o.UserID {
				t.Fatalf("click %s differs from its show: %s vs %s", key, o.raw, s.raw)
			}
		case o.ChargeID != "":
			charges++
			cl, ok := valid[o.ClickID]
			if !ok || cl.ChargeID != "" {
				t.Fatalf("charge %s: click %s missing", key, o.ClickID)
			}
			if d := o.time.Sub(cl.time); d < 0 || d > MaxChargeDelay {
				t.Fatalf("charge %s follows its click by %v", key, d)
			}
			ad := ads[cl.AdID]
			if want := fmt.Sprintf("%d.%02d", ad.BidCents/100, ad.BidCents%100); o.Amount.String() != want || o.AdvertiserID != cl.AdvertiserID || o.CampaignID != cl.CampaignID {
				t.Fatalf("charge %s does not match click %s (bid %s): %s", key, o.ClickID, want, o.raw)
			}
		default:
			t.Fatalf("unexpected record %s: %s", key, o.raw)
		}
	}
	var gotClicks int
	for _, o := range valid {
		if o.ClickID != "" && o.ChargeID == "" && valid[o.ShowID].time.Before(clickedBefore) {
			gotClicks++
		}
	}
	t.Logf("%d records: %d shows, %d clicks, %d charges, %d duplicates, %d malformed, %d out of order (at most %v)",
		len(recs), shows, clicks, charges, dups, bad, late, maxBehind)
	if maxBehind < c.Disorder/2 || late < len(recs)/10 {
		t.Errorf("%d records out of order, at most %v: too little disorder for %v", late, maxBehind, c.Disorder)
	}
	within(t, "clicks of shows with a full window", float64(gotClicks), wantClicks)
	// Every click is charged unless its charge falls past the end.
	if charges > clicks || float64(charges) < 0.99*float64(clicks) {
		t.Errorf("%d charges for %d clicks", charges, clicks)
	}
	within(t, "duplicates", float64(dups), c.DuplicateRate*float64(distinct-bad))
	within(t, "malformed", float64(bad), c.MalformedRate*float64(distinct))
	if ctr := float64(clicks) / float64(shows); ctr < 0.01 || ctr > 0.08 {
		t.Errorf("click-through rate %.4f outside the catalog's 1..8%%", ctr)
	}
}

// within checks a binomial-like count against its expectation, allowing
// five standard deviations.
func within(t *testing.T, what string, got, want float64) {
	t.Helper()
	if tol := 5*math.Sqrt(want) + 1; math.Abs(got-want) > tol {
		t.Errorf("%s: got %.0f, want %.0f ± %.0f", what, got, want, tol)
	}
}
