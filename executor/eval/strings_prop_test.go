package eval

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/planner"
)

// refSubstring is SUBSTRING over a rune slice: positions are 1-based, 0
// acts as 1, negative positions count from the end (empty if before the
// start), a negative length is NULL, and the window [start, start+length)
// is clipped at the end of the string.
func refSubstring(s string, start, length int, hasLen bool) any {
	rs := []rune(s)
	n := len(rs)
	from := start - 1
	if start == 0 {
		from = 0
	} else if start < 0 {
		from = n + start
	}
	if hasLen && length < 0 {
		return nil
	}
	to := n
	if hasLen {
		to = min(n, from+length)
	}
	if from < 0 || from >= to {
		return ""
	}
	return string(rs[from:to])
}

func TestStringsAgainstReference(t *testing.T) {
	rng := rand.New(rand.NewSource(13))
	const n = 400
	strs, starts, lens := make([]any, n), make([]any, n), make([]any, n)
	for i := 0; i < n; i++ {
		if rng.Intn(10) > 0 {
			strs[i] = randFrom(rng, []string{"a", "Z", " ", "é", "日", "ß", "x"}, 8)
		}
		starts[i] = int64(rng.Intn(21) - 10)
		lens[i] = int64(rng.Intn(13) - 2)
	}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, []colSpec{{tStr, strs}, {tInt, starts}, {tInt, lens}})
	defer rec.Release()
	s := col(0, tStr)
	check := func(e planner.Expr, ref func(i int, s string) any) {
		t.Helper()
		got, err := evalExpr(t, alloc, e, rec)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		for i := range got {
			var want any
			if strs[i] != nil {
				want = ref(i, strs[i].(string))
			}
			if got[i] != want {
				t.Fatalf("%s on %q (row %d): got %#v, want %#v", e, strs[i], i, got[i], want)
			}
		}
	}
	check(call("SUBSTRING", tStr, s, col(1, tInt), col(2, tInt)), func(i int, v string) any {
		return refSubstring(v, int(starts[i].(int64)), int(lens[i].(int64)), true)
	})
	check(call("SUBSTRING", tStr, s, col(1, tInt)), func(i int, v string) any {
		return refSubstring(v, int(starts[i].(int64)), 0, false)
	})
	check(call("CHAR_LENGTH", tInt, s), func(_ int, v string) any { return int64(utf8.RuneCountInString(v)) })
	check(call("UPPER", tStr, s), func(_ int, v string) any { return strings.Map(unicode.ToUpper, v) })
	check(call("LOWER", tStr, s), func(_ int, v string) any { return strings.Map(unicode.ToLower, v) })
	check(call("TRIM", tStr, s), func(_ int, v string) any { return strings.Trim(v, " ") })
	check(call("CONCAT", tStr, s, s), func(_ int, v string) any { return v + v })
}
