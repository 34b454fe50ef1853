package planner

import (
	"fmt"
	"slices"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// bound is a bound relation: its logical plan, and per output column the
// position in the user's text to blame in later errors (INSERT type
// mismatches).
type bound struct {
	node Node
	pos  []sql.Pos
}

// cteEnv is a chain of WITH definitions visible at some point of a query.
type cteEnv struct {
	name   string
	query  sql.Query
	parent *cteEnv // the definitions visible where this one is defined
}

func (env *cteEnv) lookup(name string) *cteEnv {
	for e := env; e != nil; e = e.parent {
		if e.name == name {
			return e
		}
	}
	return nil
}

// binder turns queries into logical plans. Views and CTEs are expanded
// inline: each reference binds the definition again.
type binder struct {
	cat  *catalog.Catalog
	ctes *cteEnv
	// expanding holds the views being expanded, to stop a cycle.
	expanding map[string]bool
	// ttl holds the STATE_TTL hints of the SELECT being bound.
	ttl *ttlScope
}

func newBinder(cat *catalog.Catalog) *binder {
	return &binder{cat: cat, expanding: map[string]bool{}}
}

func (b *binder) with(ctes *cteEnv) *binder {
	return &binder{cat: b.cat, ctes: ctes, expanding: b.expanding}
}

// query binds a SELECT, UNION or VALUES.
func (b *binder) query(q sql.Query) (bound, error) {
	switch q := q.(type) {
	case *sql.Select:
		return b.selectQuery(q)
	case *sql.SetOp:
		return b.setOp(q)
	case *sql.Values:
		return bound{}, sql.Errorf(q.P, "VALUES is not supported yet")
	}
	return bound{}, sql.Errorf(q.Position(), "unsupported query")
}

// withCTEs returns a binder that also sees the WITH definitions ctes;
// each definition sees the ones before it.
func (b *binder) withCTEs(ctes []sql.CTE) (*binder, error) {
	env := b.ctes
	seen := map[string]bool{}
	for _, c := range ctes {
		if seen[c.Name] {
			return nil, sql.Errorf(c.P, "WITH defines `%s` twice", c.Name)
		}
		seen[c.Name] = true
		env = &cteEnv{name: c.Name, query: c.Query, parent: env}
	}
	return b.with(env), nil
}

// selectQuery binds one SELECT block. Query hints after SELECT (such as
// STATE_TTL) do not change the result of a stateless query and are
// ignored; STATE_TTL hints of a SELECT with a regular join set the
// retention of the join's sides (see withTTLHints).
func (b *binder) selectQuery(s *sql.Select) (out bound, err error) {
	if len(s.With) > 0 {
		wb, err := b.withCTEs(s.With)
		if err != nil {
			return bound{}, err
		}
		inner := *s
		inner.With = nil
		return wb.selectQuery(&inner)
	}
	if err := unsupportedClauses(s); err != nil {
		return bound{}, err
	}
	if s.From == nil {
		return bound{}, sql.Errorf(s.P, "SELECT without FROM is not supported yet")
	}
	done, err := b.withTTLHints(s.Hints)
	if err != nil {
		return bound{}, err
	}
	defer func() {
		if cerr := done(); err == nil && cerr != nil {
			out, err = bound{}, cerr
		}
	}()
	var pool *wherePool
	if _, ok := s.From.(*sql.JoinExpr); ok && s.Where != nil {
		pool = newWherePool(s.Where)
		if err := b.checkWhere(s.From, pool); err != nil {
			return bound{}, err
		}
	}
	in, sc, err := b.fromWhere(s.From, pool)
	if err != nil {
		return bound{}, err
	}
	node := in.node
	eb := &exprBinder{sc: sc}
	if s.Where != nil {
		var conds []Expr
		where := []sql.Expr{s.Where}
		if pool != nil {
			where = pool.rest()
		}
		for _, w := range where {
			cond, err := eb.bind(w)
			if err != nil {
				return bound{}, err
			}
			if cond, err = needBool(w.Position(), "WHERE", cond); err != nil {
				return bound{}, err
			}
			conds = append(conds, cond)
		}
		if len(conds) > 0 {
			node = &Filter{Input: node, Cond: andAll(conds)}
		}
	}
	grouped := needsAggregate(s)
	if grouped {
		agg, ab, err := b.aggregate(s, node, sc)
		if err != nil {
			return bound{}, err
		}
		if err := groupTTL(s, agg); err != nil {
			return bound{}, err
		}
		node, eb, sc = agg, ab, ab.sc
		if s.Having != nil {
			cond, err := eb.bind(s.Having)
			if err != nil {
				return bound{}, err
			}
			if cond, err = needBool(s.Having.Position(), "HAVING", cond); err != nil {
				return bound{}, err
			}
			node = &Filter{Input: node, Cond: cond}
		}
	}
	if node, err = b.bindRanks(s, node, eb, grouped); err != nil {
		return bound{}, err
	}
	p := &Project{Input: node}
	fromSchema := in.node.Schema()
	var pos []sql.Pos
	for idx, it := range s.Items {
		if it.Star {
			if it.StarTable != "" && !slices.Contains(sc.qualifiers(), it.StarTable) {
				return bound{}, sql.Errorf(it.P, "table `%s` not found in the FROM clause%s", it.StarTable, catalog.DidYouMean(it.StarTable, sc.qualifiers()))
			}
			for i, c := range sc.cols {
				if it.StarTable != "" && c.qual != it.StarTable {
					continue
				}
				name := c.name
				if sc.quals != nil {
					// A join's output names are unique (ts, ts0).
					name = fromSchema[i].Name
				}
				p.Exprs = append(p.Exprs, &ColRef{Index: i, Name: c.name, T: c.typ})
				p.Names = append(p.Names, name)
				pos = append(pos, it.P)
			}
			continue
		}
		x, err := eb.bind(it.Expr)
		if err != nil {
			return bound{}, err
		}
		if x.Type().Kind == catalog.KindNull {
			return bound{}, sql.Errorf(it.Expr.Position(), "cannot infer the type of NULL: write CAST(NULL AS type)")
		}
		name := it.Alias
		if name == "" {
			if ref, ok := it.Expr.(*sql.ColumnRef); ok {
				name = ref.Name
			} else {
				name = fmt.Sprintf("EXPR$%d", idx)
			}
		}
		p.Exprs = append(p.Exprs, x)
		p.Names = append(p.Names, name)
		pos = append(pos, it.Expr.Position())
	}
	if s.Distinct {
		agg := distinctOf(p, s.P)
		if err := groupTTL(s, agg); err != nil {
			return bound{}, err
		}
		return bound{node: agg, pos: pos}, nil
	}
	return bound{node: p, pos: pos}, nil
}

// unsupportedClauses rejects the clauses that need stateful operators and
// are not bound yet.
func unsupportedClauses(s *sql.Select) error {
	switch {
	case len(s.OrderBy) > 0:
		return sql.Errorf(s.OrderBy[0].P, "ORDER BY is not supported yet")
	case s.Limit != nil:
		return sql.Errorf(s.Limit.Position(), "LIMIT is not supported yet")
	}
	return nil
}

// from binds the FROM clause: a table, view, CTE, subquery, window
// table function or join.
func (b *binder) from(te sql.TableExpr) (bound, *scope, error) {
	return b.fromWhere(te, nil)
}

// fromWhere binds the FROM clause; the inner joins in it may take
// conditions from pool (nil when there are none).
func (b *binder) fromWhere(te sql.TableExpr, pool *wherePool) (bound, *scope, error) {
	switch te := te.(type) {
	case *sql.TableRef:
		in, err := b.tableRef(te)
		if err != nil {
			return bound{}, nil, err
		}
		qual := te.Name
		if te.Alias != "" {
			qual = te.Alias
		}
		return in, newScope(qual, in.node.Schema()), nil
	case *sql.SubqueryRef:
		in, err := b.query(te.Query)
		if err != nil {
			return bound{}, nil, err
		}
		return in, newScope(te.Alias, in.node.Schema()), nil
	case *sql.JoinExpr:
		return b.join(te, pool)
	case *sql.WindowTVF:
		return b.windowTVF(te)
	}
	return bound{}, nil, sql.Errorf(te.Position(), "unsupported FROM clause")
}

// tableRef binds a name in FROM: a CTE, else a view (expanded inline),
// else a table scan (with its OPTIONS hints applied).
func (b *binder) tableRef(te *sql.TableRef) (bound, error) {
	if cte := b.ctes.lookup(te.Name); cte != nil {
		if len(te.Hints) > 0 {
			return bound{}, sql.Errorf(te.Hints[0].P, "query hints cannot be applied to the WITH query `%s`", te.Name)
		}
		return b.with(cte.parent).query(cte.query)
	}
	t, ok := b.cat.Lookup(te.Name)
	if !ok {
		return bound{}, b.cat.NotFound(te.P, te.Name)
	}
	t, err := b.withOptionHints(t, te.Hints)
	if err != nil {
		return bound{}, err
	}
	if !t.IsView {
		n, err := scanTable(t)
		if err != nil {
			return bound{}, err
		}
		return bound{node: n, pos: repeatPos(te.P, len(n.Schema()))}, nil
	}
	if b.expanding[t.Name] {
		return bound{}, sql.Errorf(te.P, "view `%s` refers to itself", t.Name)
	}
	b.expanding[t.Name] = true
	defer delete(b.expanding, t.Name)
	in, err := b.with(nil).query(t.Query)
	if err != nil {
		return bound{}, sql.Errorf(te.P, "view `%s` is no longer valid: %s", t.Name, errMsg(err))
	}
	s := in.node.Schema()
	if len(t.Columns) > 0 && len(t.Columns) != len(s) {
		return bound{}, sql.Errorf(te.P, "view `%s` is no longer valid: it now has %d columns, not %d", t.Name, len(s), len(t.Columns))
	}
	if len(t.Columns) > 0 {
		p := &Project{Input: in.node}
		for i := range s {
			p.Exprs = append(p.Exprs, colRef(s, i))
			p.Names = append(p.Names, t.Columns[i].Name)
		}
		in.node = p
	}
	return bound{node: in.node, pos: repeatPos(te.P, len(s))}, nil
}

func errMsg(err error) string {
	if e, ok := err.(*sql.Error); ok {
		return e.Msg
	}
	return err.Error()
}

func repeatPos(p sql.Pos, n int) []sql.Pos {
	out := make([]sql.Pos, n)
	for i := range out {
		out[i] = p
	}
	return out
}

// setOp binds UNION ALL, and UNION as DISTINCT over it; the column types of both sides are widened to
// their common types.
func (b *binder) setOp(q *sql.SetOp) (bound, error) {
	if len(q.With) > 0 {
		wb, err := b.withCTEs(q.With)
		if err != nil {
			return bound{}, err
		}
		inner := *q
		inner.With = nil
		return wb.setOp(&inner)
	}
	if q.Op != "UNION" {
		return bound{}, sql.Errorf(q.P, "%s is not supported yet", q.Op)
	}
	l, err := b.query(q.Left)
	if err != nil {
		return bound{}, err
	}
	r, err := b.query(q.Right)
	if err != nil {
		return bound{}, err
	}
	ls, rs := l.node.Schema(), r.node.Schema()
	if len(ls) != len(rs) {
		return bound{}, sql.Errorf(q.P, "UNION ALL inputs have different column counts: %d and %d", len(ls), len(rs))
	}
	types := make([]catalog.Type, len(ls))
	for i := range ls {
		t, ok := commonType(ls[i].Type, rs[i].Type)
		if !ok {
			return bound{}, sql.Errorf(r.pos[i], "UNION ALL column %d (`%s`) is %s on the left but %s on the right",
				i+1, ls[i].Name, typeName(ls[i].Type), typeName(rs[i].Type))
		}
		types[i] = t
	}
	var inputs []Node
	for _, side := range []Node{widen(l.node, types), widen(r.node, types)} {
		if u, ok := side.(*Union); ok {
			inputs = append(inputs, u.Inputs...)
		} else {
			inputs = append(inputs, side)
		}
	}
	if !q.All {
		// UNION removes duplicates: DISTINCT over the UNION ALL.
		return bound{node: distinctOf(&Union{Inputs: inputs}, q.P), pos: l.pos}, nil
	}
	return bound{node: &Union{Inputs: inputs}, pos: l.pos}, nil
}

// widen casts the columns of n to types where they differ.
func widen(n Node, types []catalog.Type) Node {
	s := n.Schema()
	p := &Project{Input: n}
	for i, f := range s {
		p.Exprs = append(p.Exprs, castTo(colRef(s, i), types[i]))
		p.Names = append(p.Names, f.Name)
	}
	if isIdentity(p.Exprs, s) {
		return n
	}
	return p
}
