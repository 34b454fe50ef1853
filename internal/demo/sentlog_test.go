package demo

import (
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/streamsql/streamsql/generator"
)

// Latency runs from the last of a charge's inputs to be produced: a
// charge sent before its (delayed) click is timed from the click.
func TestSentLogTimesFromLastInput(t *testing.T) {
	l := newSentLog()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	l.record(generator.Record{Topic: "ad_shows", Key: []byte("s-1"), Value: []byte(`{"show_id":"s-1"}`)}, t0)
	l.record(generator.Record{Topic: "ad_charges", Key: []byte("g-1"), Value: []byte(`{"charge_id":"g-1","click_id":"c-1"}`)}, t0.Add(time.Second))
	l.record(generator.Record{Topic: "ad_clicks", Key: []byte("c-1"), Value: []byte(`{"click_id":"c-1","show_id":"s-1"}`)}, t0.Add(3*time.Second))
	l.record(generator.Record{Topic: "ad_charges", Key: []byte("g-1"), Duplicate: true}, t0.Add(4*time.Second))
	l.observe("g-1", t0.Add(3*time.Second+20*time.Millisecond))
	l.observe("g-1", t0.Add(5*time.Second)) // a second update for the same charge is not a sample
	l.observe("g-9", t0.Add(5*time.Second)) // nor is a charge never sent
	if got := summarize(l.samples); got.Samples != 1 || got.P50 != 20*time.Millisecond {
		t.Fatalf("latency = %+v, want one sample of 20ms", got)
	}
	if l.topics["ad_charges"] != 2 || l.dups != 1 {
		t.Errorf("counts: topics %v, duplicates %d", l.topics, l.dups)
	}
}

// Past maxSamples the oldest samples give way to the newest.
func TestSentLogKeepsNewestSamples(t *testing.T) {
	l := newSentLog()
	t0 := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for i := 0; i < maxSamples+3; i++ {
		id := fmt.Sprintf("g-%d", i)
		l.record(generator.Record{Topic: "ad_charges", Key: []byte(id), Value: []byte(`{}`)}, t0)
		l.observe(id, t0.Add(time.Duration(i)*time.Microsecond))
	}
	got := summarize(l.samples)
	if got.Samples != maxSamples || got.Max != time.Duration(maxSamples+2)*time.Microsecond {
		t.Fatalf("summary %+v, want %d samples up to %v", got, maxSamples, time.Duration(maxSamples+2)*time.Microsecond)
	}
	if min := slices.Min(l.samples); min != 3*time.Microsecond {
		t.Errorf("oldest kept sample %v, want 3µs (the first three gave way)", min)
	}
}
