// Package filesystem is the 'filesystem' connector: a bounded source that
// reads the files of a path line by line through a format (json, csv), and
// a sink that writes part files into a directory, visible only once
// committed.
package filesystem

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/sql"
)

var options = []spec.Option{
	{Key: "path", Required: true, Desc: "file or directory to read; directory to write"},
	{Key: "format", Required: true, Allowed: []string{"json", "csv"}, Desc: "record format"},
	{Key: "sink.rolling-policy.file-size", Kind: spec.KindSize, Default: "128MB", Desc: "start a new part file past this size"},
	{Key: "sink.rolling-policy.rollover-interval", Kind: spec.KindDuration, Default: "30 min", Desc: "accepted for compatibility; part files roll by size and at commit"},
	{Key: "source.monitor-interval", Kind: spec.KindDuration, Desc: "continuous directory monitoring (not supported yet: leave unset)"},
}

// Metadata keys a filesystem source can supply to METADATA columns.
var metadataKeys = map[string]catalog.Kind{
	"file.path": catalog.KindString,
	"file.name": catalog.KindString,
}

// Connector describes the filesystem connector.
func Connector() spec.Connector {
	return spec.Connector{
		Name:      "filesystem",
		Desc:      "reads and writes files of JSON lines or CSV",
		Options:   options,
		HasFormat: true,
		Check:     check,
		NewSource: NewSource,
		NewSink:   NewSink,
	}
}

// check validates what the option specs cannot: monitoring is not
// supported, and METADATA columns must name a known key.
func check(t *catalog.Table) error {
	v := spec.Values{Table: t, Specs: options}
	if v.String("source.monitor-interval") != "" {
		return v.Errorf("source.monitor-interval", "option 'source.monitor-interval' is not supported yet: the filesystem source reads the files once (leave it unset)")
	}
	cfg, err := format.ReadConfig(v, "format")
	if err != nil {
		return err
	}
	if err := format.CheckColumns(cfg.Name, t, t.PhysicalColumns()); err != nil {
		return err
	}
	for _, c := range t.Columns {
		if c.Kind != catalog.Metadata {
			continue
		}
		key := c.MetadataKey
		if key == "" {
			key = c.Name
		}
		k, ok := metadataKeys[key]
		if !ok {
			return sql.Errorf(c.Pos, "unknown metadata key '%s' for connector 'filesystem'; available: file.name, file.path", key)
		}
		if c.Type.Kind != k {
			return sql.Errorf(c.Pos, "metadata column '%s' must be STRING, not %s", c.Name, c.Type)
		}
	}
	return nil
}
