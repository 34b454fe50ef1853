package planner

import (
	"strings"
	"testing"

	"github.com/streamsql/streamsql/catalog"
)

// evalExpr is a row-at-a-time interpreter for the expressions the
// differential test uses: integers and timestamps are int64, strings are
// string, NULL is nil.
func evalExpr(t *testing.T, e Expr, row []any) any {
	switch e := e.(type) {
	case *ColRef:
		return row[e.Index]
	case *Const:
		return e.Val
	case *Call:
		args := make([]any, len(e.Args))
		for i, a := range e.Args {
			args[i] = evalExpr(t, a, row)
		}
		return evalCall(t, e, args)
	}
	t.Fatalf("cannot evaluate %T", e)
	return nil
}

func anyNil(args []any) bool {
	for _, a := range args {
		if a == nil {
			return true
		}
	}
	return false
}

func evalCall(t *testing.T, c *Call, args []any) any {
	switch c.Fn {
	case "AND":
		if args[0] == false || args[1] == false {
			return false
		}
		if anyNil(args) {
			return nil
		}
		return true
	case "OR":
		if args[0] == true || args[1] == true {
			return true
		}
		if anyNil(args) {
			return nil
		}
		return false
	case "IS NULL":
		return args[0] == nil
	case "IS NOT NULL":
		return args[0] != nil
	case "COALESCE":
		for _, a := range args {
			if a != nil {
				return a
			}
		}
		return nil
	case "CASE":
		for i := 0; i+1 < len(args); i += 2 {
			if args[i] == true {
				return args[i+1]
			}
		}
		return args[len(args)-1]
	case "IN":
		if args[0] == nil {
			return nil
		}
		var res any = false
		for _, a := range args[1:] {
			if a == nil {
				res = nil
			} else if a == args[0] {
				return true
			}
		}
		return res
	}
	if anyNil(args) {
		return nil
	}
	switch c.Fn {
	case "NOT":
		return !args[0].(bool)
	case "CAST":
		if c.T.Kind == catalog.KindString {
			t.Fatalf("CAST to STRING is not in the test interpreter")
		}
		return args[0]
	case "UPPER":
		return strings.ToUpper(args[0].(string))
	case "CONCAT":
		var b strings.Builder
		for _, a := range args {
			b.WriteString(a.(string))
		}
		return b.String()
	case "LIKE":
		if args[1] != "%" {
			t.Fatalf("only LIKE '%%' is in the test interpreter")
		}
		return true
	case "+", "-", "*":
		x, y := args[0].(int64), args[1].(int64)
		switch c.Fn {
		case "+":
			return x + y
		case "-":
			return x - y
		}
		return x * y
	case "=", "<>", "<", "<=", ">", ">=":
		return compareValues(c.Fn, args[0], args[1])
	}
	t.Fatalf("function %s is not in the test interpreter", c.Fn)
	return nil
}

func compareValues(op string, a, b any) bool {
	var cmp int
	switch x := a.(type) {
	case int64:
		cmp = order(x < b.(int64), x > b.(int64))
	case string:
		cmp = strings.Compare(x, b.(string))
	case bool:
		cmp = order(!x && b.(bool), x && !b.(bool))
	}
	switch op {
	case "=":
		return cmp == 0
	case "<>":
		return cmp != 0
	case "<":
		return cmp < 0
	case "<=":
		return cmp <= 0
	case ">":
		return cmp > 0
	}
	return cmp >= 0
}
