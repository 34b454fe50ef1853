package sql

import "strings"

// supportedStatements lists the statements Parse accepts, for the error on
// anything else.
const supportedStatements = "CREATE TABLE, CREATE VIEW, INSERT INTO, SELECT, WITH, VALUES, " +
	"SET, RESET, EXPLAIN, SHOW TABLES, SHOW VIEWS, DESCRIBE, DROP TABLE, DROP VIEW, " +
	"EXECUTE STATEMENT SET"

// statement parses one statement by dispatching on its leading keywords.
func (p *stmtParser) statement() (Statement, error) {
	t := p.peek()
	switch {
	case t.is("CREATE"):
		return p.create()
	case t.is("INSERT"), t.is("EXECUTE") && p.peekAt(1).is("INSERT"):
		return p.insertStatement(t)
	case p.atQueryStart():
		return p.queryStatement()
	case t.is("SET"):
		return p.set()
	case t.is("RESET"):
		return p.reset()
	case t.is("EXPLAIN"):
		return p.explain()
	case t.is("SHOW"):
		return p.show()
	case t.is("DESCRIBE"), t.is("DESC"):
		return p.describe()
	case t.is("DROP"):
		return p.drop()
	}
	hint := ""
	if t.kind == tkIdent {
		hint = didYouMean(t.text, statementKeywords)
	}
	return nil, p.errorf(t, "unsupported statement starting with %s%s; supported statements are %s",
		t.describe(), hint, supportedStatements)
}

// atQueryStart reports whether the current token can start a query.
func (p *stmtParser) atQueryStart() bool {
	t := p.peek()
	return t.is("SELECT") || t.is("WITH") || t.is("VALUES") || t.isOp("(")
}

// statementSetStart consumes the opening of a statement set, EXECUTE
// STATEMENT SET BEGIN or BEGIN STATEMENT SET. rest reports whether an
// INSERT follows in the same statement.
func (p *stmtParser) statementSetStart() (opened, rest bool, err error) {
	switch {
	case p.peek().is("EXECUTE") && p.peekAt(1).is("STATEMENT"):
		p.i += 2
		if err := p.expectKw("SET"); err != nil {
			return false, false, err
		}
		if err := p.expectKw("BEGIN"); err != nil {
			return false, false, err
		}
	case p.acceptKw("BEGIN", "STATEMENT", "SET"):
	default:
		return false, false, nil
	}
	if p.atEnd() {
		return true, false, nil
	}
	if !p.peek().is("INSERT") {
		return false, false, p.expected("INSERT inside the statement set")
	}
	return true, true, nil
}

// queryStatement parses a plain query used as a statement.
func (p *stmtParser) queryStatement() (Statement, error) {
	first := p.peek()
	q, _, err := p.query("a query")
	if err != nil {
		return nil, err
	}
	return &QueryStatement{Node: Node{P: p.pos(first)}, Query: q}, nil
}

// query hands the rest of the statement to the query parser and returns
// the query and its original text. what names the expected query in the
// error when none starts here.
func (p *stmtParser) query(what string) (Query, string, error) {
	if !p.atQueryStart() {
		return nil, "", p.expected(what + " (SELECT, WITH, VALUES or '(')")
	}
	start, end := p.peek().start, p.stmtEnd()
	p.i = len(p.toks)
	q, err := p.sp.query(p.src, start, end)
	if err != nil {
		return nil, "", p.spanError(err, start)
	}
	return q, p.src.Text[start:end], nil
}

// spanError makes sure an error from the query or expression parser is a
// positioned *Error.
func (p *stmtParser) spanError(err error, start int) error {
	if e, ok := err.(*Error); ok {
		return e
	}
	return Errorf(p.lines.pos(start), "%v", err)
}

// insertStatement parses [EXECUTE] INSERT ...; first is the statement's
// first token.
func (p *stmtParser) insertStatement(first token) (Statement, error) {
	p.acceptKw("EXECUTE")
	ins, err := p.insert(first)
	if err != nil {
		return nil, err
	}
	return ins, nil
}

// insert parses INSERT INTO|OVERWRITE name [(cols)] query; first is the
// token the statement starts with.
func (p *stmtParser) insert(first token) (*Insert, error) {
	p.advance() // INSERT
	ins := &Insert{Node: Node{P: p.pos(first)}}
	switch {
	case p.acceptKw("INTO"):
	case p.acceptKw("OVERWRITE"):
		ins.Overwrite = true
	default:
		return nil, p.expected("INTO or OVERWRITE after INSERT")
	}
	name, nameTok, err := p.qualifiedName("table name")
	if err != nil {
		return nil, err
	}
	ins.Table, ins.TablePos = name, p.pos(nameTok)
	if p.peek().is("PARTITION") {
		return nil, p.errorf(p.peek(), "INSERT ... PARTITION is not supported yet")
	}
	if err := p.rejectTargetHint(name); err != nil {
		return nil, err
	}
	if p.peek().isOp("(") && !p.peekAt(1).is("SELECT") && !p.peekAt(1).is("WITH") &&
		!p.peekAt(1).is("VALUES") && !p.peekAt(1).isOp("(") {
		if ins.Columns, err = p.identList("column"); err != nil {
			return nil, err
		}
	}
	if err := p.rejectTargetHint(name); err != nil {
		return nil, err
	}
	if ins.Query, _, err = p.query("a query after INSERT INTO " + name); err != nil {
		return nil, err
	}
	return ins, nil
}

// rejectTargetHint fails when a /*+ hint */ precedes the current token of
// an INSERT: the lexer skips hints like comments, and a sink hint must not
// be dropped silently.
func (p *stmtParser) rejectTargetHint(table string) error {
	if t := p.peek(); t.hasHint {
		return Errorf(p.lines.pos(t.hintAt), "hints on the INSERT target table are not supported yet; "+
			"set sink options in the WITH clause of %s", table)
	}
	return nil
}

// explainDetails are the Flink EXPLAIN detail words; they are accepted
// and ignored because EXPLAIN always prints the changelog mode and state.
var explainDetails = map[string]bool{
	"ESTIMATED_COST": true, "CHANGELOG_MODE": true, "PLAN_ADVICE": true, "JSON_EXECUTION_PLAN": true,
}

// explain parses EXPLAIN [PLAN FOR | detail, ...] INSERT ... or a query.
func (p *stmtParser) explain() (Statement, error) {
	first := p.advance() // EXPLAIN
	ex := &Explain{Node: Node{P: p.pos(first)}}
	if !p.acceptKw("PLAN", "FOR") {
		for p.peek().kind == tkIdent && explainDetails[strings.ToUpper(p.peek().text)] {
			p.advance()
			if !p.acceptOp(",") {
				break
			}
		}
	}
	var err error
	switch {
	case p.peek().is("INSERT"):
		ex.Stmt, err = p.insertStatement(p.peek())
	case p.atQueryStart():
		ex.Stmt, err = p.queryStatement()
	default:
		return nil, p.expected("INSERT or a query (SELECT, WITH, VALUES) after EXPLAIN")
	}
	if err != nil {
		return nil, err
	}
	return ex, nil
}
