package demo

import (
	"bytes"
	"context"
	"sync"
	"time"

	"github.com/streamsql/streamsql/generator"
)

// sentLog remembers when each impression, click and charge was handed to
// the broker, counts the generated records, and collects the latency
// samples: the time from the last of a charge's inputs (the charge, its
// click and the click's impression) being produced to the pacing row it
// updated being read back. (A charge can be produced before its click:
// the generator delays records by up to its disorder; that wait is the
// data's, not the pipeline's.)
type sentLog struct {
	mu      sync.Mutex
	shows   map[string]time.Time
	clicks  map[string]sentClick
	charges map[string]time.Time
	topics  map[string]int64
	dups    int64
	bad     int64
	samples []time.Duration
	// oldest is the index of the oldest sample once samples is full.
	oldest int
	pruned time.Time
	// links maps a charge to its click.
	links map[string]string
}

// sentClick is a click's production time and its impression.
type sentClick struct {
	at   time.Time
	show string
}

// maxSamples bounds the latency samples kept (the newest are kept).
const maxSamples = 200000

// keepSent is how long production times are kept: longer than a click
// follows its impression (10 min) and a charge its click (1 min).
const keepSent = 15 * time.Minute

func newSentLog() *sentLog {
	return &sentLog{shows: map[string]time.Time{}, clicks: map[string]sentClick{}, charges: map[string]time.Time{},
		topics: map[string]int64{}, pruned: time.Now()}
}

func (l *sentLog) record(r generator.Record, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.topics[r.Topic]++
	switch {
	case r.Duplicate:
		l.dups++
		return
	case r.Malformed:
		l.bad++
		return
	}
	switch r.Topic {
	case "ad_shows":
		l.shows[string(r.Key)] = now
	case "ad_clicks":
		l.clicks[string(r.Key)] = sentClick{at: now, show: jsonString(r.Value, "show_id")}
	case "ad_charges":
		l.charges[string(r.Key)] = now
		if c := jsonString(r.Value, "click_id"); c != "" {
			l.chargeClick(string(r.Key), c)
		}
	}
	if now.Sub(l.pruned) > time.Minute {
		l.prune(now)
	}
}

// chargeClick remembers the click a charge bills.
func (l *sentLog) chargeClick(charge, click string) {
	if l.links == nil {
		l.links = map[string]string{}
	}
	l.links[charge] = click
}

// prune forgets production times older than keepSent.
func (l *sentLog) prune(now time.Time) {
	l.pruned = now
	for k, t := range l.shows {
		if now.Sub(t) > keepSent {
			delete(l.shows, k)
		}
	}
	for k, c := range l.clicks {
		if now.Sub(c.at) > keepSent {
			delete(l.clicks, k)
		}
	}
	for k, t := range l.charges {
		if now.Sub(t) > keepSent {
			delete(l.charges, k)
			delete(l.links, k)
		}
	}
}

// observe notes that the row updated by charge id was read back at now.
func (l *sentLog) observe(id string, now time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	last, ok := l.charges[id]
	if !ok {
		return
	}
	delete(l.charges, id)
	if c, ok := l.clicks[l.links[id]]; ok {
		if c.at.After(last) {
			last = c.at
		}
		if s, ok := l.shows[c.show]; ok && s.After(last) {
			last = s
		}
	}
	delete(l.links, id)
	if len(l.samples) < maxSamples {
		l.samples = append(l.samples, now.Sub(last))
		return
	}
	// Full: overwrite the oldest sample (the summary sorts them anyway).
	l.samples[l.oldest] = now.Sub(last)
	l.oldest = (l.oldest + 1) % maxSamples
}

// jsonString finds "field":"value" in a generated JSON record.
func jsonString(v []byte, field string) string {
	key := []byte(`"` + field + `":"`)
	i := bytes.Index(v, key)
	if i < 0 {
		return ""
	}
	rest := v[i+len(key):]
	j := bytes.IndexByte(rest, '"')
	if j < 0 {
		return ""
	}
	return string(rest[:j])
}

// timingSink hands records to the broker and logs them.
type timingSink struct {
	generator.Sink
	log *sentLog
}

// Write implements generator.Sink.
func (s *timingSink) Write(ctx context.Context, r generator.Record) error {
	s.log.record(r, time.Now())
	return s.Sink.Write(ctx, r)
}
