package spec

import (
	"strconv"
	"strings"
	"time"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// Values reads a table's options with their defaults applied. Every error
// is a *sql.Error positioned at the option (or the table).
type Values struct {
	Table *catalog.Table
	// Specs are the options the reader knows about (for defaults).
	Specs []Option
}

// Pos returns the position of an option key, or of the table.
func (v Values) Pos(key string) sql.Pos {
	if p, ok := v.Table.OptionPos[key]; ok {
		return p
	}
	return v.Table.Pos
}

// Errorf builds an error positioned at key.
func (v Values) Errorf(key, format string, args ...any) *sql.Error {
	return sql.Errorf(v.Pos(key), format, args...)
}

// Has reports whether the option is set explicitly.
func (v Values) Has(key string) bool {
	_, ok := v.Table.Options[key]
	return ok
}

// String returns the option value, or its default.
func (v Values) String(key string) string {
	if s, ok := v.Table.Options[key]; ok {
		return s
	}
	if o, ok := Lookup(v.Specs, key); ok {
		return o.Default
	}
	return ""
}

// Bool reads a boolean option.
func (v Values) Bool(key string) (bool, error) {
	s := v.String(key)
	if s == "" {
		return false, nil
	}
	b, err := ParseBool(s)
	if err != nil {
		return false, v.Errorf(key, "option '%s': %v", key, err)
	}
	return b, nil
}

// Int reads an integer option; def is returned when it is unset and has
// no default.
func (v Values) Int(key string, def int64) (int64, error) {
	s := v.String(key)
	if s == "" {
		return def, nil
	}
	n, err := strconv.ParseInt(strings.TrimSpace(s), 10, 64)
	if err != nil {
		return 0, v.Errorf(key, "option '%s': invalid value '%s'; expected an integer", key, s)
	}
	return n, nil
}

// Size reads a memory-size option in bytes.
func (v Values) Size(key string, def int64) (int64, error) {
	s := v.String(key)
	if s == "" {
		return def, nil
	}
	n, err := ParseSize(s)
	if err != nil {
		return 0, v.Errorf(key, "option '%s': %v", key, err)
	}
	return n, nil
}

// Duration reads a duration option.
func (v Values) Duration(key string, def time.Duration) (time.Duration, error) {
	s := v.String(key)
	if s == "" {
		return def, nil
	}
	d, err := ParseDuration(s)
	if err != nil {
		return 0, v.Errorf(key, "option '%s': %v", key, err)
	}
	return d, nil
}

// Char reads a single-character option.
func (v Values) Char(key string, def byte) (byte, error) {
	s := v.String(key)
	if s == "" {
		return def, nil
	}
	c, err := ParseChar(s)
	if err != nil {
		return 0, v.Errorf(key, "option '%s': %v", key, err)
	}
	return c, nil
}
