package kafka

import (
	"math"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// Split alignment ('scan.watermark.alignment.max-drift'): when a source
// catches up on a backlog, franz-go fetches every partition as fast as it
// allows, so one partition can run far ahead of another in event time,
// and rows written from such a read to another topic carry that skew as
// disorder. With a max drift the source hands a record on only when its
// timestamp is at most the drift ahead of the slowest partition that
// still holds the others back. Fetched records that are too far ahead
// wait in their partition's queue (at most one fetch's worth: a partition
// with queued records, or ahead of the limit, is paused and resumed when
// the others catch up; franz-go drops and later re-fetches what it
// buffered for a paused partition, so nothing is lost or repeated).
//
// The time of a record is its Kafka timestamp: the source does not
// evaluate the WATERMARK expression, and the kafka sink sets a record's
// timestamp from its row's event time. The progress of a partition is the
// largest timestamp it has handed on, or the timestamp of its next queued
// record when that is larger; it never decreases. A partition holds the
// others back unless it is done, caught up (its last fetch reached the
// readable end the broker reported: the high watermark, or the last
// stable offset with read_committed) or idle ('scan.watermark.idle-timeout'
// without records while not paused).
//
// Bound: when a record r is handed on, every partition q holding back has
// progress of at least r's timestamp minus max-drift. So a later row of
// such a q is more than max-drift behind r only by q's own disorder (its
// records older than its progress): with timestamps increasing within
// each partition, no row is handed on more than max-drift behind a row
// handed on before it. A partition that was caught up or idle and then
// gets records is not bounded: it resumes where its records are.

// alignFetchWait bounds how long a fetch waits for records when aligning
// (unless 'properties.fetch.max.wait.ms' says otherwise): a partition
// resumed while a fetch for caught-up partitions waits is fetched only
// when that fetch returns. It is the Kafka consumer's default.
const alignFetchWait = 500 * time.Millisecond

// noTime marks a partition that has handed on no timestamped record yet.
const noTime = math.MinInt64

// alignOptions are the alignment options of the kafka source.
type alignOptions struct {
	on    bool
	drift int64 // ms
	// recheck is how often a poll returns, while partitions are held
	// back, to see whether a laggard has turned idle.
	recheck time.Duration
	idle    int64 // ms; 0 = never idle
	// group is 'scan.watermark.alignment.group' ("" = this table alone).
	group string
	// grace is how long a caught-up partition of a grouped table holds
	// the group back without new records (see holds).
	grace int64 // ms
	// committed is set with isolation.level read_committed: a partition's
	// readable end is the last stable offset, not the high watermark.
	committed bool
}

// readAlignment reads the 'scan.watermark.alignment.*' options.
func (c *config) readAlignment() error {
	v := c.v
	const drift = "scan.watermark.alignment.max-drift"
	for _, k := range []string{"scan.watermark.alignment.group", "scan.watermark.alignment.update-interval"} {
		if v.Has(k) && !v.Has(drift) {
			return v.Errorf(k, "option '%s' needs option '%s'", k, drift)
		}
	}
	if !v.Has(drift) {
		return nil
	}
	d, err := v.Duration(drift, 0)
	if err != nil {
		return err
	}
	if c.align.recheck, err = v.Duration("scan.watermark.alignment.update-interval", time.Second); err != nil {
		return err
	}
	if c.align.recheck <= 0 {
		return v.Errorf("scan.watermark.alignment.update-interval", "option 'scan.watermark.alignment.update-interval' must be positive")
	}
	idle, err := v.Duration("scan.watermark.idle-timeout", 0)
	if err != nil {
		return err
	}
	c.align.on, c.align.drift, c.align.idle = true, d.Milliseconds(), idle.Milliseconds()
	c.align.group = strings.TrimSpace(v.String("scan.watermark.alignment.group"))
	c.align.grace = groupGraceFactor * c.align.recheck.Milliseconds()
	if c.align.idle > 0 {
		c.align.grace = min(c.align.grace, c.align.idle)
	}
	c.align.committed = strings.TrimSpace(c.table.Options["properties.isolation.level"]) == "read_committed"
	return nil
}

// progress is the partition's position in record time (see above).
func (sp *split) progress() int64 {
	p := sp.maxTs
	if len(sp.queue) > 0 {
		if t := sp.queue[0].Timestamp.UnixMilli(); t > p {
			p = t
		}
	}
	if p == noTime {
		return sp.floor
	}
	return p
}

// holds reports whether sp holds the other partitions back at time now.
func (s *Source) holds(sp *split, now int64) bool {
	switch {
	case sp.done:
		return false
	case len(sp.queue) > 0:
		return true
	case s.c.align.group != "" && !sp.paused && sp.fetched >= sp.readable:
		// A grouped partition holds even when caught up while it keeps
		// getting records: a topic the same job writes is at its end while
		// the job is behind. It lets go after the grace without records,
		// so that it does not stall the group when the job cannot write
		// it before the group moves on.
		return now-sp.since < s.c.align.grace
	case sp.fetched >= sp.readable:
		return false // caught up: nothing to read at the moment
	case s.c.align.idle > 0 && !sp.paused && now-sp.since >= s.c.align.idle:
		return false
	}
	return true
}

// low is the least progress of the partitions holding the others back
// at time now, math.MaxInt64 when none does; known is the same over those
// with a progress (noTime is none yet).
func (s *Source) low(now int64) (low, known int64) {
	low, known = math.MaxInt64, math.MaxInt64
	for _, sp := range s.splits {
		if s.holds(sp, now) {
			p := sp.progress()
			low = min(low, p)
			if p != noTime {
				known = min(known, p)
			}
		}
	}
	return low, known
}

// limit is the largest record timestamp that may be handed on now.
func (s *Source) limit(now int64) int64 {
	if !s.c.align.on {
		return math.MaxInt64
	}
	low, known := s.low(now)
	if s.member != nil {
		others, oknown, wake := s.member.others(now)
		s.wake = wake
		if low == noTime && s.settle(min(known, oknown)) {
			low, _ = s.low(now)
		}
		low = min(low, others)
	}
	if low > math.MaxInt64-s.c.align.drift {
		return math.MaxInt64
	}
	return low + s.c.align.drift
}

// settle gives the grouped partitions that have had no record yet a
// floor, ref: the least progress over the group's partitions that hold
// the others back and have one. Such a partition holds the group there
// until it gets records or turns idle. Without a floor the group waits
// for it at the start of time until it is idle, and then runs ahead of
// the records the same job is about to write to it. It reports whether a
// floor was set.
func (s *Source) settle(ref int64) bool {
	if ref == math.MaxInt64 {
		return false
	}
	set := false
	for _, sp := range s.splits {
		if !sp.done && sp.progress() == noTime {
			sp.floor, set = ref, true
		}
	}
	return set
}

// drain hands on the queued records the alignment allows: every queued
// record without alignment. It repeats while a partition moves, since
// that can raise the limit for the others.
func (s *Source) drain(emit func(sp *split, limit int64) (int, error)) error {
	for {
		now := s.now()
		moved := false
		for _, sp := range s.splits {
			if sp.done {
				continue
			}
			n, err := emit(sp, s.limit(now))
			if err != nil {
				return err
			}
			moved = moved || n > 0
		}
		if !moved || !s.c.align.on {
			if s.member != nil {
				s.member.publish(s.low(now))
			}
			return nil
		}
	}
}

// align pauses the partitions that are ahead or still have queued
// records and resumes the others.
func (s *Source) align(now int64) {
	if !s.c.align.on || s.cl == nil {
		return
	}
	limit := s.limit(now)
	pause, resume := map[string][]int32{}, map[string][]int32{}
	s.held = 0
	for _, sp := range s.splits {
		if sp.done {
			continue
		}
		want := len(sp.queue) > 0 || (sp.maxTs != noTime && sp.maxTs > limit)
		if want {
			s.held++
		}
		if want == sp.paused {
			continue
		}
		sp.paused = want
		if want {
			pause[sp.topic] = append(pause[sp.topic], sp.partition)
			s.count(s.pauses)
		} else {
			resume[sp.topic] = append(resume[sp.topic], sp.partition)
			sp.since = now // idleness counts only while fetching
		}
	}
	if len(pause) > 0 {
		s.cl.PauseFetchPartitions(pause)
	}
	if len(resume) > 0 {
		s.cl.ResumeFetchPartitions(resume)
	}
}

// readableEnd is where fp's partition ends for this reader at the moment.
func (s *Source) readableEnd(fp kgo.FetchPartition) int64 {
	if s.c.align.committed && fp.LastStableOffset >= 0 {
		return fp.LastStableOffset
	}
	return fp.HighWatermark
}
