package planner

import "github.com/streamsql/streamsql/catalog"

// This file holds the implicit type rules of the binder: numeric widening
// TINYINT < SMALLINT < INT < BIGINT < DECIMAL < DOUBLE and FLOAT < DOUBLE,
// NULL taking the other side's type, and Flink's DECIMAL result types.

// castTo returns e converted to t: e itself when it already has t's kind
// and parameters, a typed NULL for a NULL literal, else a CAST call. The
// nullability of the result follows e.
func castTo(e Expr, t catalog.Type) Expr {
	t.TimeAttr = false
	if c, ok := e.(*Const); ok && c.Val == nil {
		return &Const{T: t.Nullable()}
	}
	et := e.Type()
	t.NotNull = et.NotNull
	if et.Equal(t) && (et.Kind != catalog.KindString || et.Length == t.Length || t.Length == 0) {
		return e
	}
	return &Call{Fn: "CAST", Args: []Expr{e}, T: t}
}

// asDecimal returns the DECIMAL type that holds every value of an integer
// or decimal type.
func asDecimal(t catalog.Type) catalog.Type {
	switch t.Kind {
	case catalog.KindTinyInt:
		return catalog.Decimal(3, 0)
	case catalog.KindSmallInt:
		return catalog.Decimal(5, 0)
	case catalog.KindInt:
		return catalog.Decimal(10, 0)
	case catalog.KindBigInt:
		return catalog.Decimal(19, 0)
	}
	return catalog.Decimal(t.Precision, t.Scale)
}

// adjustDecimal caps a DECIMAL at precision 38 the way Flink does: integer
// digits are kept and the scale shrinks, but not below min(scale, 6).
func adjustDecimal(p, s int) catalog.Type {
	if p <= catalog.MaxDecimalPrecision {
		return catalog.Decimal(p, s)
	}
	digits := p - s
	s = max(catalog.MaxDecimalPrecision-digits, min(s, 6))
	return catalog.Decimal(catalog.MaxDecimalPrecision, s)
}

// commonNumeric is the type both numeric types widen to.
func commonNumeric(a, b catalog.Type) catalog.Type {
	switch {
	case a.Kind == catalog.KindDouble || b.Kind == catalog.KindDouble:
		return catalog.Double
	case a.Kind == catalog.KindFloat || b.Kind == catalog.KindFloat:
		if a.Kind == catalog.KindDecimal || b.Kind == catalog.KindDecimal {
			return catalog.Double
		}
		return catalog.Float
	case a.Kind == catalog.KindDecimal || b.Kind == catalog.KindDecimal:
		da, db := asDecimal(a), asDecimal(b)
		s := max(da.Scale, db.Scale)
		digits := max(da.Precision-da.Scale, db.Precision-db.Scale)
		return adjustDecimal(digits+s, s)
	case a.Kind >= b.Kind:
		return catalog.Type{Kind: a.Kind}
	}
	return catalog.Type{Kind: b.Kind}
}

// commonType is the type two values are compared, unioned or chosen
// between as (CASE, COALESCE, IF, IN). ok is false when there is none.
func commonType(a, b catalog.Type) (catalog.Type, bool) {
	notNull := a.NotNull && b.NotNull
	var t catalog.Type
	switch {
	case a.Kind == catalog.KindNull:
		t = b
	case b.Kind == catalog.KindNull:
		t = a
	case a.IsNumeric() && b.IsNumeric():
		t = commonNumeric(a, b)
	case a.Kind == b.Kind:
		t = a
		switch a.Kind {
		case catalog.KindString:
			t.Length = 0
			if a.Length > 0 && b.Length > 0 {
				t.Length = max(a.Length, b.Length)
			}
		case catalog.KindTimestamp, catalog.KindTimestampLTZ:
			t.Precision = max(a.Precision, b.Precision)
		}
	case a.Kind == catalog.KindDate && b.Kind == catalog.KindTimestamp:
		t = b
	case a.Kind == catalog.KindTimestamp && b.Kind == catalog.KindDate:
		t = a
	default:
		return catalog.Type{}, false
	}
	t.NotNull = notNull
	t.TimeAttr = false
	return t, true
}

// arithType is the result type of a numeric arithmetic operator and the
// type its arguments are cast to (for DECIMAL, args keep their own
// precision and scale).
func arithType(op string, a, b catalog.Type) catalog.Type {
	t := commonNumeric(a, b)
	if t.Kind != catalog.KindDecimal {
		return t
	}
	da, db := asDecimal(a), asDecimal(b)
	p1, s1, p2, s2 := da.Precision, da.Scale, db.Precision, db.Scale
	switch op {
	case "+", "-":
		s := max(s1, s2)
		return adjustDecimal(max(p1-s1, p2-s2)+s+1, s)
	case "*":
		return adjustDecimal(p1+p2+1, s1+s2)
	case "/":
		s := max(6, s1+p2+1)
		return adjustDecimal(p1-s1+s2+s, s)
	default: // "%", "MOD"
		s := max(s1, s2)
		return adjustDecimal(min(p1-s1, p2-s2)+s, s)
	}
}

// canCast reports whether CAST(x AS to) is allowed for x of type from.
func canCast(from, to catalog.Type) bool {
	if from.Kind == catalog.KindNull || from.Equal(to) || from.Kind == to.Kind {
		return true
	}
	f, t := from.Kind, to.Kind
	switch {
	case from.IsNumeric() && to.IsNumeric():
		return true
	case f == catalog.KindString || t == catalog.KindString:
		return f != catalog.KindInterval && t != catalog.KindInterval &&
			!(f == catalog.KindBytes && t != catalog.KindString)
	case f == catalog.KindBoolean && to.IsNumeric(), from.IsNumeric() && t == catalog.KindBoolean:
		return true
	case (f == catalog.KindDate || from.IsTimestamp()) && (t == catalog.KindDate || to.IsTimestamp()):
		return true
	case from.IsInteger() && to.IsTimestamp():
		return true
	}
	return false
}

// assignable reports whether a query column of type from may be written
// into a sink column of type to with an implicit cast: the same kind, a
// NULL, or a widening numeric conversion.
func assignable(from, to catalog.Type) bool {
	if from.Kind == catalog.KindNull || from.Kind == to.Kind {
		return true
	}
	switch {
	case from.IsInteger() && to.IsNumeric():
		if to.IsInteger() {
			return to.Kind >= from.Kind
		}
		return true
	case from.Kind == catalog.KindDecimal:
		return to.Kind == catalog.KindDouble || to.Kind == catalog.KindFloat
	case from.Kind == catalog.KindFloat:
		return to.Kind == catalog.KindDouble
	case from.Kind == catalog.KindDate:
		return to.Kind == catalog.KindTimestamp
	}
	return false
}

// typeName renders a type for error messages: without NOT NULL and the
// time-attribute marker, which do not matter there.
func typeName(t catalog.Type) string { return t.WithoutTimeAttr().Nullable().String() }
