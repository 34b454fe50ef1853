package planner

import (
	"fmt"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// exprChildren returns the direct sub-expressions of e (not looking into
// subqueries).
func exprChildren(e sql.Expr) []sql.Expr {
	switch e := e.(type) {
	case *sql.Unary:
		return []sql.Expr{e.X}
	case *sql.Binary:
		return []sql.Expr{e.L, e.R}
	case *sql.IsNull:
		return []sql.Expr{e.X}
	case *sql.IsBool:
		return []sql.Expr{e.X}
	case *sql.InList:
		return append([]sql.Expr{e.X}, e.List...)
	case *sql.Between:
		return []sql.Expr{e.X, e.Lo, e.Hi}
	case *sql.Like:
		out := []sql.Expr{e.X, e.Pattern}
		if e.Escape != nil {
			out = append(out, e.Escape)
		}
		return out
	case *sql.Case:
		var out []sql.Expr
		if e.Operand != nil {
			out = append(out, e.Operand)
		}
		for _, w := range e.Whens {
			out = append(out, w.Cond, w.Result)
		}
		if e.Else != nil {
			out = append(out, e.Else)
		}
		return out
	case *sql.Cast:
		return []sql.Expr{e.X}
	case *sql.FuncCall:
		out := append([]sql.Expr(nil), e.Args...)
		if e.Filter != nil {
			out = append(out, e.Filter)
		}
		return out
	}
	return nil
}

func isAggregateCall(e sql.Expr) (*sql.FuncCall, bool) {
	f, ok := e.(*sql.FuncCall)
	return f, ok && aggregates[f.Name] && f.Over == nil
}

// hasAggregate reports whether e contains an aggregate call.
func hasAggregate(e sql.Expr) bool {
	if e == nil {
		return false
	}
	if _, ok := isAggregateCall(e); ok {
		return true
	}
	for _, c := range exprChildren(e) {
		if hasAggregate(c) {
			return true
		}
	}
	return false
}

// needsAggregate reports whether a SELECT groups: GROUP BY, HAVING or an
// aggregate call in the select list.
func needsAggregate(s *sql.Select) bool {
	if len(s.GroupBy) > 0 || s.Having != nil {
		return true
	}
	for _, it := range s.Items {
		if !it.Star && hasAggregate(it.Expr) {
			return true
		}
	}
	return false
}

// aggKey identifies an aggregate call so that repeated calls share one
// AggCall.
func aggKey(f *sql.FuncCall) string {
	k := catalog.FormatExpr(f)
	if f.Filter != nil {
		k += " FILTER " + catalog.FormatExpr(f.Filter)
	}
	return k
}

// aggregate binds GROUP BY and the aggregate calls of s over in (scope
// sc). It returns the Aggregate and a binder for the select list and
// HAVING, in which group keys and aggregate calls read the Aggregate's
// output and any other column is an error.
func (b *binder) aggregate(s *sql.Select, in Node, sc *scope) (*Aggregate, *exprBinder, error) {
	eb := &exprBinder{sc: sc}
	pos := s.P
	if len(s.GroupBy) > 0 {
		pos = s.GroupBy[0].Position()
	}
	agg := &Aggregate{Input: in, Pos: pos}
	for i, g := range s.GroupBy {
		k, err := eb.bind(g)
		if err != nil {
			return nil, nil, err
		}
		name := fmt.Sprintf("$g%d", i)
		if ref, ok := g.(*sql.ColumnRef); ok {
			name = ref.Name
		}
		agg.Keys = append(agg.Keys, k)
		agg.KeyNames = append(agg.KeyNames, name)
	}
	if i, ok := implicitWindowTime(agg); ok && selectsColumn(s, sc, i) {
		// window_time depends on window_end alone: a windowed
		// aggregation can select it without grouping by it.
		agg.Keys = append(agg.Keys, colRef(in.Schema(), i))
		agg.KeyNames = append(agg.KeyNames, "window_time")
	}
	index := map[string]int{}
	var collect func(e sql.Expr) error
	collect = func(e sql.Expr) error {
		f, ok := isAggregateCall(e)
		if !ok {
			for _, c := range exprChildren(e) {
				if err := collect(c); err != nil {
					return err
				}
			}
			return nil
		}
		key := aggKey(f)
		if _, seen := index[key]; seen {
			return nil
		}
		call, err := eb.aggCall(f, fmt.Sprintf("$agg%d", len(agg.Aggs)))
		if err != nil {
			return err
		}
		index[key] = len(agg.Aggs)
		agg.Aggs = append(agg.Aggs, call)
		return nil
	}
	for _, it := range s.Items {
		if it.Star {
			return nil, nil, sql.Errorf(it.P, "SELECT * cannot be used with GROUP BY or aggregates")
		}
		if err := collect(it.Expr); err != nil {
			return nil, nil, err
		}
	}
	if s.Having != nil {
		if err := collect(s.Having); err != nil {
			return nil, nil, err
		}
	}
	out := agg.Schema()
	nk := len(agg.Keys)
	keyStrs := make([]string, nk)
	for i, k := range agg.Keys {
		keyStrs[i] = exprKey(k)
	}
	ab := &exprBinder{sc: newScope(sc.table, out)}
	ab.pre = func(e sql.Expr) (Expr, bool, error) {
		if f, ok := isAggregateCall(e); ok {
			return colRef(out, nk+index[aggKey(f)]), true, nil
		}
		if hasAggregate(e) {
			return nil, false, nil
		}
		x, err := eb.bind(e)
		if err == nil {
			k := exprKey(x)
			for i, ks := range keyStrs {
				if ks == k {
					return colRef(out, i), true, nil
				}
			}
		}
		if ref, ok := e.(*sql.ColumnRef); ok {
			if err != nil {
				return nil, true, err
			}
			return nil, true, sql.Errorf(ref.P, "column `%s` must appear in GROUP BY or in an aggregate function", ref.Name)
		}
		return nil, false, nil
	}
	return agg, ab, nil
}

// aggCall binds one aggregate call over the input scope.
func (b *exprBinder) aggCall(f *sql.FuncCall, name string) (AggCall, error) {
	call := AggCall{Fn: f.Name, Distinct: f.Distinct, Name: name}
	switch f.Name {
	case "COUNT", "MIN", "MAX":
	case "SUM", "AVG", "FIRST_VALUE", "LAST_VALUE":
		if f.Distinct {
			return AggCall{}, sql.Errorf(f.P, "%s(DISTINCT ...) is not supported yet; only COUNT(DISTINCT ...)", f.Name)
		}
	default:
		return AggCall{}, sql.Errorf(f.P, "aggregate function %s is not supported yet; supported: COUNT, SUM, MIN, MAX, AVG, FIRST_VALUE, LAST_VALUE", f.Name)
	}
	for _, a := range f.Args {
		if hasAggregate(a) {
			return AggCall{}, sql.Errorf(a.Position(), "aggregate calls cannot be nested")
		}
	}
	switch {
	case f.Star && f.Name != "COUNT":
		return AggCall{}, sql.Errorf(f.P, "%s(*) is not allowed; only COUNT(*)", f.Name)
	case !f.Star && len(f.Args) != 1:
		return AggCall{}, sql.Errorf(f.P, "%s expects 1 argument, got %d", f.Name, len(f.Args))
	}
	var argType catalog.Type
	if !f.Star {
		x, err := b.bind(f.Args[0])
		if err != nil {
			return AggCall{}, err
		}
		call.Args, argType = []Expr{x}, x.Type()
	}
	t, ok := aggregateType(f.Name, argType)
	if !ok {
		return AggCall{}, sql.Errorf(f.P, "cannot apply %s to %s", f.Name, typeName(argType))
	}
	call.T = t
	if f.Filter != nil {
		cond, err := b.bind(f.Filter)
		if err != nil {
			return AggCall{}, err
		}
		if call.Filter, err = needBool(f.Filter.Position(), "FILTER", cond); err != nil {
			return AggCall{}, err
		}
	}
	return call, nil
}

// selectsColumn reports whether the select list or HAVING of s reads
// column i of scope sc.
func selectsColumn(s *sql.Select, sc *scope, i int) bool {
	var reads func(e sql.Expr) bool
	reads = func(e sql.Expr) bool {
		if ref, ok := e.(*sql.ColumnRef); ok {
			c, err := sc.resolve(ref)
			return err == nil && c.Index == i
		}
		for _, c := range exprChildren(e) {
			if reads(c) {
				return true
			}
		}
		return false
	}
	for _, it := range s.Items {
		if !it.Star && reads(it.Expr) {
			return true
		}
	}
	return s.Having != nil && reads(s.Having)
}
