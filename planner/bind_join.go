package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// wherePool holds the WHERE conditions of a SELECT over inner joins, so
// that each join can take the conditions relating its two sides (the
// condition of a comma join is written in WHERE). A condition taken by a
// join is no longer filtered above it.
type wherePool struct {
	conds []sql.Expr
	taken []bool
}

func newWherePool(where sql.Expr) *wherePool {
	p := &wherePool{conds: sqlConjuncts(where)}
	p.taken = make([]bool, len(p.conds))
	return p
}

// sqlConjuncts splits a written condition at its top-level ANDs.
func sqlConjuncts(e sql.Expr) []sql.Expr {
	if b, ok := e.(*sql.Binary); ok && b.Op == "AND" {
		return append(sqlConjuncts(b.L), sqlConjuncts(b.R)...)
	}
	return []sql.Expr{e}
}

// rest returns the conditions no join took.
func (p *wherePool) rest() []sql.Expr {
	var out []sql.Expr
	for i, c := range p.conds {
		if !p.taken[i] {
			out = append(out, c)
		}
	}
	return out
}

// join binds a join of two FROM entries into an interval or regular join
// (with the SELECT's STATE_TTL hints, see nameJoinSides). pool (may
// be nil) holds WHERE conditions an inner join may take: those that bind
// against the join's two sides and read both.
func (b *binder) join(te *sql.JoinExpr, pool *wherePool) (bound, *scope, error) {
	if len(te.Using) > 0 {
		return bound{}, nil, sql.Errorf(te.P, "JOIN ... USING is not supported yet; write the condition with ON")
	}
	kind := joinKind(te.Kind)
	sidePool := pool
	if kind != JoinInner {
		sidePool = nil // WHERE conditions must not move below an outer join
	}
	l, lsc, err := b.fromWhere(te.Left, sidePool)
	if err != nil {
		return bound{}, nil, err
	}
	r, rsc, err := b.fromWhere(te.Right, sidePool)
	if err != nil {
		return bound{}, nil, err
	}
	sc, err := joinScopes(lsc, rsc, te.Right.Position())
	if err != nil {
		return bound{}, nil, err
	}
	pos := te.Right.Position()
	eb := &exprBinder{sc: sc}
	var conds []joinConjunct
	if te.On != nil {
		pos = te.On.Position()
		for _, c := range sqlConjuncts(te.On) {
			x, err := eb.bind(c)
			if err != nil {
				return bound{}, nil, err
			}
			if x, err = needBool(c.Position(), "ON", x); err != nil {
				return bound{}, nil, err
			}
			conds = append(conds, joinConjunct{e: x, pos: c.Position()})
		}
	}
	if pool != nil && kind == JoinInner {
		width := len(lsc.cols)
		for i, c := range pool.conds {
			if pool.taken[i] {
				continue
			}
			x, err := eb.bind(c)
			if err != nil || x.Type().Kind != catalog.KindBoolean {
				continue // not over these two sides; WHERE reports errors
			}
			if l, r := sidesRead(x, width, len(sc.cols)); l && r {
				pool.taken[i] = true
				conds = append(conds, joinConjunct{e: x, pos: c.Position()})
			}
		}
	}
	names := make([]string, len(sc.cols))
	for i := range names {
		names[i] = sc.qualifiedName(i)
	}
	j, err := planJoin(kind, l.node, r.node, conds, pos, names)
	if err != nil {
		return bound{}, nil, err
	}
	if rj, ok := j.(*RegularJoin); ok {
		b.nameJoinSides(rj, te)
	}
	// Expressions above the join see its output types: a padded side is
	// nullable, and only an interval join's two time columns stay time
	// attributes.
	out := &scope{cols: append([]scopeCol(nil), sc.cols...), quals: sc.quals}
	for i, f := range j.Schema() {
		out.cols[i].typ = f.Type
	}
	return bound{node: j, pos: append(append([]sql.Pos(nil), l.pos...), r.pos...)}, out, nil
}

// checkWhere binds the WHERE conditions of a SELECT over joins against the
// columns of its FROM clause before the joins take their conditions from
// them, so that a mistake in a condition is reported as such rather than
// as the join it leaves without a condition.
func (b *binder) checkWhere(from sql.TableExpr, pool *wherePool) error {
	sc, err := b.fromScope(from)
	if err != nil {
		return nil // binding the FROM clause reports it
	}
	eb := &exprBinder{sc: sc}
	for _, c := range pool.conds {
		x, err := eb.bind(c)
		if err != nil {
			return err
		}
		if _, err := needBool(c.Position(), "WHERE", x); err != nil {
			return err
		}
	}
	return nil
}

// fromScope returns the columns a FROM clause makes visible, without
// analysing the conditions of its joins.
func (b *binder) fromScope(te sql.TableExpr) (*scope, error) {
	j, ok := te.(*sql.JoinExpr)
	if !ok {
		_, sc, err := b.from(te)
		return sc, err
	}
	l, err := b.fromScope(j.Left)
	if err != nil {
		return nil, err
	}
	r, err := b.fromScope(j.Right)
	if err != nil {
		return nil, err
	}
	return joinScopes(l, r, j.Right.Position())
}
