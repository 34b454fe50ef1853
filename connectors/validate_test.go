package connectors

import (
	"regexp"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

var optionRE = regexp.MustCompile(`'([^']*)'\s*=\s*'([^']*)'`)

// tableFromDDL builds a table whose options and their positions come from
// the 'k' = 'v' pairs of ddl, as the SQL front end would record them.
func tableFromDDL(ddl string, cols ...catalog.Column) *catalog.Table {
	src := &sql.Source{Name: "t.sql", Text: ddl}
	t := &catalog.Table{Name: "t", Columns: cols, Options: map[string]string{},
		OptionPos: map[string]sql.Pos{}, Pos: sql.PosAt(src, 0)}
	for _, m := range optionRE.FindAllStringSubmatchIndex(ddl, -1) {
		k, v := ddl[m[2]:m[3]], ddl[m[4]:m[5]]
		t.Options[k] = v
		t.OptionPos[k] = sql.PosAt(src, m[2]-1)
	}
	return t
}

var cols = []catalog.Column{
	{Name: "id", Type: catalog.BigInt},
	{Name: "name", Type: catalog.String},
}

func TestValidate(t *testing.T) {
	cases := []struct {
		ddl  string
		want string // "" for valid; otherwise the full rendered error
	}{
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'json.ignore-parse-errors'='true')`, ""},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='csv', 'csv.field-delimiter'='|', 'csv.null-literal'='')`, ""},
		{`WITH ('connector'='datagen', 'number-of-rows'='10', 'fields.id.kind'='sequence', 'fields.id.start'='1', 'fields.id.end'='5')`, ""},
		{`WITH ('connector'='print', 'print-identifier'='out')`, ""},
		{`WITH ('connector'='blackhole')`, ""},
		{`WITH ('path'='/x')`,
			"t.sql:1:1: table 't' has no 'connector' option; known connectors: blackhole, datagen, filesystem, print\n    WITH ('path'='/x')\n    ^"},
		{`WITH ('connector'='filesytem')`,
			"t.sql:1:7: unknown connector 'filesytem'; did you mean 'filesystem'? known connectors: blackhole, datagen, filesystem, print\n    WITH ('connector'='filesytem')\n          ^"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'fromat'='json')`,
			"t.sql:1:46: unknown option 'fromat' for connector 'filesystem'; did you mean 'format'? valid options: connector, path, format, sink.rolling-policy.file-size, sink.rolling-policy.rollover-interval, source.monitor-interval, scan.watermark.idle-timeout, scan.watermark.late-rows-table\n    WITH ('connector'='filesystem', 'path'='/x', 'fromat'='json')\n                                                 ^"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='xml')`,
			"t.sql:1:46: option 'format': invalid value 'xml'; allowed values: json, csv\n    WITH ('connector'='filesystem', 'path'='/x', 'format'='xml')\n                                                 ^"},
		{`WITH ('connector'='filesystem', 'format'='json')`,
			"t.sql:1:1: connector 'filesystem' requires option 'path' (file or directory to read; directory to write)\n    WITH ('connector'='filesystem', 'format'='json')\n    ^"},
	}
	for _, c := range cases {
		err := Validate(tableFromDDL(c.ddl, cols...))
		got := ""
		if err != nil {
			if _, ok := err.(*sql.Error); !ok {
				t.Errorf("%s: error %T is not *sql.Error", c.ddl, err)
			}
			got = err.Error()
		}
		if got != c.want {
			t.Errorf("%s:\ngot:\n%s\nwant:\n%s", c.ddl, got, c.want)
		}
	}
}

func TestValidateMessages(t *testing.T) {
	cases := []struct{ ddl, want string }{
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'json.ignore-parse-error'='true')`,
			"unknown option 'json.ignore-parse-error' for connector 'filesystem'; did you mean 'json.ignore-parse-errors'?"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'csv.field-delimiter'=';')`,
			"option 'csv.field-delimiter' belongs to format 'csv' but the table's format is 'json'"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'json.fail-on-missing-field'='yes')`,
			"option 'json.fail-on-missing-field': invalid value 'yes'; expected true or false"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='csv', 'csv.field-delimiter'=';;')`,
			"option 'csv.field-delimiter': invalid value ';;'; expected a single character"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'source.monitor-interval'='10 s')`,
			"option 'source.monitor-interval' is not supported yet"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'sink.rolling-policy.file-size'='12 parsecs')`,
			"invalid size '12 parsecs'"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='json', 'json.fail-on-missing-field'='true', 'json.ignore-parse-errors'='true')`,
			"options 'json.fail-on-missing-field' and 'json.ignore-parse-errors' cannot both be true"},
		{`WITH ('connector'='filesystem', 'path'='/x', 'format'='csv', 'csv.quote-character'=',')`,
			"the quote character and the field delimiter must differ"},
		{`WITH ('connector'='datagen', 'fields.nme.kind'='random')`,
			"option 'fields.nme.kind' names no physical column 'nme' of table 't'"},
		{`WITH ('connector'='datagen', 'fields.id.kind'='sequence')`,
			"sequence column 'id' needs option 'fields.id.start'"},
		{`WITH ('connector'='datagen', 'fields.id.kind'='randum')`,
			"invalid value 'randum'; allowed values: random, sequence"},
		{`WITH ('connector'='datagen', 'rows-per-second'='fast')`,
			"option 'rows-per-second': invalid value 'fast'; expected an integer"},
		{`WITH ('connector'='print', 'print-identifer'='x')`,
			"did you mean 'print-identifier'?"},
		{`WITH ('connector'='blackhole', 'zzz'='x')`,
			"unknown option 'zzz' for connector 'blackhole'; valid options: connector"},
	}
	for _, c := range cases {
		err := Validate(tableFromDDL(c.ddl, cols...))
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: got %v, want %q", c.ddl, err, c.want)
		}
	}
}

func TestSpecsListConnectors(t *testing.T) {
	var names []string
	for _, c := range Specs() {
		names = append(names, c.Name)
		for _, o := range c.Options {
			if o.Desc == "" {
				t.Errorf("%s option %s has no description", c.Name, o.Key)
			}
		}
	}
	if got := strings.Join(names, ","); got != "blackhole,datagen,filesystem,print" {
		t.Fatalf("connectors %s", got)
	}
	if len(FormatSpecs()) != 2 {
		t.Fatalf("formats %v", FormatSpecs())
	}
}

func TestEditDistance(t *testing.T) {
	for _, c := range []struct {
		a, b string
		d    int
	}{{"fromat", "format", 1}, {"", "abc", 3}, {"kitten", "sitting", 3}, {"path", "path", 0}} {
		if got := sql.EditDistance(c.a, c.b); got != c.d {
			t.Errorf("%s/%s: %d want %d", c.a, c.b, got, c.d)
		}
	}
}

func TestDocListsEveryOption(t *testing.T) {
	doc := Doc()
	for _, want := range []string{
		"connector 'filesystem' (source, sink): reads and writes files of JSON lines or CSV",
		"  'path' (required): file or directory to read; directory to write",
		"  'format' (required; one of json, csv): record format",
		"connector 'print' (sink):",
		"connector 'datagen' (source):",
		"  'fields.<f>.kind' (default 'random'; one of random, sequence): generator of column <f>",
		"format 'csv': comma-separated values, columns by position",
		"  'csv.field-delimiter' (default ','): field delimiter character",
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("doc lacks %q:\n%s", want, doc)
		}
	}
}
