package format

import (
	"testing"
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
			got = string(AppendDecimal(nil, n, c.s))
		}
		if got != c.want {
			t.Errorf("%q as DECIMAL(%d, %d): got %q want %q", c.in, c.p, c.s, got, c.want)
		}
	}
}

func TestParseTimestamp(t *testing.T) {
	for _, c := range []struct {
		in   string
		want string // "" = error
	}{
		{"2024-01-01 00:00:00", "2024-01-01 00:00:00.000"},
		{"2024-01-01T23:59:59.9", "2024-01-01 23:59:59.900"},
		{"2024-01-01T23:59:59.123456789", "2024-01-01 23:59:59.123"},
		{"2024-01-01T01:00:00+02:00", "2023-12-31 23:00:00.000"},
		{"2024-01-01T01:00:00-0130", "2024-01-01 02:30:00.000"},
		{"2024-01-01 01:00:00Z", "2024-01-01 01:00:00.000"},
		{"1969-12-31 23:59:59.999", "1969-12-31 23:59:59.999"},
		{"0001-01-01 00:00:00", "0001-01-01 00:00:00.000"},
		{"2024-02-30 00:00:00", ""},
		{"2024-01-01 00:60:00", ""},
		{"2024-01-01 00:00:00.", ""},
		{"2024-01-01 00:00:00+2", ""},
		{"2024-01-01", ""},
		{"2024-01-01 00:00:00 ", ""},
	} {
		ms, ok := parseTimestamp([]byte(c.in))
		got := ""
		if ok {
			got = string(AppendTimestamp(nil, ms, ' '))
		}
		if got != c.want {
			t.Errorf("%q: got %q want %q", c.in, got, c.want)
		}
	}
}

func TestAppendFloatLikeJava(t *testing.T) {
	for _, c := range []struct {
		f    float64
		want string
	}{{1, "1.0"}, {0.5, "0.5"}, {1e10, "1.0E10"}, {1.5e-5, "1.5E-5"}, {-1234567.0, "-1234567.0"}, {0, "0.0"}} {
		if got := string(AppendFloat(nil, c.f, 64)); got != c.want {
			t.Errorf("%v: got %s want %s", c.f, got, c.want)
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
