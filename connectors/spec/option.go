// Package spec describes connectors and formats as data: the options they
// accept and the constructors that build their sources and sinks. The
// connectors package collects these descriptions into its registry; the
// individual connector packages only depend on this one.
package spec

import (
	"fmt"
	"strconv"
	"strings"
	"time"
)

// ValueKind says how an option value is checked and read.
type ValueKind int

// Option value kinds.
const (
	// KindString accepts any text (or one of Allowed, when set).
	KindString ValueKind = iota
	// KindBool accepts "true" or "false" (case-insensitive).
	KindBool
	// KindInt accepts a decimal integer.
	KindInt
	// KindSize accepts a memory size such as "128MB", "64kb" or "1024".
	KindSize
	// KindDuration accepts a duration such as "30 s", "1min", "10000" (ms).
	KindDuration
	// KindChar accepts exactly one character; "\t" is accepted for a tab.
	KindChar
)

// Option describes one key of a WITH clause.
type Option struct {
	// Key is the option key, e.g. "path" or "json.ignore-parse-errors". A
	// key containing "<f>" is a template matched per field name, e.g.
	// "fields.<f>.kind".
	Key      string
	Required bool
	// Default is the value used when the option is absent ("" for none).
	Default string
	// Allowed, when non-empty, lists the only accepted values.
	Allowed []string
	Kind    ValueKind
	// Desc is a one-line description for documentation and completion.
	Desc string
}

// Check validates a value of the option. The error text does not name the
// option; callers add the context.
func (o Option) Check(v string) error {
	if len(o.Allowed) > 0 {
		for _, a := range o.Allowed {
			if strings.EqualFold(a, v) {
				return nil
			}
		}
		return fmt.Errorf("invalid value '%s'; allowed values: %s", v, strings.Join(o.Allowed, ", "))
	}
	var err error
	switch o.Kind {
	case KindBool:
		_, err = ParseBool(v)
	case KindInt:
		_, err = strconv.ParseInt(strings.TrimSpace(v), 10, 64)
		if err != nil {
			err = fmt.Errorf("invalid value '%s'; expected an integer", v)
		}
	case KindSize:
		_, err = ParseSize(v)
	case KindDuration:
		_, err = ParseDuration(v)
	case KindChar:
		_, err = ParseChar(v)
	}
	return err
}

// ParseBool reads "true" or "false", ignoring case.
func ParseBool(v string) (bool, error) {
	switch strings.ToLower(strings.TrimSpace(v)) {
	case "true":
		return true, nil
	case "false":
		return false, nil
	}
	return false, fmt.Errorf("invalid value '%s'; expected true or false", v)
}

// ParseSize reads a memory size: a number with an optional unit among b,
// kb, mb, gb, tb (also k, m, g, t and the "ibytes" spellings), case-insensitive.
func ParseSize(v string) (int64, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || i == 0 {
		return 0, fmt.Errorf("invalid size '%s'; expected e.g. 128mb", v)
	}
	mult := int64(1)
	switch strings.TrimSpace(s[i:]) {
	case "", "b", "bytes":
	case "k", "kb", "kibibytes":
		mult = 1 << 10
	case "m", "mb", "mebibytes":
		mult = 1 << 20
	case "g", "gb", "gibibytes":
		mult = 1 << 30
	case "t", "tb", "tebibytes":
		mult = 1 << 40
	default:
		return 0, fmt.Errorf("invalid size '%s'; expected e.g. 128mb", v)
	}
	return n * mult, nil
}

// ParseDuration reads a duration in Flink's notation: a number with an
// optional unit (ms, s, sec, min, h, d and their long forms); a bare
// number is milliseconds.
func ParseDuration(v string) (time.Duration, error) {
	s := strings.ToLower(strings.TrimSpace(v))
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	n, err := strconv.ParseInt(s[:i], 10, 64)
	if err != nil || i == 0 {
		return 0, fmt.Errorf("invalid duration '%s'; expected e.g. 30 s", v)
	}
	var unit time.Duration
	switch strings.TrimSpace(s[i:]) {
	case "", "ms", "milli", "millis", "millisecond", "milliseconds":
		unit = time.Millisecond
	case "s", "sec", "secs", "second", "seconds":
		unit = time.Second
	case "m", "min", "mins", "minute", "minutes":
		unit = time.Minute
	case "h", "hour", "hours":
		unit = time.Hour
	case "d", "day", "days":
		unit = 24 * time.Hour
	default:
		return 0, fmt.Errorf("invalid duration '%s'; expected e.g. 30 s", v)
	}
	return time.Duration(n) * unit, nil
}

// ParseChar reads a single-character option such as a delimiter. "\t" (a
// backslash and t) is accepted for a tab.
func ParseChar(v string) (byte, error) {
	switch {
	case v == `\t`:
		return '\t', nil
	case len(v) == 1:
		return v[0], nil
	}
	return 0, fmt.Errorf("invalid value '%s'; expected a single character", v)
}
