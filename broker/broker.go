// Package broker runs an embedded Kafka-protocol broker (one node, on the
// loopback interface) for development and tests: the same SQL that reads
// and writes a real Kafka or Redpanda cluster runs against it unchanged by
// pointing 'properties.bootstrap.servers' at its address.
//
// With a data directory, topics, records and committed group offsets are
// written to disk and reloaded on the next start; without one everything
// lives in memory and is lost when the broker stops.
package broker

import (
	"fmt"

	"github.com/twmb/franz-go/pkg/kfake"
)

// Options configures a Broker. Zero values take defaults.
type Options struct {
	// Port is the TCP port on 127.0.0.1; 0 picks a free port.
	Port int
	// DataDir, when set, persists the broker's state there and reloads it
	// at start.
	DataDir string
	// Partitions is the partition count of topics created without an
	// explicit count (auto-created or CreateTopics with -1). Default 1.
	Partitions int
	// Topics are created at start (if missing) with Partitions partitions.
	Topics []string
}

// Broker is a running embedded broker.
type Broker struct {
	c *kfake.Cluster
}

// Start starts a broker listening on 127.0.0.1. Stop it with Close.
func Start(o Options) (*Broker, error) {
	if o.Partitions <= 0 {
		o.Partitions = 1
	}
	if o.Port < 0 || o.Port > 65535 {
		return nil, fmt.Errorf("broker: invalid port %d", o.Port)
	}
	opts := []kfake.Opt{
		kfake.NumBrokers(1),
		kfake.Ports(o.Port),
		kfake.DefaultNumPartitions(o.Partitions),
		kfake.AllowAutoTopicCreation(),
	}
	if len(o.Topics) > 0 {
		opts = append(opts, kfake.SeedTopics(int32(o.Partitions), o.Topics...))
	}
	if o.DataDir != "" {
		opts = append(opts, kfake.DataDir(o.DataDir))
	}
	c, err := kfake.NewCluster(opts...)
	if err != nil {
		return nil, fmt.Errorf("broker: %w", err)
	}
	return &Broker{c: c}, nil
}

// Addr returns the broker's address, host:port, for
// 'properties.bootstrap.servers'.
func (b *Broker) Addr() string { return b.c.ListenAddrs()[0] }

// CreateTopic creates a topic with the given partition count.
func (b *Broker) CreateTopic(topic string, partitions int32) error {
	return b.c.CreateTopic(topic, partitions, nil)
}

// Close stops the broker; with a data directory its state is flushed to
// disk first.
func (b *Broker) Close() { b.c.Close() }
