package planner

import (
	"math"
	"strconv"
	"strings"
	"time"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// bindLiteral types a literal: an integer is INT when it fits, else BIGINT,
// else DECIMAL(n, 0); a decimal literal is DECIMAL(p, s) from its digits; a
// number with an exponent is DOUBLE; a string is STRING.
func bindLiteral(l *sql.Literal) (Expr, error) {
	nn := func(t catalog.Type) catalog.Type { t.NotNull = true; return t }
	switch l.Kind {
	case sql.LitNull:
		return &Const{T: catalog.Null}, nil
	case sql.LitBool:
		return &Const{Val: strings.EqualFold(l.Text, "TRUE"), T: nn(catalog.Boolean)}, nil
	case sql.LitString:
		return &Const{Val: l.Text, T: nn(catalog.String)}, nil
	case sql.LitInt:
		v, err := strconv.ParseInt(l.Text, 10, 64)
		if err == nil {
			if v >= math.MinInt32 && v <= math.MaxInt32 {
				return &Const{Val: v, T: nn(catalog.Int)}, nil
			}
			return &Const{Val: v, T: nn(catalog.BigInt)}, nil
		}
		return decimalLiteral(l)
	case sql.LitDecimal:
		return decimalLiteral(l)
	case sql.LitFloat:
		v, err := strconv.ParseFloat(l.Text, 64)
		if err != nil {
			return nil, sql.Errorf(l.P, "invalid number %s", l.Text)
		}
		return &Const{Val: v, T: nn(catalog.Double)}, nil
	}
	return nil, sql.Errorf(l.P, "unknown literal %q", l.Text)
}

func decimalLiteral(l *sql.Literal) (Expr, error) {
	text := strings.TrimPrefix(l.Text, "+")
	intPart, frac, _ := strings.Cut(strings.TrimPrefix(text, "-"), ".")
	digits := strings.TrimLeft(intPart+frac, "0")
	s := len(frac)
	p := max(len(digits), s, 1)
	if p > catalog.MaxDecimalPrecision {
		return nil, sql.Errorf(l.P, "number %s has more than %d digits", l.Text, catalog.MaxDecimalPrecision)
	}
	n, err := decimal128.FromString(text, int32(p), int32(s))
	if err != nil {
		return nil, sql.Errorf(l.P, "invalid number %s", l.Text)
	}
	t := catalog.Decimal(p, s)
	t.NotNull = true
	return &Const{Val: n, T: t}, nil
}

// bindTypedLiteral handles TIMESTAMP '...', TIMESTAMP_LTZ '...' and
// DATE '...'.
func bindTypedLiteral(l *sql.TypedLiteral) (Expr, error) {
	t, err := catalog.TypeOf(l.Type)
	if err != nil {
		return nil, err
	}
	switch t.Kind {
	case catalog.KindDate, catalog.KindTimestamp, catalog.KindTimestampLTZ:
		c, ok := parseTimeConst(l.Text, t.Kind)
		if !ok {
			return nil, sql.Errorf(l.P, "invalid %s literal '%s'", t, l.Text)
		}
		return c, nil
	}
	return nil, sql.Errorf(l.P, "%s literals are not supported yet", t)
}

var timestampLayouts = []string{
	"2006-01-02 15:04:05.999999999",
	"2006-01-02T15:04:05.999999999",
	"2006-01-02 15:04",
	"2006-01-02T15:04",
	"2006-01-02",
}

// parseTimeConst parses text as a DATE, TIMESTAMP or TIMESTAMP_LTZ value
// (the latter read as UTC). Timestamps get the precision of the
// fractional seconds written (at most 9).
func parseTimeConst(text string, kind catalog.Kind) (*Const, bool) {
	text = strings.TrimSpace(text)
	if kind == catalog.KindDate {
		d, err := time.Parse("2006-01-02", text)
		if err != nil {
			return nil, false
		}
		return &Const{Val: int32(d.Unix() / 86400), T: catalog.Type{Kind: kind, NotNull: true}}, true
	}
	for _, layout := range timestampLayouts {
		ts, err := time.Parse(layout, text)
		if err != nil {
			continue
		}
		prec := 0
		if _, frac, ok := strings.Cut(text, "."); ok {
			prec = min(len(frac), catalog.MaxTimestampPrecision)
		}
		return &Const{Val: ts.UnixMilli(), T: catalog.Type{Kind: kind, Precision: prec, NotNull: true}}, true
	}
	return nil, false
}

// bindInterval turns INTERVAL '...' UNIT into a Const of milliseconds.
func bindInterval(l *sql.IntervalLit) (Expr, error) {
	if l.Months != 0 || l.Unit == "MONTH" || l.Unit == "YEAR" {
		return nil, sql.Errorf(l.P, "year-month intervals are not supported yet")
	}
	t := catalog.Interval
	t.NotNull = true
	return &Const{Val: l.Millis, T: t}, nil
}
