package kafka

import (
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/twmb/franz-go/pkg/kgo"
)

// property is a Kafka client property ('properties.<name>') with a
// franz-go setting. Source and sink say where it applies.
type property struct {
	desc   string
	source bool
	sink   bool
	// apply returns the client options of the value, or an error naming
	// what is expected.
	apply func(v string) ([]kgo.Opt, error)
}

// properties maps the 'properties.*' names streamsql passes to franz-go.
// 'bootstrap.servers', 'group.id', 'request.timeout.ms' and
// 'auto.offset.reset' are read by the connector itself.
var properties = map[string]property{
	"bootstrap.servers":  {desc: "brokers to connect to, host:port[,host:port...]", source: true, sink: true},
	"group.id":           {desc: "consumer group: committed offsets for 'group-offsets' and for monitoring", source: true},
	"request.timeout.ms": {desc: "bound for reaching the brokers and for each request (default 10000)", source: true, sink: true},
	"auto.offset.reset":  {desc: "with 'group-offsets' and no committed offset: earliest, latest (default) or none", source: true},
	"client.id": {desc: "client id sent to the brokers", source: true, sink: true,
		apply: func(v string) ([]kgo.Opt, error) { return []kgo.Opt{kgo.ClientID(v)}, nil }},
	"isolation.level": {desc: "read_uncommitted (default) or read_committed", source: true,
		apply: func(v string) ([]kgo.Opt, error) {
			switch v {
			case "read_committed":
				return []kgo.Opt{kgo.FetchIsolationLevel(kgo.ReadCommitted())}, nil
			case "read_uncommitted":
				return []kgo.Opt{kgo.FetchIsolationLevel(kgo.ReadUncommitted())}, nil
			}
			return nil, fmt.Errorf("expected read_committed or read_uncommitted")
		}},
	"fetch.max.bytes":           intProp("maximum bytes per fetch response", true, func(n int32) kgo.Opt { return kgo.FetchMaxBytes(n) }),
	"fetch.min.bytes":           intProp("minimum bytes a fetch waits for", true, func(n int32) kgo.Opt { return kgo.FetchMinBytes(n) }),
	"max.partition.fetch.bytes": intProp("maximum bytes per partition per fetch", true, func(n int32) kgo.Opt { return kgo.FetchMaxPartitionBytes(n) }),
	"fetch.max.wait.ms": intProp("longest time a fetch waits for fetch.min.bytes", true, func(n int32) kgo.Opt {
		return kgo.FetchMaxWait(time.Duration(n) * time.Millisecond)
	}),
	"linger.ms": intProp("how long the producer waits to fill a batch", false, func(n int32) kgo.Opt {
		return kgo.ProducerLinger(time.Duration(n) * time.Millisecond)
	}),
	"batch.size": intProp("maximum bytes of a produced record batch", false, func(n int32) kgo.Opt { return kgo.ProducerBatchMaxBytes(n) }),
	"compression.type": {desc: "none, gzip, snappy, lz4 or zstd", sink: true,
		apply: func(v string) ([]kgo.Opt, error) {
			c, ok := map[string]kgo.CompressionCodec{"none": kgo.NoCompression(), "gzip": kgo.GzipCompression(),
				"snappy": kgo.SnappyCompression(), "lz4": kgo.Lz4Compression(), "zstd": kgo.ZstdCompression()}[v]
			if !ok {
				return nil, fmt.Errorf("expected none, gzip, snappy, lz4 or zstd")
			}
			return []kgo.Opt{kgo.ProducerBatchCompression(c)}, nil
		}},
	"acks": {desc: "all or -1 (default), 1, or 0", sink: true,
		apply: func(v string) ([]kgo.Opt, error) {
			switch v {
			case "all", "-1":
				return []kgo.Opt{kgo.RequiredAcks(kgo.AllISRAcks())}, nil
			case "1":
				return []kgo.Opt{kgo.RequiredAcks(kgo.LeaderAck()), kgo.DisableIdempotentWrite()}, nil
			case "0":
				return []kgo.Opt{kgo.RequiredAcks(kgo.NoAck()), kgo.DisableIdempotentWrite()}, nil
			}
			return nil, fmt.Errorf("expected all, -1, 1 or 0")
		}},
	"enable.idempotence": {desc: "true (default) or false", sink: true,
		apply: func(v string) ([]kgo.Opt, error) {
			switch v {
			case "true":
				return nil, nil
			case "false":
				return []kgo.Opt{kgo.DisableIdempotentWrite()}, nil
			}
			return nil, fmt.Errorf("expected true or false")
		}},
}

func intProp(desc string, source bool, opt func(int32) kgo.Opt) property {
	return property{desc: desc, source: source, sink: !source, apply: func(v string) ([]kgo.Opt, error) {
		n, err := strconv.ParseInt(strings.TrimSpace(v), 10, 32)
		if err != nil || n < 0 {
			return nil, fmt.Errorf("expected a non-negative integer")
		}
		return []kgo.Opt{opt(int32(n))}, nil
	}}
}

// propertyNames returns the supported property names, sorted, each with
// the 'properties.' prefix.
func propertyNames() []string {
	names := make([]string, 0, len(properties))
	for n := range properties {
		names = append(names, "properties."+n)
	}
	sort.Strings(names)
	return names
}

// propertiesDoc describes the supported properties for the option list.
func propertiesDoc() string {
	return "Kafka client properties; supported: " + strings.Join(propertyNames(), ", ")
}
