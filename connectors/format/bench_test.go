package format

import (
	"fmt"
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

var benchFields = []planner.Field{
	{Name: "id", Type: catalog.BigInt},
	{Name: "user", Type: catalog.String},
	{Name: "amount", Type: catalog.Decimal(10, 2)},
	{Name: "ts", Type: catalog.Timestamp},
	{Name: "ok", Type: catalog.Boolean},
	{Name: "n", Type: catalog.Int},
	{Name: "note", Type: catalog.String},
}

// benchLines returns distinct JSON lines of about size bytes each.
func benchLines(size int) [][]byte {
	var lines [][]byte
	for i := 0; i < 256; i++ {
		l := fmt.Sprintf(`{"id":%d,"user":"user_%05d","amount":%d.%02d,"ts":"2024-01-01 12:%02d:%02d.123","ok":true,"n":%d`,
			1000000+i, i, i*37, i%100, i%60, i%60, i)
		if size > 200 {
			l += `,"meta":{"tags":["a","b"],"src":"web"},"note":"`
			l += strings.Repeat("lorem ipsum ", (size-len(l))/12-1) + `"`
		}
		lines = append(lines, []byte(l+"}"))
	}
	return lines
}

func benchDecode(b *testing.B, dec func(*testBuilder) Decoder, lines [][]byte) {
	tb := newTestBuilder(benchFields)
	d := dec(tb)
	total := 0
	for _, l := range lines {
		total += len(l)
	}
	b.SetBytes(int64(total / len(lines)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if err := d.Decode(lines[i%len(lines)]); err != nil {
			b.Fatal(err)
		}
		if i%1024 == 1023 {
			// As a source does: emit a batch, reserve the next.
			tb.rb.NewRecord().Release()
			tb.rb.Reserve(1024)
		}
	}
	b.ReportMetric(float64(b.N)/b.Elapsed().Seconds(), "rows/s")
	tb.rb.Release()
}

func BenchmarkJSONDecode(b *testing.B) {
	for _, size := range []int{100, 1024} {
		lines := benchLines(size)
		b.Run(fmt.Sprintf("%dB", len(lines[0])), func(b *testing.B) {
			benchDecode(b, func(tb *testBuilder) Decoder { return jsonDecoder(b, tb, benchFields, JSONOptions{}) }, lines)
		})
	}
}

func BenchmarkCSVDecode(b *testing.B) {
	var lines [][]byte
	for i := 0; i < 256; i++ {
		lines = append(lines, []byte(fmt.Sprintf(`%d,user_%05d,%d.%02d,2024-01-01 12:%02d:%02d.123,true,%d,"a note, quoted"`,
			1000000+i, i, i*37, i%100, i%60, i%60, i)))
	}
	benchDecode(b, func(tb *testBuilder) Decoder {
		d, err := NewCSVDecoder(benchFields, tb.rb.Fields(), DefaultCSVOptions())
		if err != nil {
			b.Fatal(err)
		}
		return d
	}, lines)
}

func BenchmarkJSONEncode(b *testing.B) {
	tb := newTestBuilder(benchFields)
	d := jsonDecoder(b, tb, benchFields, JSONOptions{})
	lines := benchLines(100)
	for i := 0; i < 1024; i++ {
		if err := d.Decode(lines[i%len(lines)]); err != nil {
			b.Fatal(err)
		}
	}
	rec := tb.rb.NewRecord()
	defer rec.Release()
	enc, err := NewJSONEncoder(benchFields, JSONOptions{})
	if err != nil {
		b.Fatal(err)
	}
	buf, _ := enc.Encode(nil, rec)
	b.SetBytes(int64(len(buf)))
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		if buf, err = enc.Encode(buf[:0], rec); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(rec.NumRows())*float64(b.N)/b.Elapsed().Seconds(), "rows/s")
}
