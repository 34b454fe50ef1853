package planner

import "testing"

func TestParseDuration(t *testing.T) {
	for _, c := range []struct {
		in   string
		want int64
		err  bool
	}{
		{"500ms", 500, false},
		{"500 ms", 500, false},
		{"10s", 10_000, false},
		{"5 s", 5_000, false},
		{"1 min", 60_000, false},
		{"2 minutes", 120_000, false},
		{"1h", 3_600_000, false},
		{"1 d", 86_400_000, false},
		{"250", 250, false},
		{"0", 0, false},
		{" 3 SECONDS ", 3_000, false},
		{"", 0, true},
		{"soon", 0, true},
		{"5 fortnights", 0, true},
		{"-5 s", 0, true},
		{"1.5 s", 0, true},
		{"99999999999999999999 d", 0, true},
	} {
		got, err := ParseDuration(c.in)
		if (err != nil) != c.err || got != c.want {
			t.Errorf("ParseDuration(%q) = %d, %v; want %d, error %v", c.in, got, err, c.want, c.err)
		}
	}
}
