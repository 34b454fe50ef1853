package sql

import (
	"sync"

	"github.com/pingcap/tidb/pkg/parser"
	"github.com/pingcap/tidb/pkg/parser/ast"
	"github.com/pingcap/tidb/pkg/parser/mysql"
	// The test driver supplies the grammar's literal values.
	_ "github.com/pingcap/tidb/pkg/parser/test_driver"
)

// grammarPool reuses parser instances of the relational grammar.
var grammarPool = sync.Pool{New: func() any {
	p := parser.New()
	// || concatenates strings; a backslash is an ordinary character.
	p.SetSQLMode(mysql.ModePipesAsConcat | mysql.ModeNoBackslashEscapes)
	p.EnableWindowFunc(true)
	return p
}}

// grammarParse parses text with the relational grammar.
func grammarParse(text string) ([]ast.StmtNode, error) {
	p := grammarPool.Get().(*parser.Parser)
	stmts, _, err := p.ParseSQL(text)
	// Only a parser that returned normally goes back to the pool.
	grammarPool.Put(p)
	return stmts, err
}

// recoverInto turns a panic inside the parser into a positioned error.
func recoverInto(err *error, src *Source, start int) {
	if r := recover(); r != nil {
		*err = Errorf(PosAt(src, start), "internal error while parsing: %v", r)
	}
}

// parseQueryText parses the query (SELECT, WITH ... SELECT, VALUES, UNION)
// that spans src.Text[start:end]. Errors are *Error positioned in src.
//
// The text goes through three steps: the lifting pass (lift.go) rewrites
// the Flink constructs the relational grammar cannot read into placeholders
// of the same length; the grammar parses the rewritten text; the converter
// (convert.go) turns the grammar's tree into ours, substituting the lifted
// constructs back. A whole-query VALUES list is parsed here directly.
func parseQueryText(src *Source, start, end int) (q Query, err error) {
	defer recoverInto(&err, src, start)
	l, err := liftText(src, start, end)
	if err != nil {
		return nil, err
	}
	if len(l.toks) == 0 {
		return nil, Errorf(PosAt(src, start), "expected a query")
	}
	if l.toks[0].is("VALUES") {
		return parseValues(l)
	}
	text := l.text()
	stmts, gerr := grammarParse(text)
	if gerr != nil {
		return nil, grammarError(gerr, l, text, start)
	}
	if len(stmts) != 1 {
		return nil, l.trailingError()
	}
	var root ast.ResultSetNode
	switch s := stmts[0].(type) {
	case *ast.SelectStmt:
		root = s
	case *ast.SetOprStmt:
		root = s
	default:
		return nil, Errorf(PosAt(src, l.toks[0].off), "expected a query (SELECT, WITH or VALUES)")
	}
	c, err := newConverter(l, start)
	if err != nil {
		return nil, err
	}
	if q, err = c.query(root); err != nil {
		return nil, err
	}
	if err := l.unusedHint(); err != nil {
		return nil, err
	}
	return q, nil
}

// exprPrefix turns an expression into a query for the grammar.
const exprPrefix = "SELECT "

// parseExprText parses one scalar expression spanning src.Text[start:end]
// (a computed column or a WATERMARK expression).
func parseExprText(src *Source, start, end int) (e Expr, err error) {
	defer recoverInto(&err, src, start)
	l, err := liftText(src, start, end)
	if err != nil {
		return nil, err
	}
	if len(l.toks) == 0 {
		return nil, Errorf(PosAt(src, start), "expected an expression")
	}
	text := exprPrefix + l.text()
	delta := start - len(exprPrefix)
	stmts, gerr := grammarParse(text)
	if gerr != nil {
		return nil, grammarError(gerr, l, text, delta)
	}
	if len(stmts) != 1 {
		return nil, l.trailingError()
	}
	sel, ok := stmts[0].(*ast.SelectStmt)
	if !ok || sel.Fields == nil || len(sel.Fields.Fields) == 0 {
		return nil, Errorf(PosAt(src, l.toks[0].off), "expected an expression")
	}
	if err := l.checkLoneExpr(sel); err != nil {
		return nil, err
	}
	c, err := newConverter(l, delta)
	if err != nil {
		return nil, err
	}
	if e, err = c.expr(sel.Fields.Fields[0].Expr); err != nil {
		return nil, err
	}
	if err := l.unusedHint(); err != nil {
		return nil, err
	}
	return e, nil
}

// checkLoneExpr rejects anything the grammar read after the expression
// (a second expression, an alias, FROM ...).
func (l *lifted) checkLoneExpr(sel *ast.SelectStmt) error {
	f := sel.Fields.Fields
	extra := len(f) > 1 || f[0].WildCard != nil || f[0].AsName.O != "" || sel.From != nil || sel.Where != nil ||
		sel.GroupBy != nil || sel.Having != nil || sel.OrderBy != nil || sel.Limit != nil || sel.Distinct ||
		sel.WindowSpecs != nil || sel.LockInfo != nil
	if !extra {
		return nil
	}
	// Find the first top-level token after the expression's first token
	// that cannot continue an expression.
	depth := 0
	for k, t := range l.toks {
		switch {
		case t.isPunct("("):
			depth++
		case t.isPunct(")"):
			depth--
		case depth == 0 && k > 0 && (t.isPunct(",") || t.is("AS") || t.is("FROM") || t.is("WHERE") ||
			t.is("GROUP") || t.is("ORDER") || t.is("LIMIT") || t.is("HAVING")):
			return Errorf(PosAt(l.src, t.off), "unexpected %s after the expression", liftDescribe(t))
		}
	}
	return Errorf(PosAt(l.src, l.toks[0].off), "expected a single expression")
}

// trailingError reports text after the first statement.
func (l *lifted) trailingError() error {
	for _, t := range l.toks {
		if t.isPunct(";") {
			return Errorf(PosAt(l.src, t.off), "unexpected ; inside the statement")
		}
	}
	return Errorf(PosAt(l.src, l.start), "expected exactly one query")
}

// parseValues parses VALUES (e, ...), (e, ...) written as a whole query.
func parseValues(l *lifted) (Query, error) {
	toks := l.toks
	v := &Values{Node: Node{P: PosAt(l.src, toks[0].off)}}
	i := 1
	for {
		if i >= len(toks) || !toks[i].isPunct("(") {
			return nil, l.expectedAt(i, "( to start a row of VALUES")
		}
		end := liftMatch(toks, i)
		if end < 0 {
			return nil, Errorf(PosAt(l.src, toks[i].off), "unclosed parenthesis")
		}
		if end == i+1 {
			return nil, Errorf(PosAt(l.src, toks[end].off), "expected a value")
		}
		var row []Expr
		for _, part := range liftSplitArgs(toks, i+1, end) {
			e, err := l.liftExprRange(part[0], part[1], "a value", toks[part[1]].off)
			if err != nil {
				return nil, err
			}
			row = append(row, e)
		}
		if len(v.Rows) > 0 && len(row) != len(v.Rows[0]) {
			return nil, Errorf(PosAt(l.src, toks[i].off), "this row has %d values but the first row has %d", len(row), len(v.Rows[0]))
		}
		v.Rows = append(v.Rows, row)
		l.claimHints(toks[i].off, toks[end].end)
		i = end + 1
		if i == len(toks) {
			return v, l.unusedHint()
		}
		if !toks[i].isPunct(",") {
			return nil, l.expectedAt(i, ", between rows of VALUES")
		}
		i++
	}
}

// expectedAt reports that toks[i] (or the end of text) is not what was
// expected.
func (l *lifted) expectedAt(i int, what string) error {
	if i >= len(l.toks) {
		return Errorf(PosAt(l.src, l.toks[len(l.toks)-1].end), "expected %s at end of input", what)
	}
	return Errorf(PosAt(l.src, l.toks[i].off), "expected %s, found %s", what, liftDescribe(l.toks[i]))
}
