// Package datagen is the 'datagen' connector: a source of generated rows,
// random or sequential per column, rate-limited, bounded by
// 'number-of-rows' or by an exhausted sequence. The 'seed' option (a
// streamsql extension, not in Flink) makes the output reproducible.
package datagen

import (
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/sql"
)

var options = []spec.Option{
	{Key: "rows-per-second", Kind: spec.KindInt, Default: "10000", Desc: "rows generated per second"},
	{Key: "number-of-rows", Kind: spec.KindInt, Desc: "total rows to generate (unbounded when unset)"},
	{Key: "seed", Kind: spec.KindInt, Desc: "random seed for reproducible output (streamsql extension)"},
	{Key: "fields.<f>.kind", Default: "random", Allowed: []string{"random", "sequence"}, Desc: "generator of column <f>"},
	{Key: "fields.<f>.min", Desc: "minimum random value of column <f>"},
	{Key: "fields.<f>.max", Desc: "maximum random value of column <f>"},
	{Key: "fields.<f>.max-past", Kind: spec.KindDuration, Default: "0", Desc: "random TIMESTAMP/DATE of column <f> at most this far before now"},
	{Key: "fields.<f>.length", Kind: spec.KindInt, Default: "100", Desc: "length of random STRING/BYTES values of column <f>"},
	{Key: "fields.<f>.start", Desc: "first value of sequence column <f>"},
	{Key: "fields.<f>.end", Desc: "last value of sequence column <f>"},
	{Key: "fields.<f>.null-rate", Desc: "fraction (0 to 1) of NULL values in column <f>"},
}

// Connector describes the datagen connector.
func Connector() spec.Connector {
	return spec.Connector{
		Name:      "datagen",
		Desc:      "generates random or sequential rows",
		Options:   options,
		Check:     check,
		NewSource: NewSource,
	}
}

// check verifies that every fields.<f>.* option names a physical column
// and that each column's settings make sense for its type.
func check(t *catalog.Table) error {
	v := spec.Values{Table: t, Specs: options}
	for key := range t.Options {
		if !strings.HasPrefix(key, "fields.") {
			continue
		}
		var name string
		for _, o := range options {
			if f, ok := spec.TemplateField(o.Key, key); ok {
				name = f
				break
			}
		}
		ci := t.Column(name)
		if ci < 0 || t.Columns[ci].Kind != catalog.Physical {
			return v.Errorf(key, "option '%s' names no physical column '%s' of table '%s'", key, name, t.Name)
		}
	}
	for _, ci := range t.PhysicalColumns() {
		if _, err := newGenerator(v, t.Columns[ci], 0, nil); err != nil {
			return err
		}
	}
	for _, c := range t.Columns {
		if c.Kind == catalog.Metadata {
			return sql.Errorf(c.Pos, "connector 'datagen' has no metadata columns")
		}
	}
	return nil
}
