package eval

import (
	"errors"
	"math"
	"math/big"
	"regexp"
	"strconv"
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// refEval and its helpers are the reference interpreter of the property
// test: one row at a time over Go values (nil = NULL), written without
// reference to the vectorized kernels.

var errRef = errors.New("row error")

// fractional matches a number with a fractional part and at least one
// digit; group 1 is the signed integer part.
var fractional = regexp.MustCompile(`^([+-]?[0-9]*)\.[0-9]*$`)

// refEval evaluates e for one row. Arguments are evaluated eagerly except
// in CASE, IF and COALESCE; a NULL literal argument makes a NULL-in,
// NULL-out function NULL without evaluating its other arguments.
func refEval(e planner.Expr, row []any) (any, error) {
	switch e := e.(type) {
	case *planner.ColRef:
		return row[e.Index], nil
	case *planner.Const:
		return e.Val, nil
	}
	c := e.(*planner.Call)
	switch c.Fn {
	case "CASE", "IF":
		for i := 0; i+1 < len(c.Args); i += 2 {
			v, err := refEval(c.Args[i], row)
			if err != nil {
				return nil, err
			}
			if v == true {
				return refEval(c.Args[i+1], row)
			}
		}
		return refEval(c.Args[len(c.Args)-1], row)
	case "COALESCE":
		for _, a := range c.Args {
			v, err := refEval(a, row)
			if err != nil || v != nil {
				return v, err
			}
		}
		return nil, nil
	}
	nullAware := map[string]bool{"AND": true, "OR": true, "IS NULL": true, "IS NOT NULL": true, "IS TRUE": true,
		"IS FALSE": true, "IS NOT TRUE": true, "IS NOT FALSE": true, "IN": true}
	if !nullAware[c.Fn] {
		for _, a := range c.Args {
			if k, ok := a.(*planner.Const); ok && k.Val == nil {
				return nil, nil
			}
		}
	}
	args := make([]any, len(c.Args))
	for i, a := range c.Args {
		v, err := refEval(a, row)
		if err != nil {
			return nil, err
		}
		args[i] = v
	}
	return refApply(c, args)
}

func refApply(c *planner.Call, args []any) (any, error) {
	switch c.Fn {
	case "AND":
		if args[0] == false || args[1] == false {
			return false, nil
		}
		if args[0] == nil || args[1] == nil {
			return nil, nil
		}
		return true, nil
	case "OR":
		if args[0] == true || args[1] == true {
			return true, nil
		}
		if args[0] == nil || args[1] == nil {
			return nil, nil
		}
		return false, nil
	case "IS NULL":
		return args[0] == nil, nil
	case "IS NOT NULL":
		return args[0] != nil, nil
	case "IS TRUE":
		return args[0] == true, nil
	case "IS FALSE":
		return args[0] == false, nil
	case "IS NOT TRUE":
		return args[0] != true, nil
	case "IS NOT FALSE":
		return args[0] != false, nil
	case "IN":
		if args[0] == nil {
			return nil, nil
		}
		sawNull := false
		for _, v := range args[1:] {
			if v == nil {
				sawNull = true
			} else if v == args[0] {
				return true, nil
			}
		}
		if sawNull {
			return nil, nil
		}
		return false, nil
	}
	for _, a := range args {
		if a == nil {
			return nil, nil
		}
	}
	switch c.Fn {
	case "NOT":
		return !args[0].(bool), nil
	case "=", "<>", "<", "<=", ">", ">=":
		return refCompare(c.Fn, args[0], args[1]), nil
	case "CAST", "TRY_CAST":
		v, err := refCast(c.Args[0].Type(), c.T, args[0])
		if err != nil && c.Fn == "TRY_CAST" {
			return nil, nil
		}
		return v, err
	}
	if c.T.Kind == catalog.KindDouble {
		a := args[0].(float64)
		switch c.Fn {
		case "NEG":
			return -a, nil
		case "ABS":
			return math.Abs(a), nil
		}
		b := args[1].(float64)
		switch c.Fn {
		case "+":
			return a + b, nil
		case "-":
			return a - b, nil
		case "*":
			return a * b, nil
		}
		if b == 0 {
			return nil, nil
		}
		if c.Fn == "/" {
			return a / b, nil
		}
		return math.Mod(a, b), nil
	}
	a := big.NewInt(args[0].(int64))
	r := new(big.Int)
	switch c.Fn {
	case "NEG":
		r.Neg(a)
	case "ABS":
		r.Abs(a)
	default:
		b := big.NewInt(args[1].(int64))
		switch c.Fn {
		case "+":
			r.Add(a, b)
		case "-":
			r.Sub(a, b)
		case "*":
			r.Mul(a, b)
		case "/", "%":
			if b.Sign() == 0 {
				return nil, nil
			}
			if c.Fn == "/" {
				r.Quo(a, b)
			} else {
				r.Rem(a, b)
			}
		}
	}
	return refFit(r, c.T)
}

func refFit(r *big.Int, t catalog.Type) (any, error) {
	bits := 64
	if t.Kind == catalog.KindInt {
		bits = 32
	}
	lo := new(big.Int).Neg(new(big.Int).Lsh(big.NewInt(1), uint(bits-1)))
	hi := new(big.Int).Sub(new(big.Int).Lsh(big.NewInt(1), uint(bits-1)), big.NewInt(1))
	if r.Cmp(lo) < 0 || r.Cmp(hi) > 0 {
		return nil, errRef
	}
	return r.Int64(), nil
}

func refCompare(op string, a, b any) bool {
	var c int
	switch a := a.(type) {
	case int64:
		c = cmpOrd(a, b.(int64))
	case float64:
		c = cmpOrd(a, b.(float64))
	case string:
		c = strings.Compare(a, b.(string))
	case bool:
		x, y := 0, 0
		if a {
			x = 1
		}
		if b.(bool) {
			y = 1
		}
		c = x - y
	}
	switch op {
	case "=":
		return c == 0
	case "<>":
		return c != 0
	case "<":
		return c < 0
	case "<=":
		return c <= 0
	case ">":
		return c > 0
	}
	return c >= 0
}

func cmpOrd[T int64 | float64](a, b T) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func refCast(from, to catalog.Type, v any) (any, error) {
	switch {
	case from.Equal(to):
		return v, nil
	case to.Kind == catalog.KindString:
		return strconv.FormatInt(v.(int64), 10), nil
	case to.Kind == catalog.KindDouble:
		return float64(v.(int64)), nil
	case from.Kind == catalog.KindString:
		s := strings.Trim(v.(string), " \t\r\n")
		if m := fractional.FindStringSubmatch(s); m != nil && strings.ContainsAny(s, "0123456789") {
			s = m[1] // CAST truncates a fractional part
			if s == "" || s == "+" || s == "-" {
				s = "0"
			}
		}
		n, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return nil, errRef
		}
		return refFit(big.NewInt(n), to)
	case from.Kind == catalog.KindDouble:
		f := math.Trunc(v.(float64))
		if f < -9.223372036854775808e18 || f >= 9.223372036854775808e18 {
			return nil, errRef
		}
		return refFit(big.NewInt(int64(f)), to)
	}
	return refFit(big.NewInt(v.(int64)), to)
}
