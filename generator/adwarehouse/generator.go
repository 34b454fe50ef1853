package adwarehouse

import (
	"math"
	"math/rand/v2"
	"time"

	"github.com/streamsql/streamsql/generator"
)

// eventStream separates the events' random stream from the catalog's.
const eventStream = 0x6576_656e_7473_2121

// Event kinds.
const (
	kindShow = iota
	kindClick
	kindCharge
)

// event is one true event, before rendering.
type event struct {
	kind    int
	ts      int64 // event time, Unix ms
	seq     uint64
	ad      *Ad
	city    int
	user    int64
	showID  int64
	clickID int64
}

// Generator yields the records of a Config in emission order. It
// implements generator.Stream: one goroutine calls Next; the caller owns
// every record it returns.
type Generator struct {
	cfg Config
	cat *Catalog
	rng *rand.Rand

	start, end int64 // event-time bounds, Unix ms; end < 0: unbounded
	disorder   int64 // ms
	showAcc    float64
	showsDone  bool
	seq        uint64
	distinct   int64
	nextID     [3]int64

	pending pq[event]   // scheduled clicks and charges
	out     pq[outItem] // rendered records waiting for their arrival
	waiting slots       // the records of out
	done    bool        // no more true events
	buf     []byte
}

// New returns a generator for cfg, or the configuration's error.
func New(cfg Config) (*Generator, error) {
	if cfg.Start.IsZero() {
		cfg.Start = DefaultStart
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	g := &Generator{
		cfg:      cfg,
		cat:      NewCatalog(cfg),
		rng:      rand.New(rand.NewPCG(uint64(cfg.Seed), eventStream)),
		start:    cfg.Start.UnixMilli(),
		end:      -1,
		disorder: cfg.Disorder.Milliseconds(),
	}
	if cfg.Duration > 0 {
		g.end = g.start + cfg.Duration.Milliseconds()
	}
	return g, nil
}

// Config returns the generator's configuration, defaults applied.
func (g *Generator) Config() Config { return g.cfg }

// Catalog returns the generator's catalog.
func (g *Generator) Catalog() *Catalog { return g.cat }

// Next returns the next record in emission order, or false at the end.
func (g *Generator) Next() (generator.Record, bool) {
	for {
		if len(g.out) > 0 && (g.done || g.out[0].arrival <= g.frontier()) {
			return g.waiting.take(g.out.pop().slot), true
		}
		if g.done {
			return generator.Record{}, false
		}
		g.step()
	}
}

// frontier is the least event time any future true event can have: every
// waiting record with an arrival at or before it can go out.
func (g *Generator) frontier() int64 {
	f := int64(math.MaxInt64)
	if !g.showsDone {
		f = g.nextShowTime()
	}
	if len(g.pending) > 0 && g.pending[0].ts < f {
		f = g.pending[0].ts
	}
	return f
}

func (g *Generator) nextShowTime() int64 { return g.start + int64(g.showAcc) }

// step produces the next true event in event-time order, or marks the end.
func (g *Generator) step() {
	if g.cfg.MaxEvents > 0 && g.distinct >= g.cfg.MaxEvents {
		g.finish()
		return
	}
	if !g.showsDone && g.end >= 0 && g.nextShowTime() >= g.end {
		g.showsDone = true
	}
	if len(g.pending) > 0 && g.end >= 0 && g.pending[0].ts >= g.end {
		// Everything scheduled lies past the end, and so does every show.
		if g.showsDone {
			g.finish()
			return
		}
	}
	var ev event
	switch {
	case len(g.pending) > 0 && (g.showsDone || g.pending[0].ts <= g.nextShowTime()):
		ev = g.pending.pop()
	case !g.showsDone:
		ev = g.newShow()
	default:
		g.finish()
		return
	}
	g.emit(ev)
}

func (g *Generator) finish() {
	g.done = true
	g.pending = nil
}

// newShow draws the next show and advances the show clock.
func (g *Generator) newShow() event {
	ts := g.nextShowTime()
	g.showAcc += g.rng.ExpFloat64() * 1000 / g.cfg.EventsPerSecond
	adv := &g.cat.Advertisers[pick(g.cat.advCDF, g.rng.Float64())]
	ad := &adv.Ads[g.rng.IntN(len(adv.Ads))]
	city := adv.City
	if g.rng.Float64() < 0.1 {
		city = pick(g.cat.cityCDF, g.rng.Float64())
	}
	// Users are skewed: density falls like x^(-1/2) over the pool.
	u := g.rng.Float64()
	user := 1 + int64(float64(g.cfg.Users)*u*u)
	return g.event(event{kind: kindShow, ts: ts, ad: ad, city: city, user: user})
}

func (g *Generator) event(ev event) event {
	g.seq++
	ev.seq = g.seq
	return ev
}

// emit assigns the event its id, schedules its follow-up when it is
// valid, renders it and queues the record (and maybe a duplicate) for its
// arrival.
func (g *Generator) emit(ev event) {
	g.distinct++
	g.nextID[ev.kind]++
	id := g.nextID[ev.kind]
	malformed := g.rng.Float64() < g.cfg.MalformedRate
	switch ev.kind {
	case kindShow:
		ev.showID = id
	case kindClick:
		ev.clickID = id
	}
	if !malformed {
		g.schedule(ev)
	}
	g.buf = g.render(g.buf[:0], ev, id)
	key := g.key(ev.kind, id)
	if malformed {
		g.buf = g.corrupt(g.buf, ev.kind)
	}
	rec := generator.Record{
		Topic: Topics[ev.kind], Key: key, Value: append([]byte(nil), g.buf...),
		Time: time.UnixMilli(ev.ts).UTC(), Malformed: malformed,
	}
	// The delay is skewed towards zero: most records arrive nearly in
	// order, a few up to the whole disorder late.
	r := g.rng.Float64()
	arrival := ev.ts + min(int64(float64(g.disorder+1)*r*r*r), g.disorder)
	g.push(rec, arrival)
	if !malformed && g.rng.Float64() < g.cfg.DuplicateRate {
		dup := rec
		dup.Key = append([]byte(nil), rec.Key...)
		dup.Value = append([]byte(nil), rec.Value...)
		dup.Duplicate = true
		g.push(dup, arrival+g.rng.Int64N(ev.ts+g.disorder-arrival+1))
	}
}

func (g *Generator) push(rec generator.Record, arrival int64) {
	g.seq++
	rec.Arrival = time.UnixMilli(arrival).UTC()
	g.out.push(outItem{arrival: arrival, seq: g.seq, slot: g.waiting.put(rec)})
}

// schedule draws the follow-up of a valid show (a click, with the ad's
// click-through rate) or click (its charge).
func (g *Generator) schedule(ev event) {
	switch ev.kind {
	case kindShow:
		if g.rng.Float64() >= ev.ad.CTR {
			return
		}
		// Most clicks come within seconds, some minutes later.
		var d int64
		if g.rng.Float64() < 0.9 {
			d = int64(g.rng.ExpFloat64() * 4000)
		} else {
			d = g.rng.Int64N(MaxClickDelay.Milliseconds() + 1)
		}
		d = min(d, MaxClickDelay.Milliseconds())
		click := ev
		click.kind, click.ts = kindClick, ev.ts+d
		g.pending.push(g.event(click))
	case kindClick:
		d := min(int64(g.rng.ExpFloat64()*3000), MaxChargeDelay.Milliseconds())
		charge := ev
		charge.kind, charge.ts = kindCharge, ev.ts+d
		g.pending.push(g.event(charge))
	}
}
