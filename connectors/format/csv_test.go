package format

import (
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/array"
)

func csvDecoder(t testing.TB, tb *testBuilder, opts CSVOptions) *CSVDecoder {
	d, err := NewCSVDecoder(allTypes, tb.rb.Fields(), opts)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

func TestCSVRoundTripAllTypes(t *testing.T) {
	opts := DefaultCSVOptions()
	opts.NullLiteral = `\N`
	opts.AllowComments = true
	tb := newTestBuilder(allTypes)
	d := csvDecoder(t, tb, opts)
	lines := []string{
		`true,-128,32767,-2147483648,9223372036854775807,1.5,-2.25E-5,12345678.91,"he said ""hi"", twice",AAEC/w==,2024-02-29,2024-01-01 12:30:45.123,2024-01-01T12:30:45.5Z,3600000`,
		`# a comment line`,
		`\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N`,
		`,,,,,,,,,,,,,` + "\r",
		`false,1,2,3,4,0,1E10,-0.5,"\N",,1970-01-01,1969-12-31 23:59:59.999,1704112245123,-1`,
	}
	for _, l := range lines {
		if err := d.Decode([]byte(l)); err != nil {
			t.Fatalf("decode %q: %v", l, err)
		}
	}
	tb.assertLen(t, 4)
	rec := tb.rb.NewRecord()
	defer rec.Release()
	enc, err := NewCSVEncoder(allTypes, opts)
	if err != nil {
		t.Fatal(err)
	}
	out, err := enc.Encode(nil, rec)
	if err != nil {
		t.Fatal(err)
	}
	// The empty BYTES field of the last line reads as NULL (only STRING
	// keeps an unquoted empty field as the empty string).
	want := `true,-128,32767,-2147483648,9223372036854775807,1.5,-2.25E-5,12345678.91,"he said ""hi"", twice",AAEC/w==,2024-02-29,2024-01-01 12:30:45.123,2024-01-01 12:30:45.500Z,3600000
\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N,\N
\N,\N,\N,\N,\N,\N,\N,\N,"",\N,\N,\N,\N,\N
false,1,2,3,4,0.0,1.0E10,-0.50,"\N",\N,1970-01-01,1969-12-31 23:59:59.999,2024-01-01 12:30:45.123Z,-1
`
	if string(out) != want {
		t.Fatalf("encoded:\n%s\nwant:\n%s", out, want)
	}
	checkRoundTrip(t, allTypes, out, rec, tb, func(b *testBuilder) lineDecoder { return csvDecoder(t, b, opts) })
}

func TestCSVDecodeErrors(t *testing.T) {
	good := `true,1,2,3,4,5,6,7,x,,2024-01-01,2024-01-01 00:00:00,1,1`
	cases := []struct{ line, err string }{
		{`true,1,2`, "expected 14 fields, got 3"},
		{good + ",extra", "expected 14 fields, got 15"},
		{`true,1,2,x,4,5,6,7,x,,2024-01-01,2024-01-01 00:00:00,1,1`, `field 'i': cannot parse "x" as INT`},
		{`true,1,2,3,4,5,6,7,"x,,2024-01-01,2024-01-01 00:00:00,1,1`, "unterminated quoted field"},
		{`true,1,2,3,4,5,6,7,"x"y,,2024-01-01,2024-01-01 00:00:00,1,1`, "unexpected character after quoted field"},
		{`true,1,2,3,4,5,6,7,x,,2024-13-01,2024-01-01 00:00:00,1,1`, `as DATE`},
	}
	tb := newTestBuilder(allTypes)
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d := csvDecoder(t, tb, DefaultCSVOptions())
	for n, c := range cases {
		if err := d.Decode([]byte(good)); err != nil {
			t.Fatal(err)
		}
		err := d.Decode([]byte(c.line))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%q: error %v, want %q", c.line, err, c.err)
		}
		tb.assertLen(t, n+1)
	}
}

func TestCSVDelimiterAndQuote(t *testing.T) {
	fields := allTypes[8:9]
	tb := newTestBuilder(allTypes[8:9])
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d, err := NewCSVDecoder(fields, tb.rb.Fields(), CSVOptions{Delimiter: '|', Quote: '\''})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Decode([]byte(`'a|b''c'`)); err != nil {
		t.Fatal(err)
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	if v := rec.Column(0).(*array.String).Value(0); v != "a|b'c" {
		t.Fatalf("got %q", v)
	}
}

func TestCSVDisableQuote(t *testing.T) {
	fields := allTypes[8:9]
	tb := newTestBuilder(fields)
	defer func() { tb.rb.Release(); tb.alloc.AssertSize(t, 0) }()
	d, err := NewCSVDecoder(fields, tb.rb.Fields(), CSVOptions{Delimiter: ','})
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Decode([]byte(`"a"b"`)); err != nil {
		t.Fatal(err)
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	if v := rec.Column(0).(*array.String).Value(0); v != `"a"b"` {
		t.Fatalf("got %q", v)
	}
	enc, err := NewCSVEncoder(fields, CSVOptions{Delimiter: ','})
	if err != nil {
		t.Fatal(err)
	}
	if out, _ := enc.Encode(nil, rec); string(out) != "\"a\"b\"\n" {
		t.Fatalf("encoded %q", out)
	}
}
