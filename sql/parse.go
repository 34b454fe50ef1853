package sql

import (
	"sort"
	"strings"
)

// Parse parses every statement of a SQL file or REPL entry. Statements are
// separated by ';' (outside strings and comments); empty statements are
// ignored and the last statement needs no ';'. The first error is returned
// as a *Error positioned in src.
//
// Flink statement sets (EXECUTE STATEMENT SET BEGIN ... END, and the older
// BEGIN STATEMENT SET; ... END;) are flattened into their INSERT
// statements: every INSERT of a file runs as part of one job anyway.
func Parse(src *Source) ([]Statement, error) {
	return parseSource(src, spanParsers{query: parseQueryText, expr: parseExprText})
}

// ParseString parses text as Parse does, naming the source name in errors.
func ParseString(name, text string) ([]Statement, error) {
	return Parse(&Source{Name: name, Text: text})
}

// spanParsers are the parsers the statement layer hands query and
// expression spans to.
type spanParsers struct {
	query func(src *Source, start, end int) (Query, error)
	expr  func(src *Source, start, end int) (Expr, error)
}

// parseSource lexes src statement by statement, so that errors are
// reported in text order, and parses each statement.
func parseSource(src *Source, sp spanParsers) ([]Statement, error) {
	lx := newLexer(src, 0, len(src.Text))
	lines := newLineIndex(src)
	var (
		stmts  []Statement
		setPos *token // the opening of the statement set being read, if any
	)
	for done := false; !done; {
		group, last, lerr := nextStatementTokens(lx)
		if lerr != nil {
			return nil, lerr.err
		}
		done = last
		if len(group) == 0 {
			continue
		}
		p := &stmtParser{src: src, lines: lines, toks: group, sp: sp}
		if setPos != nil {
			if len(group) == 1 && group[0].is("END") {
				setPos = nil
				continue
			}
			if !group[0].is("INSERT") {
				return nil, p.errorf(group[0], "expected INSERT or END inside the statement set opened at %s, found %s",
					lines.pos(setPos.start), group[0].describe())
			}
		}
		opened, rest, err := p.statementSetStart()
		if err != nil {
			return nil, err
		}
		if opened {
			first := group[0]
			setPos = &first
			if !rest {
				continue
			}
		}
		st, err := p.statement()
		if err != nil {
			return nil, err
		}
		stmts = append(stmts, st)
	}
	if setPos != nil {
		return nil, Errorf(lines.pos(setPos.start), "statement set is not closed: expected END after its INSERT statements")
	}
	return stmts, nil
}

// nextStatementTokens reads the tokens up to the next ';' (dropped) or the
// end of the text; last reports that the end was reached.
func nextStatementTokens(lx *lexer) (toks []token, last bool, err *lexError) {
	for {
		t, lerr := lx.next()
		switch {
		case lerr != nil:
			return nil, false, lerr
		case t.kind == tkEOF:
			return toks, true, nil
		case t.isOp(";"):
			return toks, false, nil
		}
		toks = append(toks, t)
	}
}

// stmtParser is a recursive-descent parser over the tokens of one
// statement (without its ';').
type stmtParser struct {
	src   *Source
	lines *lineIndex
	toks  []token
	i     int
	sp    spanParsers
}

// peek returns the current token, or an EOF token placed at the end of the
// statement.
func (p *stmtParser) peek() token { return p.peekAt(0) }

// peekAt returns the token k places ahead of the current one.
func (p *stmtParser) peekAt(k int) token {
	if p.i+k < len(p.toks) {
		return p.toks[p.i+k]
	}
	end := p.stmtEnd()
	return token{kind: tkEOF, start: end, end: end}
}

// stmtEnd is the byte offset just after the statement's last token.
func (p *stmtParser) stmtEnd() int {
	if len(p.toks) == 0 {
		return 0
	}
	return p.toks[len(p.toks)-1].end
}

// atEnd reports whether every token has been consumed.
func (p *stmtParser) atEnd() bool { return p.i >= len(p.toks) }

// advance consumes and returns the current token.
func (p *stmtParser) advance() token {
	t := p.peek()
	if p.i < len(p.toks) {
		p.i++
	}
	return t
}

// acceptKw consumes the keyword sequence kws if the input starts with it.
func (p *stmtParser) acceptKw(kws ...string) bool {
	for k, kw := range kws {
		if !p.peekAt(k).is(kw) {
			return false
		}
	}
	p.i += len(kws)
	return true
}

// acceptOp consumes the operator op if it is next.
func (p *stmtParser) acceptOp(op string) bool {
	if p.peek().isOp(op) {
		p.i++
		return true
	}
	return false
}

// expectKw consumes the keyword sequence kws or fails naming it.
func (p *stmtParser) expectKw(kws ...string) error {
	for _, kw := range kws {
		if !p.peek().is(kw) {
			return p.expected(kw)
		}
		p.i++
	}
	return nil
}

// expectOp consumes op or fails with "expected 'op' <context>".
func (p *stmtParser) expectOp(op, context string) error {
	if p.acceptOp(op) {
		return nil
	}
	what := "'" + op + "'"
	if context != "" {
		what += " " + context
	}
	return p.expected(what)
}

// expectEnd fails unless every token of the statement was consumed.
func (p *stmtParser) expectEnd(after string) error {
	if p.atEnd() {
		return nil
	}
	return p.errorf(p.peek(), "expected end of statement after %s, found %s", after, p.peek().describe())
}

// pos is the position of a token.
func (p *stmtParser) pos(t token) Pos { return p.lines.pos(t.start) }

// errorf builds an error positioned at token t.
func (p *stmtParser) errorf(t token, format string, args ...any) *Error {
	return Errorf(p.pos(t), format, args...)
}

// expected builds "expected <what>, found <current token>".
func (p *stmtParser) expected(what string) *Error {
	t := p.peek()
	return p.errorf(t, "expected %s, found %s", what, t.describe())
}

// nameReserved are words that cannot be an unquoted table, view or column
// name because they would make the statement ambiguous.
var nameReserved = map[string]bool{
	"SELECT": true, "FROM": true, "WHERE": true, "AS": true, "WITH": true,
	"TABLE": true, "VIEW": true, "VALUES": true, "INTO": true, "CREATE": true,
	"INSERT": true, "NOT": true, "NULL": true, "AND": true, "OR": true,
	"ON": true, "BY": true, "IF": true, "EXISTS": true,
}

// ident consumes one identifier (unquoted or `quoted`) and returns its name.
func (p *stmtParser) ident(what string) (string, token, error) {
	t := p.peek()
	switch t.kind {
	case tkQuotedIdent:
		if t.val == "" {
			return "", t, p.errorf(t, "%s must not be empty", what)
		}
		p.i++
		return t.val, t, nil
	case tkIdent:
		if nameReserved[strings.ToUpper(t.text)] {
			return "", t, p.errorf(t, "expected %s, found keyword %s (quote it with backquotes to use it as a name)",
				what, t.describe())
		}
		p.i++
		return t.text, t, nil
	}
	return "", t, p.expected(what)
}

// qualifiedName consumes a possibly qualified name such as cat.db.t and
// returns it in dotted form.
func (p *stmtParser) qualifiedName(what string) (string, token, error) {
	name, first, err := p.ident(what)
	if err != nil {
		return "", first, err
	}
	for p.peek().isOp(".") {
		p.i++
		part, _, err := p.ident(what + " part after '.'")
		if err != nil {
			return "", first, err
		}
		name += "." + part
	}
	return name, first, nil
}

// identList consumes "(a, b, c)" and returns the names.
func (p *stmtParser) identList(what string) ([]string, error) {
	if err := p.expectOp("(", "to start the "+what+" list"); err != nil {
		return nil, err
	}
	var names []string
	for {
		name, _, err := p.ident(what)
		if err != nil {
			return nil, err
		}
		names = append(names, name)
		if p.acceptOp(",") {
			continue
		}
		if err := p.expectOp(")", "or ',' in the "+what+" list"); err != nil {
			return nil, err
		}
		return names, nil
	}
}

// stringLit consumes a single-quoted string literal and returns its value.
func (p *stmtParser) stringLit(what string) (string, token, error) {
	t := p.peek()
	if t.kind != tkString {
		return "", t, p.expected(what + " as a single-quoted string")
	}
	p.i++
	return t.val, t, nil
}

// lineIndex maps byte offsets of a source to positions in logarithmic time.
// It gives the same result as PosAt, which scans from the start of the text.
type lineIndex struct {
	src    *Source
	starts []int // byte offset of the start of every line
}

// newLineIndex indexes the line starts of src.
func newLineIndex(src *Source) *lineIndex {
	starts := []int{0}
	for i := 0; i < len(src.Text); i++ {
		if src.Text[i] == '\n' {
			starts = append(starts, i+1)
		}
	}
	return &lineIndex{src: src, starts: starts}
}

// pos returns the position of a byte offset, clamped to the text.
func (li *lineIndex) pos(offset int) Pos {
	offset = max(0, min(offset, len(li.src.Text)))
	line := sort.Search(len(li.starts), func(i int) bool { return li.starts[i] > offset })
	return Pos{Src: li.src, Offset: offset, Line: line, Col: offset - li.starts[line-1] + 1}
}
