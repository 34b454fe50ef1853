package sql

import (
	"strconv"
	"strings"
)

// supportedTypes lists the column types the parser accepts, for the error
// on an unknown type name.
const supportedTypes = "STRING, VARCHAR(n), CHAR(n), BOOLEAN, TINYINT, SMALLINT, INT, BIGINT, " +
	"FLOAT, DOUBLE, DECIMAL(p, s), DATE, TIME, TIMESTAMP(p), TIMESTAMP_LTZ(p), BYTES, VARBINARY(n), BINARY(n)"

// typeSpelling describes how one Flink type keyword is parsed: its
// canonical name and how many numeric parameters it may take.
type typeSpelling struct {
	canonical string
	maxParams int
}

// typeSpellings maps each accepted type keyword to its canonical form.
// Synonyms are folded: INTEGER is INT, DEC and NUMERIC are DECIMAL, REAL is
// FLOAT, CHAR(n) is VARCHAR(n) (values are not blank-padded), TIMESTAMP
// WITH LOCAL TIME ZONE is TIMESTAMP_LTZ. VARBINARY(n) and BINARY(n) keep
// their names (the catalog holds them as BYTES) because BYTES takes no
// length.
//
// Parameters are kept as written and defaults are left to the catalog:
// DECIMAL has no Params when written without them, TIMESTAMP likewise.
var typeSpellings = map[string]typeSpelling{
	"STRING":        {"STRING", 0},
	"VARCHAR":       {"VARCHAR", 1},
	"CHAR":          {"VARCHAR", 1},
	"CHARACTER":     {"VARCHAR", 1},
	"BOOLEAN":       {"BOOLEAN", 0},
	"TINYINT":       {"TINYINT", 0},
	"SMALLINT":      {"SMALLINT", 0},
	"INT":           {"INT", 0},
	"INTEGER":       {"INT", 0},
	"BIGINT":        {"BIGINT", 0},
	"FLOAT":         {"FLOAT", 0},
	"REAL":          {"FLOAT", 0},
	"DOUBLE":        {"DOUBLE", 0},
	"DECIMAL":       {"DECIMAL", 2},
	"DEC":           {"DECIMAL", 2},
	"NUMERIC":       {"DECIMAL", 2},
	"DATE":          {"DATE", 0},
	"TIME":          {"TIME", 1},
	"TIMESTAMP":     {"TIMESTAMP", 1},
	"TIMESTAMP_LTZ": {"TIMESTAMP_LTZ", 1},
	"BYTES":         {"BYTES", 0},
	"VARBINARY":     {"VARBINARY", 1},
	"BINARY":        {"BINARY", 1},
}

// unsupportedTypes are Flink types the parser recognises but streamsql
// cannot hold yet.
var unsupportedTypes = map[string]bool{
	"ARRAY": true, "ROW": true, "MULTISET": true, "RAW": true,
	"INTERVAL": true, "NULL": true, "STRUCTURED": true, "VARIANT": true,
}

// typeName parses a column type with an optional NOT NULL / NULL suffix.
func (p *stmtParser) typeName() (*TypeName, error) {
	t := p.peek()
	if t.kind != tkIdent {
		return nil, p.expected("a column type")
	}
	word := strings.ToUpper(t.text)
	if word == "MAP" {
		return p.mapType()
	}
	spelling, ok := typeSpellings[word]
	if !ok {
		if unsupportedTypes[word] {
			return nil, p.errorf(t, "type %s is not supported yet", word)
		}
		return nil, p.errorf(t, "unknown type %s%s; supported types are %s",
			t.describe(), didYouMean(word, typeKeywords()), supportedTypes)
	}
	p.advance()
	tn := &TypeName{Node: Node{P: p.pos(t)}, Name: spelling.canonical}
	if word == "DOUBLE" {
		p.acceptKw("PRECISION")
	}
	if word == "CHARACTER" {
		p.acceptKw("VARYING")
	}
	if spelling.maxParams > 0 && p.peek().isOp("(") {
		params, err := p.typeParams(word, spelling.maxParams)
		if err != nil {
			return nil, err
		}
		tn.Params = params
	}
	if err := p.timeZoneSuffix(word, tn); err != nil {
		return nil, err
	}
	return tn, p.nullSuffix(tn)
}

// mapType parses MAP<key type, value type> with an optional NOT NULL /
// NULL suffix; the element types are checked by the catalog.
func (p *stmtParser) mapType() (*TypeName, error) {
	t := p.advance()
	tn := &TypeName{Node: Node{P: p.pos(t)}, Name: "MAP"}
	if err := p.expectOp("<", "after MAP (MAP<key type, value type>)"); err != nil {
		return nil, err
	}
	for i := 0; i < 2; i++ {
		arg, err := p.typeName()
		if err != nil {
			return nil, err
		}
		tn.Args = append(tn.Args, arg)
		if i == 0 {
			if err := p.expectOp(",", "between the key and value types of MAP"); err != nil {
				return nil, err
			}
		}
	}
	if err := p.expectOp(">", "to close MAP<key type, value type>"); err != nil {
		return nil, err
	}
	return tn, p.nullSuffix(tn)
}

// nullSuffix parses an optional NOT NULL or NULL after a type.
func (p *stmtParser) nullSuffix(tn *TypeName) error {
	if p.acceptKw("NOT") {
		if err := p.expectKw("NULL"); err != nil {
			return err
		}
		tn.NotNull = true
	} else {
		p.acceptKw("NULL")
	}
	return nil
}

// timeZoneSuffix parses WITHOUT TIME ZONE after TIME or TIMESTAMP, and WITH
// LOCAL TIME ZONE after TIMESTAMP, which makes it TIMESTAMP_LTZ.
func (p *stmtParser) timeZoneSuffix(word string, tn *TypeName) error {
	if word != "TIME" && word != "TIMESTAMP" {
		return nil
	}
	if p.acceptKw("WITHOUT") {
		return p.expectKw("TIME", "ZONE")
	}
	if word != "TIMESTAMP" || !p.peek().is("WITH") {
		return nil
	}
	with := p.advance()
	if p.acceptKw("LOCAL") {
		tn.Name = "TIMESTAMP_LTZ"
		return p.expectKw("TIME", "ZONE")
	}
	if p.peek().is("TIME") {
		return p.errorf(with, "TIMESTAMP WITH TIME ZONE is not supported; use TIMESTAMP_LTZ")
	}
	return p.expected("LOCAL TIME ZONE after TIMESTAMP WITH")
}

// typeParams parses "(n)" or "(p, s)" with at most max integers.
func (p *stmtParser) typeParams(typ string, max int) ([]int, error) {
	p.advance() // (
	var params []int
	for {
		t := p.peek()
		if t.kind != tkNumber {
			return nil, p.expected("an integer parameter of " + typ)
		}
		n, err := strconv.Atoi(t.text)
		if err != nil || n < 0 || n > 1<<31-1 {
			return nil, p.errorf(t, "type parameter of %s must be a non-negative integer, found %s", typ, t.describe())
		}
		p.advance()
		params = append(params, n)
		if len(params) < max && p.acceptOp(",") {
			continue
		}
		what := "')' to close the parameters of " + typ
		if len(params) < max {
			what = "',' or " + what
		}
		if err := p.expectOp(")", ""); err != nil {
			return nil, p.expected(what)
		}
		return params, nil
	}
}
