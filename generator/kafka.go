package generator

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// KafkaOptions configure a KafkaSink.
type KafkaOptions struct {
	// Brokers are the bootstrap servers, host:port.
	Brokers []string
	// Topics are created at start when missing, with Partitions
	// partitions (default 4) and the cluster's default replication.
	// Existing topics are used as they are.
	Topics     []string
	Partitions int32
	// Timeout bounds reaching the brokers, each request and its retries,
	// and the final flush on Close. Default 10s. (Records carry event
	// times, often in the past, so no per-record delivery timeout is set:
	// the client measures that from the record timestamp.)
	Timeout time.Duration
}

// KafkaSink produces records to Kafka with franz-go: keyed by the
// record's key (so the default partitioner spreads ids over partitions and
// keeps each id on one), with the event time as the record timestamp.
// Records are produced asynchronously in order; a delivery failure is
// reported by a later Write, Flush or Close. Like every Sink it is used
// from one goroutine at a time (delivery callbacks run on the client's
// goroutines and are synchronized internally).
type KafkaSink struct {
	cl      *kgo.Client
	servers string
	timeout time.Duration

	mu  sync.Mutex
	err error // first delivery failure
}

// NewKafkaSink connects to the brokers, failing within the timeout with an
// error that names them when they do not answer, and creates the topics.
func NewKafkaSink(ctx context.Context, o KafkaOptions) (*KafkaSink, error) {
	if len(o.Brokers) == 0 {
		return nil, errors.New("no Kafka brokers given")
	}
	if o.Partitions <= 0 {
		o.Partitions = 4
	}
	if o.Timeout <= 0 {
		o.Timeout = 10 * time.Second
	}
	servers := strings.Join(o.Brokers, ",")
	cl, err := kgo.NewClient(
		kgo.SeedBrokers(o.Brokers...),
		kgo.DialTimeout(o.Timeout),
		kgo.RequestTimeoutOverhead(o.Timeout),
		kgo.RetryTimeout(o.Timeout),
	)
	if err != nil {
		return nil, fmt.Errorf("kafka client for %s: %w", servers, err)
	}
	s := &KafkaSink{cl: cl, servers: servers, timeout: o.Timeout}
	pctx, cancel := context.WithTimeout(ctx, o.Timeout)
	defer cancel()
	if err := cl.Ping(pctx); err != nil {
		cl.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("cannot reach Kafka brokers %s within %v: %w", servers, o.Timeout, err)
	}
	if err := s.createTopics(pctx, o.Topics, o.Partitions); err != nil {
		cl.Close()
		return nil, err
	}
	return s, nil
}

func (s *KafkaSink) createTopics(ctx context.Context, topics []string, partitions int32) error {
	if len(topics) == 0 {
		return nil
	}
	adm := kadm.NewClient(s.cl)
	resp, err := adm.CreateTopics(ctx, partitions, -1, nil, topics...)
	if err != nil {
		return fmt.Errorf("creating topics %s on %s: %w", strings.Join(topics, ","), s.servers, err)
	}
	for _, t := range topics {
		r, ok := resp[t]
		if ok && r.Err != nil && !errors.Is(r.Err, kerr.TopicAlreadyExists) {
			return fmt.Errorf("creating topic '%s' on %s: %w", t, s.servers, r.Err)
		}
	}
	return nil
}

// Write produces r asynchronously (blocking while the client's buffer is
// full).
func (s *KafkaSink) Write(ctx context.Context, r Record) error {
	if err := s.failure(); err != nil {
		return err
	}
	rec := &kgo.Record{Topic: r.Topic, Key: r.Key, Value: r.Value, Timestamp: r.Time}
	s.cl.Produce(ctx, rec, func(rec *kgo.Record, err error) {
		if err != nil {
			s.mu.Lock()
			if s.err == nil {
				s.err = fmt.Errorf("producing to topic '%s' on %s: %w", rec.Topic, s.servers, err)
			}
			s.mu.Unlock()
		}
	})
	return nil
}

func (s *KafkaSink) failure() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Flush waits until every produced record is acknowledged.
func (s *KafkaSink) Flush(ctx context.Context) error {
	if err := s.cl.Flush(ctx); err != nil {
		return fmt.Errorf("flushing records to %s: %w", s.servers, err)
	}
	return s.failure()
}

// Close flushes, bounded by the delivery timeout, and closes the client.
func (s *KafkaSink) Close(ctx context.Context) error {
	fctx, cancel := context.WithTimeout(ctx, s.timeout+time.Second)
	defer cancel()
	err := s.Flush(fctx)
	s.cl.Close()
	return err
}
