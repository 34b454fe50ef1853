package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/catalog"
)

// Expr is a bound, typed scalar expression over the columns of one input
// row. It is plain data: the executor compiles it into vectorized kernels.
//
// The binder guarantees that the argument types of every Call are exactly
// the types its function expects (it inserts CAST calls for implicit
// coercions), so kernels never coerce.
type Expr interface {
	// Type is the result type, including nullability.
	Type() catalog.Type
	// String renders the expression for EXPLAIN, e.g. "($2 > 10)".
	String() string
}

// ColRef reads column Index of the input row.
type ColRef struct {
	Index int
	Name  string
	T     catalog.Type
}

// Const is a literal. Val holds the Go value for T's kind:
//
//	NULL                 nil (with any T)
//	BOOLEAN              bool
//	TINYINT..BIGINT      int64
//	FLOAT, DOUBLE        float64
//	DECIMAL              decimal128.Num (scaled by T.Scale)
//	STRING               string
//	BYTES                []byte
//	DATE                 int32 days since epoch
//	TIMESTAMP[_LTZ]      int64 milliseconds since epoch
//	INTERVAL             int64 milliseconds
type Const struct {
	Val any
	T   catalog.Type
}

// Call applies a built-in function to arguments. Fn is one of the names in
// Functions; T is the result type (for CAST and TRY_CAST, the target type).
type Call struct {
	Fn   string
	Args []Expr
	T    catalog.Type
}

// Type implements Expr.
func (e *ColRef) Type() catalog.Type { return e.T }

// Type implements Expr.
func (e *Const) Type() catalog.Type { return e.T }

// Type implements Expr.
func (e *Call) Type() catalog.Type { return e.T }

// String implements Expr.
func (e *ColRef) String() string { return fmt.Sprintf("%s($%d)", e.Name, e.Index) }

// String implements Expr.
func (e *Const) String() string {
	if e.Val == nil {
		return "NULL"
	}
	if s, ok := e.Val.(string); ok {
		return "'" + strings.ReplaceAll(s, "'", "''") + "'"
	}
	return fmt.Sprint(e.Val)
}

// String implements Expr.
func (e *Call) String() string {
	args := make([]string, len(e.Args))
	for i, a := range e.Args {
		args[i] = a.String()
	}
	switch {
	case e.Fn == "CAST" || e.Fn == "TRY_CAST":
		return fmt.Sprintf("%s(%s AS %s)", e.Fn, args[0], e.T.WithoutTimeAttr().Nullable())
	case len(args) == 2 && isInfix(e.Fn):
		return fmt.Sprintf("(%s %s %s)", args[0], e.Fn, args[1])
	case len(args) == 1 && (e.Fn == "IS NULL" || e.Fn == "IS NOT NULL"):
		return fmt.Sprintf("(%s %s)", args[0], e.Fn)
	}
	return fmt.Sprintf("%s(%s)", e.Fn, strings.Join(args, ", "))
}

func isInfix(fn string) bool {
	switch fn {
	case "+", "-", "*", "/", "%", "=", "<>", "<", "<=", ">", ">=", "AND", "OR", "LIKE":
		return true
	}
	return false
}

// Functions lists every Call.Fn the executor must implement, with the
// argument contract the binder guarantees. Both sides test against this list.
//
//	"+" "-" "*" "/" "%"     two args of the result's numeric type; for
//	                        DECIMAL, args may differ in precision/scale and
//	                        the result type says how to scale. "/" on
//	                        integers is integer division; x/0 is NULL.
//	                        TIMESTAMP +/- INTERVAL: (ts, interval) -> ts.
//	"NEG"                   unary minus.
//	"=" "<>" "<" "<=" ">" ">="  two args of the same type -> BOOLEAN.
//	"AND" "OR"              two BOOLEAN args, three-valued logic.
//	"NOT"                   one BOOLEAN.
//	"IS NULL" "IS NOT NULL" one arg of any type -> BOOLEAN NOT NULL.
//	"IS TRUE" "IS FALSE" "IS NOT TRUE" "IS NOT FALSE"  BOOLEAN -> BOOLEAN NOT NULL.
//	"IN"                    args[0] is the value, args[1:] the list, all the
//	                        same type; SQL semantics with NULLs.
//	"LIKE"                  (string, pattern[, escape]) -> BOOLEAN.
//	"CASE"                  (cond1, res1, cond2, res2, ..., else): odd count,
//	                        conds BOOLEAN, results and else of the result type.
//	"COALESCE"              args of the result type.
//	"IF"                    (BOOLEAN, a, b), a and b of the result type.
//	"CAST" "TRY_CAST"       one arg; target is Call.T. CAST fails the row
//	                        with an error on a bad value; TRY_CAST yields NULL.
//	"UPPER" "LOWER" "CHAR_LENGTH" "TRIM" "LTRIM" "RTRIM"  one STRING.
//	"CONCAT"                STRING args (|| is CONCAT); NULL if any is NULL.
//	"SUBSTRING"             (STRING, INT start[, INT length]), 1-based.
//	"DATE_FORMAT"           (TIMESTAMP|TIMESTAMP_LTZ, STRING java-style format).
//	"TO_TIMESTAMP"          (STRING[, STRING format]) -> TIMESTAMP(3).
//	"TO_TIMESTAMP_LTZ"      (BIGINT epoch, INT precision 0|3) -> TIMESTAMP_LTZ(3).
//	"UNIX_TIMESTAMP"        () | (STRING[, STRING format]) -> BIGINT seconds.
//	"FLOOR" "CEIL"          one numeric arg; or (TIMESTAMP, STRING unit const)
//	                        for FLOOR(ts TO unit).
//	"ABS" "MOD"             numeric.
//	"PROCTIME"              () -> TIMESTAMP_LTZ(3) NOT NULL, the processing
//	                        time (read from the clock for every batch).
//	"ITEM"                  (MAP, STRING key) -> the value type, nullable:
//	                        m['key'], NULL when the key is absent.
//	"CARDINALITY"           (MAP) -> INT, the number of entries.
var Functions = []string{
	"+", "-", "*", "/", "%", "NEG",
	"=", "<>", "<", "<=", ">", ">=",
	"AND", "OR", "NOT",
	"IS NULL", "IS NOT NULL", "IS TRUE", "IS FALSE", "IS NOT TRUE", "IS NOT FALSE",
	"IN", "LIKE", "CASE", "COALESCE", "IF", "CAST", "TRY_CAST",
	"UPPER", "LOWER", "CHAR_LENGTH", "TRIM", "LTRIM", "RTRIM", "CONCAT", "SUBSTRING",
	"DATE_FORMAT", "TO_TIMESTAMP", "TO_TIMESTAMP_LTZ", "UNIX_TIMESTAMP",
	"FLOOR", "CEIL", "ABS", "MOD", "PROCTIME", "ITEM", "CARDINALITY",
}
