package sql

// parseQueryText parses the query (SELECT, WITH ... SELECT, VALUES, UNION)
// that spans src.Text[start:end]. Errors are *Error positioned in src.
func parseQueryText(src *Source, start, end int) (Query, error) {
	return nil, Errorf(PosAt(src, start), "queries are not supported yet")
}

// parseExprText parses one scalar expression spanning src.Text[start:end]
// (a computed column or a WATERMARK expression).
func parseExprText(src *Source, start, end int) (Expr, error) {
	return nil, Errorf(PosAt(src, start), "expressions are not supported yet")
}
