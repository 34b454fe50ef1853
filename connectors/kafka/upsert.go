package kafka

import (
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/executor"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
)

// upsertName is the name of the upsert-kafka connector.
const upsertName = "upsert-kafka"

// upsertOptions are the options of 'upsert-kafka': those of 'kafka'
// without the ones that make no sense for a compacted, keyed topic (a
// topic pattern, startup modes: it always reads from the earliest offset;
// a partitioner: records are partitioned by key), plus Flink's sink
// options, which are accepted for compatibility.
var upsertOptions = upsertOptionList()

func upsertOptionList() []spec.Option {
	drop := map[string]bool{"topic-pattern": true, "format": true, "sink.partitioner": true,
		"scan.startup.mode": true, "scan.startup.timestamp-millis": true, "scan.startup.specific-offsets": true}
	var opts []spec.Option
	for _, o := range options {
		if drop[o.Key] {
			continue
		}
		switch o.Key {
		case "topic":
			o.Desc = "the topic to read and write (one name)"
		case "value.format":
			o.Required = true
		case "key.format":
			o.Required, o.Desc = true, "format of the record key, which holds the PRIMARY KEY columns"
		case "key.fields":
			o.Desc = "not allowed: the key is the PRIMARY KEY"
		}
		opts = append(opts, o)
	}
	return append(opts,
		spec.Option{Key: "sink.parallelism", Kind: spec.KindInt, Desc: "accepted for compatibility; the sink runs as one instance"},
		spec.Option{Key: "sink.buffer-flush.max-rows", Kind: spec.KindInt, Desc: "accepted for compatibility; the producer batches records itself"},
		spec.Option{Key: "sink.buffer-flush.interval", Kind: spec.KindDuration, Desc: "accepted for compatibility; the producer batches records itself"},
	)
}

// UpsertConnector describes 'upsert-kafka': a table keyed by its PRIMARY
// KEY over a (usually compacted) topic. Its source reads the whole topic
// as an upsert stream: a record with a value is an upsert (+U) of its
// key, a record without (a tombstone) a delete (-D). Its sink writes
// inserts and updates as records keyed by the primary key and deletes as
// tombstones.
func UpsertConnector() spec.Connector {
	return spec.Connector{
		Name:           upsertName,
		Desc:           "reads and writes a Kafka topic as a changelog keyed by the PRIMARY KEY (tombstones delete)",
		Options:        upsertOptions,
		AcceptsUpdates: true,
		ReadsUpserts:   true,
		Check:          check,
		NewSource:      NewSource,
		NewSink:        NewUpsertSink,
	}
}

// readUpsertKey reads the key of an upsert-kafka table: its PRIMARY KEY
// (required), never 'key.fields'.
func (c *config) readUpsertKey() error {
	t, v := c.table, c.v
	if v.Has("key.fields") {
		return v.Errorf("key.fields", "connector '%s' takes the record key from the PRIMARY KEY: remove option 'key.fields'", upsertName)
	}
	if len(t.PrimaryKey) == 0 {
		return sql.Errorf(t.Pos, "table `%s`: connector '%s' needs a PRIMARY KEY (...) NOT ENFORCED, which is the record key", t.Name, upsertName)
	}
	if len(c.topics) != 1 {
		return v.Errorf("topic", "connector '%s' reads and writes exactly one topic: set 'topic' to one name", upsertName)
	}
	c.keyFields = append([]string(nil), t.PrimaryKey...)
	c.startMode = "earliest-offset"
	return nil
}

// keyFormatFields returns the fields of the key columns named names as
// the key format sees them: without 'key.fields-prefix'.
func (c *config) keyFormatFields(names []string) []planner.Field {
	fs := fields(c.table, names)
	for i := range fs {
		fs[i].Name = strings.TrimPrefix(fs[i].Name, c.keyPrefix)
	}
	return fs
}

// readKeyPrefix reads 'key.fields-prefix': every key column starts with
// it, and the value then cannot hold the key columns (EXCEPT_KEY).
func (c *config) readKeyPrefix() error {
	v := c.v
	c.keyPrefix = v.String("key.fields-prefix")
	if c.keyPrefix == "" {
		return nil
	}
	if !c.exceptKey {
		return v.Errorf("key.fields-prefix", "option 'key.fields-prefix' needs 'value.fields-include' = 'EXCEPT_KEY'")
	}
	for _, k := range c.keyFields {
		if !strings.HasPrefix(k, c.keyPrefix) || k == c.keyPrefix {
			return v.Errorf("key.fields-prefix", "key column '%s' does not start with the prefix '%s' of option 'key.fields-prefix'", k, c.keyPrefix)
		}
	}
	return nil
}

// connectorName is the table's connector, for messages.
func connectorName(t *catalog.Table) string {
	if n := t.Connector(); n != "" {
		return n
	}
	return "kafka"
}

// isUpsert reports whether t uses the upsert-kafka connector.
func isUpsert(t *catalog.Table) bool { return strings.EqualFold(t.Connector(), upsertName) }

// NewUpsertSink builds an upsert-kafka sink (see UpsertSink).
func NewUpsertSink(p executor.SinkParams) (executor.Sink, error) {
	s, err := NewSink(p)
	if err != nil {
		return nil, err
	}
	name := p.Spec.Table.Name
	return &UpsertSink{Sink: s.(*Sink), metrics: p.Metrics, merged: "sink." + name + ".merged_update_before"}, nil
}
