package catalog

import (
	"fmt"
	"strings"

	"github.com/apache/arrow/go/v17/arrow"
)

// Kind is the logical kind of a SQL type.
type Kind int

// The SQL type kinds streamsql supports, named as in Flink SQL.
const (
	KindInvalid Kind = iota
	KindNull         // the type of a bare NULL literal before coercion
	KindBoolean
	KindTinyInt
	KindSmallInt
	KindInt
	KindBigInt
	KindFloat
	KindDouble
	KindDecimal
	KindString // STRING and VARCHAR(n); Length holds n (0 = unbounded)
	KindBytes
	KindDate
	KindTimestamp    // TIMESTAMP(p): wall-clock time without zone
	KindTimestampLTZ // TIMESTAMP_LTZ(p): an instant
	KindInterval     // INTERVAL day-time, in milliseconds
	KindMap          // MAP<K, V>; Key and Value hold K and V
)

// Type is a SQL type. It is a small value type; compare with Equal.
//
// Physical representation in Arrow (see Arrow):
//
//	BOOLEAN       arrow.Boolean
//	TINYINT..BIGINT  Int8, Int16, Int32, Int64
//	FLOAT, DOUBLE  Float32, Float64
//	DECIMAL(p,s)  Decimal128(p,s)
//	STRING        String (UTF-8)
//	BYTES         Binary
//	DATE          Date32 (days since epoch)
//	TIMESTAMP(p)  Timestamp(ms), no zone; values are UTC wall-clock millis
//	TIMESTAMP_LTZ Timestamp(ms, "UTC"); values are epoch millis
//	INTERVAL      Duration(ms)
//	MAP<K, V>     Map(K, V): keys not null, values nullable
//
// Timestamps are kept at millisecond resolution whatever the declared
// precision; Precision is remembered for display and DESCRIBE.
type Type struct {
	Kind Kind
	// Precision: DECIMAL precision, TIMESTAMP fractional-second precision.
	Precision int
	// Scale: DECIMAL scale.
	Scale int
	// Length: VARCHAR(n) length, 0 for STRING.
	Length int
	// NotNull is set for NOT NULL columns and expressions that cannot be NULL.
	NotNull bool
	// TimeAttr marks an event-time attribute: a TIMESTAMP column named in a
	// WATERMARK clause, or a window_time column derived from one.
	TimeAttr bool
	// ProcTime marks a processing-time attribute: the value of PROCTIME()
	// (a computed column or a select item). It orders rows by arrival and
	// cannot be a WATERMARK or window time column.
	ProcTime bool
	// Key and Value are the key and value types of a MAP (nil otherwise).
	// They are shared, never modified in place.
	Key, Value *Type
}

// Common types.
var (
	Null         = Type{Kind: KindNull}
	Boolean      = Type{Kind: KindBoolean}
	TinyInt      = Type{Kind: KindTinyInt}
	SmallInt     = Type{Kind: KindSmallInt}
	Int          = Type{Kind: KindInt}
	BigInt       = Type{Kind: KindBigInt}
	Float        = Type{Kind: KindFloat}
	Double       = Type{Kind: KindDouble}
	String       = Type{Kind: KindString}
	Bytes        = Type{Kind: KindBytes}
	Date         = Type{Kind: KindDate}
	Timestamp    = Type{Kind: KindTimestamp, Precision: 3}
	TimestampLTZ = Type{Kind: KindTimestampLTZ, Precision: 3}
	Interval     = Type{Kind: KindInterval}
)

// Decimal returns DECIMAL(p, s).
func Decimal(p, s int) Type { return Type{Kind: KindDecimal, Precision: p, Scale: s} }

// Map returns MAP<k, v>.
func Map(k, v Type) Type { return Type{Kind: KindMap, Key: &k, Value: &v} }

// Nullable returns t without NOT NULL.
func (t Type) Nullable() Type { t.NotNull = false; return t }

// WithoutTimeAttr returns t with the time-attribute flags (event time and
// processing time) cleared.
func (t Type) WithoutTimeAttr() Type { t.TimeAttr, t.ProcTime = false, false; return t }

// Equal reports whether two types have the same kind and parameters,
// ignoring nullability, VARCHAR length and the time-attribute flag.
func (t Type) Equal(u Type) bool {
	if t.Kind != u.Kind {
		return false
	}
	switch t.Kind {
	case KindDecimal:
		return t.Precision == u.Precision && t.Scale == u.Scale
	case KindMap:
		return t.Key != nil && u.Key != nil && t.Value != nil && u.Value != nil &&
			t.Key.Equal(*u.Key) && t.Value.Equal(*u.Value)
	}
	return true
}

// IsNumeric reports whether t is an integer, floating or decimal type.
func (t Type) IsNumeric() bool {
	switch t.Kind {
	case KindTinyInt, KindSmallInt, KindInt, KindBigInt, KindFloat, KindDouble, KindDecimal:
		return true
	}
	return false
}

// IsInteger reports whether t is TINYINT, SMALLINT, INT or BIGINT.
func (t Type) IsInteger() bool {
	switch t.Kind {
	case KindTinyInt, KindSmallInt, KindInt, KindBigInt:
		return true
	}
	return false
}

// IsTimestamp reports whether t is TIMESTAMP or TIMESTAMP_LTZ.
func (t Type) IsTimestamp() bool { return t.Kind == KindTimestamp || t.Kind == KindTimestampLTZ }

// String renders the type in Flink SQL spelling, e.g. "DECIMAL(10, 2) NOT
// NULL" or "TIMESTAMP(3) *ROWTIME*".
func (t Type) String() string {
	var s string
	switch t.Kind {
	case KindNull:
		s = "NULL"
	case KindBoolean:
		s = "BOOLEAN"
	case KindTinyInt:
		s = "TINYINT"
	case KindSmallInt:
		s = "SMALLINT"
	case KindInt:
		s = "INT"
	case KindBigInt:
		s = "BIGINT"
	case KindFloat:
		s = "FLOAT"
	case KindDouble:
		s = "DOUBLE"
	case KindDecimal:
		s = fmt.Sprintf("DECIMAL(%d, %d)", t.Precision, t.Scale)
	case KindString:
		if t.Length > 0 {
			s = fmt.Sprintf("VARCHAR(%d)", t.Length)
		} else {
			s = "STRING"
		}
	case KindBytes:
		s = "BYTES"
	case KindDate:
		s = "DATE"
	case KindTimestamp:
		s = fmt.Sprintf("TIMESTAMP(%d)", t.Precision)
	case KindTimestampLTZ:
		s = fmt.Sprintf("TIMESTAMP_LTZ(%d)", t.Precision)
	case KindInterval:
		s = "INTERVAL"
	case KindMap:
		s = "MAP<" + elemString(t.Key) + ", " + elemString(t.Value) + ">"
	default:
		s = "INVALID"
	}
	var b strings.Builder
	b.WriteString(s)
	if t.NotNull {
		b.WriteString(" NOT NULL")
	}
	if t.TimeAttr {
		b.WriteString(" *ROWTIME*")
	}
	if t.ProcTime {
		b.WriteString(" *PROCTIME*")
	}
	return b.String()
}

// elemString renders a MAP key or value type.
func elemString(t *Type) string {
	if t == nil {
		return "INVALID"
	}
	return t.String()
}

// Arrow types used for the physical representation.
var (
	TimestampArrow    = &arrow.TimestampType{Unit: arrow.Millisecond}
	TimestampLTZArrow = &arrow.TimestampType{Unit: arrow.Millisecond, TimeZone: "UTC"}
)

// Arrow returns the Arrow data type that holds values of t (see Type).
func (t Type) Arrow() arrow.DataType {
	switch t.Kind {
	case KindNull:
		return arrow.Null
	case KindBoolean:
		return arrow.FixedWidthTypes.Boolean
	case KindTinyInt:
		return arrow.PrimitiveTypes.Int8
	case KindSmallInt:
		return arrow.PrimitiveTypes.Int16
	case KindInt:
		return arrow.PrimitiveTypes.Int32
	case KindBigInt:
		return arrow.PrimitiveTypes.Int64
	case KindFloat:
		return arrow.PrimitiveTypes.Float32
	case KindDouble:
		return arrow.PrimitiveTypes.Float64
	case KindDecimal:
		return &arrow.Decimal128Type{Precision: int32(t.Precision), Scale: int32(t.Scale)}
	case KindString:
		return arrow.BinaryTypes.String
	case KindBytes:
		return arrow.BinaryTypes.Binary
	case KindDate:
		return arrow.FixedWidthTypes.Date32
	case KindTimestamp:
		return TimestampArrow
	case KindTimestampLTZ:
		return TimestampLTZArrow
	case KindInterval:
		return arrow.FixedWidthTypes.Duration_ms
	case KindMap:
		if t.Key != nil && t.Value != nil {
			return arrow.MapOf(t.Key.Arrow(), t.Value.Arrow())
		}
	}
	panic(fmt.Sprintf("catalog: no Arrow type for kind %d", t.Kind))
}
