package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// binary binds an infix operator over bound operands.
func binary(pos sql.Pos, op string, l, r Expr) (Expr, error) {
	switch op {
	case "=", "<>", "!=", "<", "<=", ">", ">=":
		if op == "!=" {
			op = "<>"
		}
		return compare(pos, op, l, r)
	case "AND", "OR":
		var err error
		if l, err = needBool(pos, op, l); err != nil {
			return nil, err
		}
		if r, err = needBool(pos, op, r); err != nil {
			return nil, err
		}
		return &Call{Fn: op, Args: []Expr{l, r}, T: boolType(l.Type().NotNull && r.Type().NotNull)}, nil
	case "+", "-", "*", "/", "%":
		return arith(pos, op, op, l, r)
	case "||":
		return concat(pos, "||", []Expr{l, r})
	}
	return nil, sql.Errorf(pos, "operator %s is not supported yet", op)
}

// opError is the positioned type error of an operator.
func opError(pos sql.Pos, op string, l, r Expr) error {
	return sql.Errorf(pos, "cannot apply '%s' to %s and %s", op, typeName(l.Type()), typeName(r.Type()))
}

// literalToTime converts a STRING literal compared with a DATE or
// TIMESTAMP value into a constant of that type; other expressions are
// returned unchanged. A literal that is not a valid date or timestamp is a
// positioned error.
func literalToTime(pos sql.Pos, e Expr, other catalog.Type) (Expr, error) {
	c, ok := e.(*Const)
	if !ok || c.T.Kind != catalog.KindString || c.Val == nil {
		return e, nil
	}
	switch other.Kind {
	case catalog.KindDate, catalog.KindTimestamp, catalog.KindTimestampLTZ:
		if v, ok := parseTimeConst(c.Val.(string), other.Kind); ok {
			return v, nil
		}
		return nil, sql.Errorf(pos, "cannot compare %s with '%s': not a valid %s literal", typeName(other), c.Val, typeName(other))
	}
	return e, nil
}

// compare binds a comparison: both sides are cast to their common type.
func compare(pos sql.Pos, op string, l, r Expr) (Expr, error) {
	var err error
	if l, err = literalToTime(pos, l, r.Type()); err != nil {
		return nil, err
	}
	if r, err = literalToTime(pos, r, l.Type()); err != nil {
		return nil, err
	}
	t, ok := commonType(l.Type(), r.Type())
	if !ok || t.Kind == catalog.KindNull {
		return nil, opError(pos, op, l, r)
	}
	notNull := l.Type().NotNull && r.Type().NotNull
	return &Call{Fn: op, Args: []Expr{castTo(l, t), castTo(r, t)}, T: boolType(notNull)}, nil
}

// arith binds an arithmetic operator; fn is the Call name ("MOD" for the
// function form of "%").
func arith(pos sql.Pos, op, fn string, l, r Expr) (Expr, error) {
	lt, rt := l.Type(), r.Type()
	notNull := lt.NotNull && rt.NotNull && op != "/" && op != "%"
	if lt.Kind == catalog.KindNull && (rt.IsNumeric() || rt.IsTimestamp()) {
		l, lt = castTo(l, rt), rt.Nullable()
	}
	if rt.Kind == catalog.KindNull && (lt.IsNumeric() || lt.IsTimestamp()) {
		r, rt = castTo(r, lt), lt.Nullable()
	}
	switch {
	case lt.IsNumeric() && rt.IsNumeric():
		t := arithType(op, lt, rt)
		if t.Kind == catalog.KindDecimal {
			if lt.IsInteger() {
				l = castTo(l, asDecimal(lt))
			}
			if rt.IsInteger() {
				r = castTo(r, asDecimal(rt))
			}
		} else {
			l, r = castTo(l, t), castTo(r, t)
		}
		t.NotNull = notNull
		return &Call{Fn: fn, Args: []Expr{l, r}, T: t}, nil
	case (op == "+" || op == "-") && lt.IsTimestamp() && rt.Kind == catalog.KindInterval:
		t := lt.WithoutTimeAttr()
		t.NotNull = notNull
		return &Call{Fn: op, Args: []Expr{l, r}, T: t}, nil
	case op == "+" && lt.Kind == catalog.KindInterval && rt.IsTimestamp():
		return arith(pos, op, fn, r, l)
	case (op == "+" || op == "-") && (lt.Kind == catalog.KindDate || rt.Kind == catalog.KindDate):
		return nil, sql.Errorf(pos, "DATE arithmetic is not supported yet")
	}
	return nil, opError(pos, op, l, r)
}

// concat binds CONCAT and || (named by op in errors): every argument must
// be a STRING.
func concat(pos sql.Pos, op string, args []Expr) (Expr, error) {
	if len(args) == 0 {
		return nil, sql.Errorf(pos, "CONCAT expects at least one argument")
	}
	notNull := true
	out := make([]Expr, len(args))
	for i, a := range args {
		if a.Type().Kind != catalog.KindString && a.Type().Kind != catalog.KindNull {
			if len(args) == 2 {
				return nil, opError(pos, op, args[0], args[1])
			}
			return nil, sql.Errorf(pos, "CONCAT expects STRING arguments, argument %d is %s", i+1, typeName(a.Type()))
		}
		out[i] = castTo(a, catalog.String)
		notNull = notNull && a.Type().NotNull
	}
	t := catalog.String
	t.NotNull = notNull
	return &Call{Fn: "CONCAT", Args: out, T: t}, nil
}
