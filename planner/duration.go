package planner

import (
	"fmt"
	"strconv"
	"strings"
)

// durationUnits maps Flink's duration unit spellings to milliseconds.
var durationUnits = map[string]int64{
	"": 1, "ms": 1, "milli": 1, "millis": 1, "millisecond": 1, "milliseconds": 1,
	"s": 1000, "sec": 1000, "secs": 1000, "second": 1000, "seconds": 1000,
	"m": 60_000, "min": 60_000, "mins": 60_000, "minute": 60_000, "minutes": 60_000,
	"h": 3_600_000, "hour": 3_600_000, "hours": 3_600_000,
	"d": 86_400_000, "day": 86_400_000, "days": 86_400_000,
}

// ParseDuration parses a duration the way Flink options are written: a
// non-negative integer and an optional unit, with or without a space
// ("500ms", "10s", "5 s", "1 min", "2 h", "1 d"). A bare number is
// milliseconds. It returns milliseconds.
func ParseDuration(s string) (int64, error) {
	text := strings.TrimSpace(s)
	i := 0
	for i < len(text) && text[i] >= '0' && text[i] <= '9' {
		i++
	}
	if i == 0 {
		return 0, fmt.Errorf("invalid duration '%s': expected a number and a unit such as '10 s' or '500 ms'", s)
	}
	n, err := strconv.ParseInt(text[:i], 10, 64)
	if err != nil {
		return 0, fmt.Errorf("invalid duration '%s': %v", s, err)
	}
	unit := strings.ToLower(strings.TrimSpace(text[i:]))
	mult, ok := durationUnits[unit]
	if !ok {
		return 0, fmt.Errorf("invalid duration '%s': unknown unit '%s' (use ms, s, min, h or d)", s, unit)
	}
	if n > (1<<63-1)/mult {
		return 0, fmt.Errorf("invalid duration '%s': too large", s)
	}
	return n * mult, nil
}
