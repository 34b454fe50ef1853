// Package adwarehouse generates the raw events of the reference
// advertising warehouse of a local-services marketplace: ad impressions
// (topic ad_shows), clicks (ad_clicks) and cost-per-click charges
// (ad_charges), as JSON objects in the ODS layer's formats.
//
// Every event derives from a seeded catalog of advertisers, campaigns and
// ads (each ad with a bid and a click-through rate), cities with skewed
// popularity and a skewed user pool. Shows arrive at a fixed rate of event
// time; a show is clicked with its ad's click-through rate, 0 to 10
// minutes later (mostly within seconds); every click is charged the ad's
// bid 0 to 60 seconds later. The stream carries the usual imperfections at
// configurable rates: bounded out-of-order arrival, duplicates and
// malformed records.
//
// Generation is driven by event time only: the same Config gives the same
// records in the same order, whatever the machine and however fast they
// are consumed.
package adwarehouse

import (
	"errors"
	"fmt"
	"time"
)

// Topic names, in the order they are listed in summaries.
const (
	TopicShows   = "ad_shows"
	TopicClicks  = "ad_clicks"
	TopicCharges = "ad_charges"
)

// Topics lists the generator's topics.
var Topics = []string{TopicShows, TopicClicks, TopicCharges}

// DefaultStart is the event time of the first event of a run that does
// not set Start: 2026-01-01 00:00:00 UTC.
var DefaultStart = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)

// Bounds of the event relations, fixed by the ODS contract.
const (
	// MaxClickDelay is the longest a click follows its show.
	MaxClickDelay = 10 * time.Minute
	// MaxChargeDelay is the longest a charge follows its click.
	MaxChargeDelay = time.Minute
)

// Config configures a Generator. Start from DefaultConfig: zero rates mean
// "none", not "default".
type Config struct {
	// Seed selects the catalog and every random choice.
	Seed int64
	// EventsPerSecond is the rate of shows per second of event time;
	// clicks and charges follow from the click-through rates.
	EventsPerSecond float64
	// Start is the event time of the first event; zero means DefaultStart.
	// Times are truncated to milliseconds.
	Start time.Time
	// Duration bounds the event-time span of the events: none happens at
	// or after Start+Duration. Zero means no bound.
	Duration time.Duration
	// MaxEvents bounds the number of distinct events (valid and malformed,
	// not counting duplicates). Zero means no bound. With neither bound
	// the stream never ends.
	MaxEvents int64
	// Disorder is how far, in event time, a record may be emitted behind
	// records of later event time: each record is delayed by a random
	// amount in [0, Disorder], skewed towards zero (the median is an
	// eighth of Disorder), so most records arrive nearly in order and a
	// few up to Disorder late. Zero emits in event-time order.
	Disorder time.Duration
	// DuplicateRate is the probability that a valid record is sent again,
	// unchanged, a little later (within the disorder bound).
	DuplicateRate float64
	// MalformedRate is the probability that an event is written as a
	// malformed record (invalid JSON or a field of the wrong type). A
	// malformed event has an id of its own and no follow-up events.
	MalformedRate float64
	// Advertisers, CampaignsPerAdvertiser and AdsPerCampaign size the
	// catalog (campaigns and ads at most 99 each).
	Advertisers, CampaignsPerAdvertiser, AdsPerCampaign int
	// Users is the size of the user pool.
	Users int
}

// DefaultConfig returns the defaults: seed 1, 100 shows per second, 5 s
// disorder, 1% duplicates, 0.1% malformed, 50 advertisers with 4
// campaigns of 5 ads each, 100000 users, starting at DefaultStart, with
// no bound.
func DefaultConfig() Config {
	return Config{
		Seed:                   1,
		EventsPerSecond:        100,
		Start:                  DefaultStart,
		Disorder:               5 * time.Second,
		DuplicateRate:          0.01,
		MalformedRate:          0.001,
		Advertisers:            50,
		CampaignsPerAdvertiser: 4,
		AdsPerCampaign:         5,
		Users:                  100000,
	}
}

// maxRate bounds EventsPerSecond; beyond it millisecond timestamps would
// carry hundreds of events each.
const maxRate = 1e6

// Validate reports the first invalid setting.
func (c *Config) Validate() error {
	switch {
	case !(c.EventsPerSecond > 0 && c.EventsPerSecond <= maxRate):
		return fmt.Errorf("events per second must be in (0, %g], got %g", float64(maxRate), c.EventsPerSecond)
	case c.Duration < 0:
		return fmt.Errorf("duration must not be negative, got %v", c.Duration)
	case c.MaxEvents < 0:
		return fmt.Errorf("max events must not be negative, got %d", c.MaxEvents)
	case c.Disorder < 0:
		return fmt.Errorf("disorder must not be negative, got %v", c.Disorder)
	case c.Disorder > time.Hour:
		return fmt.Errorf("disorder must be at most 1h, got %v", c.Disorder)
	case !(c.DuplicateRate >= 0 && c.DuplicateRate <= 1):
		return fmt.Errorf("duplicate rate must be in [0, 1], got %g", c.DuplicateRate)
	case !(c.MalformedRate >= 0 && c.MalformedRate <= 1):
		return fmt.Errorf("malformed rate must be in [0, 1], got %g", c.MalformedRate)
	case c.Advertisers < 1 || c.Advertisers > 1000000:
		return fmt.Errorf("advertisers must be in [1, 1000000], got %d", c.Advertisers)
	case c.CampaignsPerAdvertiser < 1 || c.CampaignsPerAdvertiser > 99:
		return fmt.Errorf("campaigns per advertiser must be in [1, 99], got %d", c.CampaignsPerAdvertiser)
	case c.AdsPerCampaign < 1 || c.AdsPerCampaign > 99:
		return fmt.Errorf("ads per campaign must be in [1, 99], got %d", c.AdsPerCampaign)
	case c.Users < 1:
		return errors.New("users must be at least 1")
	}
	return nil
}
