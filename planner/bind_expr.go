package planner

import (
	"math"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// exprBinder binds scalar expressions against one scope.
type exprBinder struct {
	sc *scope
	// pre, when set, is tried on every expression before the normal
	// rules; it binds group keys and aggregate calls over an Aggregate.
	pre func(sql.Expr) (Expr, bool, error)
}

// bind resolves and type-checks e, inserting implicit CASTs so that every
// Call gets exactly the argument types its function contract states.
func (b *exprBinder) bind(e sql.Expr) (Expr, error) {
	if b.pre != nil {
		if x, ok, err := b.pre(e); ok || err != nil {
			return x, err
		}
	}
	switch e := e.(type) {
	case *sql.ColumnRef:
		return b.sc.resolve(e)
	case *sql.Literal:
		return bindLiteral(e)
	case *sql.TypedLiteral:
		return bindTypedLiteral(e)
	case *sql.IntervalLit:
		return bindInterval(e)
	case *sql.Unary:
		return b.unary(e)
	case *sql.Binary:
		l, err := b.bind(e.L)
		if err != nil {
			return nil, err
		}
		r, err := b.bind(e.R)
		if err != nil {
			return nil, err
		}
		return binary(e.P, e.Op, l, r)
	case *sql.IsNull:
		x, err := b.bind(e.X)
		if err != nil {
			return nil, err
		}
		fn := "IS NULL"
		if e.Not {
			fn = "IS NOT NULL"
		}
		return &Call{Fn: fn, Args: []Expr{x}, T: boolType(true)}, nil
	case *sql.IsBool:
		return b.isBool(e)
	case *sql.InList:
		return b.inList(e)
	case *sql.Between:
		return b.between(e)
	case *sql.Like:
		return b.like(e)
	case *sql.Case:
		return b.caseExpr(e)
	case *sql.Cast:
		return b.cast(e)
	case *sql.FuncCall:
		return b.call(e)
	case *sql.TimeUnit:
		return nil, sql.Errorf(e.P, "time unit %s is only allowed in FLOOR, CEIL and EXTRACT", e.Unit)
	case *sql.SubqueryExpr:
		return nil, sql.Errorf(e.P, "subqueries in expressions are not supported yet")
	}
	return nil, sql.Errorf(e.Position(), "unsupported expression")
}

func (b *exprBinder) bindAll(es []sql.Expr) ([]Expr, error) {
	out := make([]Expr, len(es))
	for i, e := range es {
		x, err := b.bind(e)
		if err != nil {
			return nil, err
		}
		out[i] = x
	}
	return out, nil
}

func (b *exprBinder) unary(e *sql.Unary) (Expr, error) {
	x, err := b.bind(e.X)
	if err != nil {
		return nil, err
	}
	t := x.Type().WithoutTimeAttr()
	switch e.Op {
	case "NOT":
		x, err = needBool(e.X.Position(), "NOT", x)
		if err != nil {
			return nil, err
		}
		return &Call{Fn: "NOT", Args: []Expr{x}, T: boolType(x.Type().NotNull)}, nil
	case "+", "-":
		if !t.IsNumeric() && t.Kind != catalog.KindInterval {
			return nil, sql.Errorf(e.P, "cannot apply unary '%s' to %s", e.Op, t)
		}
		if e.Op == "+" {
			return x, nil
		}
		if c, ok := x.(*Const); ok && c.Val != nil {
			return negateConst(c), nil
		}
		return &Call{Fn: "NEG", Args: []Expr{x}, T: t}, nil
	}
	return nil, sql.Errorf(e.P, "unknown operator %s", e.Op)
}

// negateConst folds the minus sign into a numeric literal, so that
// -2147483648 is an INT like in Flink.
func negateConst(c *Const) Expr {
	switch v := c.Val.(type) {
	case int64:
		if v == math.MinInt64 {
			return &Call{Fn: "NEG", Args: []Expr{c}, T: c.T}
		}
		t := c.T
		if -v >= math.MinInt32 && -v <= math.MaxInt32 && t.Kind == catalog.KindBigInt {
			t.Kind = catalog.KindInt
		}
		return &Const{Val: -v, T: t}
	case float64:
		return &Const{Val: -v, T: c.T}
	case decimal128.Num:
		return &Const{Val: v.Negate(), T: c.T}
	}
	return &Call{Fn: "NEG", Args: []Expr{c}, T: c.T}
}

// needBool checks that x is BOOLEAN (a NULL literal becomes a BOOLEAN
// NULL).
func needBool(pos sql.Pos, what string, x Expr) (Expr, error) {
	switch x.Type().Kind {
	case catalog.KindBoolean:
		return x, nil
	case catalog.KindNull:
		return castTo(x, catalog.Boolean), nil
	}
	return nil, sql.Errorf(pos, "%s expects BOOLEAN, got %s", what, typeName(x.Type()))
}

func (b *exprBinder) isBool(e *sql.IsBool) (Expr, error) {
	x, err := b.bind(e.X)
	if err != nil {
		return nil, err
	}
	fn := "IS "
	if e.Not {
		fn += "NOT "
	}
	if e.Value {
		fn += "TRUE"
	} else {
		fn += "FALSE"
	}
	if x, err = needBool(e.X.Position(), fn, x); err != nil {
		return nil, err
	}
	return &Call{Fn: fn, Args: []Expr{x}, T: boolType(true)}, nil
}

func (b *exprBinder) inList(e *sql.InList) (Expr, error) {
	x, err := b.bind(e.X)
	if err != nil {
		return nil, err
	}
	list, err := b.bindAll(e.List)
	if err != nil {
		return nil, err
	}
	args := append([]Expr{x}, list...)
	for i := 1; i < len(args); i++ {
		if args[i], err = literalToTime(e.List[i-1].Position(), args[i], x.Type()); err != nil {
			return nil, err
		}
	}
	t, err := commonOf(e.P, "IN", args)
	if err != nil {
		return nil, err
	}
	notNull := true
	for i, a := range args {
		args[i] = castTo(a, t)
		notNull = notNull && a.Type().NotNull
	}
	var out Expr = &Call{Fn: "IN", Args: args, T: boolType(notNull)}
	if e.Not {
		out = &Call{Fn: "NOT", Args: []Expr{out}, T: out.Type()}
	}
	return out, nil
}

// commonOf finds the common type of several values, or a positioned error
// naming the first pair that has none.
func commonOf(pos sql.Pos, what string, args []Expr) (catalog.Type, error) {
	t := args[0].Type()
	for _, a := range args[1:] {
		u, ok := commonType(t, a.Type())
		if !ok {
			return catalog.Type{}, sql.Errorf(pos, "cannot apply '%s' to %s and %s", what, typeName(t), typeName(a.Type()))
		}
		t = u
	}
	if t.Kind == catalog.KindNull {
		return catalog.Type{}, sql.Errorf(pos, "cannot apply '%s' to NULL only: add a CAST", what)
	}
	return t, nil
}

func (b *exprBinder) between(e *sql.Between) (Expr, error) {
	x, err := b.bind(e.X)
	if err != nil {
		return nil, err
	}
	lo, err := b.bind(e.Lo)
	if err != nil {
		return nil, err
	}
	hi, err := b.bind(e.Hi)
	if err != nil {
		return nil, err
	}
	if e.Not {
		l, err := compare(e.P, "<", x, lo)
		if err != nil {
			return nil, err
		}
		r, err := compare(e.P, ">", x, hi)
		if err != nil {
			return nil, err
		}
		return &Call{Fn: "OR", Args: []Expr{l, r}, T: boolType(l.Type().NotNull && r.Type().NotNull)}, nil
	}
	l, err := compare(e.P, ">=", x, lo)
	if err != nil {
		return nil, err
	}
	r, err := compare(e.P, "<=", x, hi)
	if err != nil {
		return nil, err
	}
	return and(l, r), nil
}

func (b *exprBinder) like(e *sql.Like) (Expr, error) {
	parts := []sql.Expr{e.X, e.Pattern}
	if e.Escape != nil {
		parts = append(parts, e.Escape)
	}
	args, err := b.bindAll(parts)
	if err != nil {
		return nil, err
	}
	notNull := true
	for i, a := range args {
		if args[i], err = needString(parts[i].Position(), "LIKE", a); err != nil {
			return nil, err
		}
		notNull = notNull && a.Type().NotNull
	}
	var out Expr = &Call{Fn: "LIKE", Args: args, T: boolType(notNull)}
	if e.Not {
		out = &Call{Fn: "NOT", Args: []Expr{out}, T: out.Type()}
	}
	return out, nil
}

// needString checks that x is a character string (a NULL literal becomes a
// STRING NULL).
func needString(pos sql.Pos, what string, x Expr) (Expr, error) {
	switch x.Type().Kind {
	case catalog.KindString:
		return x, nil
	case catalog.KindNull:
		return castTo(x, catalog.String), nil
	}
	return nil, sql.Errorf(pos, "%s expects STRING, got %s", what, typeName(x.Type()))
}

func (b *exprBinder) caseExpr(e *sql.Case) (Expr, error) {
	var operand Expr
	if e.Operand != nil {
		var err error
		if operand, err = b.bind(e.Operand); err != nil {
			return nil, err
		}
	}
	var conds, results []Expr
	for _, w := range e.Whens {
		c, err := b.bind(w.Cond)
		if err != nil {
			return nil, err
		}
		if operand != nil {
			c, err = compare(w.Cond.Position(), "=", operand, c)
		} else {
			c, err = needBool(w.Cond.Position(), "WHEN", c)
		}
		if err != nil {
			return nil, err
		}
		r, err := b.bind(w.Result)
		if err != nil {
			return nil, err
		}
		conds, results = append(conds, c), append(results, r)
	}
	var els Expr = &Const{T: catalog.Null}
	if e.Else != nil {
		var err error
		if els, err = b.bind(e.Else); err != nil {
			return nil, err
		}
	}
	t, err := commonOf(e.P, "CASE", append(append([]Expr(nil), results...), els))
	if err != nil {
		return nil, err
	}
	notNull := els.Type().NotNull
	var args []Expr
	for i := range conds {
		notNull = notNull && results[i].Type().NotNull
		args = append(args, conds[i], castTo(results[i], t))
	}
	args = append(args, castTo(els, t))
	t.NotNull = notNull
	return &Call{Fn: "CASE", Args: args, T: t}, nil
}

func (b *exprBinder) cast(e *sql.Cast) (Expr, error) {
	x, err := b.bind(e.X)
	if err != nil {
		return nil, err
	}
	t, err := catalog.TypeOf(e.Type)
	if err != nil {
		return nil, err
	}
	from := x.Type()
	if !canCast(from, t) {
		return nil, sql.Errorf(e.P, "cannot cast %s to %s", typeName(from), t)
	}
	fn := "CAST"
	if e.Try {
		fn = "TRY_CAST"
	}
	if c, ok := x.(*Const); ok && c.Val == nil {
		return &Const{T: t.Nullable()}, nil
	}
	t.NotNull = from.NotNull && !e.Try
	if !e.Try && from.Equal(t) && from.Kind != catalog.KindString {
		return x, nil
	}
	return &Call{Fn: fn, Args: []Expr{x}, T: t}, nil
}
