package sql

// This file holds the statement-level syntax tree that the front end produces.
// It is streamsql's own tree: nothing in it refers to the TiDB parser, so the
// stages after sql/ never see TiDB types. Every node carries the Pos of its
// first token in the user's original text.

// Statement is one parsed SQL statement.
type Statement interface {
	Position() Pos
	stmt()
}

// Node is embedded in every tree node to carry its position.
type Node struct {
	P Pos
}

// Position returns where the node starts in the user's text.
func (n Node) Position() Pos { return n.P }

// CreateTable is CREATE TABLE [IF NOT EXISTS] name (cols..., WATERMARK ...,
// PRIMARY KEY ...) [COMMENT '...'] WITH ('k'='v', ...).
type CreateTable struct {
	Node
	Name        string
	IfNotExists bool
	Columns     []ColumnDef
	Watermark   *WatermarkDef
	PrimaryKey  *PrimaryKeyDef
	Comment     string
	Options     []Option
}

// ColumnDef is one column of CREATE TABLE: a physical column (Type set), a
// computed column (Computed set: `c AS expr`), or a metadata column
// (Type and Metadata set: `c TYPE METADATA [FROM 'key'] [VIRTUAL]`).
type ColumnDef struct {
	Node
	Name     string
	Type     *TypeName
	NotNull  bool
	Computed Expr
	Metadata *MetadataSpec
	Comment  string
}

// MetadataSpec describes a metadata column. Key is empty when the column name
// itself is the key.
type MetadataSpec struct {
	Key     string
	Virtual bool
}

// TypeName is a type as written: Name upper-cased ("BIGINT", "DECIMAL",
// "TIMESTAMP", "TIMESTAMP_LTZ", "VARCHAR", "STRING", ...) and its numeric
// parameters (DECIMAL(10,2) has Params [10 2]). A MAP has Name "MAP" and
// its key and value types in Args.
type TypeName struct {
	Node
	Name    string
	Params  []int
	Args    []*TypeName
	NotNull bool
}

// WatermarkDef is WATERMARK FOR Column AS Expr.
type WatermarkDef struct {
	Node
	Column    string
	ColumnPos Pos
	Expr      Expr
}

// PrimaryKeyDef is PRIMARY KEY (cols) NOT ENFORCED.
type PrimaryKeyDef struct {
	Node
	Columns     []string
	NotEnforced bool
}

// Option is one 'key' = 'value' pair of a WITH clause. Node.P is the key's
// position; ValuePos is the value's.
type Option struct {
	Node
	Key      string
	Value    string
	ValuePos Pos
}

// CreateView is CREATE [TEMPORARY] VIEW [IF NOT EXISTS] name [(cols)] AS query.
type CreateView struct {
	Node
	Name        string
	IfNotExists bool
	Columns     []string
	Query       Query
	// Text is the query's original text, for DESCRIBE and SHOW CREATE.
	Text string
}

// Insert is INSERT INTO|OVERWRITE table [(cols)] query.
type Insert struct {
	Node
	Table     string
	TablePos  Pos
	Columns   []string
	Overwrite bool
	Query     Query
}

// QueryStatement is a plain query (SELECT, UNION, VALUES) used as a statement.
type QueryStatement struct {
	Node
	Query Query
}

// Set is SET 'key' = 'value'; SET alone (Key empty) lists the settings.
type Set struct {
	Node
	Key   string
	Value string
}

// Reset is RESET 'key'; RESET alone (Key empty) resets every setting.
type Reset struct {
	Node
	Key string
}

// Explain is EXPLAIN [PLAN FOR] statement.
type Explain struct {
	Node
	Stmt Statement
}

// ShowTables is SHOW TABLES (Views false) or SHOW VIEWS (Views true).
type ShowTables struct {
	Node
	Views bool
}

// Describe is DESCRIBE|DESC name.
type Describe struct {
	Node
	Name string
}

// Drop is DROP TABLE|VIEW [IF EXISTS] name.
type Drop struct {
	Node
	View     bool
	IfExists bool
	Name     string
}

func (*CreateTable) stmt()    {}
func (*CreateView) stmt()     {}
func (*Insert) stmt()         {}
func (*QueryStatement) stmt() {}
func (*Set) stmt()            {}
func (*Reset) stmt()          {}
func (*Explain) stmt()        {}
func (*ShowTables) stmt()     {}
func (*Describe) stmt()       {}
func (*Drop) stmt()           {}
