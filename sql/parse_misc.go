package sql

import "strings"

// set parses SET, SET 'key' = 'value' and the SQL-client form with an
// unquoted key, SET table.exec.mini-batch.enabled = true. An unquoted value
// is kept as written.
func (p *stmtParser) set() (Statement, error) {
	first := p.advance() // SET
	st := &Set{Node: Node{P: p.pos(first)}}
	if p.atEnd() {
		return st, nil
	}
	key, err := p.settingKey("SET", true)
	if err != nil {
		return nil, err
	}
	st.Key = key
	if err := p.expectOp("=", "after the key of SET"); err != nil {
		return nil, err
	}
	if p.atEnd() {
		return nil, p.expected("a value after '=' in SET")
	}
	if v := p.peek(); v.kind == tkString {
		st.Value = v.val
		p.advance()
		return st, p.expectEnd("the value of SET")
	}
	st.Value = strings.TrimSpace(p.src.Text[p.peek().start:p.stmtEnd()])
	p.i = len(p.toks)
	return st, nil
}

// reset parses RESET and RESET 'key' (or an unquoted key).
func (p *stmtParser) reset() (Statement, error) {
	first := p.advance() // RESET
	st := &Reset{Node: Node{P: p.pos(first)}}
	if p.atEnd() {
		return st, nil
	}
	key, err := p.settingKey("RESET", false)
	if err != nil {
		return nil, err
	}
	st.Key = key
	return st, p.expectEnd("the key of RESET")
}

// settingKey consumes a configuration key: a quoted string, or unquoted
// text written without spaces (table.exec.mini-batch.enabled). With
// beforeEq the unquoted key ends at '='.
func (p *stmtParser) settingKey(stmt string, beforeEq bool) (string, error) {
	t := p.peek()
	if t.kind == tkString {
		p.advance()
		if t.val == "" {
			return "", p.errorf(t, "the key of %s must not be empty", stmt)
		}
		return t.val, nil
	}
	if t.kind != tkIdent && t.kind != tkQuotedIdent {
		return "", p.expected("a configuration key after " + stmt + ", such as 'table.exec.state.ttl'")
	}
	start, end := t.start, t.end
	p.advance()
	for !p.atEnd() {
		n := p.peek()
		if n.start != end || (beforeEq && n.isOp("=")) {
			break
		}
		end = n.end
		p.advance()
	}
	return p.src.Text[start:end], nil
}

// show parses SHOW TABLES and SHOW VIEWS.
func (p *stmtParser) show() (Statement, error) {
	first := p.advance() // SHOW
	st := &ShowTables{Node: Node{P: p.pos(first)}}
	switch {
	case p.acceptKw("TABLES"):
	case p.acceptKw("VIEWS"):
		st.Views = true
	default:
		return nil, p.expected("TABLES or VIEWS after SHOW (supported: SHOW TABLES, SHOW VIEWS)")
	}
	return st, p.expectEnd("SHOW " + strings.ToUpper(p.toks[p.i-1].text))
}

// describe parses DESCRIBE name and DESC name.
func (p *stmtParser) describe() (Statement, error) {
	first := p.advance() // DESCRIBE or DESC
	name, _, err := p.qualifiedName("table or view name")
	if err != nil {
		return nil, err
	}
	return &Describe{Node: Node{P: p.pos(first)}, Name: name}, p.expectEnd("the name")
}

// drop parses DROP [TEMPORARY] TABLE|VIEW [IF EXISTS] name.
func (p *stmtParser) drop() (Statement, error) {
	first := p.advance() // DROP
	st := &Drop{Node: Node{P: p.pos(first)}}
	p.acceptKw("TEMPORARY")
	switch {
	case p.acceptKw("TABLE"):
	case p.acceptKw("VIEW"):
		st.View = true
	default:
		return nil, p.expected("TABLE or VIEW after DROP (supported: DROP TABLE, DROP VIEW)")
	}
	st.IfExists = p.acceptKw("IF", "EXISTS")
	what := "table name"
	if st.View {
		what = "view name"
	}
	name, _, err := p.qualifiedName(what)
	if err != nil {
		return nil, err
	}
	st.Name = name
	return st, p.expectEnd("the name")
}
