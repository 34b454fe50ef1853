package sql

// Expr is an unbound scalar expression as written.
type Expr interface {
	Position() Pos
	expr()
}

// ColumnRef is [table.]name.
type ColumnRef struct {
	Node
	Table string
	Name  string
}

// LitKind classifies a literal.
type LitKind int

// Literal kinds. LitInt and LitDecimal keep the digits as written in Text;
// LitFloat is a number with an exponent.
const (
	LitNull LitKind = iota
	LitBool
	LitInt
	LitDecimal
	LitFloat
	LitString
)

// Literal is NULL, TRUE/FALSE, a number or a 'string'. Text is the literal's
// value text (a string's content with quotes removed and ” unescaped).
type Literal struct {
	Node
	Kind LitKind
	Text string
}

// TypedLiteral is TYPE 'text', such as TIMESTAMP '2024-01-01 00:00:00' or
// DATE '2024-01-01'.
type TypedLiteral struct {
	Node
	Type TypeName
	Text string
}

// IntervalLit is INTERVAL 'value' UNIT [TO UNIT2], e.g. INTERVAL '10' SECOND
// or INTERVAL '1 02:00:00' DAY TO SECOND. Units are upper case: MILLISECOND,
// SECOND, MINUTE, HOUR, DAY, MONTH, YEAR. Millis is the value in milliseconds
// for day-time intervals, computed by the parser (0 for MONTH/YEAR); Months
// holds year-month intervals.
type IntervalLit struct {
	Node
	Value  string
	Unit   string
	ToUnit string
	Millis int64
	Months int64
}

// Unary is a prefix operator: "-", "+", "NOT".
type Unary struct {
	Node
	Op string
	X  Expr
}

// Binary is an infix operator. Op is one of + - * / % || = <> < <= > >=
// AND OR.
type Binary struct {
	Node
	Op string
	L  Expr
	R  Expr
}

// IsNull is X IS [NOT] NULL.
type IsNull struct {
	Node
	X   Expr
	Not bool
}

// IsBool is X IS [NOT] TRUE|FALSE.
type IsBool struct {
	Node
	X     Expr
	Not   bool
	Value bool
}

// InList is X [NOT] IN (list).
type InList struct {
	Node
	X    Expr
	List []Expr
	Not  bool
}

// Between is X [NOT] BETWEEN Lo AND Hi.
type Between struct {
	Node
	X, Lo, Hi Expr
	Not       bool
}

// Like is X [NOT] LIKE Pattern [ESCAPE Escape] (also SIMILAR TO is not
// supported).
type Like struct {
	Node
	X       Expr
	Pattern Expr
	Escape  Expr
	Not     bool
}

// When is one WHEN Cond THEN Result arm.
type When struct {
	Cond   Expr
	Result Expr
}

// Case is CASE [Operand] WHEN ... THEN ... [ELSE Else] END.
type Case struct {
	Node
	Operand Expr
	Whens   []When
	Else    Expr
}

// Cast is CAST(X AS Type) or TRY_CAST(X AS Type).
type Cast struct {
	Node
	X    Expr
	Type TypeName
	Try  bool
}

// FuncCall is NAME(args) with Name upper-cased. COUNT(*) has Star set.
// `agg(x) FILTER (WHERE cond)` sets Filter; `f(...) OVER (...)` sets Over.
// FLOOR(ts TO MINUTE) and CEIL(ts TO HOUR) carry a *TimeUnit as second
// argument; EXTRACT(DAY FROM ts) is Name "EXTRACT" with the *TimeUnit first.
type FuncCall struct {
	Node
	Name     string
	Args     []Expr
	Distinct bool
	Star     bool
	Filter   Expr
	Over     *WindowSpec
}

// TimeUnit is a bare time unit used as a function argument (SECOND, MINUTE,
// HOUR, DAY, WEEK, MONTH, QUARTER, YEAR, MILLISECOND).
type TimeUnit struct {
	Node
	Unit string
}

// WindowSpec is the OVER (PARTITION BY ... ORDER BY ...) of an analytic call.
type WindowSpec struct {
	Node
	PartitionBy []Expr
	OrderBy     []OrderItem
}

// SubqueryExpr is a scalar (query), EXISTS (query) or X [NOT] IN (query).
type SubqueryExpr struct {
	Node
	Query  Query
	Exists bool
	In     Expr
	Not    bool
}

func (*ColumnRef) expr()    {}
func (*Literal) expr()      {}
func (*TypedLiteral) expr() {}
func (*IntervalLit) expr()  {}
func (*Unary) expr()        {}
func (*Binary) expr()       {}
func (*IsNull) expr()       {}
func (*IsBool) expr()       {}
func (*InList) expr()       {}
func (*Between) expr()      {}
func (*Like) expr()         {}
func (*Case) expr()         {}
func (*Cast) expr()         {}
func (*FuncCall) expr()     {}
func (*TimeUnit) expr()     {}
func (*SubqueryExpr) expr() {}
