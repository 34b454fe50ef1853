package sql

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// tokenKind classifies a token produced by the lexer.
type tokenKind int

// Token kinds. Keywords are not a kind of their own: they are tkIdent tokens
// whose upper-cased text matches, so that non-reserved words stay usable as
// names.
const (
	tkEOF         tokenKind = iota
	tkIdent                 // unquoted word: name or keyword
	tkQuotedIdent           // `backquoted` identifier
	tkString                // 'single-quoted' string literal
	tkDQString              // "double-quoted" text (not a Flink string literal)
	tkNumber                // 42, 3.14, .5, 1e-3
	tkOp                    // operator or punctuation: ( ) , ; . <= <> || ...
	tkIllegal               // a byte that starts no token
)

// token is one lexical token. start and end are byte offsets into the
// source text; text is the token exactly as written; val is the decoded
// value: the name of an identifier (backquotes removed, “ unescaped) or
// the content of a string (quotes removed, ” unescaped). hasHint reports
// that a /*+ hint */ comment was skipped right before the token, at hintAt.
type token struct {
	kind    tokenKind
	start   int
	end     int
	text    string
	val     string
	hasHint bool
	hintAt  int
}

// is reports whether the token is the unquoted keyword kw (upper case).
func (t token) is(kw string) bool {
	return t.kind == tkIdent && len(t.text) == len(kw) && strings.EqualFold(t.text, kw)
}

// isOp reports whether the token is the operator or punctuation op.
func (t token) isOp(op string) bool { return t.kind == tkOp && t.text == op }

// describe renders the token for an error message: "'WATERMAR'",
// "end of statement".
func (t token) describe() string {
	switch t.kind {
	case tkEOF:
		return "end of statement"
	case tkString:
		return "string " + quoteForMessage(t.text)
	case tkNumber:
		return "number " + quoteForMessage(t.text)
	case tkIllegal:
		return "character " + quoteForMessage(t.text)
	}
	if t.isOp(";") {
		return "';'"
	}
	return quoteForMessage(t.text)
}

// quoteForMessage wraps text in single quotes for an error message,
// shortening long text.
func quoteForMessage(text string) string {
	const maxLen = 32
	if len(text) > maxLen {
		cut := maxLen
		for cut > 0 && !utf8.RuneStart(text[cut]) {
			cut--
		}
		text = text[:cut] + "..."
	}
	if strings.HasPrefix(text, "'") {
		return text
	}
	return "'" + text + "'"
}

// lexError is a lexing failure. incomplete is set when the text ended
// inside a string, quoted identifier or comment, which a caller reading
// interactive input treats as "keep reading".
type lexError struct {
	err        *Error
	incomplete bool
}

// lexer turns src.Text[pos:end] into tokens. It skips white space, `--`
// line comments and `/* */` block comments (including /*+ hints */).
type lexer struct {
	src *Source
	pos int
	end int
	// hint holds the offset of the first hint comment skipped since the
	// last token, or -1.
	hint int
}

// newLexer returns a lexer over src.Text[start:end].
func newLexer(src *Source, start, end int) *lexer {
	return &lexer{src: src, pos: start, end: end, hint: -1}
}

// next returns the next token, or a tkEOF token at the end of the range.
func (lx *lexer) next() (token, *lexError) {
	if err := lx.skipSpaceAndComments(); err != nil {
		return token{}, err
	}
	t, err := lx.token()
	if lx.hint >= 0 {
		t.hasHint, t.hintAt, lx.hint = true, lx.hint, -1
	}
	return t, err
}

// token lexes the token that starts at lx.pos, after white space.
func (lx *lexer) token() (token, *lexError) {
	text := lx.src.Text
	start := lx.pos
	if start >= lx.end {
		return token{kind: tkEOF, start: lx.end, end: lx.end}, nil
	}
	c := text[start]
	switch {
	case c == '\'':
		return lx.quoted(tkString, '\'', "string literal")
	case c == '`':
		return lx.quoted(tkQuotedIdent, '`', "quoted identifier")
	case c == '"':
		return lx.quoted(tkDQString, '"', "double-quoted text")
	case isDigit(c) || (c == '.' && start+1 < lx.end && isDigit(text[start+1])):
		return lx.number(), nil
	case c < utf8.RuneSelf && isWordStart(rune(c)):
		return lx.word(start + 1), nil
	case c >= utf8.RuneSelf:
		r, size := utf8.DecodeRuneInString(text[start:lx.end])
		if isWordStart(r) {
			return lx.word(start + size), nil
		}
		lx.pos = start + size
		return lx.make(tkIllegal, start), nil
	}
	return lx.operator(), nil
}

// make builds a token of kind k spanning start..lx.pos.
func (lx *lexer) make(k tokenKind, start int) token {
	s := lx.src.Text[start:lx.pos]
	return token{kind: k, start: start, end: lx.pos, text: s, val: s}
}

// byteOrderMark is the UTF-8 byte order mark some editors write at the
// start of a file; it is skipped like white space.
const byteOrderMark = "\uFEFF"

// skipSpaceAndComments advances past white space and comments.
func (lx *lexer) skipSpaceAndComments() *lexError {
	text := lx.src.Text
	for lx.pos < lx.end {
		c := text[lx.pos]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v':
			lx.pos++
		case c == 0xEF && strings.HasPrefix(text[lx.pos:lx.end], byteOrderMark):
			lx.pos += len(byteOrderMark)
		case c >= utf8.RuneSelf:
			r, size := utf8.DecodeRuneInString(text[lx.pos:lx.end])
			if !unicode.IsSpace(r) {
				return nil
			}
			lx.pos += size // a no-break or other Unicode space
		case c == '-' && lx.pos+1 < lx.end && text[lx.pos+1] == '-':
			nl := strings.IndexByte(text[lx.pos:lx.end], '\n')
			if nl < 0 {
				lx.pos = lx.end
			} else {
				lx.pos += nl + 1
			}
		case c == '/' && lx.pos+1 < lx.end && text[lx.pos+1] == '*':
			closing := strings.Index(text[lx.pos+2:lx.end], "*/")
			if closing < 0 {
				what := "comment"
				if lx.pos+2 < lx.end && text[lx.pos+2] == '+' {
					what = "hint"
				}
				return &lexError{
					err:        Errorf(PosAt(lx.src, lx.pos), "unterminated %s: missing closing '*/'", what),
					incomplete: true,
				}
			}
			if lx.hint < 0 && lx.pos+2 < lx.end && text[lx.pos+2] == '+' {
				lx.hint = lx.pos
			}
			lx.pos += 2 + closing + 2
		default:
			return nil
		}
	}
	return nil
}

// quoted lexes text between quote bytes, where a doubled quote stands for
// one quote character.
func (lx *lexer) quoted(k tokenKind, quote byte, what string) (token, *lexError) {
	text := lx.src.Text
	start := lx.pos
	var b strings.Builder
	i := start + 1
	for {
		j := strings.IndexByte(text[i:lx.end], quote)
		if j < 0 {
			return token{}, &lexError{
				err:        Errorf(PosAt(lx.src, start), "unterminated %s: missing closing %c", what, quote),
				incomplete: true,
			}
		}
		b.WriteString(text[i : i+j])
		i += j + 1
		if i < lx.end && text[i] == quote {
			b.WriteByte(quote)
			i++
			continue
		}
		break
	}
	lx.pos = i
	t := lx.make(k, start)
	t.val = b.String()
	return t, nil
}

// number lexes digits with an optional fraction and exponent.
func (lx *lexer) number() token {
	text := lx.src.Text
	start := lx.pos
	i := start
	for i < lx.end && isDigit(text[i]) {
		i++
	}
	if i < lx.end && text[i] == '.' && !(i+1 < lx.end && text[i+1] == '.') {
		i++
		for i < lx.end && isDigit(text[i]) {
			i++
		}
	}
	if i < lx.end && (text[i] == 'e' || text[i] == 'E') {
		j := i + 1
		if j < lx.end && (text[j] == '+' || text[j] == '-') {
			j++
		}
		if j < lx.end && isDigit(text[j]) {
			for j < lx.end && isDigit(text[j]) {
				j++
			}
			i = j
		}
	}
	lx.pos = i
	return lx.make(tkNumber, start)
}

// word lexes an unquoted identifier or keyword whose first rune ends at i.
func (lx *lexer) word(i int) token {
	text := lx.src.Text
	start := lx.pos
	for i < lx.end {
		c := text[i]
		if c < utf8.RuneSelf {
			if !isWordPart(rune(c)) {
				break
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(text[i:lx.end])
		if !isWordPart(r) {
			break
		}
		i += size
	}
	lx.pos = i
	return lx.make(tkIdent, start)
}

// twoCharOps are the operators of two bytes, tried before single bytes.
var twoCharOps = [...]string{"<>", "<=", ">=", "!=", "||", "=>", "::", "->"}

// operator lexes punctuation and operators.
func (lx *lexer) operator() token {
	text := lx.src.Text
	start := lx.pos
	if start+2 <= lx.end {
		pair := text[start : start+2]
		for _, op := range twoCharOps {
			if pair == op {
				lx.pos = start + 2
				return lx.make(tkOp, start)
			}
		}
	}
	lx.pos = start + 1
	if strings.IndexByte("(),;.+-*/%=<>[]{}?:!^&|~@", text[start]) >= 0 {
		return lx.make(tkOp, start)
	}
	return lx.make(tkIllegal, start)
}

// isDigit reports whether c is an ASCII digit.
func isDigit(c byte) bool { return c >= '0' && c <= '9' }

// isWordStart reports whether r can start an unquoted identifier.
func isWordStart(r rune) bool { return r == '_' || r == '$' || unicode.IsLetter(r) }

// isWordPart reports whether r can continue an unquoted identifier.
func isWordPart(r rune) bool { return isWordStart(r) || unicode.IsDigit(r) }
