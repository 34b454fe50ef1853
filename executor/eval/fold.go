package eval

import (
	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/array"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// foldable reports whether e reads no column and no clock, so that its
// value is the same for every row.
func foldable(e planner.Expr) bool {
	switch e := e.(type) {
	case *planner.Const:
		return true
	case *planner.Call:
		if e.Fn == "UNIX_TIMESTAMP" && len(e.Args) == 0 || e.Fn == "PROCTIME" {
			return false
		}
		for _, a := range e.Args {
			if !foldable(a) {
				return false
			}
		}
		return true
	}
	return false
}

// fold evaluates a constant call once at compile time and returns it as a
// constant node, so that kernels can specialise on it (a LIKE pattern
// built with CONCAT, a CAST literal). If the evaluation fails (a CAST of a
// bad literal that may sit in a branch never taken), ev is kept as is.
func (c *compiler) fold(e *planner.Call, ev Evaluator) Evaluator {
	if !foldable(e) {
		return ev
	}
	one := array.NewRecord(arrow.NewSchema(nil, nil), nil, 1)
	defer one.Release()
	arr, err := ev.Eval(one)
	if err != nil {
		return ev
	}
	defer arr.Release()
	k := &constNode{t: e.T, dt: arr.DataType(), alloc: c.alloc, null: arr.IsNull(0)}
	if k.null || e.T.Kind == catalog.KindNull {
		k.null = true
		return k
	}
	switch t := e.T; t.Kind {
	case catalog.KindBoolean:
		k.b = boolValues(arr).get(0)
	case catalog.KindFloat, catalog.KindDouble:
		k.f64 = widenFloats(arr, t.Kind, nil)[0]
	case catalog.KindDecimal:
		k.dec = fixedValues[dec](arr)[0]
	case catalog.KindString, catalog.KindBytes:
		v := viewOf(arr)
		k.s = string(v.at(0))
	case catalog.KindTimestamp, catalog.KindTimestampLTZ, catalog.KindInterval:
		k.i64 = fixedValues[int64](arr)[0]
	default: // integers and DATE
		k.i64 = widenInts(arr, t.Kind, nil)[0]
	}
	return k
}
