package connectors

import (
	"sort"
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/sql"
)

// SourceOptions are the options every source connector accepts, because
// the planner, not the connector, acts on them.
var SourceOptions = []spec.Option{
	{Key: "scan.watermark.idle-timeout", Kind: spec.KindDuration,
		Desc: "a split with no rows for this long stops holding the watermark back"},
	{Key: "scan.watermark.late-rows-table", Kind: spec.KindString,
		Desc: "the table that receives the late rows of window operators on this table's event time"},
}

// Validate checks a table's WITH options against its connector's specs:
// the 'connector' option is present and known, every key is a valid option
// of the connector or of its chosen format, every value is acceptable and
// every required option is set. Errors are *sql.Error positioned at the
// offending option (or the table). Views are not checked.
func Validate(t *catalog.Table) error {
	if t.IsView {
		return nil
	}
	v := spec.Values{Table: t}
	name, ok := t.Options["connector"]
	if !ok {
		return sql.Errorf(t.Pos, "table '%s' has no 'connector' option; known connectors: %s", t.Name, strings.Join(Names(), ", "))
	}
	c, ok := Lookup(name)
	if !ok {
		return v.Errorf("connector", "unknown connector '%s'%s", name, hint(name, Names(), "known connectors"))
	}
	var fmtSpec *spec.Format
	if c.HasFormat {
		if f, ok := format.LookupFormat(t.Options["format"]); ok {
			fmtSpec = &f
		}
	}
	keys := make([]string, 0, len(t.Options))
	for k := range t.Options {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if k == "connector" {
			continue
		}
		o, err := optionSpec(c, fmtSpec, t, k)
		if err != nil {
			return err
		}
		if err := o.Check(t.Options[k]); err != nil {
			return v.Errorf(k, "option '%s': %v", k, err)
		}
	}
	for _, o := range c.Options {
		if _, set := t.Options[o.Key]; o.Required && !set {
			return sql.Errorf(t.Pos, "connector '%s' requires option '%s' (%s)", c.Name, o.Key, o.Desc)
		}
	}
	t.AcceptsUpdates, t.ReadsUpserts = c.AcceptsUpdates, c.ReadsUpserts
	if c.Check != nil {
		return c.Check(t)
	}
	return nil
}

// optionSpec finds the spec of key among the connector's options and its
// format's, or builds the error naming the valid keys.
func optionSpec(c spec.Connector, f *spec.Format, t *catalog.Table, key string) (spec.Option, error) {
	v := spec.Values{Table: t}
	if o, ok := spec.Lookup(c.Options, key); ok {
		return o, nil
	}
	if c.NewSource != nil {
		if o, ok := spec.Lookup(SourceOptions, key); ok {
			return o, nil
		}
	}
	if c.HasFormat {
		if dot := strings.IndexByte(key, '.'); dot > 0 {
			if other, ok := format.LookupFormat(key[:dot]); ok && (f == nil || f.Name != other.Name) {
				return spec.Option{}, v.Errorf(key, "option '%s' belongs to format '%s' but the table's format is '%s'", key, other.Name, t.Options["format"])
			}
		}
		if f != nil {
			if o, ok := spec.Lookup(f.Options, key); ok {
				return o, nil
			}
		}
	}
	valid := []string{"connector"}
	for _, o := range c.Options {
		valid = append(valid, o.Key)
	}
	if c.NewSource != nil {
		for _, o := range SourceOptions {
			valid = append(valid, o.Key)
		}
	}
	if f != nil {
		for _, o := range f.Options {
			valid = append(valid, o.Key)
		}
	}
	return spec.Option{}, v.Errorf(key, "unknown option '%s' for connector '%s'%s", key, c.Name, hint(key, valid, "valid options"))
}

// hint renders "; did you mean 'x'? <label>: a, b" (or "; <label>: a, b"
// when no candidate is close).
func hint(s string, candidates []string, label string) string {
	list := label + ": " + strings.Join(candidates, ", ")
	if d := sql.Closest(s, candidates, optionNearness); d != "" {
		return "; did you mean '" + d + "'? " + list
	}
	return "; " + list
}

// optionNearness suggests an option key or value: case matters, and two
// edits are always allowed.
var optionNearness = sql.Nearness{MinEdits: 2}
