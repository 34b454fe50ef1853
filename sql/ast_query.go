package sql

// Query is a relational query: *Select, *SetOp or *Values.
type Query interface {
	Position() Pos
	query()
}

// Select is one SELECT block. With holds the common table expressions of a
// WITH clause written before it.
type Select struct {
	Node
	With     []CTE
	Distinct bool
	Items    []SelectItem
	From     TableExpr // nil for SELECT without FROM
	Where    Expr
	GroupBy  []Expr
	Having   Expr
	OrderBy  []OrderItem
	Limit    Expr
	// Hints are the /*+ ... */ query hints written right after SELECT,
	// such as STATE_TTL('t' = '1h').
	Hints []Hint
}

// CTE is one `name AS (query)` of a WITH clause.
type CTE struct {
	Node
	Name  string
	Query Query
}

// SelectItem is one entry of the select list: an expression with an optional
// alias, or a star (`*` or `t.*`).
type SelectItem struct {
	Node
	Expr      Expr
	Alias     string
	Star      bool
	StarTable string
}

// OrderItem is one ORDER BY entry.
type OrderItem struct {
	Node
	Expr Expr
	Desc bool
}

// SetOp is Left UNION [ALL] Right (also INTERSECT, EXCEPT). With holds
// the common table expressions of a WITH clause written before the whole
// set operation; they are visible to both sides.
type SetOp struct {
	Node
	Op    string // "UNION", "INTERSECT", "EXCEPT"
	All   bool
	Left  Query
	Right Query
	With  []CTE
}

// Values is VALUES (row), (row), ...
type Values struct {
	Node
	Rows [][]Expr
}

func (*Select) query() {}
func (*SetOp) query()  {}
func (*Values) query() {}

// TableExpr is an entry of FROM: *TableRef, *SubqueryRef, *JoinExpr or
// *WindowTVF.
type TableExpr interface {
	Position() Pos
	tableExpr()
}

// TableRef names a table or view, with an optional alias and optional
// query hints written as /*+ NAME(args) */ after it.
type TableRef struct {
	Node
	Name  string
	Alias string
	Hints []Hint
}

// Hint is one /*+ NAME('a', 'b') */ or /*+ NAME('k'='v') */ query hint.
type Hint struct {
	Node
	Name string
	Args []string
	KVs  []Option
}

// SubqueryRef is (query) [AS] alias.
type SubqueryRef struct {
	Node
	Query Query
	Alias string
}

// JoinKind is the kind of a join.
type JoinKind int

// Join kinds.
const (
	InnerJoin JoinKind = iota
	LeftJoin
	RightJoin
	FullJoin
	CrossJoin
)

// JoinExpr is Left [kind] JOIN Right ON cond | USING (cols).
type JoinExpr struct {
	Node
	Kind  JoinKind
	Left  TableExpr
	Right TableExpr
	On    Expr
	Using []string
	Hints []Hint
}

// WindowTVF is a window table-valued function in FROM:
// TABLE(TUMBLE(TABLE t, DESCRIPTOR(ts), size [, offset])),
// HOP(TABLE t, DESCRIPTOR(ts), slide, size [, offset]),
// CUMULATE(TABLE t, DESCRIPTOR(ts), step, size [, offset]),
// SESSION(TABLE t PARTITION BY k, DESCRIPTOR(ts), gap).
// Named arguments (DATA => ..., TIMECOL => ..., SIZE => ...) are normalised
// into the same fields.
type WindowTVF struct {
	Node
	Kind        string    // "TUMBLE", "HOP", "CUMULATE", "SESSION"
	Input       TableExpr // *TableRef or *SubqueryRef
	PartitionBy []Expr    // SESSION only
	TimeCol     string
	TimeColPos  Pos
	// Size is the window size (SESSION: the gap).
	Size *IntervalLit
	// Slide is HOP's slide and CUMULATE's step; nil otherwise.
	Slide *IntervalLit
	// Offset is the optional window offset; nil when absent.
	Offset *IntervalLit
	Alias  string
}

func (*TableRef) tableExpr()    {}
func (*SubqueryRef) tableExpr() {}
func (*JoinExpr) tableExpr()    {}
func (*WindowTVF) tableExpr()   {}
