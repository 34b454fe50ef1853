// Package format holds the record formats of the file and message
// connectors: JSON lines and CSV decoders that append straight into Arrow
// builders, and encoders from Arrow records to bytes. Values are parsed
// column-typed with no per-row maps or boxing.
package format

import (
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/connectors/spec"
	"github.com/streamsql/streamsql/planner"
)

// Decoder appends one row per input line to its builders. On error it
// appends nothing, so all builders keep the same length. A line that is
// not a record (a CSV comment) appends nothing and returns nil.
type Decoder interface {
	Decode(line []byte) error
}

// Encoder appends the rows of a record to a byte buffer, one line each.
type Encoder interface {
	Encode(dst []byte, rec arrow.Record) ([]byte, error)
}

// Formats lists the formats and their options (Flink's names).
func Formats() []spec.Format {
	return []spec.Format{
		{Name: "json", Desc: "JSON lines, one object per line", Options: []spec.Option{
			{Key: "json.fail-on-missing-field", Kind: spec.KindBool, Default: "false", Desc: "fail on a row without one of the columns (otherwise NULL)"},
			{Key: "json.ignore-parse-errors", Kind: spec.KindBool, Default: "false", Desc: "skip and count rows that fail to parse instead of failing the job"},
			{Key: "json.encode.decimal-as-plain-number", Kind: spec.KindBool, Default: "true", Desc: "accepted for compatibility; DECIMAL is always written as a plain number"},
			{Key: "json.timestamp-format.standard", Default: "SQL", Allowed: []string{"SQL", "ISO-8601"}, Desc: "timestamp text written: 'yyyy-MM-dd HH:mm:ss.SSS' (SQL) or with 'T' (ISO-8601); both are read"},
		}},
		{Name: "csv", Desc: "comma-separated values, columns by position", Options: []spec.Option{
			{Key: "csv.field-delimiter", Kind: spec.KindChar, Default: ",", Desc: "field delimiter character"},
			{Key: "csv.quote-character", Kind: spec.KindChar, Default: `"`, Desc: "quote character enclosing field values"},
			{Key: "csv.disable-quote-character", Kind: spec.KindBool, Default: "false", Desc: "read and write fields without quoting"},
			{Key: "csv.ignore-parse-errors", Kind: spec.KindBool, Default: "false", Desc: "skip and count rows that fail to parse instead of failing the job"},
			{Key: "csv.allow-comments", Kind: spec.KindBool, Default: "false", Desc: "ignore lines starting with '#'"},
			{Key: "csv.null-literal", Desc: "text read and written as NULL"},
		}},
	}
}

// LookupFormat returns the spec of a format by name.
func LookupFormat(name string) (spec.Format, bool) {
	for _, f := range Formats() {
		if f.Name == name {
			return f, true
		}
	}
	return spec.Format{}, false
}

// Config is a format chosen by a table's options, with its settings read.
type Config struct {
	Name string
	JSON JSONOptions
	CSV  CSVOptions
}

// IgnoreParseErrors reports whether bad rows are skipped and counted.
func (c Config) IgnoreParseErrors() bool {
	if c.Name == "csv" {
		return c.CSV.IgnoreParseErrors
	}
	return c.JSON.IgnoreParseErrors
}

// Ext is the file extension of the format, with the dot.
func (c Config) Ext() string { return "." + c.Name }

// ReadConfig reads the 'format' option (key) and the chosen format's
// options from a table's options.
func ReadConfig(v spec.Values, key string) (Config, error) {
	name := v.String(key)
	f, ok := LookupFormat(name)
	if !ok {
		return Config{}, v.Errorf(key, "unknown format '%s'; known formats: json, csv", name)
	}
	fv := spec.Values{Table: v.Table, Specs: f.Options}
	c := Config{Name: name, CSV: DefaultCSVOptions()}
	var err error
	switch name {
	case "json":
		if c.JSON.FailOnMissingField, err = fv.Bool("json.fail-on-missing-field"); err != nil {
			return c, err
		}
		if c.JSON.IgnoreParseErrors, err = fv.Bool("json.ignore-parse-errors"); err != nil {
			return c, err
		}
		c.JSON.ISOTimestamps = fv.String("json.timestamp-format.standard") == "ISO-8601"
		if c.JSON.FailOnMissingField && c.JSON.IgnoreParseErrors {
			return c, fv.Errorf("json.fail-on-missing-field", "options 'json.fail-on-missing-field' and 'json.ignore-parse-errors' cannot both be true")
		}
	case "csv":
		if c.CSV.Delimiter, err = fv.Char("csv.field-delimiter", ','); err != nil {
			return c, err
		}
		if c.CSV.Quote, err = fv.Char("csv.quote-character", '"'); err != nil {
			return c, err
		}
		if c.CSV.IgnoreParseErrors, err = fv.Bool("csv.ignore-parse-errors"); err != nil {
			return c, err
		}
		if c.CSV.AllowComments, err = fv.Bool("csv.allow-comments"); err != nil {
			return c, err
		}
		c.CSV.NullLiteral = fv.String("csv.null-literal")
		noQuote, err := fv.Bool("csv.disable-quote-character")
		if err != nil {
			return c, err
		}
		if noQuote {
			c.CSV.Quote = 0
		}
		if c.CSV.Quote == c.CSV.Delimiter {
			return c, fv.Errorf("csv.quote-character", "the quote character and the field delimiter must differ")
		}
	}
	return c, nil
}

// NewDecoder builds the decoder of the configured format.
func (c Config) NewDecoder(fields []planner.Field, out []array.Builder) (Decoder, error) {
	switch c.Name {
	case "json":
		return NewJSONDecoder(fields, out, c.JSON)
	case "csv":
		return NewCSVDecoder(fields, out, c.CSV)
	}
	return nil, fmt.Errorf("format '%s' is not supported yet", c.Name)
}

// NewEncoder builds the encoder of the configured format.
func (c Config) NewEncoder(fields []planner.Field) (Encoder, error) {
	switch c.Name {
	case "json":
		return NewJSONEncoder(fields, c.JSON)
	case "csv":
		return NewCSVEncoder(fields, c.CSV)
	}
	return nil, fmt.Errorf("format '%s' is not supported yet", c.Name)
}
