package kafka

import (
	"context"
	"errors"
	"fmt"
	"sort"

	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
)

// plan lists the partitions and resolves their start and end offsets.
func (s *Source) plan(ctx context.Context) error {
	c := s.c
	adm := kadm.NewClient(s.admin)
	parts, err := c.topicPartitions(ctx, adm)
	if err != nil {
		return err
	}
	topics := make([]string, 0, len(parts))
	for t := range parts {
		topics = append(topics, t)
	}
	sort.Strings(topics)
	actx, cancel := c.adminCtx(ctx)
	defer cancel()
	first, err := adm.ListStartOffsets(actx, topics...)
	if err == nil {
		err = first.Error()
	}
	if err != nil {
		return fmt.Errorf("table '%s': listing offsets on %s: %w", c.table.Name, c.serverList(), err)
	}
	last, err := adm.ListEndOffsets(actx, topics...)
	if err == nil {
		err = last.Error()
	}
	if err != nil {
		return fmt.Errorf("table '%s': listing offsets on %s: %w", c.table.Name, c.serverList(), err)
	}
	starts, err := s.offsetsFor(actx, adm, topics, c.startMode, c.startMilli, c.startAt, first, last, true)
	if err != nil {
		return err
	}
	ends, err := s.offsetsFor(actx, adm, topics, c.boundMode, c.boundMilli, c.boundAt, first, last, false)
	if err != nil {
		return err
	}
	s.byTP = map[string]map[int32]*split{}
	for _, t := range topics {
		s.byTP[t] = map[int32]*split{}
		for _, p := range parts[t] {
			sp := &split{id: executor.SplitID(len(s.splits)), topic: t, partition: p, start: starts[t][p], end: -1}
			if ends != nil {
				sp.end = ends[t][p]
			}
			sp.next, sp.fetched, sp.maxTs, sp.floor = sp.start, sp.start, noTime, noTime
			sp.readable, _ = lookup(last, t, p)
			s.splits = append(s.splits, sp)
			s.byTP[t][p] = sp
		}
	}
	return nil
}

// offsetsFor resolves the offsets of a startup (start) or bounded mode.
// It returns nil for 'unbounded'.
func (s *Source) offsetsFor(ctx context.Context, adm *kadm.Client, topics []string, mode string, milli int64,
	at map[int32]int64, first, last kadm.ListedOffsets, start bool) (map[string]map[int32]int64, error) {
	c := s.c
	pick := func(l kadm.ListedOffsets) map[string]map[int32]int64 {
		m := map[string]map[int32]int64{}
		l.Each(func(o kadm.ListedOffset) {
			if m[o.Topic] == nil {
				m[o.Topic] = map[int32]int64{}
			}
			m[o.Topic][o.Partition] = o.Offset
		})
		return m
	}
	switch mode {
	case "unbounded":
		return nil, nil
	case "earliest-offset":
		return pick(first), nil
	case "latest-offset":
		return pick(last), nil
	case "timestamp":
		l, err := adm.ListOffsetsAfterMilli(ctx, milli, topics...)
		if err == nil {
			err = l.Error()
		}
		if err != nil {
			return nil, fmt.Errorf("table '%s': listing offsets by timestamp on %s: %w", c.table.Name, c.serverList(), err)
		}
		m := pick(l)
		for t, ps := range m { // no record at or after milli: the end
			for p, o := range ps {
				if o < 0 {
					ps[p], _ = lookup(last, t, p)
				}
			}
		}
		return m, nil
	case "specific-offsets":
		// Partitions not listed start at the earliest and end at the
		// latest offset.
		m := pick(first)
		if !start {
			m = pick(last)
		}
		for p, o := range at {
			if _, ok := m[topics[0]][p]; !ok {
				return nil, fmt.Errorf("table '%s': topic '%s' has no partition %d (named in the specific offsets)", c.table.Name, topics[0], p)
			}
			m[topics[0]][p] = o
		}
		return m, nil
	}
	// group-offsets
	m := pick(first)
	if c.resetLatest {
		m = pick(last)
	}
	if c.group == "" {
		if c.resetNone {
			return nil, fmt.Errorf("table '%s': 'scan.startup.mode' = 'group-offsets' needs 'properties.group.id'", c.table.Name)
		}
		return m, nil
	}
	resp, err := adm.FetchOffsetsForTopics(ctx, c.group, topics...)
	if err == nil {
		err = resp.Error()
	}
	if errors.Is(err, kerr.GroupIDNotFound) {
		resp, err = nil, nil // a new group: nothing committed
	}
	if err != nil {
		return nil, fmt.Errorf("table '%s': reading offsets of group '%s' on %s: %w", c.table.Name, c.group, c.serverList(), err)
	}
	for t, ps := range m {
		for p := range ps {
			if o, ok := resp.Lookup(t, p); ok && o.At >= 0 {
				ps[p] = o.At
			} else if c.resetNone {
				return nil, fmt.Errorf("table '%s': group '%s' has no committed offset for %s/%d and 'properties.auto.offset.reset' is 'none'", c.table.Name, c.group, t, p)
			}
		}
	}
	return m, nil
}

func lookup(l kadm.ListedOffsets, t string, p int32) (int64, bool) {
	o, ok := l.Lookup(t, p)
	return o.Offset, ok
}
