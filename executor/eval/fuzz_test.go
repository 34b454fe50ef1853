package eval

import (
	"testing"

	"github.com/streamsql/streamsql/internal/sqlvalue"
)

// The parsers behind LIKE, DATE_FORMAT / TO_TIMESTAMP and CAST from
// STRING must never panic, whatever the input.

func FuzzLike(f *testing.F) {
	for _, s := range []string{"a%b_c", "%!%", "!", "日_%", "", "%%__"} {
		f.Add(s, "abc日x")
	}
	f.Fuzz(func(t *testing.T, pattern, subject string) {
		m, err := compileLike(pattern, '!')
		if err != nil {
			return
		}
		m.match([]byte(subject))
	})
}

func FuzzJavaFormat(f *testing.F) {
	for _, s := range []string{"yyyy-MM-dd HH:mm:ss.SSS", "''yy'x'", "'unterminated", "dMyHms", "SSSSSS"} {
		f.Add(s, "2024-01-02 03:04:05.678")
	}
	f.Fuzz(func(t *testing.T, format, input string) {
		jf, err := compileJavaFormat(format)
		if err != nil {
			return
		}
		if ms, ok := jf.parse([]byte(input)); ok {
			jf.appendFormat(nil, ms)
		}
		jf.appendFormat(nil, int64(len(input))*1e11)
	})
}

func FuzzParse(f *testing.F) {
	for _, s := range []string{"2024-02-29T10:00:00.123Z", "-12.5e3", "+", "1e-400", "9999999999999999999999999999999999999999", " true "} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		b := []byte(s)
		sqlvalue.ParseCastTimestamp(b)
		sqlvalue.ParseCastDate(b)
		parseInt(b)
		parseBool(b)
		for _, scale := range []int{0, 2, 38} {
			if v, ok, fits := parseDecimal(b, scale); ok && fits {
				sqlvalue.AppendDecimal(nil, v, scale)
			}
		}
	})
}
