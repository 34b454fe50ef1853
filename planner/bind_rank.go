package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/sql"
)

// rankSupported describes the one window function form the binder takes.
const rankSupported = "only ROW_NUMBER() OVER (PARTITION BY ... ORDER BY ...) is, as a select item filtered by the outer query (Top-N, deduplication)"

// overError explains why a call with OVER cannot be bound where it is.
func overError(e *sql.FuncCall) error {
	switch {
	case e.Name != "ROW_NUMBER":
		what := "window function " + e.Name
		if aggregates[e.Name] {
			what = "OVER aggregation " + e.Name
		}
		return sql.Errorf(e.P, "%s(...) OVER is not supported yet; %s", what, rankSupported)
	}
	return sql.Errorf(e.P, "ROW_NUMBER() OVER is supported only as a whole select item (ROW_NUMBER() OVER (...) AS rn), not inside an expression or outside a select list")
}

// overPos is where an OVER clause is written.
func overPos(e *sql.FuncCall) sql.Pos {
	if e.Over != nil && e.Over.P.IsValid() {
		return e.Over.P
	}
	return e.P
}

// bindRanks binds the ROW_NUMBER() OVER (...) select items of s over node
// (the FROM and WHERE, bound in eb's scope) into a Rank node, and makes eb
// bind each such item as a reference to the rank column. It returns node
// unchanged when there is none.
func (b *binder) bindRanks(s *sql.Select, node Node, eb *exprBinder, grouped bool) (Node, error) {
	var call *sql.FuncCall
	var name string
	for idx, it := range s.Items {
		f, ok := it.Expr.(*sql.FuncCall)
		if it.Star || !ok || f.Over == nil {
			continue
		}
		switch {
		case f.Name != "ROW_NUMBER":
			return nil, overError(f)
		case len(f.Args) > 0 || f.Star || f.Distinct || f.Filter != nil:
			return nil, sql.Errorf(f.P, "ROW_NUMBER takes no arguments")
		case call != nil:
			return nil, sql.Errorf(f.P, "a second ROW_NUMBER() OVER in one SELECT is not supported yet; rank in a subquery")
		case grouped:
			return nil, sql.Errorf(f.P, "ROW_NUMBER() OVER in a SELECT with GROUP BY is not supported yet; aggregate in a subquery and rank its rows")
		case len(f.Over.OrderBy) == 0:
			return nil, sql.Errorf(overPos(f), "ROW_NUMBER() OVER needs an ORDER BY (a ranking without order is not supported yet)")
		}
		call, name = f, it.Alias
		if name == "" {
			name = fmt.Sprintf("EXPR$%d", idx)
		}
	}
	if call == nil {
		return node, nil
	}
	in := node.Schema()
	pre := &Project{Input: node}
	for i := range in {
		pre.Exprs = append(pre.Exprs, colRef(in, i))
		pre.Names = append(pre.Names, in[i].Name)
	}
	// column returns the input column of a partition or order expression,
	// computing it in pre when it is not a plain column.
	column := func(e sql.Expr) (int, error) {
		x, err := eb.bind(e)
		if err != nil {
			return 0, err
		}
		if c, ok := x.(*ColRef); ok {
			return c.Index, nil
		}
		pre.Exprs = append(pre.Exprs, x)
		pre.Names = append(pre.Names, fmt.Sprintf("$over%d", len(pre.Exprs)-len(in)-1))
		return len(pre.Exprs) - 1, nil
	}
	r := &Rank{RankStart: 1, OutputRank: true, RankName: name, Pos: overPos(call)}
	var err error
	if r.StateTTL, r.TTLPos, err = fromTTL(s); err != nil {
		return nil, err
	}
	for _, e := range call.Over.PartitionBy {
		c, err := column(e)
		if err != nil {
			return nil, err
		}
		r.PartitionBy = append(r.PartitionBy, c)
	}
	for _, o := range call.Over.OrderBy {
		c, err := column(o.Expr)
		if err != nil {
			return nil, err
		}
		r.OrderBy = append(r.OrderBy, SortKey{Col: c, Desc: o.Desc})
	}
	r.Input = node
	if len(pre.Exprs) > len(in) {
		r.Input = pre
	}
	rankCol := &ColRef{Index: len(r.Input.Schema()), Name: name, T: rankType}
	outer := eb.pre
	eb.pre = func(e sql.Expr) (Expr, bool, error) {
		if e == sql.Expr(call) {
			return rankCol, true, nil
		}
		if outer != nil {
			return outer(e)
		}
		return nil, false, nil
	}
	return r, nil
}
