package sqlvalue

import (
	"testing"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

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
		ms, ok := ParseTimestamp([]byte(c.in))
		got := ""
		if ok {
			got = string(AppendTimestamp(nil, ms, ' ', PlainNegativeYear))
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

func TestParseDate(t *testing.T) {
	for in, want := range map[string]string{
		"2024-02-29":  "2024-02-29",
		"1969-12-31":  "1969-12-31",
		"2023-02-29":  "",
		"2024-1-01":   "",
		" 2024-01-01": "",
		"2024-01-01 ": "",
	} {
		days, ok := ParseDate([]byte(in))
		got := ""
		if ok {
			got = string(AppendDate(nil, days, PlainNegativeYear))
		}
		if got != want {
			t.Errorf("%q: got %q want %q", in, got, want)
		}
	}
}

func TestParseCastForms(t *testing.T) {
	for _, c := range []struct {
		in, date, ts string // "" = error
	}{
		{" 2024-1-2 ", "2024-01-02", "2024-01-02 00:00:00.000"},
		{"2024-01-02T3:04", "", "2024-01-02 03:04:00.000"},
		{"2024-01-02 03:04:05.6789Z", "", "2024-01-02 03:04:05.678"},
		{"2024-01-02t03:04:05", "", ""},
		{"2024-01-02 03:04:05+02:00", "", ""},
		{"2024-02-30", "", ""},
		{"2024-01-02 24:00", "", ""},
	} {
		got := ""
		if days, ok := ParseCastDate([]byte(c.in)); ok {
			got = string(AppendDate(nil, days, PadNegativeYear))
		}
		if got != c.date {
			t.Errorf("date %q: got %q want %q", c.in, got, c.date)
		}
		got = ""
		if ms, ok := ParseCastTimestamp([]byte(c.in)); ok {
			got = string(AppendTimestamp(nil, ms, ' ', PadNegativeYear))
		}
		if got != c.ts {
			t.Errorf("timestamp %q: got %q want %q", c.in, got, c.ts)
		}
	}
}

func TestAppendDateYearForms(t *testing.T) {
	for _, c := range []struct {
		y          int64
		pad, plain string
	}{
		{2024, "2024-03-01", "2024-03-01"},
		{7, "0007-03-01", "0007-03-01"},
		{-1, "-0001-03-01", "-1-03-01"},
		{-1234, "-1234-03-01", "-1234-03-01"},
		{12345, "12345-03-01", "12345-03-01"},
	} {
		days := DaysFromCivil(c.y, 3, 1)
		if got := string(AppendDate(nil, days, PadNegativeYear)); got != c.pad {
			t.Errorf("year %d padded: got %q want %q", c.y, got, c.pad)
		}
		if got := string(AppendDate(nil, days, PlainNegativeYear)); got != c.plain {
			t.Errorf("year %d plain: got %q want %q", c.y, got, c.plain)
		}
	}
	if got := string(AppendTimestamp(nil, -1, 'T', PlainNegativeYear)); got != "1969-12-31T23:59:59.999" {
		t.Errorf("-1 ms: got %q", got)
	}
}

func TestCivilRoundTrip(t *testing.T) {
	for days := int64(-800000); days <= 800000; days += 7 {
		y, m, d := CivilFromDays(days)
		if m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m) || DaysFromCivil(y, m, d) != days {
			t.Fatalf("day %d: %d-%d-%d", days, y, m, d)
		}
	}
	if !IsLeap(2000) || IsLeap(1900) || !IsLeap(2024) || IsLeap(2023) {
		t.Error("IsLeap")
	}
	if FloorDiv(-1, MillisPerDay) != -1 || FloorMod(-1, 7) != 6 {
		t.Error("FloorDiv/FloorMod")
	}
	f := SplitMillis(-1)
	if ms, ok := f.Millis(); !ok || ms != -1 || f.Y != 1969 || f.Ms != 999 {
		t.Errorf("SplitMillis(-1) = %+v", f)
	}
}

func TestAppendDecimal(t *testing.T) {
	for _, c := range []struct {
		n     decimal128.Num
		scale int
		want  string
	}{
		{decimal128.FromI64(-1250), 2, "-12.50"},
		{decimal128.FromI64(5), 3, "0.005"},
		{decimal128.FromI64(0), 2, "0.00"},
		{decimal128.FromI64(42), 0, "42"},
		{decimal128.New(1, 0), 2, "184467440737095516.16"},
		{decimal128.New(1, 0).Negate(), 0, "-18446744073709551616"},
	} {
		if got := string(AppendDecimal(nil, c.n, c.scale)); got != c.want {
			t.Errorf("got %q want %q", got, c.want)
		}
	}
}

func TestAppendNoAlloc(t *testing.T) {
	buf := make([]byte, 0, 64)
	n := testing.AllocsPerRun(100, func() {
		b := AppendTimestamp(buf[:0], 1700000000123, ' ', PadNegativeYear)
		b = AppendDate(b, 19000, PlainNegativeYear)
		b = AppendFloat(b, 1.5e-9, 64)
		b = AppendDecimal(b, decimal128.FromI64(-123456), 2)
		_ = AppendPadded(b, 7, 3)
		_, _ = ParseTimestamp([]byte("2024-01-01T01:00:00+02:00"))
		_, _ = ParseCastTimestamp([]byte(" 2024-01-01 1:00 "))
	})
	if n != 0 {
		t.Errorf("%v allocations per run", n)
	}
}
