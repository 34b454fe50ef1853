package planner

import (
	"slices"

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
	// `clicks`"); "" for a join.
	table string
	// quals lists the names of a join's relations, in FROM order; nil
	// for a single relation.
	quals []string
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

// qualifiers returns the relation names a column reference may use.
func (sc *scope) qualifiers() []string {
	if sc.quals != nil {
		return sc.quals
	}
	return []string{sc.table}
}

// joinScopes builds the scope of a join of l and r: l's columns, then
// r's. A relation name used on both sides is an error at pos.
func joinScopes(l, r *scope, pos sql.Pos) (*scope, error) {
	sc := &scope{cols: append(append([]scopeCol(nil), l.cols...), r.cols...)}
	sc.quals = append(sc.quals, l.qualifiers()...)
	for _, q := range r.qualifiers() {
		if q != "" && slices.Contains(sc.quals, q) {
			return nil, sql.Errorf(pos, "table `%s` appears twice in the FROM clause: give each an alias", q)
		}
		sc.quals = append(sc.quals, q)
	}
	return sc, nil
}

// qualifiedName renders column i as qual.name (or name alone).
func (sc *scope) qualifiedName(i int) string {
	c := sc.cols[i]
	if c.qual == "" {
		return c.name
	}
	return c.qual + "." + c.name
}

// resolve finds the column a reference names. Names are case-sensitive; a
// missing name suggests the closest one.
func (sc *scope) resolve(ref *sql.ColumnRef) (*ColRef, error) {
	if ref.Table != "" && !slices.Contains(sc.qualifiers(), ref.Table) {
		return nil, sql.Errorf(ref.P, "table `%s` not found in the FROM clause%s", ref.Table, catalog.DidYouMean(ref.Table, sc.qualifiers()))
	}
	found := -1
	var names []string
	for i, c := range sc.cols {
		if ref.Table != "" && c.qual != ref.Table {
			continue
		}
		names = append(names, c.name)
		if c.name != ref.Name {
			continue
		}
		if found >= 0 {
			if sc.quals != nil && ref.Table == "" && sc.cols[found].qual != c.qual {
				return nil, sql.Errorf(ref.P, "column `%s` is ambiguous: it is in `%s` and `%s`", ref.Name, sc.cols[found].qual, c.qual)
			}
			return nil, sql.Errorf(ref.P, "column `%s` is ambiguous", ref.Name)
		}
		found = i
	}
	if found < 0 {
		table := sc.table
		if ref.Table != "" {
			table = ref.Table
		}
		if table == "" {
			return nil, sql.Errorf(ref.P, "column `%s` not found%s", ref.Name, catalog.DidYouMean(ref.Name, names))
		}
		return nil, sql.Errorf(ref.P, "column `%s` not found in table `%s`%s", ref.Name, table, catalog.DidYouMean(ref.Name, names))
	}
	c := sc.cols[found]
	return &ColRef{Index: found, Name: c.name, T: c.typ}, nil
}
