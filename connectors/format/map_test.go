package format

import (
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

var mapFields = []planner.Field{
	{Name: "id", Type: catalog.Int},
	{Name: "h", Type: catalog.Map(catalog.String, catalog.Bytes)},
	{Name: "s", Type: catalog.Map(catalog.String, catalog.String)},
}

func TestJSONMapRoundTrip(t *testing.T) {
	tb := newTestBuilder(mapFields)
	d := jsonDecoder(t, tb, mapFields, JSONOptions{})
	lines := []string{
		`{"id":1,"h":{"trace":"AAE=","e":""},"s":{"a":"x","b":null,"n":12,"o":{"k":[1]},"t":true}}`,
		`{"id":2,"h":null,"s":{}}`,
		`{"id":3,"h":{"k":null,"k":"/w=="},"s":{"dup":"1","z":"2","dup":"3"}}`,
		`{"id":4}`,
	}
	for _, l := range lines {
		if err := d.Decode([]byte(l)); err != nil {
			t.Fatalf("decode %s: %v", l, err)
		}
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	enc, err := NewJSONEncoder(mapFields, JSONOptions{})
	if err != nil {
		t.Fatal(err)
	}
	out, err := enc.Encode(nil, rec)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":1,"h":{"trace":"AAE=","e":""},"s":{"a":"x","b":null,"n":"12","o":"{\"k\":[1]}","t":"true"}}
{"id":2,"h":null,"s":{}}
{"id":3,"h":{"k":"/w=="},"s":{"dup":"3","z":"2"}}
{"id":4,"h":null,"s":null}
`
	if string(out) != want {
		t.Fatalf("encoded:\n%s\nwant:\n%s", out, want)
	}
	rt, err := NewRowText(mapFields)
	if err != nil {
		t.Fatal(err)
	}
	if err := rt.Bind(rec); err != nil {
		t.Fatal(err)
	}
	var text []string
	for i := 0; i < int(rec.NumRows()); i++ {
		text = append(text, string(rt.AppendRow(nil, i)))
	}
	wantText := "1, {trace=AAE=, e=}, {a=x, b=null, n=12, o={\"k\":[1]}, t=true}|2, null, {}|3, {k=/w==}, {dup=3, z=2}|4, null, null"
	if got := strings.Join(text, "|"); got != wantText {
		t.Fatalf("row text:\n%s\nwant:\n%s", got, wantText)
	}
	checkRoundTrip(t, mapFields, out, rec, tb, func(b *testBuilder) lineDecoder { return jsonDecoder(t, b, mapFields, JSONOptions{}) })
}

func TestJSONMapErrors(t *testing.T) {
	tb := newTestBuilder(mapFields)
	defer tb.alloc.AssertSize(t, 0)
	defer tb.rb.Release()
	d := jsonDecoder(t, tb, mapFields, JSONOptions{})
	for _, c := range []struct{ line, err string }{
		{`{"h":[1]}`, "field 'h': expected a JSON object for MAP<STRING, BYTES>"},
		{`{"h":"abc"}`, "field 'h': expected a JSON object"},
		{`{"h":{"k":"%%%"}}`, `field 'h', key "k": field 'h': invalid base64 for BYTES`},
		{`{"h":{"k":1}}`, `field 'h', key "k": expected a base64 string for BYTES`},
		{`{"s":{"k" "v"}}`, "expected ':'"},
		{`{"s":{"k":"v"`, "unexpected end of JSON input"},
	} {
		err := d.Decode([]byte(c.line))
		if err == nil || !strings.Contains(err.Error(), c.err) {
			t.Errorf("%s: got %v, want %q", c.line, err, c.err)
		}
		tb.assertLen(t, 0)
	}
}

func TestCSVRejectsMap(t *testing.T) {
	tb := newTestBuilder(mapFields)
	defer tb.alloc.AssertSize(t, 0)
	defer tb.rb.Release()
	want := "field 'h': format 'csv' cannot hold MAP<STRING, BYTES> columns; use format 'json'"
	if _, err := NewCSVDecoder(mapFields, tb.rb.Fields(), DefaultCSVOptions()); err == nil || err.Error() != want {
		t.Errorf("decoder: %v", err)
	}
	if _, err := NewCSVEncoder(mapFields, DefaultCSVOptions()); err == nil || err.Error() != want {
		t.Errorf("encoder: %v", err)
	}
}
