package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// aggregates are the aggregate functions of Flink SQL. The binder
// accepts COUNT, SUM, AVG, MIN, MAX, FIRST_VALUE and LAST_VALUE (see
// aggCall); the others are reported as not supported.
var aggregates = map[string]bool{
	"COUNT": true, "SUM": true, "AVG": true, "MIN": true, "MAX": true,
	"LISTAGG": true, "FIRST_VALUE": true, "LAST_VALUE": true, "COLLECT": true,
	"STDDEV_POP": true, "STDDEV_SAMP": true, "VAR_POP": true, "VAR_SAMP": true,
	"ARRAY_AGG": true, "SUM0": true,
}

// groupWindowFunctions are the legacy GROUP BY window functions.
var groupWindowFunctions = map[string]bool{
	"TUMBLE": true, "HOP": true, "SESSION": true, "CUMULATE": true,
	"TUMBLE_START": true, "TUMBLE_END": true, "TUMBLE_ROWTIME": true,
	"HOP_START": true, "HOP_END": true, "HOP_ROWTIME": true,
	"SESSION_START": true, "SESSION_END": true, "SESSION_ROWTIME": true,
}

// scalarFunctions lists the function names a query may call.
var scalarFunctions = []string{
	"UPPER", "LOWER", "CHAR_LENGTH", "CHARACTER_LENGTH", "TRIM", "LTRIM", "RTRIM",
	"CONCAT", "SUBSTRING", "SUBSTR", "DATE_FORMAT", "TO_TIMESTAMP", "TO_TIMESTAMP_LTZ",
	"UNIX_TIMESTAMP", "FLOOR", "CEIL", "CEILING", "ABS", "MOD", "COALESCE", "IF", "NULLIF", "PROCTIME",
	"CARDINALITY",
}

func withNull(t catalog.Type, notNull bool) catalog.Type { t.NotNull = notNull; return t }

func (b *exprBinder) call(e *sql.FuncCall) (Expr, error) {
	switch {
	case e.Over != nil:
		return nil, overError(e)
	case aggregates[e.Name]:
		return nil, sql.Errorf(e.P, "aggregate function %s is not allowed here", e.Name)
	case groupWindowFunctions[e.Name]:
		return nil, sql.Errorf(e.P, "group window function %s is not supported yet (windowed aggregation arrives with event-time windows)", e.Name)
	case e.Star || e.Distinct || e.Filter != nil:
		return nil, sql.Errorf(e.P, "%s is not an aggregate function", e.Name)
	}
	if (e.Name == "FLOOR" || e.Name == "CEIL" || e.Name == "CEILING") && len(e.Args) == 2 {
		return b.floorTo(e)
	}
	args, err := b.bindAll(e.Args)
	if err != nil {
		return nil, err
	}
	arity := func(lo, hi int) error {
		if len(args) < lo || len(args) > hi {
			if lo == hi {
				return sql.Errorf(e.P, "%s expects %d argument(s), got %d", e.Name, lo, len(args))
			}
			return sql.Errorf(e.P, "%s expects %d to %d arguments, got %d", e.Name, lo, hi, len(args))
		}
		return nil
	}
	argPos := func(i int) sql.Pos { return e.Args[i].Position() }
	strings := func(from int) error {
		for i := from; i < len(args); i++ {
			if args[i], err = needString(argPos(i), e.Name, args[i]); err != nil {
				return err
			}
		}
		return nil
	}
	allNotNull := func() bool {
		for _, a := range args {
			if !a.Type().NotNull {
				return false
			}
		}
		return true
	}
	switch e.Name {
	case "UPPER", "LOWER", "TRIM", "LTRIM", "RTRIM", "CHAR_LENGTH", "CHARACTER_LENGTH":
		if err := arity(1, 1); err != nil {
			return nil, err
		}
		if err := strings(0); err != nil {
			return nil, err
		}
		fn, t := e.Name, catalog.String
		if fn == "CHARACTER_LENGTH" || fn == "CHAR_LENGTH" {
			fn, t = "CHAR_LENGTH", catalog.Int
		}
		return &Call{Fn: fn, Args: args, T: withNull(t, allNotNull())}, nil
	case "CONCAT":
		return concat(e.P, "CONCAT", args)
	case "SUBSTRING", "SUBSTR":
		if err := arity(2, 3); err != nil {
			return nil, err
		}
		if args[0], err = needString(argPos(0), e.Name, args[0]); err != nil {
			return nil, err
		}
		for i := 1; i < len(args); i++ {
			if args[i], err = needInt(argPos(i), e.Name, args[i]); err != nil {
				return nil, err
			}
		}
		return &Call{Fn: "SUBSTRING", Args: args, T: withNull(catalog.String, allNotNull())}, nil
	case "DATE_FORMAT":
		if err := arity(2, 2); err != nil {
			return nil, err
		}
		switch k := args[0].Type().Kind; {
		case k == catalog.KindString || k == catalog.KindNull:
			args[0] = castTo(args[0], catalog.Timestamp)
		case !args[0].Type().IsTimestamp():
			return nil, sql.Errorf(argPos(0), "DATE_FORMAT expects TIMESTAMP or TIMESTAMP_LTZ, got %s", typeName(args[0].Type()))
		}
		if err := strings(1); err != nil {
			return nil, err
		}
		return &Call{Fn: "DATE_FORMAT", Args: args, T: withNull(catalog.String, allNotNull())}, nil
	case "TO_TIMESTAMP":
		if err := arity(1, 2); err != nil {
			return nil, err
		}
		if err := strings(0); err != nil {
			return nil, err
		}
		return &Call{Fn: "TO_TIMESTAMP", Args: args, T: catalog.Timestamp}, nil
	case "TO_TIMESTAMP_LTZ":
		return toTimestampLTZ(e, args)
	case "UNIX_TIMESTAMP":
		if err := arity(0, 2); err != nil {
			return nil, err
		}
		if err := strings(0); err != nil {
			return nil, err
		}
		return &Call{Fn: "UNIX_TIMESTAMP", Args: args, T: withNull(catalog.BigInt, len(args) == 0)}, nil
	case "FLOOR", "CEIL", "CEILING", "ABS":
		if err := arity(1, 1); err != nil {
			return nil, err
		}
		t := args[0].Type().WithoutTimeAttr()
		if !t.IsNumeric() {
			return nil, sql.Errorf(argPos(0), "%s expects a numeric argument, got %s", e.Name, t)
		}
		fn := e.Name
		if fn == "CEILING" {
			fn = "CEIL"
		}
		if fn != "ABS" && t.Kind == catalog.KindDecimal && t.Scale > 0 {
			t = catalog.Decimal(min(t.Precision-t.Scale+1, catalog.MaxDecimalPrecision), 0)
			t.NotNull = args[0].Type().NotNull
		}
		return &Call{Fn: fn, Args: args, T: t}, nil
	case "PROCTIME":
		if err := arity(0, 0); err != nil {
			return nil, err
		}
		return &Call{Fn: "PROCTIME", T: procTimeType}, nil
	case "MOD":
		if err := arity(2, 2); err != nil {
			return nil, err
		}
		return arith(e.P, "%", "MOD", args[0], args[1])
	case "COALESCE":
		if err := arity(1, 1<<20); err != nil {
			return nil, err
		}
		t, err := commonOf(e.P, "COALESCE", args)
		if err != nil {
			return nil, err
		}
		notNull := false
		for i, a := range args {
			notNull = notNull || a.Type().NotNull
			args[i] = castTo(a, t)
		}
		return &Call{Fn: "COALESCE", Args: args, T: withNull(t, notNull)}, nil
	case "IF":
		if err := arity(3, 3); err != nil {
			return nil, err
		}
		if args[0], err = needBool(argPos(0), "IF", args[0]); err != nil {
			return nil, err
		}
		t, err := commonOf(e.P, "IF", args[1:])
		if err != nil {
			return nil, err
		}
		notNull := args[1].Type().NotNull && args[2].Type().NotNull
		args[1], args[2] = castTo(args[1], t), castTo(args[2], t)
		return &Call{Fn: "IF", Args: args, T: withNull(t, notNull)}, nil
	case "ITEM", "CARDINALITY":
		return bindMapFn(e, args)
	case "NULLIF":
		if err := arity(2, 2); err != nil {
			return nil, err
		}
		eq, err := compare(e.P, "=", args[0], args[1])
		if err != nil {
			return nil, err
		}
		t := args[0].Type().WithoutTimeAttr()
		return &Call{Fn: "CASE", Args: []Expr{eq, &Const{T: t.Nullable()}, args[0]}, T: t.Nullable()}, nil
	}
	return nil, sql.Errorf(e.P, "function %s is not supported yet%s", e.Name, funcSuggestion(e.Name))
}

func funcSuggestion(name string) string {
	return catalog.DidYouMean(name, scalarFunctions)
}

// needInt checks that x is an integer and casts it to INT.
func needInt(pos sql.Pos, what string, x Expr) (Expr, error) {
	t := x.Type()
	if !t.IsInteger() && t.Kind != catalog.KindNull {
		return nil, sql.Errorf(pos, "%s expects an integer, got %s", what, typeName(t))
	}
	return castTo(x, catalog.Int), nil
}

func toTimestampLTZ(e *sql.FuncCall, args []Expr) (Expr, error) {
	if len(args) != 2 {
		return nil, sql.Errorf(e.P, "TO_TIMESTAMP_LTZ expects 2 arguments (epoch, precision), got %d", len(args))
	}
	if t := args[0].Type(); !t.IsInteger() && t.Kind != catalog.KindNull {
		return nil, sql.Errorf(e.Args[0].Position(), "TO_TIMESTAMP_LTZ expects an integer epoch, got %s", typeName(t))
	}
	p, ok := args[1].(*Const)
	if !ok || (p.Val != int64(0) && p.Val != int64(3)) {
		return nil, sql.Errorf(e.Args[1].Position(), "TO_TIMESTAMP_LTZ precision must be the literal 0 (seconds) or 3 (milliseconds)")
	}
	out := []Expr{castTo(args[0], catalog.BigInt), castTo(p, catalog.Int)}
	return &Call{Fn: "TO_TIMESTAMP_LTZ", Args: out, T: withNull(catalog.TimestampLTZ, args[0].Type().NotNull)}, nil
}

// timeUnits are the units FLOOR(ts TO unit) accepts.
var timeUnits = map[string]bool{
	"MILLISECOND": true, "SECOND": true, "MINUTE": true, "HOUR": true, "DAY": true,
	"WEEK": true, "MONTH": true, "QUARTER": true, "YEAR": true,
}

// floorTo binds FLOOR(ts TO unit) and CEIL(ts TO unit) into a call with the
// unit as a STRING constant.
func (b *exprBinder) floorTo(e *sql.FuncCall) (Expr, error) {
	u, ok := e.Args[1].(*sql.TimeUnit)
	if !ok || !timeUnits[u.Unit] {
		return nil, sql.Errorf(e.Args[1].Position(), "%s expects a time unit after TO", e.Name)
	}
	x, err := b.bind(e.Args[0])
	if err != nil {
		return nil, err
	}
	if !x.Type().IsTimestamp() {
		return nil, sql.Errorf(e.Args[0].Position(), "%s(... TO %s) expects TIMESTAMP or TIMESTAMP_LTZ, got %s", e.Name, u.Unit, typeName(x.Type()))
	}
	fn := e.Name
	if fn == "CEILING" {
		fn = "CEIL"
	}
	unit := &Const{Val: u.Unit, T: withNull(catalog.String, true)}
	return &Call{Fn: fn, Args: []Expr{x, unit}, T: x.Type().WithoutTimeAttr()}, nil
}

// procTimeType is the type of PROCTIME(): TIMESTAMP_LTZ(3) NOT NULL, a
// processing-time attribute.
var procTimeType = catalog.Type{Kind: catalog.KindTimestampLTZ, Precision: 3, NotNull: true, ProcTime: true}
