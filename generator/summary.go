package generator

import (
	"fmt"
	"io"
	"time"
)

// TopicCounts counts the records written to one topic.
type TopicCounts struct {
	// Records counts every record, duplicates and malformed ones included.
	Records int64
	// Duplicates counts re-sent copies; Malformed counts invalid records.
	Duplicates, Malformed int64
}

// Summary sums up the records of a run. The zero value is empty and ready
// to use; it is not safe for concurrent use.
type Summary struct {
	// Records counts every record.
	Records int64
	// Topics are the topics in the order their first record came.
	Topics []string
	// Counts holds the counts of each topic.
	Counts map[string]*TopicCounts
	// First and Last are the least and greatest event times seen.
	First, Last time.Time
}

// Add counts r.
func (s *Summary) Add(r Record) {
	if s.Counts == nil {
		s.Counts = map[string]*TopicCounts{}
	}
	c := s.Counts[r.Topic]
	if c == nil {
		c = &TopicCounts{}
		s.Counts[r.Topic] = c
		s.Topics = append(s.Topics, r.Topic)
	}
	c.Records++
	if r.Duplicate {
		c.Duplicates++
	}
	if r.Malformed {
		c.Malformed++
	}
	if s.Records == 0 || r.Time.Before(s.First) {
		s.First = r.Time
	}
	if s.Records == 0 || r.Time.After(s.Last) {
		s.Last = r.Time
	}
	s.Records++
}

// Topic returns the counts of topic (zero when it got no record).
func (s *Summary) Topic(topic string) TopicCounts {
	if c := s.Counts[topic]; c != nil {
		return *c
	}
	return TopicCounts{}
}

// TimeLayout is the SQL timestamp form used for event times,
// 'yyyy-MM-dd HH:mm:ss.SSS'.
const TimeLayout = "2006-01-02 15:04:05.000"

// Print writes the summary as an aligned table: one line per topic (in
// order, topics given first, then any other), the total, the event-time
// span, and, when elapsed > 0, the elapsed time and rate.
func (s *Summary) Print(w io.Writer, order []string, elapsed time.Duration) {
	seen := map[string]bool{}
	var topics []string
	for _, t := range append(append([]string(nil), order...), s.Topics...) {
		if !seen[t] {
			seen[t] = true
			topics = append(topics, t)
		}
	}
	var dups, bad int64
	for _, t := range topics {
		c := s.Topic(t)
		dups += c.Duplicates
		bad += c.Malformed
		fmt.Fprintf(w, "  %-12s %10d records  %8d duplicates  %6d malformed\n", t, c.Records, c.Duplicates, c.Malformed)
	}
	fmt.Fprintf(w, "  %-12s %10d records  %8d duplicates  %6d malformed\n", "total", s.Records, dups, bad)
	if s.Records > 0 {
		fmt.Fprintf(w, "  event time   %s .. %s UTC (%v)\n", s.First.UTC().Format(TimeLayout),
			s.Last.UTC().Format(TimeLayout), s.Last.Sub(s.First))
	}
	if elapsed > 0 {
		rate := float64(s.Records) / elapsed.Seconds()
		fmt.Fprintf(w, "  elapsed      %v (%.0f records/s)\n", elapsed.Round(time.Millisecond), rate)
	}
}
