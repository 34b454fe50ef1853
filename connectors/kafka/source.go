package kafka

import (
	"context"
	"errors"
	"fmt"
	"time"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/executor"
	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kgo"
)

// commitInterval is how often consumed offsets are committed to the group
// (and once more when the source closes).
const commitInterval = 5 * time.Second

// Source reads the partitions of its topics, each partition one split
// named "topic/partition". Rows carry their record offsets as positions.
type Source struct {
	p          executor.SourceParams
	c          *config
	rb         *array.RecordBuilder
	dec        *rowDecoder
	admin      *kgo.Client
	cl         *kgo.Client
	splits     []*split
	byTP       map[string]map[int32]*split
	open       int // splits not done
	pending    int
	offs       []int64
	lastCommit int64
	committed  map[*split]int64
	skipped    string
	tombstones string
	pauses     string
	held       int // partitions paused by alignment
	// member is the source's place in its alignment group (nil without
	// one); wake is closed when a member of the group publishes a new low
	// after this source last computed its limit.
	member *groupMember
	wake   <-chan struct{}
}

// split is one topic-partition.
type split struct {
	id        executor.SplitID
	topic     string
	partition int32
	start     int64
	end       int64 // exclusive; -1 when unbounded
	next      int64 // offset after the last row handed to the runtime
	done      bool
	// queue holds fetched records not yet handed on (alignment holds
	// back those too far ahead).
	queue []*kgo.Record
	// fetched is the offset after the last fetched record; readable is
	// where the partition ended at its last fetch (high watermark, or last
	// stable offset with read_committed).
	fetched, readable int64
	// maxTs is the largest record timestamp handed on (noTime before
	// any); since is when the partition last got records or was resumed.
	maxTs, since int64
	// floor is the progress of a grouped partition that has had no
	// record yet (noTime until set, see settle).
	floor  int64
	paused bool
}

func (s *split) name() string { return fmt.Sprintf("%s/%d", s.topic, s.partition) }

// NewSource builds a kafka source for p.Spec.Table. It connects to the
// brokers only when Run starts.
func NewSource(p executor.SourceParams) (executor.Source, error) {
	c, err := readConfig(p.Spec.Table)
	if err != nil {
		return nil, err
	}
	if p.BatchSize <= 0 {
		p.BatchSize = 1024
	}
	name := p.Spec.Table.Name
	s := &Source{p: p, c: c, committed: map[*split]int64{},
		skipped: "source." + name + ".skipped_records", tombstones: "source." + name + ".skipped_tombstones",
		pauses: "source." + name + ".alignment_pauses"}
	s.rb = array.NewRecordBuilder(p.Alloc, p.Schema)
	if s.dec, err = newRowDecoder(c, p.Spec.Columns, s.rb, p.Alloc); err != nil {
		s.rb.Release()
		return nil, fmt.Errorf("table '%s': %w", name, err)
	}
	if c.align.group != "" {
		s.member = joinGroup(c.align.group, s.now()+c.align.idle)
	}
	return s, nil
}

func (s *Source) now() int64 {
	if s.p.Clock != nil {
		return s.p.Clock()
	}
	return time.Now().UnixMilli()
}

// Run announces every partition as a split, then reads until every
// partition reaches its bound (or forever when unbounded) or ctx ends.
func (s *Source) Run(ctx context.Context, out executor.SourceOutput) error {
	var err error
	if s.admin, err = s.c.connect(ctx); err != nil {
		return err
	}
	if err := s.plan(ctx); err != nil {
		return err
	}
	consume := map[string]map[int32]kgo.Offset{}
	for _, sp := range s.splits {
		out.AddSplit(sp.id, sp.name())
	}
	for _, sp := range s.splits {
		if sp.end >= 0 && sp.start >= sp.end {
			sp.done = true
			out.SplitDone(sp.id)
			continue
		}
		s.open++
		if consume[sp.topic] == nil {
			consume[sp.topic] = map[int32]kgo.Offset{}
		}
		consume[sp.topic][sp.partition] = kgo.NewOffset().At(sp.start)
	}
	if s.open == 0 {
		if s.member != nil {
			s.member.publish(s.low(s.now()))
		}
		return nil
	}
	// Control records (transaction markers) are kept so that a bound
	// right after a marker is reached.
	opts := []kgo.Opt{kgo.ConsumePartitions(consume), kgo.KeepControlRecords()}
	if s.c.align.on {
		opts = append(opts, kgo.FetchMaxWait(alignFetchWait))
	}
	opts = append(opts, s.c.srcOpts...)
	if s.cl, err = s.c.connect(ctx, opts...); err != nil {
		return err
	}
	s.lastCommit = s.now()
	for _, sp := range s.splits {
		sp.since = s.lastCommit
	}
	for s.open > 0 {
		fetches := s.poll(ctx)
		if err := ctx.Err(); err != nil {
			return err
		}
		now := s.now()
		for _, f := range fetches {
			for _, t := range f.Topics {
				for _, fp := range t.Partitions {
					if err := s.take(ctx, t.Topic, fp, now); err != nil {
						return err
					}
				}
			}
		}
		if err := s.drain(func(sp *split, limit int64) (int, error) { return s.emit(out, sp, limit) }); err != nil {
			return err
		}
		s.align(now)
		if s.now()-s.lastCommit >= commitInterval.Milliseconds() {
			s.commit(ctx)
		}
	}
	s.commit(ctx)
	return nil
}

// poll waits for fetched records. While alignment holds partitions back
// and a laggard may turn idle, it returns every recheck interval; in a
// group it always does (its own partitions' idleness is published then),
// and also when another member publishes a new low while partitions are
// held back.
func (s *Source) poll(ctx context.Context) kgo.Fetches {
	if s.member == nil && (s.held == 0 || s.c.align.idle <= 0) {
		return s.cl.PollFetches(ctx)
	}
	pctx, cancel := context.WithTimeout(ctx, s.c.align.recheck)
	defer cancel()
	if s.member != nil && s.held > 0 && s.wake != nil {
		go func(wake <-chan struct{}) {
			select {
			case <-wake:
				cancel()
			case <-pctx.Done():
			}
		}(s.wake)
	}
	return s.cl.PollFetches(pctx)
}

// take queues the records of one fetched partition, up to its bound.
func (s *Source) take(ctx context.Context, topic string, fp kgo.FetchPartition, now int64) error {
	sp := s.byTP[topic][fp.Partition]
	if sp == nil || sp.done {
		return nil // also a poll that ended at its recheck deadline
	}
	if fp.Err != nil {
		if errors.Is(fp.Err, context.Canceled) || ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("table '%s': reading %s from %s: %w", s.c.table.Name, sp.name(), s.c.serverList(), fp.Err)
	}
	recs := fp.Records
	if len(recs) == 0 {
		return nil
	}
	sp.fetched = recs[len(recs)-1].Offset + 1
	if sp.end >= 0 && sp.fetched > sp.end {
		sp.fetched = sp.end
		for i, r := range recs {
			if r.Offset >= sp.end {
				recs = recs[:i]
				break
			}
		}
	}
	sp.readable = s.readableEnd(fp)
	sp.since = now
	sp.queue = append(sp.queue, recs...)
	return nil
}

// emit hands on the queued records of sp whose timestamps are at most
// limit, in offset order, and ends sp when it reaches its bound. It
// returns the number of records taken from the queue.
func (s *Source) emit(out executor.SourceOutput, sp *split, limit int64) (int, error) {
	n := 0
	for n < len(sp.queue) {
		r := sp.queue[n]
		if !r.Attrs.IsControl() {
			ts := r.Timestamp.UnixMilli()
			if ts > limit {
				break
			}
			sp.maxTs = max(sp.maxTs, ts)
		}
		n++
		if err := s.record(sp, r); err != nil {
			return n, err
		}
		if s.pending >= s.p.BatchSize {
			if err := s.flush(out, sp, r.Offset+1); err != nil {
				return n, err
			}
		}
	}
	next := sp.next
	if n > 0 {
		next = sp.queue[n-1].Offset + 1
		clear(sp.queue[:n])
		sp.queue = sp.queue[n:]
	}
	if len(sp.queue) == 0 {
		sp.queue = nil
		next = sp.fetched
	}
	if err := s.flush(out, sp, next); err != nil {
		return n, err
	}
	if sp.end >= 0 && sp.next >= sp.end {
		sp.done = true
		s.open--
		s.cl.PauseFetchPartitions(map[string][]int32{sp.topic: {sp.partition}})
		out.SplitDone(sp.id)
	}
	return n, nil
}

// record decodes one record into the pending batch, skipping tombstones
// and (when asked to) records that do not decode.
func (s *Source) record(sp *split, r *kgo.Record) error {
	if r.Attrs.IsControl() {
		return nil
	}
	if r.Value == nil && !s.c.upsert {
		s.count(s.tombstones)
		return nil
	}
	if err := s.dec.decode(r); err != nil {
		var de *decodeError
		ignore := s.c.value.ignoreErrors()
		if errors.As(err, &de) && de.part == "key" {
			ignore = s.c.key.ignoreErrors()
		}
		if ignore {
			s.count(s.skipped)
			return nil
		}
		return fmt.Errorf("table '%s': %s:%d: cannot decode the record at topic '%s' partition %d offset %d: %w",
			s.c.table.Name, sp.name(), r.Offset, sp.topic, sp.partition, r.Offset, err)
	}
	s.pending++
	s.offs = append(s.offs, r.Offset)
	return nil
}

func (s *Source) count(metric string) {
	if s.p.Metrics != nil {
		s.p.Metrics.Add(metric, 1)
	}
}

// flush emits the pending rows of sp; next is the offset after them.
func (s *Source) flush(out executor.SourceOutput, sp *split, next int64) error {
	if n := s.pending; n > 0 {
		s.pending = 0
		var rec arrow.Record
		if len(s.rb.Fields()) == 0 {
			rec = array.NewRecord(s.p.Schema, nil, int64(n))
		} else {
			rec = s.rb.NewRecord()
		}
		offs := s.offs
		s.offs = make([]int64, 0, s.p.BatchSize)
		var err error
		if po, ok := out.(executor.PositionedOutput); ok {
			err = po.EmitAt(sp.id, rec, offs)
		} else {
			err = out.Emit(sp.id, rec)
		}
		if err != nil {
			return err
		}
	}
	sp.next = next
	return nil
}

// commit writes the offsets handed to the runtime to the group, if any.
// A failed commit is not fatal: the next one retries (at-least-once).
func (s *Source) commit(ctx context.Context) {
	s.lastCommit = s.now()
	if s.c.group == "" || s.admin == nil {
		return
	}
	offs := kadm.Offsets{}
	for _, sp := range s.splits {
		if sp.next > sp.start && s.committed[sp] != sp.next {
			offs.Add(kadm.Offset{Topic: sp.topic, Partition: sp.partition, At: sp.next, LeaderEpoch: -1})
		}
	}
	if len(offs) == 0 {
		return
	}
	cctx, cancel := s.c.adminCtx(context.WithoutCancel(ctx))
	defer cancel()
	resp, err := kadm.NewClient(s.admin).CommitOffsets(cctx, s.c.group, offs)
	if err != nil || resp.Error() != nil {
		if s.p.Metrics != nil {
			s.p.Metrics.Add("source."+s.c.table.Name+".commit_errors", 1)
		}
		return
	}
	for _, sp := range s.splits {
		s.committed[sp] = sp.next
	}
}

// Close commits the consumed offsets and releases the clients and
// builders.
func (s *Source) Close() error {
	if s.member != nil {
		s.member.leave()
		s.member = nil
	}
	if s.cl != nil {
		s.commit(context.Background())
		s.cl.Close()
		s.cl = nil
	}
	if s.admin != nil {
		s.admin.Close()
		s.admin = nil
	}
	if s.dec != nil {
		s.dec.release()
		s.dec = nil
	}
	if s.rb != nil {
		s.rb.Release()
		s.rb = nil
	}
	return nil
}
