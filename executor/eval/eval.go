// Package eval compiles bound planner expressions into vectorized
// evaluators over Arrow record batches.
//
// Every node of an expression evaluates a whole column at a time with typed
// loops over Arrow value buffers and validity bitmaps. SQL three-valued
// logic applies throughout: a NULL argument makes arithmetic, comparisons
// and string functions NULL; AND and OR follow Kleene logic.
//
// Choices where SQL dialects differ:
//   - Division and remainder by zero (integer, floating or DECIMAL) yield
//     NULL rather than failing the row or producing an infinity.
//   - Integer + - * and unary minus that overflow the type fail the row
//     with a *RowError ("BIGINT overflow"); so does CAST of an out-of-range
//     value (TRY_CAST yields NULL).
//   - TO_TIMESTAMP and UNIX_TIMESTAMP of a string that does not match the
//     format yield NULL; without a format they accept 'yyyy-MM-dd',
//     'yyyy-MM-dd HH:mm:ss[.SSS]' and the ISO-8601 'T' form.
//   - SUBSTRING counts characters from 1; a start of 0 acts as 1, a
//     negative start counts from the end (the empty string if it points
//     before the first character), a negative length gives NULL.
//   - LIKE has no escape character unless ESCAPE names one.
//   - UPPER and LOWER map each character on its own (no 'ß' -> 'SS').
//   - CASE, IF and COALESCE evaluate a branch only for the rows that take
//     it as far as errors are concerned: a CAST that would fail on a row
//     routed elsewhere does not fail the batch.
//   - All time zone dependent operations use UTC as the session zone.
package eval

import (
	"fmt"
	"slices"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// Evaluator computes one expression over whole batches. It is not safe for
// concurrent use; compile one per operator instance.
type Evaluator interface {
	// Eval returns a new array of rec.NumRows() values of the expression's
	// type. The caller owns the result and must Release it. rec is
	// borrowed. A row-level failure (a CAST of a bad value) returns a
	// *RowError.
	Eval(rec arrow.Record) (arrow.Array, error)
}

// RowError is a failure evaluating one row.
type RowError struct {
	// Row is the index of the failing row in the evaluated batch.
	Row int
	// Msg describes the failure, quoting the offending value.
	Msg string
}

// Error returns the message, which quotes the offending value.
func (e *RowError) Error() string { return e.Msg }

// Options configure CompileWith.
type Options struct {
	// Alloc provides every buffer the evaluator builds; nil means
	// memory.DefaultAllocator.
	Alloc memory.Allocator
	// Clock returns the current processing time in epoch milliseconds; it
	// backs UNIX_TIMESTAMP() and PROCTIME(). Nil makes them compile errors.
	Clock func() int64
}

// Compile builds an evaluator for e over batches whose columns are
// referenced by planner.ColRef index; buffers come from alloc.
func Compile(e planner.Expr, alloc memory.Allocator) (Evaluator, error) {
	return CompileWith(e, Options{Alloc: alloc})
}

// CompileWith is Compile with a processing-time clock and other options.
func CompileWith(e planner.Expr, o Options) (Evaluator, error) {
	if o.Alloc == nil {
		o.Alloc = memory.DefaultAllocator
	}
	c := &compiler{alloc: o.Alloc, clock: o.Clock}
	return c.compile(e)
}

type compiler struct {
	alloc memory.Allocator
	clock func() int64
}

func (c *compiler) compile(e planner.Expr) (Evaluator, error) {
	switch e := e.(type) {
	case *planner.ColRef:
		if e.Index < 0 {
			return nil, fmt.Errorf("eval: column %s has negative index %d", e.Name, e.Index)
		}
		if _, err := arrowType(e.T); err != nil {
			return nil, err
		}
		return &colRef{idx: e.Index, name: e.Name, t: e.T}, nil
	case *planner.Const:
		return c.constant(e)
	case *planner.Call:
		if e == nil {
			return nil, fmt.Errorf("eval: nil call")
		}
		ev, err := c.call(e)
		if err != nil {
			return nil, err
		}
		return c.fold(e, ev), nil
	case nil:
		return nil, fmt.Errorf("eval: nil expression")
	}
	return nil, fmt.Errorf("eval: unsupported expression %T", e)
}

func (c *compiler) compileArgs(args []planner.Expr) ([]Evaluator, error) {
	out := make([]Evaluator, len(args))
	for i, a := range args {
		ev, err := c.compile(a)
		if err != nil {
			return nil, err
		}
		out[i] = ev
	}
	return out, nil
}

func (c *compiler) call(e *planner.Call) (Evaluator, error) {
	if _, err := arrowType(e.T); err != nil {
		return nil, fmt.Errorf("eval: %s: %w", e.Fn, err)
	}
	if err := checkResult(e); err != nil {
		return nil, err
	}
	if ev, ok, err := c.nullPropagating(e); ok || err != nil {
		return ev, err
	}
	switch e.Fn {
	case "+", "-", "*", "/", "%", "MOD":
		return c.arith(e)
	case "NEG", "ABS":
		return c.unaryNumeric(e)
	case "=", "<>", "<", "<=", ">", ">=":
		return c.compare(e)
	case "AND", "OR":
		return c.andOr(e)
	case "NOT", "IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE":
		return c.predicate(e)
	case "IN":
		return c.in(e)
	case "LIKE":
		return c.like(e)
	case "CASE", "COALESCE", "IF":
		return c.choose(e)
	case "CAST", "TRY_CAST":
		return c.cast(e)
	case "UPPER", "LOWER", "CHAR_LENGTH", "TRIM", "LTRIM", "RTRIM", "CONCAT", "SUBSTRING":
		return c.stringFn(e)
	case "DATE_FORMAT", "TO_TIMESTAMP", "TO_TIMESTAMP_LTZ", "UNIX_TIMESTAMP", "PROCTIME":
		return c.timeFn(e)
	case "FLOOR", "CEIL":
		return c.floorCeil(e)
	case "ITEM", "CARDINALITY":
		return c.mapFn(e)
	}
	if slices.Contains(planner.Functions, e.Fn) {
		return nil, fmt.Errorf("eval: function %s is not supported yet", e.Fn)
	}
	return nil, fmt.Errorf("eval: unknown function %q", e.Fn)
}

// nullPropagating folds a call whose result is NULL whenever an argument
// is NULL and one argument is the NULL literal.
func (c *compiler) nullPropagating(e *planner.Call) (Evaluator, bool, error) {
	switch e.Fn {
	case "AND", "OR", "IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE",
		"IS NOT FALSE", "IN", "CASE", "COALESCE", "IF", "UNIX_TIMESTAMP", "PROCTIME":
		return nil, false, nil
	}
	for _, a := range e.Args {
		if k, ok := a.(*planner.Const); ok && k.Val == nil {
			ev, err := c.constant(&planner.Const{T: e.T.Nullable()})
			return ev, true, err
		}
	}
	return nil, false, nil
}

// resultKinds fixes the result kind of functions whose kernels always
// produce one type.
var resultKinds = map[string]catalog.Kind{
	"=": catalog.KindBoolean, "<>": catalog.KindBoolean, "<": catalog.KindBoolean, "<=": catalog.KindBoolean,
	">": catalog.KindBoolean, ">=": catalog.KindBoolean, "AND": catalog.KindBoolean, "OR": catalog.KindBoolean,
	"NOT": catalog.KindBoolean, "IS NULL": catalog.KindBoolean, "IS NOT NULL": catalog.KindBoolean,
	"IS TRUE": catalog.KindBoolean, "IS FALSE": catalog.KindBoolean, "IS NOT TRUE": catalog.KindBoolean,
	"IS NOT FALSE": catalog.KindBoolean, "IN": catalog.KindBoolean, "LIKE": catalog.KindBoolean,
	"UPPER": catalog.KindString, "LOWER": catalog.KindString, "TRIM": catalog.KindString,
	"LTRIM": catalog.KindString, "RTRIM": catalog.KindString, "CONCAT": catalog.KindString,
	"SUBSTRING": catalog.KindString, "DATE_FORMAT": catalog.KindString, "CHAR_LENGTH": catalog.KindInt,
	"TO_TIMESTAMP": catalog.KindTimestamp, "TO_TIMESTAMP_LTZ": catalog.KindTimestampLTZ,
	"UNIX_TIMESTAMP": catalog.KindBigInt, "PROCTIME": catalog.KindTimestampLTZ,
}

func checkResult(e *planner.Call) error {
	want, ok := resultKinds[e.Fn]
	if e.Fn == "FLOOR" || e.Fn == "CEIL" {
		if len(e.Args) == 0 {
			return wantArgs(e, 1, 2)
		}
		at := e.Args[0].Type()
		want, ok = at.Kind, at.Kind != catalog.KindDecimal || e.T.Kind != catalog.KindDecimal
	}
	if ok && e.T.Kind != want {
		return fmt.Errorf("eval: %s cannot return %s (it returns %s)", e.Fn, e.T, catalog.Type{Kind: want})
	}
	return nil
}

func wantArgs(e *planner.Call, lo, hi int) error {
	if len(e.Args) < lo || len(e.Args) > hi {
		if lo == hi {
			return fmt.Errorf("eval: %s takes %d argument(s), got %d", e.Fn, lo, len(e.Args))
		}
		return fmt.Errorf("eval: %s takes %d to %d arguments, got %d", e.Fn, lo, hi, len(e.Args))
	}
	return nil
}

// arrowType returns the Arrow type of t, or an error for an invalid kind.
func arrowType(t catalog.Type) (dt arrow.DataType, err error) {
	switch t.Kind {
	case catalog.KindNull, catalog.KindBoolean, catalog.KindTinyInt, catalog.KindSmallInt,
		catalog.KindInt, catalog.KindBigInt, catalog.KindFloat, catalog.KindDouble,
		catalog.KindString, catalog.KindBytes, catalog.KindDate, catalog.KindTimestamp,
		catalog.KindTimestampLTZ, catalog.KindInterval:
		return t.Arrow(), nil
	case catalog.KindDecimal:
		if t.Precision < 1 || t.Precision > 38 || t.Scale < 0 || t.Scale > t.Precision {
			return nil, fmt.Errorf("unsupported type %s", t)
		}
		return t.Arrow(), nil
	case catalog.KindMap:
		if t.Key == nil || t.Value == nil || t.Key.Kind != catalog.KindString ||
			t.Value.Kind != catalog.KindString && t.Value.Kind != catalog.KindBytes {
			return nil, fmt.Errorf("unsupported type %s", t)
		}
		return t.Arrow(), nil
	}
	return nil, fmt.Errorf("unsupported type kind %d", t.Kind)
}

func sameArgTypes(e *planner.Call, args []planner.Expr) error {
	for _, a := range args[1:] {
		if !a.Type().Equal(args[0].Type()) {
			return fmt.Errorf("eval: %s arguments differ in type: %s and %s", e.Fn, args[0].Type(), a.Type())
		}
	}
	return nil
}
