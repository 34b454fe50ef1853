package sql

import (
	"strings"
)

// liftKind classifies a token of the query scanner.
type liftKind int

const (
	liftWord   liftKind = iota // bare word: keyword or identifier
	liftQuoted                 // `quoted identifier`
	liftString                 // 'string literal'
	liftNumber                 // numeric literal
	liftPunct                  // operator or punctuation
)

// liftToken is one significant token of a query text. off and end are
// absolute byte offsets in the Source text; val is the identifier's name
// (without quotes) or the string literal's content (quotes removed and
// doubled quotes undone); for words and punctuation it is the text as written.
type liftToken struct {
	kind liftKind
	off  int
	end  int
	val  string
}

// is reports whether the token is the bare word w (case-insensitive).
func (t liftToken) is(w string) bool {
	return t.kind == liftWord && strings.EqualFold(t.val, w)
}

// isPunct reports whether the token is the punctuation p.
func (t liftToken) isPunct(p string) bool {
	return t.kind == liftPunct && t.val == p
}

// isName reports whether the token names an identifier equal to name
// (case-insensitive), quoted or not.
func (t liftToken) isName(name string) bool {
	return (t.kind == liftWord || t.kind == liftQuoted) && strings.EqualFold(t.val, name)
}

// liftComment is a comment span; hint is set for /*+ ... */ comments.
type liftComment struct {
	off, end int
	hint     bool
}

// liftScanResult holds the tokens and comments of a scanned text.
type liftScanResult struct {
	toks     []liftToken
	comments []liftComment
}

// liftPuncts lists multi-character operators, longest first.
var liftPuncts = []string{"<=>", "<>", "<=", ">=", "!=", "||", "=>", "<<", ">>", ":=", "&&"}

// liftScan splits src.Text[start:end] into tokens and comments.
func liftScan(src *Source, start, end int) (*liftScanResult, error) {
	text := src.Text[:end]
	res := &liftScanResult{}
	i := start
	for i < end {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			i++
		case c == '-' && i+1 < end && text[i+1] == '-':
			j := strings.IndexByte(text[i:], '\n')
			if j < 0 {
				j = end - i
			}
			res.comments = append(res.comments, liftComment{off: i, end: i + j})
			i += j
		case c == '/' && i+1 < end && text[i+1] == '*':
			j := strings.Index(text[i+2:], "*/")
			if j < 0 {
				return nil, Errorf(PosAt(src, i), "unterminated comment")
			}
			hint := i+2 < end && text[i+2] == '+'
			res.comments = append(res.comments, liftComment{off: i, end: i + 2 + j + 2, hint: hint})
			i += 2 + j + 2
		case c == '\'':
			j, val, ok := liftScanQuoted(text, i, '\'')
			if !ok {
				return nil, Errorf(PosAt(src, i), "unterminated string literal")
			}
			res.toks = append(res.toks, liftToken{kind: liftString, off: i, end: j, val: val})
			i = j
		case c == '`':
			j, val, ok := liftScanQuoted(text, i, '`')
			if !ok {
				return nil, Errorf(PosAt(src, i), "unterminated quoted identifier")
			}
			if val == "" {
				return nil, Errorf(PosAt(src, i), "empty quoted identifier")
			}
			res.toks = append(res.toks, liftToken{kind: liftQuoted, off: i, end: j, val: val})
			i = j
		case c == '"':
			return nil, Errorf(PosAt(src, i), "double quotes are not allowed: write 'text' for a string or `name` for an identifier")
		case liftIsDigit(c) || (c == '.' && i+1 < end && liftIsDigit(text[i+1])):
			j := liftScanNumber(text, i)
			res.toks = append(res.toks, liftToken{kind: liftNumber, off: i, end: j, val: text[i:j]})
			i = j
		case liftIsIdentStart(c):
			j := i + 1
			for j < end && (liftIsIdentStart(text[j]) || liftIsDigit(text[j]) || text[j] == '$') {
				j++
			}
			res.toks = append(res.toks, liftToken{kind: liftWord, off: i, end: j, val: text[i:j]})
			i = j
		default:
			p := liftScanPunct(text, i)
			if p == "" {
				return nil, Errorf(PosAt(src, i), "unexpected character %q", rune(c))
			}
			res.toks = append(res.toks, liftToken{kind: liftPunct, off: i, end: i + len(p), val: p})
			i += len(p)
		}
	}
	return res, nil
}

// liftScanQuoted scans a quoted token starting at text[i] == q, where a
// doubled quote stands for one. It returns the end offset and the content.
func liftScanQuoted(text string, i int, q byte) (int, string, bool) {
	var b strings.Builder
	j := i + 1
	for j < len(text) {
		if text[j] == q {
			if j+1 < len(text) && text[j+1] == q {
				b.WriteByte(q)
				j += 2
				continue
			}
			return j + 1, b.String(), true
		}
		b.WriteByte(text[j])
		j++
	}
	return j, "", false
}

// liftScanNumber returns the end of the number starting at text[i].
func liftScanNumber(text string, i int) int {
	j := i
	for j < len(text) && liftIsDigit(text[j]) {
		j++
	}
	if j < len(text) && text[j] == '.' {
		j++
		for j < len(text) && liftIsDigit(text[j]) {
			j++
		}
	}
	if j < len(text) && (text[j] == 'e' || text[j] == 'E') {
		k := j + 1
		if k < len(text) && (text[k] == '+' || text[k] == '-') {
			k++
		}
		if k < len(text) && liftIsDigit(text[k]) {
			for k < len(text) && liftIsDigit(text[k]) {
				k++
			}
			j = k
		}
	}
	return j
}

// liftScanPunct returns the operator or punctuation at text[i], or "".
func liftScanPunct(text string, i int) string {
	for _, p := range liftPuncts {
		if strings.HasPrefix(text[i:], p) {
			return p
		}
	}
	if strings.IndexByte("(),.;+-*/%=<>!&|^~[]:", text[i]) >= 0 {
		return text[i : i+1]
	}
	return ""
}

func liftIsDigit(c byte) bool { return c >= '0' && c <= '9' }

func liftIsIdentStart(c byte) bool {
	return c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80
}

// liftMatch returns the index of the token closing the bracket at toks[i]
// ("(" or "["), or -1 when it is not closed.
func liftMatch(toks []liftToken, i int) int {
	open := toks[i].val
	closing := ")"
	if open == "[" {
		closing = "]"
	}
	depth := 0
	for j := i; j < len(toks); j++ {
		if toks[j].kind != liftPunct {
			continue
		}
		switch toks[j].val {
		case open:
			depth++
		case closing:
			depth--
			if depth == 0 {
				return j
			}
		}
	}
	return -1
}

// liftSplitArgs splits toks[from:to] at top-level commas and returns the
// [from, to) token index ranges of the parts.
func liftSplitArgs(toks []liftToken, from, to int) [][2]int {
	var parts [][2]int
	depth, start := 0, from
	for j := from; j < to; j++ {
		t := toks[j]
		switch {
		case t.isPunct("(") || t.isPunct("["):
			depth++
		case t.isPunct(")") || t.isPunct("]"):
			depth--
		case t.isPunct(",") && depth == 0:
			parts = append(parts, [2]int{start, j})
			start = j + 1
		}
	}
	return append(parts, [2]int{start, to})
}
