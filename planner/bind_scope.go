package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// scopeCol is one column visible to expressions: its qualifier (the table
// name or alias it came through), name and type.
type scopeCol struct {
	qual string
	name string
	typ  catalog.Type
}

// scope is the row an expression is bound against: the output columns of
// the FROM clause. Column i of the scope is ColRef index i.
type scope struct {
	cols []scopeCol
	// table names the relation in error messages ("not found in table
	// `clicks`").
	table string
}

// newScope builds the scope of a relation with schema s seen through
// qualifier qual.
func newScope(qual string, s Schema) *scope {
	sc := &scope{table: qual}
	for _, f := range s {
		sc.cols = append(sc.cols, scopeCol{qual: qual, name: f.Name, typ: f.Type})
	}
	return sc
}

// resolve finds the column a reference names. Names are case-sensitive; a
// missing name suggests the closest one.
func (sc *scope) resolve(ref *sql.ColumnRef) (*ColRef, error) {
	if ref.Table != "" && ref.Table != sc.table {
		return nil, sql.Errorf(ref.P, "table `%s` not found in the FROM clause%s", ref.Table, catalog.DidYouMean(ref.Table, []string{sc.table}))
	}
	found := -1
	for i, c := range sc.cols {
		if c.name != ref.Name {
			continue
		}
		if found >= 0 {
			return nil, sql.Errorf(ref.P, "column `%s` is ambiguous", ref.Name)
		}
		found = i
	}
	if found < 0 {
		names := make([]string, len(sc.cols))
		for i, c := range sc.cols {
			names[i] = c.name
		}
		if sc.table == "" {
			return nil, sql.Errorf(ref.P, "column `%s` not found%s", ref.Name, catalog.DidYouMean(ref.Name, names))
		}
		return nil, sql.Errorf(ref.P, "column `%s` not found in table `%s`%s", ref.Name, sc.table, catalog.DidYouMean(ref.Name, names))
	}
	c := sc.cols[found]
	return &ColRef{Index: found, Name: c.name, T: c.typ}, nil
}
