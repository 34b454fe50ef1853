package planner

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// bindInsert binds INSERT INTO t [(cols)] query into a Sink over a Project
// that casts each query column to the type of the table column it fills.
func bindInsert(cat *catalog.Catalog, ins *sql.Insert) (*Sink, error) {
	tpos := ins.TablePos
	if !tpos.IsValid() {
		tpos = ins.P
	}
	t, ok := cat.Lookup(ins.Table)
	if !ok {
		return nil, cat.NotFound(tpos, ins.Table)
	}
	switch {
	case t.IsView:
		return nil, sql.Errorf(tpos, "cannot INSERT INTO view `%s`: only tables with a connector can be written", t.Name)
	case t.Connector() == "":
		return nil, sql.Errorf(tpos, "cannot INSERT INTO table `%s`: it has no 'connector' option", t.Name)
	case ins.Overwrite:
		return nil, sql.Errorf(ins.P, "INSERT OVERWRITE is not supported yet")
	}
	targets, err := insertTargets(t, ins, tpos)
	if err != nil {
		return nil, err
	}
	q, err := newBinder(cat).query(ins.Query)
	if err != nil {
		return nil, err
	}
	s := q.node.Schema()
	if len(s) != len(targets) {
		return nil, sql.Errorf(ins.Query.Position(), "INSERT INTO `%s` expects %d columns [%s] but the query produces %d [%s]",
			t.Name, len(targets), tableCols(t, targets), len(s), schemaCols(s))
	}
	p := &Project{Input: q.node}
	for i, ti := range targets {
		col := t.Columns[ti]
		from := s[i].Type
		if !assignable(from, col.Type) {
			return nil, sql.Errorf(q.pos[i], "cannot write query column %d `%s` of type %s into column `%s` of type %s of table `%s`",
				i+1, s[i].Name, typeName(from), col.Name, col.Type.Nullable(), t.Name)
		}
		p.Exprs = append(p.Exprs, castTo(colRef(s, i), col.Type))
		p.Names = append(p.Names, col.Name)
	}
	return &Sink{Input: p, Table: t, Columns: targets, Pos: ins.TablePos}, nil
}

// insertTargets returns the table columns an INSERT fills: the listed ones,
// or, as in Flink, every physical and persisted metadata column in
// declaration order. Omitted columns must be nullable.
func insertTargets(t *catalog.Table, ins *sql.Insert, pos sql.Pos) ([]int, error) {
	if len(ins.Columns) == 0 {
		var all []int
		for i, c := range t.Columns {
			if c.Kind == catalog.Physical || c.Kind == catalog.Metadata && c.Persisted {
				all = append(all, i)
			}
		}
		return all, nil
	}
	var targets []int
	seen := map[int]bool{}
	for _, name := range ins.Columns {
		i := t.Column(name)
		switch {
		case i < 0:
			return nil, sql.Errorf(pos, "column `%s` not found in table `%s`%s", name, t.Name, catalog.DidYouMean(name, t.ColumnNames()))
		case seen[i]:
			return nil, sql.Errorf(pos, "column `%s` is listed twice", name)
		case t.Columns[i].Kind == catalog.Computed:
			return nil, sql.Errorf(pos, "cannot INSERT INTO computed column `%s`", name)
		case t.Columns[i].Kind == catalog.Metadata && t.Columns[i].Virtual:
			return nil, sql.Errorf(pos, "cannot INSERT INTO VIRTUAL metadata column `%s`", name)
		case t.Columns[i].Kind == catalog.Metadata && !t.Columns[i].Persisted:
			return nil, sql.Errorf(pos, "writing metadata column `%s` is not supported yet", name)
		}
		seen[i] = true
		targets = append(targets, i)
	}
	for _, i := range t.WrittenColumns() {
		if !seen[i] && t.Columns[i].Type.NotNull {
			return nil, sql.Errorf(pos, "column `%s` of table `%s` is NOT NULL and has no value: list it in the INSERT", t.Columns[i].Name, t.Name)
		}
	}
	return targets, nil
}

func tableCols(t *catalog.Table, idx []int) string {
	parts := make([]string, len(idx))
	for i, c := range idx {
		parts[i] = fmt.Sprintf("%s %s", t.Columns[c].Name, t.Columns[c].Type.WithoutTimeAttr().Nullable())
	}
	return strings.Join(parts, ", ")
}

func schemaCols(s Schema) string {
	parts := make([]string, len(s))
	for i, f := range s {
		parts[i] = fmt.Sprintf("%s %s", f.Name, f.Type.WithoutTimeAttr().Nullable())
	}
	return strings.Join(parts, ", ")
}
