package sql

// create dispatches CREATE [TEMPORARY] TABLE|VIEW. TEMPORARY is accepted
// and ignored: every object of a streamsql job lives for the job only.
func (p *stmtParser) create() (Statement, error) {
	first := p.advance() // CREATE
	if p.peek().is("OR") && p.peekAt(1).is("REPLACE") {
		return nil, p.errorf(p.peek(), "CREATE OR REPLACE is not supported yet")
	}
	p.acceptKw("TEMPORARY")
	switch {
	case p.acceptKw("TABLE"):
		return p.createTable(first)
	case p.acceptKw("VIEW"):
		return p.createView(first)
	}
	return nil, p.expected("TABLE or VIEW after CREATE (supported: CREATE TABLE, CREATE VIEW)")
}

// createTable parses the rest of CREATE TABLE after the TABLE keyword.
func (p *stmtParser) createTable(first token) (Statement, error) {
	ct := &CreateTable{Node: Node{P: p.pos(first)}}
	ct.IfNotExists = p.acceptKw("IF", "NOT", "EXISTS")
	name, _, err := p.qualifiedName("table name")
	if err != nil {
		return nil, err
	}
	ct.Name = name
	if err := p.rejectTableDerivation(); err != nil {
		return nil, err
	}
	if err := p.expectOp("(", "to start the column list of "+name); err != nil {
		return nil, err
	}
	for {
		elem, err := p.tableElement(ct)
		if err != nil {
			return nil, err
		}
		if p.acceptOp(",") {
			continue
		}
		if p.acceptOp(")") {
			break
		}
		e := p.expected("')' or ',' after " + elem)
		if t := p.peek(); t.kind == tkIdent {
			e.Msg += didYouMean(t.text, elementKeywords)
		}
		return nil, e
	}
	return ct, p.createTableTail(ct)
}

// createTableTail parses what follows the column list: COMMENT, WITH.
func (p *stmtParser) createTableTail(ct *CreateTable) error {
	if p.acceptKw("COMMENT") {
		c, _, err := p.stringLit("table comment")
		if err != nil {
			return err
		}
		ct.Comment = c
	}
	for _, clause := range [][]string{{"PARTITIONED", "BY"}, {"DISTRIBUTED", "BY"}, {"DISTRIBUTED", "INTO"}} {
		if p.peek().is(clause[0]) && p.peekAt(1).is(clause[1]) {
			return p.errorf(p.peek(), "%s %s is not supported yet", clause[0], clause[1])
		}
	}
	if !p.acceptKw("WITH") {
		if err := p.rejectTableDerivation(); err != nil {
			return err
		}
		if p.atEnd() {
			return nil
		}
		return p.expected("WITH or end of statement after the column list of " + ct.Name)
	}
	opts, err := p.options()
	if err != nil {
		return err
	}
	ct.Options = opts
	if err := p.rejectTableDerivation(); err != nil {
		return err
	}
	return p.expectEnd("the WITH clause of CREATE TABLE")
}

// rejectTableDerivation fails on CREATE TABLE ... AS query and CREATE
// TABLE ... LIKE other, which are not supported yet.
func (p *stmtParser) rejectTableDerivation() error {
	switch t := p.peek(); {
	case t.is("AS"):
		return p.errorf(t, "CREATE TABLE ... AS query is not supported yet; declare the columns and use INSERT INTO")
	case t.is("LIKE"):
		return p.errorf(t, "CREATE TABLE ... LIKE is not supported yet; declare the columns")
	}
	return nil
}

// tableElement parses one entry of the column list: a column, a WATERMARK
// or a table PRIMARY KEY constraint. It returns what it parsed, for the
// error when neither ',' nor ')' follows.
func (p *stmtParser) tableElement(ct *CreateTable) (string, error) {
	t := p.peek()
	switch {
	case t.is("WATERMARK"):
		return "WATERMARK definition", p.watermark(ct)
	case t.is("PRIMARY") || t.is("CONSTRAINT"):
		return "PRIMARY KEY definition", p.primaryKey(ct, nil)
	case t.is("PERIOD"):
		return "", p.errorf(t, "PERIOD FOR SYSTEM_TIME is not supported yet")
	}
	col, err := p.column(ct)
	if err != nil {
		return "", err
	}
	ct.Columns = append(ct.Columns, col)
	return "column definition", nil
}

// column parses a physical, computed or metadata column definition.
func (p *stmtParser) column(ct *CreateTable) (ColumnDef, error) {
	name, first, err := p.ident("column name")
	if err != nil {
		return ColumnDef{}, err
	}
	col := ColumnDef{Node: Node{P: p.pos(first)}, Name: name}
	if p.acceptKw("AS") {
		if col.Computed, err = p.exprSpan("expression of computed column " + name); err != nil {
			return col, err
		}
		return col, p.columnComment(&col)
	}
	if col.Type, err = p.typeName(); err != nil {
		return col, err
	}
	col.NotNull = col.Type.NotNull
	if p.acceptKw("METADATA") {
		col.Metadata = &MetadataSpec{}
		if p.acceptKw("FROM") {
			if col.Metadata.Key, _, err = p.stringLit("metadata key"); err != nil {
				return col, err
			}
		}
		col.Metadata.Virtual = p.acceptKw("VIRTUAL")
	} else if p.peek().is("PRIMARY") || p.peek().is("CONSTRAINT") {
		if err := p.primaryKey(ct, &col); err != nil {
			return col, err
		}
	}
	return col, p.columnComment(&col)
}

// columnComment parses an optional COMMENT 'text' after a column.
func (p *stmtParser) columnComment(col *ColumnDef) error {
	if !p.acceptKw("COMMENT") {
		return nil
	}
	c, _, err := p.stringLit("column comment")
	col.Comment = c
	return err
}

// watermark parses WATERMARK FOR column AS expr.
func (p *stmtParser) watermark(ct *CreateTable) error {
	first := p.advance() // WATERMARK
	if ct.Watermark != nil {
		return p.errorf(first, "a table can have only one WATERMARK; the first is at %s", ct.Watermark.P)
	}
	if err := p.expectKw("FOR"); err != nil {
		return err
	}
	col, colTok, err := p.ident("column name after WATERMARK FOR")
	if err != nil {
		return err
	}
	if err := p.expectKw("AS"); err != nil {
		return err
	}
	wm := &WatermarkDef{Node: Node{P: p.pos(first)}, Column: col, ColumnPos: p.pos(colTok)}
	if wm.Expr, err = p.exprSpan("watermark expression"); err != nil {
		return err
	}
	ct.Watermark = wm
	return nil
}

// primaryKey parses [CONSTRAINT name] PRIMARY KEY [(cols)] [NOT ENFORCED].
// For an inline constraint on column col the column list is absent.
func (p *stmtParser) primaryKey(ct *CreateTable, col *ColumnDef) error {
	first := p.peek()
	if p.acceptKw("CONSTRAINT") {
		if _, _, err := p.ident("constraint name"); err != nil {
			return err
		}
	}
	if ct.PrimaryKey != nil {
		return p.errorf(first, "a table can have only one PRIMARY KEY; the first is at %s", ct.PrimaryKey.P)
	}
	if err := p.expectKw("PRIMARY", "KEY"); err != nil {
		return err
	}
	pk := &PrimaryKeyDef{Node: Node{P: p.pos(first)}}
	if col != nil {
		pk.Columns = []string{col.Name}
	} else {
		cols, err := p.identList("primary key column")
		if err != nil {
			return err
		}
		pk.Columns = cols
	}
	if p.acceptKw("NOT") {
		if err := p.expectKw("ENFORCED"); err != nil {
			return err
		}
		pk.NotEnforced = true
	} else {
		p.acceptKw("ENFORCED")
	}
	ct.PrimaryKey = pk
	return nil
}

// exprSpan finds the expression that starts at the current token and ends
// before the next ',' or ')' (or COMMENT 'text') outside parentheses, and
// hands it to the expression parser.
func (p *stmtParser) exprSpan(what string) (Expr, error) {
	startIdx, depth := p.i, 0
scan:
	for ; p.i < len(p.toks); p.i++ {
		t := p.toks[p.i]
		switch {
		case t.isOp("(") || t.isOp("["):
			depth++
		case t.isOp(")") || t.isOp("]"):
			if depth == 0 {
				break scan
			}
			depth--
		case depth == 0 && t.isOp(","):
			break scan
		case depth == 0 && t.is("COMMENT") && p.peekAt(1).kind == tkString:
			break scan
		}
	}
	if p.i == startIdx {
		return nil, p.expected(what)
	}
	start, end := p.toks[startIdx].start, p.toks[p.i-1].end
	e, err := p.sp.expr(p.src, start, end)
	if err != nil {
		return nil, p.spanError(err, start)
	}
	return e, nil
}

// options parses ( 'key' = 'value' [, ...] ) and rejects duplicate keys.
func (p *stmtParser) options() ([]Option, error) {
	if err := p.expectOp("(", "after WITH"); err != nil {
		return nil, err
	}
	var opts []Option
	if p.acceptOp(")") {
		return opts, nil
	}
	for {
		key, keyTok, err := p.stringLit("option key")
		if err != nil {
			return nil, err
		}
		for _, o := range opts {
			if o.Key == key {
				return nil, p.errorf(keyTok, "duplicate option '%s' (first set at line %d)", key, o.P.Line)
			}
		}
		if err := p.expectOp("=", "after option key '"+key+"'"); err != nil {
			return nil, err
		}
		val, valTok, err := p.stringLit("value of option '" + key + "'")
		if err != nil {
			return nil, err
		}
		opts = append(opts, Option{Node: Node{P: p.pos(keyTok)}, Key: key, Value: val, ValuePos: p.pos(valTok)})
		if p.acceptOp(",") {
			continue
		}
		if err := p.expectOp(")", "or ',' after option '"+key+"'"); err != nil {
			return nil, err
		}
		return opts, nil
	}
}

// createView parses the rest of CREATE VIEW after the VIEW keyword. A
// COMMENT 'text' before AS is accepted and not kept.
func (p *stmtParser) createView(first token) (Statement, error) {
	cv := &CreateView{Node: Node{P: p.pos(first)}}
	cv.IfNotExists = p.acceptKw("IF", "NOT", "EXISTS")
	name, _, err := p.qualifiedName("view name")
	if err != nil {
		return nil, err
	}
	cv.Name = name
	if p.peek().isOp("(") {
		if cv.Columns, err = p.identList("view column"); err != nil {
			return nil, err
		}
	}
	if p.acceptKw("COMMENT") {
		if _, _, err := p.stringLit("view comment"); err != nil {
			return nil, err
		}
	}
	if err := p.expectKw("AS"); err != nil {
		return nil, err
	}
	if cv.Query, cv.Text, err = p.query("the view's query after AS"); err != nil {
		return nil, err
	}
	return cv, nil
}
