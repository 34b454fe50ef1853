package kafka

import (
	"context"
	"errors"
	"fmt"
	"sort"
	"strings"

	"github.com/twmb/franz-go/pkg/kadm"
	"github.com/twmb/franz-go/pkg/kerr"
	"github.com/twmb/franz-go/pkg/kgo"
)

// connect builds a client and checks, within the configured timeout, that
// the brokers answer. The error names the servers tried.
func (c *config) connect(ctx context.Context, extra ...kgo.Opt) (*kgo.Client, error) {
	opts := []kgo.Opt{
		kgo.SeedBrokers(c.servers...),
		kgo.DialTimeout(c.timeout),
		kgo.RequestTimeoutOverhead(c.timeout),
		kgo.RetryTimeout(c.timeout),
	}
	opts = append(opts, extra...)
	cl, err := kgo.NewClient(opts...)
	if err != nil {
		return nil, fmt.Errorf("table '%s': kafka client for %s: %w", c.table.Name, c.serverList(), err)
	}
	pctx, cancel := context.WithTimeout(ctx, c.timeout)
	defer cancel()
	if err := cl.Ping(pctx); err != nil {
		cl.Close()
		if ctx.Err() != nil {
			return nil, ctx.Err()
		}
		return nil, fmt.Errorf("table '%s': cannot reach Kafka brokers %s within %v: %w", c.table.Name, c.serverList(), c.timeout, err)
	}
	return cl, nil
}

func (c *config) serverList() string { return strings.Join(c.servers, ",") }

// adminCtx bounds one administrative request by the configured timeout.
func (c *config) adminCtx(ctx context.Context) (context.Context, context.CancelFunc) {
	return context.WithTimeout(ctx, c.timeout)
}

// topicPartitions returns the partitions of the source's topics (the listed
// ones, or every topic matching the pattern), failing when a topic does
// not exist or the pattern matches none.
func (c *config) topicPartitions(ctx context.Context, adm *kadm.Client) (map[string][]int32, error) {
	actx, cancel := c.adminCtx(ctx)
	defer cancel()
	md, err := adm.Metadata(actx, c.topics...)
	if err != nil {
		return nil, fmt.Errorf("table '%s': reading topics from %s: %w", c.table.Name, c.serverList(), err)
	}
	out := map[string][]int32{}
	if c.pattern != nil {
		for name, td := range md.Topics {
			if c.pattern.MatchString(name) && !td.IsInternal && td.Err == nil {
				out[name] = td.Partitions.Numbers()
			}
		}
		if len(out) == 0 {
			return nil, fmt.Errorf("table '%s': no topic on %s matches 'topic-pattern' '%s'", c.table.Name, c.serverList(), c.v.String("topic-pattern"))
		}
		return out, nil
	}
	for _, name := range c.topics {
		td, ok := md.Topics[name]
		if !ok || errors.Is(td.Err, kerr.UnknownTopicOrPartition) {
			return nil, fmt.Errorf("table '%s': topic '%s' does not exist on %s", c.table.Name, name, c.serverList())
		}
		if td.Err != nil {
			return nil, fmt.Errorf("table '%s': topic '%s' on %s: %w", c.table.Name, name, c.serverList(), td.Err)
		}
		ps := td.Partitions.Numbers()
		sort.Slice(ps, func(i, j int) bool { return ps[i] < ps[j] })
		out[name] = ps
	}
	return out, nil
}

// ensureSinkTopic checks that the sink topic exists, creating it when
// 'sink.topic.auto-create' is on.
func (c *config) ensureSinkTopic(ctx context.Context, adm *kadm.Client) error {
	topic := c.topics[0]
	actx, cancel := c.adminCtx(ctx)
	defer cancel()
	md, err := adm.Metadata(actx, topic)
	if err != nil {
		return fmt.Errorf("table '%s': reading topic '%s' from %s: %w", c.table.Name, topic, c.serverList(), err)
	}
	td, ok := md.Topics[topic]
	if ok && td.Err == nil {
		return nil
	}
	if ok && !errors.Is(td.Err, kerr.UnknownTopicOrPartition) {
		return fmt.Errorf("table '%s': topic '%s' on %s: %w", c.table.Name, topic, c.serverList(), td.Err)
	}
	if !c.autoCreate {
		return fmt.Errorf("table '%s': topic '%s' does not exist on %s (set 'sink.topic.auto-create' = 'true' to create it)", c.table.Name, topic, c.serverList())
	}
	resp, err := adm.CreateTopic(actx, c.partitions, c.replication, nil, topic)
	if err == nil && resp.Err != nil && !errors.Is(resp.Err, kerr.TopicAlreadyExists) {
		err = resp.Err
	}
	if err != nil {
		return fmt.Errorf("table '%s': creating topic '%s' on %s: %w", c.table.Name, topic, c.serverList(), err)
	}
	return nil
}
