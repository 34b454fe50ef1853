package format

import (
	"testing"

	"github.com/streamsql/streamsql/internal/sqlvalue"
)

func TestParseDecimal(t *testing.T) {
	for _, c := range []struct {
		in   string
		p, s int
		want string // "" = error
	}{
		{"12.345", 10, 2, "12.35"},
		{"-12.344", 10, 2, "-12.34"},
		{"1e3", 10, 2, "1000.00"},
		{"1.5E-1", 10, 2, "0.15"},
		{"0.004", 10, 2, "0.00"},
		{"00012", 5, 0, "12"},
		{"99999999.99", 10, 2, "99999999.99"},
		{"99999999.995", 10, 2, ""}, // rounds past the precision
		{"123456789012345678901234567890.12345678", 38, 8, "123456789012345678901234567890.12345678"},
		{"1.", 10, 2, "1.00"},
		{".5", 10, 2, "0.50"},
		{"", 10, 2, ""},
		{"-", 10, 2, ""},
		{"1.2.3", 10, 2, ""},
		{"1e", 10, 2, ""},
		{"0x10", 10, 2, ""},
	} {
		n, ok := parseDecimal([]byte(c.in), c.p, c.s)
		got := ""
		if ok {
			got = string(sqlvalue.AppendDecimal(nil, n, c.s))
		}
		if got != c.want {
			t.Errorf("%q as DECIMAL(%d, %d): got %q want %q", c.in, c.p, c.s, got, c.want)
		}
	}
}

func TestUnescapeSurrogates(t *testing.T) {
	for in, want := range map[string]string{
		`"\ud83d\ude00"`: "😀",
		`"\ud800x"`:      "\uFFFDx",
		`"\udc00"`:       "\uFFFD",
		`"a\/b\\c\td"`:   "a/b\\c\td",
	} {
		var scratch []byte
		got, n, err := scanString([]byte(in), 0, &scratch)
		if err != nil || string(got) != want || n != len(in) {
			t.Errorf("%s: got %q %d %v", in, got, n, err)
		}
	}
}
