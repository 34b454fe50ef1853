package sql

import (
	"fmt"
	"strings"
)

// The lifting pass bridges the gap between Flink SQL and the MySQL grammar
// that parses the relational core of a query. It scans the query text and
// rewrites every construct that grammar rejects or misreads into a
// placeholder identifier (`__q3`) padded with spaces to the exact length of
// the construct, so that every offset in the rewritten text is the offset of
// the same character in the user's text. The constructs themselves are
// parsed here, into the project's own tree, with their inner expressions and
// subqueries parsed recursively from the original text.
//
// Lifted: window table functions TABLE(TUMBLE|HOP|CUMULATE|SESSION(...)),
// INTERVAL literals, CAST and TRY_CAST, FLOOR/CEIL(x TO unit),
// EXTRACT(unit FROM x), CARDINALITY(x), agg(...) FILTER (WHERE cond), typed literals
// (TIMESTAMP '...', DATE '...', TIME '...'), element access m['key'] (as
// ITEM(m, 'key')), three-part names
// catalog.db.table, FULL [OUTER] JOIN (rewritten to LEFT and remembered)
// and /*+ ... */ query hints. Every comment is blanked, so the grammar
// never sees MySQL comment forms; `#` is not a comment in Flink SQL and is
// rejected.
//
// Quoting follows Flink: 'single quotes' delimit strings (a quote is
// doubled inside, a backslash is an ordinary character) and `backticks`
// delimit identifiers. Double-quoted text is rejected with a message that
// says so, rather than read as a string the way MySQL would.

// liftPrefix starts every placeholder identifier. User identifiers may not
// start with it.
const liftPrefix = "__q"

// liftItem is one lifted construct: an expression, a window TVF or a
// three-part name catalog.db.object (name, at namePos, with its last part
// at offset nameLast).
type liftItem struct {
	expr     Expr
	tvf      *WindowTVF
	name     string
	namePos  Pos
	nameLast int
}

// liftHint is a parsed /*+ ... */ comment. prev is the offset of the token
// written just before it (-1 at the start), which tells what it applies to.
type liftHint struct {
	hints []Hint
	off   int
	prev  int
	used  bool
}

// lifted is the result of the lifting pass over src.Text[start:end].
type lifted struct {
	src   *Source
	start int
	end   int
	buf   []byte // rewritten text, same length as the original span
	items map[string]liftItem
	hints []*liftHint
	// full holds the offsets of FULL keywords rewritten to LEFT.
	full map[int]bool
	toks []liftToken // original tokens
}

// liftText runs the lifting pass over src.Text[start:end].
func liftText(src *Source, start, end int) (*lifted, error) {
	sc, err := liftScan(src, start, end)
	if err != nil {
		return nil, err
	}
	l := &lifted{
		src: src, start: start, end: end,
		buf:   []byte(src.Text[start:end]),
		items: map[string]liftItem{},
		full:  map[int]bool{},
		toks:  sc.toks,
	}
	for _, c := range sc.comments {
		if c.hint {
			if err := l.addHint(c); err != nil {
				return nil, err
			}
		}
		l.blank(c.off, c.end)
	}
	toks := sc.toks
	for i := 0; i < len(toks); {
		next, err := l.liftAt(i)
		if err != nil {
			return nil, err
		}
		i = next
	}
	return l, nil
}

// text returns the rewritten text.
func (l *lifted) text() string { return string(l.buf) }

// blank replaces [off, end) with spaces, keeping newlines.
func (l *lifted) blank(off, end int) {
	for k := off; k < end; k++ {
		if l.buf[k-l.start] != '\n' {
			l.buf[k-l.start] = ' '
		}
	}
}

// replace lifts the original span [off, end) out of the text, leaving a
// placeholder identifier that names item.
func (l *lifted) replace(off, end int, item liftItem) error {
	name := fmt.Sprintf("%s%d", liftPrefix, len(l.items))
	if len(name) > end-off {
		return Errorf(PosAt(l.src, off), "query is too complex")
	}
	l.blank(off, end)
	copy(l.buf[off-l.start:], name)
	if item.expr != nil {
		l.claimHints(off, end) // the recursive parses inside the span did
	}
	l.items[name] = item
	return nil
}

// notYet returns an error message when toks[i] starts a Flink construct
// that has no tree form yet, and "" otherwise.
func (l *lifted) notYet(i int) string {
	toks := l.toks
	next := func(k int, w string) bool { return i+k < len(toks) && toks[i+k].is(w) }
	switch strings.ToUpper(toks[i].val) {
	case "IS":
		if next(1, "DISTINCT") || next(1, "NOT") && next(2, "DISTINCT") {
			return "IS [NOT] DISTINCT FROM is not supported yet"
		}
	case "ROWS", "RANGE":
		if next(1, "BETWEEN") {
			return "window frames (ROWS/RANGE BETWEEN) are not supported yet"
		}
	case "FOR":
		if next(1, "SYSTEM_TIME") {
			return "temporal joins (FOR SYSTEM_TIME AS OF) are not supported yet"
		}
	case "GROUPING":
		if next(1, "SETS") {
			return "GROUPING SETS is not supported yet"
		}
	case "ROLLUP", "CUBE":
		if i+1 < len(toks) && toks[i+1].isPunct("(") {
			return strings.ToUpper(toks[i].val) + " is not supported yet"
		}
	case "NULLS":
		if next(1, "FIRST") || next(1, "LAST") {
			return "NULLS FIRST/LAST is not supported yet"
		}
	case "SIMILAR":
		if next(1, "TO") {
			return "SIMILAR TO is not supported yet"
		}
	case "MATCH_RECOGNIZE", "UNNEST", "OVERLAY":
		if i+1 < len(toks) && toks[i+1].isPunct("(") {
			return strings.ToUpper(toks[i].val) + " is not supported yet"
		}
	}
	return ""
}

// liftAt inspects toks[i] and lifts the construct starting there, if any.
// It returns the index of the next token to inspect.
func (l *lifted) liftAt(i int) (int, error) {
	toks := l.toks
	t := toks[i]
	if err := l.checkReserved(t); err != nil {
		return 0, err
	}
	nextIs := func(k int, p string) bool { return i+k < len(toks) && toks[i+k].isPunct(p) }
	if t.kind == liftWord || t.kind == liftQuoted {
		if next, ok, err := l.liftSubscript(i); ok || err != nil {
			return next, err
		}
	}
	if (t.kind == liftWord || t.kind == liftQuoted) && nextIs(1, ".") {
		return l.liftDottedName(i)
	}
	if t.kind != liftWord {
		return i + 1, nil
	}
	word := strings.ToUpper(t.val)
	switch {
	case word == "TABLE" && nextIs(1, "("):
		return l.liftWindowTVF(i)
	case word == "INTERVAL":
		iv, next, err := liftInterval(l.src, toks, i)
		if err != nil {
			return 0, err
		}
		return next, l.replace(t.off, toks[next-1].end, liftItem{expr: iv})
	case (word == "TIMESTAMP" || word == "DATE" || word == "TIME") && i+1 < len(toks) && toks[i+1].kind == liftString:
		lit := &TypedLiteral{Node: Node{P: PosAt(l.src, t.off)}, Type: TypeName{Node: Node{P: PosAt(l.src, t.off)}, Name: word}, Text: toks[i+1].val}
		return i + 2, l.replace(t.off, toks[i+1].end, liftItem{expr: lit})
	case word == "FULL" && i+1 < len(toks) && (toks[i+1].is("JOIN") || toks[i+1].is("OUTER")):
		l.full[t.off] = true
		copy(l.buf[t.off-l.start:], "LEFT")
		return i + 1, nil
	case l.notYet(i) != "":
		return 0, Errorf(PosAt(l.src, t.off), "%s", l.notYet(i))
	case nextIs(1, "("):
		return l.liftCall(i, word)
	}
	return i + 1, nil
}

// checkReserved rejects identifiers that could be taken for placeholders.
func (l *lifted) checkReserved(t liftToken) error {
	if (t.kind == liftQuoted || t.kind == liftWord) && strings.HasPrefix(strings.ToLower(t.val), liftPrefix) {
		return Errorf(PosAt(l.src, t.off), "identifiers starting with %s are reserved", liftPrefix)
	}
	return nil
}

// liftDottedName lifts a three-part name a.b.c (catalog.db.table), which
// the grammar does not accept; shorter names are left alone and longer ones
// are reported.
func (l *lifted) liftDottedName(i int) (int, error) {
	toks := l.toks
	j := i
	parts := []string{toks[i].val}
	for j+2 < len(toks) && toks[j+1].isPunct(".") && (toks[j+2].kind == liftWord || toks[j+2].kind == liftQuoted) {
		j += 2
		if err := l.checkReserved(toks[j]); err != nil {
			return 0, err
		}
		parts = append(parts, toks[j].val)
	}
	switch {
	case len(parts) < 3 || j+1 < len(toks) && toks[j+1].isPunct("("):
		return j + 1, nil
	case len(parts) > 3:
		return 0, Errorf(PosAt(l.src, toks[i].off), "names have at most three parts (catalog.database.table)")
	}
	item := liftItem{name: strings.Join(parts, "."), namePos: PosAt(l.src, toks[i].off), nameLast: toks[j].off}
	return j + 1, l.replace(toks[i].off, toks[j].end, item)
}

// liftCall handles a function call NAME(...) at toks[i]: FILTER clauses,
// CAST, TRY_CAST, EXTRACT and FLOOR/CEIL ... TO unit.
func (l *lifted) liftCall(i int, word string) (int, error) {
	toks := l.toks
	closeIdx := liftMatch(toks, i+1)
	if closeIdx < 0 {
		return i + 1, nil // the grammar reports the unbalanced parenthesis
	}
	if closeIdx+3 < len(toks) && toks[closeIdx+1].is("FILTER") && toks[closeIdx+2].isPunct("(") && toks[closeIdx+3].is("WHERE") {
		return l.liftFilter(i, closeIdx)
	}
	var e Expr
	var err error
	switch word {
	case "CAST", "TRY_CAST":
		e, err = l.liftCast(i, closeIdx, word == "TRY_CAST")
	case "EXTRACT":
		e, err = l.liftExtract(i, closeIdx)
	case "FIRST_VALUE", "LAST_VALUE", "LISTAGG", "COLLECT", "ARRAY_AGG":
		if closeIdx+1 < len(toks) && toks[closeIdx+1].is("OVER") {
			return i + 1, nil
		}
		e, err = l.liftPlainCall(i, closeIdx, word)
	case "CARDINALITY":
		e, err = l.liftPlainCall(i, closeIdx, word)
	case "FLOOR", "CEIL", "CEILING":
		if liftFindTop(toks, i+2, closeIdx, "TO") < 0 {
			return i + 1, nil
		}
		e, err = l.liftFloorCeil(i, closeIdx, word)
	default:
		return i + 1, nil
	}
	if err != nil {
		return 0, err
	}
	return closeIdx + 1, l.replace(toks[i].off, toks[closeIdx].end, liftItem{expr: e})
}

// liftFilter lifts agg(...) FILTER (WHERE cond); closeIdx is the index of
// the call's closing parenthesis.
func (l *lifted) liftFilter(i, closeIdx int) (int, error) {
	toks := l.toks
	filterClose := liftMatch(toks, closeIdx+2)
	if filterClose < 0 {
		return 0, Errorf(PosAt(l.src, toks[closeIdx+2].off), "unclosed parenthesis")
	}
	call, err := parseExprText(l.src, toks[i].off, toks[closeIdx].end)
	if err != nil {
		return 0, err
	}
	fc, ok := call.(*FuncCall)
	if !ok || fc.Over != nil {
		return 0, Errorf(PosAt(l.src, toks[closeIdx+1].off), "FILTER applies to an aggregate function call only")
	}
	if closeIdx+4 >= filterClose {
		return 0, Errorf(PosAt(l.src, toks[filterClose].off), "expected a condition after WHERE")
	}
	cond, err := parseExprText(l.src, toks[closeIdx+4].off, toks[filterClose-1].end)
	if err != nil {
		return 0, err
	}
	fc.Filter = cond
	return filterClose + 1, l.replace(toks[i].off, toks[filterClose].end, liftItem{expr: fc})
}

// liftFindTop returns the index of the first top-level word w in
// toks[from:to], or -1.
func liftFindTop(toks []liftToken, from, to int, w string) int {
	depth := 0
	for j := from; j < to; j++ {
		switch {
		case toks[j].isPunct("("):
			depth++
		case toks[j].isPunct(")"):
			depth--
		case depth == 0 && toks[j].is(w):
			return j
		}
	}
	return -1
}

// liftExprRange parses the expression spanning toks[from:to].
func (l *lifted) liftExprRange(from, to int, what string, at int) (Expr, error) {
	if from >= to {
		return nil, Errorf(PosAt(l.src, at), "expected %s", what)
	}
	return parseExprText(l.src, l.toks[from].off, l.toks[to-1].end)
}
