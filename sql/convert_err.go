package sql

import (
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
)

// grammarNear matches the position part of the grammar's syntax errors:
// `line L column C near "REST"` optionally followed by `(total length N)`,
// where REST is the rest of the text from the offending token on.
var grammarNear = regexp.MustCompile(`(?s)^line \d+ column \d+ near "(.*)"[^"]*?(?:\(total length (\d+)\))?\s*$`)

// grammarCode matches the "[parser:1064]" prefix of other grammar errors.
var grammarCode = regexp.MustCompile(`^\[[a-z]+:\d+\]`)

// grammarError translates an error of the relational grammar on text into
// a positioned *Error in the user's text; delta maps offsets in text back
// to the user's text.
func grammarError(err error, l *lifted, text string, delta int) error {
	msg := err.Error()
	m := grammarNear.FindStringSubmatch(msg)
	if m == nil {
		msg = strings.TrimSpace(grammarCode.ReplaceAllString(msg, ""))
		return Errorf(PosAt(l.src, l.start), "syntax error: %s", msg)
	}
	off := len(text) - len(m[1])
	if m[2] != "" {
		if n, convErr := strconv.Atoi(m[2]); convErr == nil {
			off = len(text) - n
		}
	}
	orig := off + delta
	if orig >= l.end || off >= len(text) || strings.TrimSpace(text[off:]) == "" {
		last := l.toks[len(l.toks)-1]
		return Errorf(PosAt(l.src, last.end), "syntax error: unexpected end of input after %s", liftDescribe(last))
	}
	if orig < l.start {
		orig = l.start
	}
	k := sort.Search(len(l.toks), func(k int) bool { return l.toks[k].end > orig })
	if k >= len(l.toks) {
		return Errorf(PosAt(l.src, orig), "syntax error")
	}
	t := l.toks[k]
	if k > 0 {
		if prev := l.toks[k-1]; prev.kind == liftWord {
			if kw := misspeltKeyword(prev.val); kw != "" {
				return Errorf(PosAt(l.src, prev.off), "syntax error near %s (did you mean %s?)", liftDescribe(prev), kw)
			}
		}
	}
	if t.kind == liftWord && grammarReserved()[strings.ToUpper(t.val)] {
		return Errorf(PosAt(l.src, t.off), "syntax error near %s (%s is a reserved word: write `%s` if it is a name)",
			liftDescribe(t), strings.ToUpper(t.val), t.val)
	}
	return Errorf(PosAt(l.src, t.off), "syntax error near %s", liftDescribe(t))
}

// clauseWords are reserved words that start or join clauses; a syntax
// error at one of them is rarely a name written unquoted.
var clauseWords = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "GROUP": true, "BY": true, "ORDER": true, "HAVING": true,
	"LIMIT": true, "JOIN": true, "ON": true, "AND": true, "OR": true, "NOT": true, "AS": true, "UNION": true,
	"INTERSECT": true, "EXCEPT": true, "ALL": true, "DISTINCT": true, "IN": true, "IS": true, "NULL": true,
	"CASE": true, "WHEN": true, "THEN": true, "ELSE": true, "END": true, "LEFT": true, "RIGHT": true,
	"INNER": true, "OUTER": true, "CROSS": true, "WITH": true, "BETWEEN": true, "LIKE": true, "USING": true,
	"ASC": true, "DESC": true, "TRUE": true, "FALSE": true, "EXISTS": true, "FOR": true, "INTO": true,
	"OVER": true, "PARTITION": true, "WINDOW": true, "ROWS": true, "RANGE": true, "TABLE": true,
	"VALUES": true, "SET": true, "CAST": true, "NATURAL": true, "ESCAPE": true, "DIV": true, "MOD": true,
	"XOR": true, "REGEXP": true, "COLLATE": true, "UPDATE": true, "DELETE": true, "INSERT": true,
	"CREATE": true, "DROP": true, "LATERAL": true, "INTERVAL": true, "STRAIGHT_JOIN": true,
}

var (
	reservedOnce sync.Once
	reservedSet  map[string]bool
)

// grammarReserved returns the relational grammar's reserved words, minus
// the clause words.
func grammarReserved() map[string]bool {
	reservedOnce.Do(func() {
		reservedSet = map[string]bool{}
		for _, k := range parser.Keywords {
			if k.Reserved && !clauseWords[k.Word] {
				reservedSet[k.Word] = true
			}
		}
	})
	return reservedSet
}

// suggestKeywords are clause keywords whose misspellings the grammar tends
// to read as an alias, failing only at the next token.
var suggestKeywords = []string{"SELECT", "FROM", "WHERE", "GROUP", "ORDER", "HAVING", "LIMIT", "JOIN", "UNION", "INNER", "OUTER", "LEFT", "RIGHT"}

// misspeltKeyword returns the clause keyword w is one edit away from
// (an insertion, deletion, substitution or swap of neighbours), or "".
func misspeltKeyword(w string) string {
	u := strings.ToUpper(w)
	if len(u) < 4 || strings.ContainsAny(u, "_0123456789") {
		return ""
	}
	for _, kw := range suggestKeywords {
		// A plural such as ORDERS is a name, not a typo.
		if u != kw && u != kw+"S" && EditDistance(u, kw) == 1 {
			return kw
		}
	}
	return ""
}
