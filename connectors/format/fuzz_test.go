package format

import "testing"

func FuzzJSONDecode(f *testing.F) {
	f.Add([]byte(fullRow))
	f.Add([]byte(`{"i":1,"x":{"a":[1,2,{"b":null}]},"str":"\ud83d\ude00"}`))
	f.Add([]byte(`{"dec":"1e3","ltz":1,"ts":"2024-01-01T00:00:00Z"}`))
	tb := newTestBuilder(allTypes)
	d := jsonDecoder(f, tb, allTypes, JSONOptions{})
	rows := 0
	f.Fuzz(func(t *testing.T, line []byte) {
		if d.Decode(line) == nil {
			rows++
		}
		tb.assertLen(t, rows)
		if rows >= 1024 {
			tb.rb.NewRecord().Release()
			rows = 0
		}
	})
}

func FuzzCSVDecode(f *testing.F) {
	f.Add([]byte(`true,1,2,3,4,5,6,7,"x ""y""",AA==,2024-01-01,2024-01-01 00:00:00,1,1`))
	f.Add([]byte(`,,,,,,,,,,,,,`))
	tb := newTestBuilder(allTypes)
	d := csvDecoder(f, tb, CSVOptions{Delimiter: ',', Quote: '"', NullLiteral: "null", AllowComments: true})
	rows := 0
	f.Fuzz(func(t *testing.T, line []byte) {
		if d.Decode(line) == nil && !(len(line) > 0 && line[0] == '#') {
			rows++
		}
		tb.assertLen(t, rows)
		if rows >= 1024 {
			tb.rb.NewRecord().Release()
			rows = 0
		}
	})
}
