package spec

import (
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/executor"
)

// Connector describes one connector: its name, its options and the
// constructors of its source and sink. A connector that cannot read leaves
// NewSource nil; one that cannot write leaves NewSink nil.
type Connector struct {
	// Name is the value of the 'connector' option.
	Name string
	// Desc is a one-line description.
	Desc string
	// Options are the connector's own options ('connector' itself is
	// implied).
	Options []Option
	// HasFormat is set when the connector takes a 'format' option; the
	// chosen format's prefixed options (json.*, csv.*) are then accepted.
	HasFormat bool
	// AcceptsUpdates is set when the sink writes updating streams (+I, -U,
	// +U, -D); its NewSink's sink then implements executor.ChangelogSink.
	// Validate copies it into catalog.Table.AcceptsUpdates.
	AcceptsUpdates bool
	// ReadsUpserts is set when the source reads an upsert stream keyed by
	// the table's PRIMARY KEY (+U for a value, -D for a tombstone; see
	// planner.ChangelogUpsert). Validate copies it into
	// catalog.Table.ReadsUpserts.
	ReadsUpserts bool
	// Check, when set, validates what the option specs cannot express
	// (such as an option that must name a column). It returns a positioned
	// *sql.Error.
	Check func(t *catalog.Table) error
	// NewSource builds a source for p.Spec.Table.
	NewSource func(p executor.SourceParams) (executor.Source, error)
	// NewSink builds a sink for p.Spec.Table.
	NewSink func(p executor.SinkParams) (executor.Sink, error)
}

// Format describes a record format: its name (the value of 'format') and
// its options, whose keys start with the name and a dot.
type Format struct {
	Name    string
	Desc    string
	Options []Option
}

// Lookup returns the spec of key among opts, matching "<f>" templates.
func Lookup(opts []Option, key string) (Option, bool) {
	for _, o := range opts {
		if o.Key == key || matchTemplate(o.Key, key) {
			return o, true
		}
	}
	return Option{}, false
}

// TemplateField returns the part of key that fills the "<f>" of template,
// or false when key does not match it.
func TemplateField(template, key string) (string, bool) {
	i := strings.Index(template, "<f>")
	if i < 0 {
		return "", false
	}
	pre, suf := template[:i], template[i+3:]
	if len(key) <= len(pre)+len(suf) || !strings.HasPrefix(key, pre) || !strings.HasSuffix(key, suf) {
		return "", false
	}
	return key[len(pre) : len(key)-len(suf)], true
}

func matchTemplate(template, key string) bool {
	_, ok := TemplateField(template, key)
	return ok
}
