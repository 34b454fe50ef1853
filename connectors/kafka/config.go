package kafka

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/planner"
	"github.com/streamsql/streamsql/sql"
	"github.com/twmb/franz-go/pkg/kgo"
)

// defaultTimeout bounds reaching the brokers when
// 'properties.request.timeout.ms' is not set.
const defaultTimeout = 10 * time.Second

// config is a kafka table's options, read and checked.
type config struct {
	table   *catalog.Table
	v       spec.Values
	servers []string
	topics  []string
	pattern *regexp.Regexp
	group   string
	timeout time.Duration
	// resetLatest is the 'group-offsets' fallback without a committed
	// offset; resetNone makes that an error.
	resetLatest, resetNone bool
	srcOpts, sinkOpts      []kgo.Opt

	startMode  string
	startMilli int64
	startAt    map[int32]int64
	boundMode  string
	boundMilli int64
	boundAt    map[int32]int64
	align      alignOptions

	value     formatConfig
	key       *formatConfig // nil without key.fields
	keyFields []string
	exceptKey bool
	// keyPrefix is 'key.fields-prefix': key columns are named with it,
	// key format fields without it.
	keyPrefix string
	// upsert is set for 'upsert-kafka': the key is the PRIMARY KEY, a
	// tombstone is a delete, reading starts at the earliest offset.
	upsert bool

	partitioner string
	noAcks      bool
	autoCreate  bool
	partitions  int32
	replication int16
}

// formatConfig is a key or value format: json and csv through
// connectors/format, or raw (one STRING or BYTES column).
type formatConfig struct {
	name string
	cfg  format.Config // unset for raw
}

func (f formatConfig) ignoreErrors() bool { return f.name != "raw" && f.cfg.IgnoreParseErrors() }

// readConfig reads and checks every option of a kafka table. Errors are
// positioned *sql.Error values naming the option.
func readConfig(t *catalog.Table) (*config, error) {
	specs := options
	if isUpsert(t) {
		specs = upsertOptions
	}
	v := spec.Values{Table: t, Specs: specs}
	c := &config{table: t, v: v, group: v.String("properties.group.id"), upsert: isUpsert(t)}
	for _, s := range strings.Split(v.String("properties.bootstrap.servers"), ",") {
		if s = strings.TrimSpace(s); s != "" {
			c.servers = append(c.servers, s)
		}
	}
	if len(c.servers) == 0 {
		return nil, v.Errorf("properties.bootstrap.servers", "option 'properties.bootstrap.servers' is empty")
	}
	if err := c.readTopics(); err != nil {
		return nil, err
	}
	if err := c.readProperties(); err != nil {
		return nil, err
	}
	if err := c.readScan(); err != nil {
		return nil, err
	}
	if err := c.readFormats(); err != nil {
		return nil, err
	}
	if err := c.readSink(); err != nil {
		return nil, err
	}
	return c, checkMetadata(t)
}

func (c *config) readTopics() error {
	v := c.v
	for _, s := range strings.Split(v.String("topic"), ";") {
		if s = strings.TrimSpace(s); s != "" {
			c.topics = append(c.topics, s)
		}
	}
	if p := v.String("topic-pattern"); p != "" {
		if len(c.topics) > 0 {
			return v.Errorf("topic-pattern", "options 'topic' and 'topic-pattern' cannot both be set")
		}
		re, err := regexp.Compile("^(?:" + p + ")$")
		if err != nil {
			return v.Errorf("topic-pattern", "option 'topic-pattern': %v", err)
		}
		c.pattern = re
	} else if len(c.topics) == 0 {
		return sql.Errorf(c.table.Pos, "connector '%s' requires option 'topic' (or 'topic-pattern' for a source)", connectorName(c.table))
	}
	return nil
}

func (c *config) readProperties() error {
	v := c.v
	c.timeout = defaultTimeout
	for k, val := range c.table.Options {
		name, ok := strings.CutPrefix(k, "properties.")
		if !ok {
			continue
		}
		p, known := properties[name]
		if !known {
			return v.Errorf(k, "unknown Kafka property '%s'%s", k, hint(k, propertyNames()))
		}
		switch name {
		case "request.timeout.ms":
			n, err := strconv.ParseInt(strings.TrimSpace(val), 10, 64)
			if err != nil || n <= 0 {
				return v.Errorf(k, "option '%s': invalid value '%s'; expected milliseconds", k, val)
			}
			c.timeout = time.Duration(n) * time.Millisecond
		case "auto.offset.reset":
			switch val {
			case "earliest":
			case "latest":
				c.resetLatest = true
			case "none":
				c.resetNone = true
			default:
				return v.Errorf(k, "option '%s': invalid value '%s'; expected earliest, latest or none", k, val)
			}
		}
		if p.apply == nil {
			continue
		}
		opts, err := p.apply(strings.TrimSpace(val))
		if err != nil {
			return v.Errorf(k, "option '%s': invalid value '%s'; %v", k, val, err)
		}
		if p.source {
			c.srcOpts = append(c.srcOpts, opts...)
		}
		if p.sink {
			c.sinkOpts = append(c.sinkOpts, opts...)
		}
	}
	if _, set := c.table.Options["properties.auto.offset.reset"]; !set {
		c.resetLatest = true
	}
	return nil
}

func (c *config) readScan() error {
	v := c.v
	var err error
	c.startMode = strings.ToLower(v.String("scan.startup.mode"))
	c.boundMode = strings.ToLower(v.String("scan.bounded.mode"))
	if c.startMilli, err = modeInt(v, c.startMode, "timestamp", "scan.startup.timestamp-millis"); err != nil {
		return err
	}
	if c.boundMilli, err = modeInt(v, c.boundMode, "timestamp", "scan.bounded.timestamp-millis"); err != nil {
		return err
	}
	if c.startAt, err = c.specificOffsets(c.startMode, "scan.startup.specific-offsets"); err != nil {
		return err
	}
	if c.boundAt, err = c.specificOffsets(c.boundMode, "scan.bounded.specific-offsets"); err != nil {
		return err
	}
	return c.readAlignment()
}

// modeInt reads the integer option key, required when mode is want and
// not allowed otherwise.
func modeInt(v spec.Values, mode, want, key string) (int64, error) {
	if mode != want {
		if v.Has(key) {
			return 0, v.Errorf(key, "option '%s' needs mode '%s'", key, want)
		}
		return 0, nil
	}
	if !v.Has(key) {
		return 0, v.Errorf(strings.TrimSuffix(key, "timestamp-millis")+"mode", "mode '%s' needs option '%s'", want, key)
	}
	return v.Int(key, 0)
}

// specificOffsets parses 'partition:0,offset:42;partition:1,offset:300'
// when mode is specific-offsets.
func (c *config) specificOffsets(mode, key string) (map[int32]int64, error) {
	v := c.v
	if mode != "specific-offsets" {
		if v.Has(key) {
			return nil, v.Errorf(key, "option '%s' needs mode 'specific-offsets'", key)
		}
		return nil, nil
	}
	if !v.Has(key) {
		return nil, v.Errorf(strings.TrimSuffix(key, "specific-offsets")+"mode", "mode 'specific-offsets' needs option '%s'", key)
	}
	if len(c.topics) != 1 {
		return nil, v.Errorf(key, "option '%s' needs exactly one topic in 'topic'", key)
	}
	out := map[int32]int64{}
	for _, part := range strings.Split(v.String(key), ";") {
		if strings.TrimSpace(part) == "" {
			continue
		}
		var p int32
		var o int64
		if _, err := fmt.Sscanf(strings.ReplaceAll(part, " ", ""), "partition:%d,offset:%d", &p, &o); err != nil || p < 0 || o < 0 {
			return nil, v.Errorf(key, "option '%s': invalid entry '%s'; expected 'partition:0,offset:42;partition:1,offset:300'", key, part)
		}
		out[p] = o
	}
	return out, nil
}

func (c *config) readSink() error {
	v := c.v
	var err error
	c.partitioner = strings.ToLower(v.String("sink.partitioner"))
	switch strings.ToLower(v.String("sink.delivery-guarantee")) {
	case "exactly-once":
		return v.Errorf("sink.delivery-guarantee", "'sink.delivery-guarantee' = 'exactly-once' is not supported yet; use 'at-least-once' or 'none'")
	case "none":
		c.noAcks = true
	}
	if c.autoCreate, err = v.Bool("sink.topic.auto-create"); err != nil {
		return err
	}
	n, err := v.Int("sink.topic.partitions", 1)
	if err != nil || n < 1 || n > 1<<20 {
		return v.Errorf("sink.topic.partitions", "option 'sink.topic.partitions': expected a positive integer")
	}
	r, err := v.Int("sink.topic.replication-factor", 1)
	if err != nil || r < 1 || r > 1<<14 {
		return v.Errorf("sink.topic.replication-factor", "option 'sink.topic.replication-factor': expected a positive integer")
	}
	c.partitions, c.replication = int32(n), int16(r)
	return nil
}

// checkMetadata checks the METADATA columns: known keys, matching types.
func checkMetadata(t *catalog.Table) error {
	for _, col := range t.Columns {
		if col.Kind != catalog.Metadata {
			continue
		}
		key := metaKey(col)
		kinds, ok := metadataKeys[key]
		if !ok {
			return sql.Errorf(col.Pos, "unknown metadata key '%s' for connector 'kafka'; available: %s", key, metadataKeyList())
		}
		match := false
		for _, k := range kinds {
			match = match || col.Type.Kind == k
		}
		if key == "headers" {
			match = col.Type.Equal(headersType) && !col.Type.Value.NotNull
		}
		if !match {
			return sql.Errorf(col.Pos, "metadata column '%s' (key '%s') must be %s, not %s", col.Name, key, kindNames(kinds), col.Type)
		}
	}
	return nil
}

func metaKey(col catalog.Column) string {
	if col.MetadataKey != "" {
		return col.MetadataKey
	}
	return col.Name
}

func splitList(s string) []string {
	var out []string
	for _, f := range strings.Split(s, ";") {
		if f = strings.TrimSpace(f); f != "" {
			out = append(out, f)
		}
	}
	return out
}

// fields returns the planner fields of the named columns.
func fields(t *catalog.Table, names []string) []planner.Field {
	out := make([]planner.Field, len(names))
	for i, n := range names {
		out[i] = planner.Field{Name: n, Type: t.Columns[t.Column(n)].Type}
	}
	return out
}

// hint renders "; did you mean 'x'? valid: a, b".
func hint(s string, candidates []string) string {
	list := "supported: " + strings.Join(candidates, ", ")
	if d := sql.Closest(s, candidates, sql.Nearness{MinEdits: 2}); d != "" {
		return "; did you mean '" + d + "'? " + list
	}
	return "; " + list
}
