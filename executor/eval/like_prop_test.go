package eval

import (
	"math/rand"
	"regexp"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
)

// likeRegexp translates a LIKE pattern with escape '!' to an anchored
// regular expression, independently of the matcher under test.
func likeRegexp(p string) *regexp.Regexp {
	var b strings.Builder
	b.WriteString("(?s)^")
	rs := []rune(p)
	for i := 0; i < len(rs); i++ {
		switch r := rs[i]; r {
		case '!':
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case '%':
			b.WriteString(".*")
		case '_':
			b.WriteString(".")
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	b.WriteString("$")
	return regexp.MustCompile(b.String())
}

func randFrom(rng *rand.Rand, alphabet []string, maxLen int) string {
	var b strings.Builder
	for n := rng.Intn(maxLen + 1); n > 0; n-- {
		b.WriteString(alphabet[rng.Intn(len(alphabet))])
	}
	return b.String()
}

func TestLikeAgainstRegexp(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	subjects := make([]any, 200)
	for i := range subjects {
		subjects[i] = randFrom(rng, []string{"a", "b", "é", "%", "_", "!"}, 7)
	}
	cols := []colSpec{{tStr, subjects}}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, cols)
	defer rec.Release()
	for k := 0; k < 300; k++ {
		pat := randFrom(rng, []string{"a", "b", "é", "%", "_", "!%", "!_", "!!"}, 6)
		re := likeRegexp(pat)
		e := call("LIKE", tBool, col(0, tStr), lit(pat, tStr), lit("!", tStr))
		got, err := evalExpr(t, alloc, e, rec)
		if err != nil {
			t.Fatalf("%s: %v", e, err)
		}
		for i, s := range subjects {
			if want := re.MatchString(s.(string)); got[i] != want {
				t.Fatalf("%q LIKE %q: got %v, want %v", s, pat, got[i], want)
			}
		}
	}
}
