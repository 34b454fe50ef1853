package eval

import (
	"testing"

	"github.com/streamsql/streamsql/planner"
)

func TestStringFunctions(t *testing.T) {
	cols := []colSpec{
		{tStr, []any{"Hello", "  pad  ", nil, "ßtraße Ä", ""}},
		{tStr, []any{"a", "b", "c", nil, "e"}},
		{tInt, []any{int64(2), int64(-3), int64(1), int64(0), nil}},
	}
	s, s2, n := col(0, tStr), col(1, tStr), col(2, tInt)
	runCases(t, cols, []fcase{
		{name: "upper", expr: call("UPPER", tStr, s), want: []any{"HELLO", "  PAD  ", nil, "ßTRAßE Ä", ""}},
		{name: "lower", expr: call("LOWER", tStr, s), want: []any{"hello", "  pad  ", nil, "ßtraße ä", ""}},
		{name: "char_length counts characters", expr: call("CHAR_LENGTH", tInt, s), want: []any{int64(5), int64(7), nil, int64(8), int64(0)}},
		{name: "trim", expr: call("TRIM", tStr, s), want: []any{"Hello", "pad", nil, "ßtraße Ä", ""}},
		{name: "ltrim", expr: call("LTRIM", tStr, s), want: []any{"Hello", "pad  ", nil, "ßtraße Ä", ""}},
		{name: "rtrim", expr: call("RTRIM", tStr, s), want: []any{"Hello", "  pad", nil, "ßtraße Ä", ""}},
		{name: "concat NULL if any NULL", expr: call("CONCAT", tStr, s, lit("-", tStr), s2), want: []any{"Hello-a", "  pad  -b", nil, nil, "-e"}},
		{name: "substring from", expr: call("SUBSTRING", tStr, s, lit(int64(2), tInt)), want: []any{"ello", " pad  ", nil, "traße Ä", ""}},
		{name: "substring from for", expr: call("SUBSTRING", tStr, s, lit(int64(2), tInt), lit(int64(3), tInt)), want: []any{"ell", " pa", nil, "tra", ""}},
		{name: "substring utf8", expr: call("SUBSTRING", tStr, s, lit(int64(5), tInt), lit(int64(3), tInt)), want: []any{"o", "d  ", nil, "ße ", ""}},
		{name: "substring column start", expr: call("SUBSTRING", tStr, s, n), want: []any{"ello", "d  ", nil, "ßtraße Ä", nil}},
		{name: "substring zero and negative", expr: call("SUBSTRING", tStr, lit("abcdef", tStr), n, lit(int64(2), tInt)), want: []any{"bc", "de", "ab", "ab", nil}},
		{name: "substring negative length is NULL", expr: call("SUBSTRING", tStr, lit("abc", tStr), lit(int64(1), tInt), lit(int64(-1), tInt)), want: []any{nil, nil, nil, nil, nil}},
		{name: "substring start before the beginning", expr: call("SUBSTRING", tStr, lit("abc", tStr), lit(int64(-5), tInt), lit(int64(4), tInt)), want: []any{"", "", "", "", ""}},
		{name: "substring past end", expr: call("SUBSTRING", tStr, lit("abc", tStr), lit(int64(5), tInt)), want: []any{"", "", "", "", ""}},
		{name: "upper wrong type", expr: call("UPPER", tStr, n), err: "expected STRING", errRow: -1},
	})
}

func TestLike(t *testing.T) {
	cols := []colSpec{
		{tStr, []any{"xyz", "axb", "x", "", nil, "50%", "a_b", "日本語", "xx%yy"}},
		{tStr, []any{"x%", "%x%", "_", "%", "x", "50!%", "a!_b", "日_語", "%!%%"}},
	}
	s, p := col(0, tStr), col(1, tStr)
	like := func(pat string) planner.Expr { return call("LIKE", tBool, s, lit(pat, tStr)) }
	likeEsc := func(pat string) planner.Expr {
		return call("LIKE", tBool, s, lit(pat, tStr), lit("!", tStr))
	}
	T, F := true, false
	runCases(t, cols, []fcase{
		{name: "prefix", expr: like("x%"), want: []any{T, F, T, F, nil, F, F, F, T}},
		{name: "suffix", expr: like("%b"), want: []any{F, T, F, F, nil, F, T, F, F}},
		{name: "contains", expr: like("%x%"), want: []any{T, T, T, F, nil, F, F, F, T}},
		{name: "exact", expr: like("x"), want: []any{F, F, T, F, nil, F, F, F, F}},
		{name: "all", expr: like("%"), want: []any{T, T, T, T, nil, T, T, T, T}},
		{name: "empty pattern", expr: like(""), want: []any{F, F, F, T, nil, F, F, F, F}},
		{name: "underscore is one character", expr: like("___"), want: []any{T, T, F, F, nil, T, T, T, F}},
		{name: "mixed", expr: like("_x%"), want: []any{F, T, F, F, nil, F, F, F, T}},
		{name: "backtracking", expr: like("%y_"), want: []any{T, F, F, F, nil, F, F, F, T}},
		{name: "multiple pieces", expr: like("x%%y%y"), want: []any{F, F, F, F, nil, F, F, F, T}},
		{name: "escaped percent", expr: likeEsc("%!%"), want: []any{F, F, F, F, nil, T, F, F, F}},
		{name: "escaped underscore", expr: likeEsc("a!_b"), want: []any{F, F, F, F, nil, F, T, F, F}},
		{name: "escape as literal backslash-free", expr: likeEsc("%!%%"), want: []any{F, F, F, F, nil, T, F, F, T}},
		{name: "column pattern", expr: call("LIKE", tBool, s, p, lit("!", tStr)), want: []any{T, T, T, T, nil, T, T, T, T}},
		{name: "bad escape", expr: likeEsc("a!b"), err: "invalid escape", errRow: -1},
		{name: "dangling escape", expr: likeEsc("a!"), err: "invalid escape", errRow: -1},
	})
}
