package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// bindMapFn binds the MAP functions: ITEM(m, key), which m['key'] is
// lifted into (the value type, NULL when the key is absent), and
// CARDINALITY(m) (INT, the number of entries).
func bindMapFn(e *sql.FuncCall, args []Expr) (Expr, error) {
	want := map[string]int{"ITEM": 2, "CARDINALITY": 1}[e.Name]
	what := e.Name
	if what == "ITEM" {
		what = "element access m['key']"
	}
	if len(args) != want {
		return nil, sql.Errorf(e.P, "%s expects %d argument(s), got %d", what, want, len(args))
	}
	m := args[0].Type()
	if m.Kind != catalog.KindMap || m.Value == nil {
		return nil, sql.Errorf(e.Args[0].Position(), "%s expects a MAP, got %s", what, typeName(m))
	}
	if e.Name == "CARDINALITY" {
		return &Call{Fn: "CARDINALITY", Args: args, T: withNull(catalog.Int, m.NotNull)}, nil
	}
	key, err := needString(e.Args[1].Position(), "map key", args[1])
	if err != nil {
		return nil, err
	}
	return &Call{Fn: "ITEM", Args: []Expr{args[0], key}, T: m.Value.Nullable()}, nil
}
