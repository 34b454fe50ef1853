package kafka

import (
	"maps"
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/connectors/format"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/sql"
)

// readFormats reads the value and key formats and checks that every
// format option belongs to the chosen format.
func (c *config) readFormats() error {
	v := c.v
	vkey := "value.format"
	if !v.Has(vkey) {
		vkey = "format"
	} else if v.Has("format") {
		return v.Errorf("format", "options 'format' and 'value.format' cannot both be set")
	}
	if !v.Has(vkey) {
		return sql.Errorf(c.table.Pos, "connector '%s' requires option 'format' (or 'value.format'): json, csv or raw", connectorName(c.table))
	}
	if c.upsert {
		if err := c.readUpsertKey(); err != nil {
			return err
		}
	}
	var err error
	if c.value, err = c.readFormat(vkey, ""); err != nil {
		return err
	}
	for _, f := range append(splitList(v.String("key.fields")), c.keyFields...) {
		ci := c.table.Column(f)
		if ci < 0 || c.table.Columns[ci].Kind != catalog.Physical {
			return v.Errorf("key.fields", "option 'key.fields': '%s' is not a physical column of table '%s'", f, c.table.Name)
		}
	}
	if !c.upsert {
		c.keyFields = splitList(v.String("key.fields"))
	}
	c.exceptKey = strings.EqualFold(v.String("value.fields-include"), "EXCEPT_KEY")
	if err := c.readKeyPrefix(); err != nil {
		return err
	}
	switch {
	case len(c.keyFields) > 0 && !v.Has("key.format"):
		return v.Errorf("key.fields", "option 'key.fields' needs 'key.format'")
	case len(c.keyFields) == 0 && v.Has("key.format"):
		return v.Errorf("key.format", "option 'key.format' needs 'key.fields'")
	case len(c.keyFields) == 0 && c.exceptKey:
		return v.Errorf("value.fields-include", "'value.fields-include' = 'EXCEPT_KEY' needs 'key.fields'")
	case len(c.keyFields) > 0:
		k, err := c.readFormat("key.format", "key.")
		if err != nil {
			return err
		}
		c.key = &k
	}
	if err := checkFieldCount(v, "key.format", c.key, len(c.keyFields)); err != nil {
		return err
	}
	nv := len(c.table.PhysicalColumns())
	if c.exceptKey {
		nv -= len(c.keyFields)
	}
	if err := checkFieldCount(v, vkey, &c.value, nv); err != nil {
		return err
	}
	if err := c.checkFormatColumns(); err != nil {
		return err
	}
	// Every format option must belong to a chosen format.
	for k := range c.table.Options {
		for _, prefix := range []string{"", "key."} {
			rest, ok := strings.CutPrefix(k, prefix)
			if !ok || (prefix == "" && strings.HasPrefix(k, "key.")) {
				continue
			}
			name, _, found := strings.Cut(rest, ".")
			if _, isFmt := format.LookupFormat(name); !found || !isFmt {
				continue
			}
			chosen := c.value.name
			if prefix == "key." {
				chosen = ""
				if c.key != nil {
					chosen = c.key.name
				}
			}
			if name != chosen {
				return v.Errorf(k, "option '%s' belongs to format '%s' but the %sformat is '%s'", k, name, map[string]string{"": "value ", "key.": "key "}[prefix], chosen)
			}
		}
	}
	return nil
}

// readFormat reads a format named by option key; prefix ("" or "key.")
// prefixes its options.
func (c *config) readFormat(key, prefix string) (formatConfig, error) {
	name := strings.ToLower(c.v.String(key))
	if name == "raw" {
		return formatConfig{name: name}, nil
	}
	// Present the format's options under their unprefixed names.
	t := *c.table
	t.Options = map[string]string{key: name}
	t.OptionPos = maps.Clone(c.table.OptionPos)
	for k, val := range c.table.Options {
		if rest, ok := strings.CutPrefix(k, prefix+name+"."); ok {
			t.Options[name+"."+rest] = val
			t.OptionPos[name+"."+rest] = c.table.OptionPos[k]
		}
	}
	cfg, err := format.ReadConfig(spec.Values{Table: &t}, key)
	return formatConfig{name: name, cfg: cfg}, err
}

// checkFieldCount checks that a raw format has exactly one column.
func checkFieldCount(v spec.Values, key string, f *formatConfig, n int) error {
	if f != nil && f.name == "raw" && n != 1 {
		return v.Errorf(key, "format 'raw' needs exactly one column, here %d", n)
	}
	return nil
}

// checkFormatColumns reports a key or value column its format cannot
// hold (a MAP column in CSV).
func (c *config) checkFormatColumns() error {
	isKey := map[string]bool{}
	var keyCols, valueCols []int
	for _, k := range c.keyFields {
		isKey[k] = true
		keyCols = append(keyCols, c.table.Column(k))
	}
	for _, ci := range c.table.PhysicalColumns() {
		if !(c.exceptKey && isKey[c.table.Columns[ci].Name]) {
			valueCols = append(valueCols, ci)
		}
	}
	if c.key != nil {
		if err := format.CheckColumns(c.key.name, c.table, keyCols); err != nil {
			return err
		}
	}
	return format.CheckColumns(c.value.name, c.table, valueCols)
}
