package sql

import "strings"

// SplitStatements splits text into statements on ';' outside strings,
// quoted identifiers and comments. Each returned statement is trimmed of
// surrounding white space and has no final ';'; empty statements are
// dropped. A statement set (EXECUTE STATEMENT SET BEGIN ... END, or BEGIN
// STATEMENT SET; ... END) is kept whole, from its opening to END, as one
// element with its inner ';'.
//
// complete is false when the text ends inside an unfinished statement: in
// an unterminated string, quoted identifier or comment, in a statement set
// without END, or with tokens after the last ';'. The unfinished text is
// then the last element of stmts, so a REPL keeps reading while a file
// reader may still use it.
func SplitStatements(text string) (stmts []string, complete bool) {
	lx := newLexer(&Source{Name: "<input>", Text: text}, 0, len(text))
	var (
		start = 0 // where the current statement (or statement set) begins
		n     int // tokens of the current statement
		head  [4]token
		inSet bool
	)
	unfinished := func() ([]string, bool) {
		if tail := strings.TrimSpace(text[start:]); tail != "" {
			stmts = append(stmts, tail)
		}
		return stmts, false
	}
	for {
		t, err := lx.next()
		switch {
		case err != nil:
			return unfinished()
		case t.kind == tkEOF:
			if n > 0 || inSet {
				return unfinished()
			}
			return stmts, true
		case !t.isOp(";"):
			if n < len(head) {
				head[n] = t
			}
			n++
			continue
		}
		switch {
		case n == 0:
			if !inSet {
				start = t.end
			}
		case inSet && n == 1 && head[0].is("END"):
			stmts = append(stmts, strings.TrimSpace(text[start:t.start]))
			start, inSet = t.end, false
		case inSet:
		case opensStatementSet(head[:min(n, len(head))]):
			inSet = true
		default:
			stmts = append(stmts, strings.TrimSpace(text[start:t.start]))
			start = t.end
		}
		n = 0
	}
}

// opensStatementSet reports whether a statement starting with head opens a
// statement set.
func opensStatementSet(head []token) bool {
	starts := func(kws ...string) bool {
		if len(head) < len(kws) {
			return false
		}
		for i, kw := range kws {
			if !head[i].is(kw) {
				return false
			}
		}
		return true
	}
	return starts("EXECUTE", "STATEMENT", "SET", "BEGIN") || starts("BEGIN", "STATEMENT", "SET")
}
