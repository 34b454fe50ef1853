// Package kafka is the 'kafka' connector: a source that reads the
// partitions of one or more topics (each partition one split, bounded
// with 'scan.bounded.mode'), and a sink that produces rows as records.
// Options follow Flink's Kafka connector; records are decoded straight
// into Arrow builders by the formats of connectors/format (json, csv) or
// read as one raw column ('raw'). The client is franz-go.
//
// Importing the package registers 'kafka' and 'upsert-kafka' with the
// connectors registry.
package kafka

import (
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
)

func init() {
	for _, c := range []spec.Connector{Connector(), UpsertConnector()} {
		if err := connectors.Register(c); err != nil {
			panic(err) // a programming error: the name is taken
		}
	}
}

var formatNames = []string{"json", "csv", "raw"}

// baseOptions are the connector's own options; format options are added
// by allOptions.
var baseOptions = []spec.Option{
	{Key: "topic", Desc: "topic to read or write; several to read as 't1;t2'"},
	{Key: "topic-pattern", Desc: "regular expression of the topics to read"},
	{Key: "properties.bootstrap.servers", Required: true, Desc: "Kafka brokers, host:port[,host:port...]"},
	{Key: "properties.group.id", Desc: "consumer group whose committed offsets are read ('group-offsets') and written"},
	{Key: "properties.<f>", Desc: propertiesDoc()},
	{Key: "format", Allowed: formatNames, Desc: "value format (same as 'value.format')"},
	{Key: "value.format", Allowed: formatNames, Desc: "value format: json, csv or raw"},
	{Key: "key.format", Allowed: formatNames, Desc: "key format, needed with 'key.fields'"},
	{Key: "key.fields", Desc: "physical columns held in the record key, 'a;b'"},
	{Key: "key.fields-prefix", Desc: "prefix of the key columns' names, not used in the key format (needs 'EXCEPT_KEY')"},
	{Key: "value.fields-include", Default: "ALL", Allowed: []string{"ALL", "EXCEPT_KEY"}, Desc: "whether the value also holds the key columns"},
	{Key: "scan.startup.mode", Default: "group-offsets", Allowed: []string{"earliest-offset", "latest-offset", "group-offsets", "timestamp", "specific-offsets"}, Desc: "where reading starts"},
	{Key: "scan.startup.timestamp-millis", Kind: spec.KindInt, Desc: "start at the first record at or after this time (mode 'timestamp')"},
	{Key: "scan.startup.specific-offsets", Desc: "start offsets, 'partition:0,offset:42;partition:1,offset:300' (mode 'specific-offsets')"},
	{Key: "scan.bounded.mode", Default: "unbounded", Allowed: []string{"unbounded", "latest-offset", "timestamp", "specific-offsets"}, Desc: "where reading ends; bounded sources end the job"},
	{Key: "scan.bounded.timestamp-millis", Kind: spec.KindInt, Desc: "end before the first record at or after this time (mode 'timestamp')"},
	{Key: "scan.bounded.specific-offsets", Desc: "end offsets (exclusive), 'partition:0,offset:42;...' (mode 'specific-offsets')"},
	{Key: "scan.watermark.alignment.max-drift", Kind: spec.KindDuration, Desc: "keep the partitions of a catch-up read within this much record time of each other: a partition further ahead of the slowest one that still has records to read is paused until it catches up (alignment follows Kafka record timestamps, which the kafka sink sets from the row's event time)"},
	{Key: "scan.watermark.alignment.group", Desc: "align this table with the other kafka tables of the same process naming the same group, as if their partitions were one table's: a partition is paused while it is more than this table's max drift ahead of the least progress (largest record timestamp handed on) of the group's partitions that hold the others back; in a group a caught-up partition still holds back while it keeps getting records (a topic the same job writes is at its end while the job is behind), until it has had none for 5 update intervals (or 'scan.watermark.idle-timeout' if shorter); a partition that never had a record holds the group at the least progress seen when it started, for that long; tables in other processes are not aligned"},
	{Key: "scan.watermark.alignment.update-interval", Kind: spec.KindDuration, Default: "1 s", Desc: "how often a source holding partitions back re-checks whether the slowest turned idle (with 'scan.watermark.idle-timeout', or in a group, where a source also re-publishes its partitions' state this often); in a group a caught-up partition holds the others back for 5 intervals without records; alignment itself is re-checked after every fetch and, in a group, whenever another member moves"},
	{Key: "sink.partitioner", Default: "default", Allowed: []string{"default", "fixed", "round-robin"}, Desc: "default: hash of the key, sticky without key; fixed: partition 0; round-robin"},
	{Key: "sink.delivery-guarantee", Default: "at-least-once", Allowed: []string{"none", "at-least-once", "exactly-once"}, Desc: "none or at-least-once (exactly-once is not supported yet)"},
	{Key: "sink.topic.auto-create", Kind: spec.KindBool, Default: "true", Desc: "create a missing sink topic at start (otherwise the job fails)"},
	{Key: "sink.topic.partitions", Kind: spec.KindInt, Default: "1", Desc: "partitions of an auto-created sink topic"},
	{Key: "sink.topic.replication-factor", Kind: spec.KindInt, Default: "1", Desc: "replication factor of an auto-created sink topic"},
}

// options are every option the connector accepts: its own, the value
// formats' (json.*, csv.*) and the key formats' (key.json.*, key.csv.*).
var options = allOptions()

func allOptions() []spec.Option {
	opts := append([]spec.Option(nil), baseOptions...)
	for _, f := range format.Formats() {
		opts = append(opts, f.Options...)
	}
	for _, f := range format.Formats() {
		for _, o := range f.Options {
			o.Key = "key." + o.Key
			opts = append(opts, o)
		}
	}
	return opts
}

// Connector describes the kafka connector.
func Connector() spec.Connector {
	return spec.Connector{
		Name:      "kafka",
		Desc:      "reads and writes Kafka topics (json, csv or raw records)",
		Options:   options,
		Check:     check,
		NewSource: NewSource,
		NewSink:   NewSink,
	}
}

// check validates what the option specs cannot express: the table is
// parsed into a config, which checks every cross-option rule.
func check(t *catalog.Table) error {
	if _, err := readConfig(t); err != nil {
		return err
	}
	markPersisted(t)
	return nil
}

// Metadata keys a kafka source can supply to METADATA columns, with the
// column types they fill.
var metadataKeys = map[string][]catalog.Kind{
	"topic":          {catalog.KindString},
	"partition":      {catalog.KindInt},
	"offset":         {catalog.KindBigInt},
	"timestamp":      {catalog.KindTimestampLTZ, catalog.KindTimestamp},
	"timestamp-type": {catalog.KindString},
	"headers":        {catalog.KindMap},
}

func metadataKeyList() string {
	return "headers, offset, partition, timestamp, timestamp-type, topic"
}

func kindNames(ks []catalog.Kind) string {
	var s []string
	for _, k := range ks {
		if k == catalog.KindMap {
			s = append(s, headersType.String())
			continue
		}
		s = append(s, catalog.Type{Kind: k, Precision: 3}.String())
	}
	return strings.Join(s, " or ")
}
