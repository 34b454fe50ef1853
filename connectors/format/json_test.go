package format

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

const fullRow = `{"b":true,"t":-128,"s":32767,"i":-2147483648,"l":9223372036854775807,` +
	`"f":1.5,"d":-2.25E-5,"dec":12345678.91,"str":"h\u00e9\"llo\n\ud83d\ude00","by":"AAEC/w==",` +
	`"dt":"2024-02-29","ts":"2024-01-01 12:30:45.123","ltz":"2024-01-01T12:30:45.5+02:00","iv":3600000}`

func TestJSONRoundTripAllTypes(t *testing.T) {
	tb := newTestBuilder(allTypes)
	d := jsonDecoder(t, tb, allTypes, JSONOptions{})
	lines := []string{
		fullRow,
		// every field NULL: explicitly and by absence
		`{"b":null,"t":null,"s":null,"i":null,"l":null,"f":null,"d":null,"dec":null}`,
		// numbers as strings, unknown and nested keys skipped, key order free
		` { "extra": {"a":[1,{"b":"}"}]}, "iv":"5", "dec":"-0.005", "l":"-7", "str":"", ` +
			`"ltz":1704112245123, "ts":"2024-01-01T00:00:00", "arr":[], "by":"" } `,
	}
	for _, l := range lines {
		if err := d.Decode([]byte(l)); err != nil {
			t.Fatalf("decode %s: %v", l, err)
		}
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	enc, err := NewJSONEncoder(allTypes, JSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := enc.Encode(nil, rec)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"b":true,"t":-128,"s":32767,"i":-2147483648,"l":9223372036854775807,"f":1.5,"d":-2.25E-5,"dec":12345678.91,"str":"hé\"llo\n😀","by":"AAEC/w==","dt":"2024-02-29","ts":"2024-01-01 12:30:45.123","ltz":"2024-01-01 10:30:45.500Z","iv":3600000}
{"b":null,"t":null,"s":null,"i":null,"l":null,"f":null,"d":null,"dec":null,"str":null,"by":null,"dt":null,"ts":null,"ltz":null,"iv":null}
{"b":null,"t":null,"s":null,"i":null,"l":-7,"f":null,"d":null,"dec":-0.01,"str":"","by":"","dt":null,"ts":"2024-01-01 00:00:00.000","ltz":"2024-01-01 12:30:45.123Z","iv":5}
`
	if string(out) != want {
		t.Fatalf("encoded:\n%s\nwant:\n%s", out, want)
	}
	// Decoding the encoder's output gives the same record back.
	checkRoundTrip(t, allTypes, out, rec, tb, func(b *testBuilder) lineDecoder { return jsonDecoder(t, b, allTypes, JSONOptions{}) })
}

func TestJSONDecodeErrors(t *testing.T) {
	cases := []struct{ line, err string }{
		{``, "unexpected end of JSON input"},
		{`{"i":1`, "unexpected end of JSON input"},
		{`{"i":1,`, "unexpected end of JSON input"},
		{`{"str":"abc`, "unexpected end of JSON input"},
		{`[1,2]`, "expected a JSON object"},
		{`{"i":1}x`, "unexpected data after the JSON object"},
		{`{"i" 1}`, "expected ':' after object key"},
		{`{i:1}`, "expected object key"},
		{`{"i":1 "l":2}`, "expected ',' or '}'"},
		{`{"str":"a\qb"}`, `invalid escape '\q'`},
		{`{"str":"\u12G4"}`, `invalid \u escape`},
		{"{\"str\":\"a\x01\"}", "control character in string"},
		{"{\"str\":\"\xff\"}", "invalid UTF-8"},
		{`{"i":01}`, "invalid JSON"},
		{`{"i":-}`, "invalid number"},
		{`{"i":tru}`, "invalid literal"},
		{`{"x":{"a":[1,}]}}`, "invalid JSON"},
		{`{"x":{"a" 1}}`, "expected ':'"},
		{`{"i":"abc"}`, `field 'i': cannot parse "abc" as INT`},
		{`{"i":2147483648}`, `field 'i': cannot parse "2147483648" as INT`},
		{`{"i":1.5}`, `field 'i': cannot parse "1.5" as INT`},
		{`{"t":128}`, `as TINYINT`},
		{`{"dec":"abc"}`, `field 'dec': cannot parse "abc" as DECIMAL(10, 2)`},
		{`{"dec":123456789.5}`, `as DECIMAL(10, 2)`},
		{`{"b":1}`, `field 'b': cannot parse "1" as BOOLEAN`},
		{`{"b":"yes"}`, `as BOOLEAN`},
		{`{"dt":"2023-02-29"}`, `as DATE`},
		{`{"ts":"2024-01-01 24:00:00"}`, `as TIMESTAMP(3)`},
		{`{"ts":1700000000000}`, `as TIMESTAMP(3)`},
		{`{"by":"!!"}`, `field 'by': invalid base64`},
		{`{"i":{"a":1}}`, `field 'i': cannot read an object as INT`},
		{`{"l":[1]}`, `field 'l': cannot read an array as BIGINT`},
	}
	tb := newTestBuilder(allTypes)
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d := jsonDecoder(t, tb, allTypes, JSONOptions{})
	good := `{"i":1,"str":"ok","l":2}`
	for n, c := range cases {
		// A good row before each bad one: the bad one must not leave a
		// partial row behind.
		if err := d.Decode([]byte(good)); err != nil {
			t.Fatal(err)
		}
		err := d.Decode([]byte(c.line))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: error %v, want %q", c.line, err, c.err)
		}
		tb.assertLen(t, n+1)
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	ints := rec.Column(3).(*array.Int32)
	for i := 0; i < ints.Len(); i++ {
		if ints.Value(i) != 1 || rec.Column(4).(*array.Int64).Value(i) != 2 {
			t.Fatalf("row %d corrupted: %v", i, rec)
		}
	}
}

func TestJSONFailOnMissingField(t *testing.T) {
	fields := allTypes[3:5]
	tb := newTestBuilder(fields)
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d := jsonDecoder(t, tb, fields, JSONOptions{FailOnMissingField: true})
	if err := d.Decode([]byte(`{"i":1}`)); err == nil || err.Error() != "field 'l' is missing" {
		t.Fatalf("got %v", err)
	}
	if err := d.Decode([]byte(`{"i":1,"l":null}`)); err != nil {
		t.Fatal(err)
	}
	tb.assertLen(t, 1)
}

func TestJSONProjectedFieldsOnly(t *testing.T) {
	// Only 'l' is produced: 'i' is skipped even when it would not parse.
	fields := allTypes[3:5]
	alloc := newTestBuilder(fields[1:])
	defer func() { alloc.rb.Release(); alloc.alloc.AssertSize(t, 0) }()
	d, err := NewJSONDecoder(fields, []array.Builder{nil, alloc.rb.Field(0)}, JSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Decode([]byte(`{"i":"x","l":42}`)); err != nil {
		t.Fatal(err)
	}
	rec := alloc.rb.NewRecord()
	defer rec.Release()
	if v := rec.Column(0).(*array.Int64).Value(0); v != 42 {
		t.Fatalf("got %d", v)
	}
}

func TestJSONEncodeISOTimestamps(t *testing.T) {
	fields := allTypes[11:13]
	tb := newTestBuilder(fields)
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d := jsonDecoder(t, tb, fields, JSONOptions{})
	if err := d.Decode([]byte(`{"ts":"2024-05-06 07:08:09.010","ltz":0}`)); err != nil {
		t.Fatal(err)
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	enc, err := NewJSONEncoder(fields, JSONOptions{ISOTimestamps: true})
	if err != nil {
		t.Fatal(err)
	}
	out, _ := enc.Encode(nil, rec)
	if want := `{"ts":"2024-05-06T07:08:09.010","ltz":"1970-01-01T00:00:00.000Z"}` + "\n"; string(out) != want {
		t.Fatalf("got %s", out)
	}
}

func TestNotNullColumns(t *testing.T) {
	fields := []planner.Field{{Name: "id", Type: catalog.Type{Kind: catalog.KindBigInt, NotNull: true}}, {Name: "s", Type: catalog.String}}
	tb := newTestBuilder(fields)
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d := jsonDecoder(t, tb, fields, JSONOptions{})
	for _, l := range []string{`{"s":"x"}`, `{"id":null}`} {
		if err := d.Decode([]byte(l)); err == nil || err.Error() != "field 'id': NULL for a NOT NULL column" {
			t.Fatalf("%s: got %v", l, err)
		}
	}
	c, err := NewCSVDecoder(fields, tb.rb.Fields(), DefaultCSVOptions())
	if err != nil {
		t.Fatal(err)
	}
	if err := c.Decode([]byte(",x")); err == nil {
		t.Fatal("NULL accepted for NOT NULL")
	}
	tb.assertLen(t, 0)
}
