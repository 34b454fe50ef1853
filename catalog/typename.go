package catalog

import "github.com/streamsql/streamsql/sql"

// Limits of parameterised types, as in Flink SQL.
const (
	// MaxDecimalPrecision is the largest DECIMAL precision.
	MaxDecimalPrecision = 38
	// MaxTimestampPrecision is the largest fractional-second precision.
	MaxTimestampPrecision = 9
	// DefaultTimestampPrecision is the precision of TIMESTAMP and
	// TIMESTAMP_LTZ written without one.
	DefaultTimestampPrecision = 6
)

// TypeOf converts a type as written in DDL or CAST into a Type, following
// Flink SQL: STRING, VARCHAR(n), CHAR(n) (held as VARCHAR(n), no padding),
// BOOLEAN, TINYINT, SMALLINT, INT/INTEGER, BIGINT, FLOAT/REAL, DOUBLE,
// DECIMAL(p, s)/DEC/NUMERIC (default (10, 0)), DATE, TIMESTAMP(p) (default
// 6), TIMESTAMP_LTZ(p) (default 6), BYTES, VARBINARY(n), BINARY(n) and
// MAP<STRING, STRING> or MAP<STRING, BYTES> (see mapOf). Other types give a
// positioned error.
func TypeOf(tn sql.TypeName) (Type, error) {
	t, err := typeOf(tn)
	if err != nil {
		return Type{}, err
	}
	t.NotNull = tn.NotNull
	return t, nil
}

func typeOf(tn sql.TypeName) (Type, error) {
	params := func(max int) error {
		switch {
		case len(tn.Params) > max && max == 0:
			return sql.Errorf(tn.P, "type %s takes no parameters", tn.Name)
		case len(tn.Params) > max:
			return sql.Errorf(tn.P, "type %s takes at most %d parameter, got %d", tn.Name, max, len(tn.Params))
		}
		return nil
	}
	switch tn.Name {
	case "STRING":
		return String, params(0)
	case "VARCHAR", "CHAR", "CHARACTER":
		if err := params(1); err != nil {
			return Type{}, err
		}
		n := 1
		if len(tn.Params) == 1 {
			n = tn.Params[0]
		}
		if n < 1 {
			return Type{}, sql.Errorf(tn.P, "%s length must be at least 1, got %d", tn.Name, n)
		}
		return Type{Kind: KindString, Length: n}, nil
	case "BOOLEAN", "BOOL":
		return Boolean, params(0)
	case "TINYINT":
		return TinyInt, params(0)
	case "SMALLINT":
		return SmallInt, params(0)
	case "INT", "INTEGER":
		return Int, params(0)
	case "BIGINT":
		return BigInt, params(0)
	case "FLOAT", "REAL":
		return Float, params(0)
	case "DOUBLE", "DOUBLE PRECISION":
		return Double, params(0)
	case "DECIMAL", "DEC", "NUMERIC":
		return decimalOf(tn)
	case "DATE":
		return Date, params(0)
	case "TIMESTAMP", "TIMESTAMP_LTZ", "TIMESTAMP WITH LOCAL TIME ZONE":
		if err := params(1); err != nil {
			return Type{}, err
		}
		p := DefaultTimestampPrecision
		if len(tn.Params) == 1 {
			p = tn.Params[0]
		}
		if p < 0 || p > MaxTimestampPrecision {
			return Type{}, sql.Errorf(tn.P, "%s precision must be between 0 and %d, got %d", tn.Name, MaxTimestampPrecision, p)
		}
		if tn.Name == "TIMESTAMP" {
			return Type{Kind: KindTimestamp, Precision: p}, nil
		}
		return Type{Kind: KindTimestampLTZ, Precision: p}, nil
	case "BYTES":
		return Bytes, params(0)
	case "VARBINARY", "BINARY":
		if err := params(1); err != nil {
			return Type{}, err
		}
		if len(tn.Params) == 1 && tn.Params[0] < 1 {
			return Type{}, sql.Errorf(tn.P, "%s length must be at least 1, got %d", tn.Name, tn.Params[0])
		}
		return Bytes, nil
	case "MAP":
		return mapOf(tn)
	case "TIME", "TIME WITH TIME ZONE", "TIMESTAMP WITH TIME ZONE", "INTERVAL", "ARRAY",
		"MULTISET", "ROW", "RAW", "VARIANT":
		return Type{}, sql.Errorf(tn.P, "type %s is not supported yet", tn.Name)
	}
	return Type{}, sql.Errorf(tn.P, "unknown type %s", tn.Name)
}

func decimalOf(tn sql.TypeName) (Type, error) {
	if len(tn.Params) > 2 {
		return Type{}, sql.Errorf(tn.P, "type %s takes at most 2 parameters, got %d", tn.Name, len(tn.Params))
	}
	p, s := 10, 0
	if len(tn.Params) >= 1 {
		p = tn.Params[0]
	}
	if len(tn.Params) == 2 {
		s = tn.Params[1]
	}
	if p < 1 || p > MaxDecimalPrecision {
		return Type{}, sql.Errorf(tn.P, "DECIMAL precision must be between 1 and %d, got %d", MaxDecimalPrecision, p)
	}
	if s < 0 || s > p {
		return Type{}, sql.Errorf(tn.P, "DECIMAL scale must be between 0 and the precision %d, got %d", p, s)
	}
	return Decimal(p, s), nil
}

// mapOf converts MAP<K, V>. Keys are STRING (VARCHAR(n) and CHAR(n) are
// held as STRING) and values STRING or BYTES, which covers Kafka headers
// and string-to-string maps; other element types are reported as not
// supported yet. Keys are never NULL in the data; NOT NULL on the element types is kept
// for display.
func mapOf(tn sql.TypeName) (Type, error) {
	if len(tn.Args) != 2 || tn.Args[0] == nil || tn.Args[1] == nil {
		return Type{}, sql.Errorf(tn.P, "type MAP needs a key and a value type: MAP<STRING, BYTES>")
	}
	k, err := TypeOf(*tn.Args[0])
	if err != nil {
		return Type{}, err
	}
	v, err := TypeOf(*tn.Args[1])
	if err != nil {
		return Type{}, err
	}
	if k.Kind != KindString {
		return Type{}, sql.Errorf(tn.Args[0].P, "MAP keys must be STRING, not %s: MAP<%s, ...> is not supported yet", k, k)
	}
	if v.Kind != KindString && v.Kind != KindBytes {
		return Type{}, sql.Errorf(tn.Args[1].P, "MAP values must be STRING or BYTES, not %s: MAP<STRING, %s> is not supported yet", v, v)
	}
	k.Length, v.Length = 0, 0
	return Map(k, v), nil
}
