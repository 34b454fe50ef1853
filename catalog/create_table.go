package catalog

import "github.com/streamsql/streamsql/sql"

// CreateTable builds a table from its DDL, binds its computed columns and
// watermark, runs the validator and stores it. Errors are positioned
// *sql.Error values: an unknown or unsupported type, a duplicate column or
// option, a WATERMARK on a missing or non-timestamp column, a PRIMARY KEY on
// a missing or non-physical column or without NOT ENFORCED, an existing name
// (unless IF NOT EXISTS).
func (c *Catalog) CreateTable(ct *sql.CreateTable) error {
	if old, ok := c.tables[ct.Name]; ok {
		if ct.IfNotExists {
			return nil
		}
		return sql.Errorf(ct.P, "%s `%s` already exists", kindName(old), ct.Name)
	}
	t, err := buildTable(ct)
	if err != nil {
		return err
	}
	if err := checkWatermarkType(t); err != nil {
		return err
	}
	if c.binder != nil {
		if err := c.binder.BindTable(t); err != nil {
			return err
		}
	}
	if err := checkWatermarkType(t); err != nil {
		return err
	}
	if err := c.Validate(t); err != nil {
		return err
	}
	c.tables[t.Name] = t
	return nil
}

// Validate runs the validator installed with SetValidator on t (nil when
// none is installed). The planner calls it for a table whose options a
// query changes with an OPTIONS hint.
func (c *Catalog) Validate(t *Table) error {
	if c.validator == nil {
		return nil
	}
	return c.validator(t)
}

func buildTable(ct *sql.CreateTable) (*Table, error) {
	t := &Table{
		Name:      ct.Name,
		Comment:   ct.Comment,
		Pos:       ct.P,
		Options:   map[string]string{},
		OptionPos: map[string]sql.Pos{},
	}
	if len(ct.Columns) == 0 {
		return nil, sql.Errorf(ct.P, "table `%s` has no columns", ct.Name)
	}
	for _, cd := range ct.Columns {
		if t.Column(cd.Name) >= 0 {
			return nil, sql.Errorf(cd.P, "duplicate column `%s` in table `%s`", cd.Name, ct.Name)
		}
		col, err := buildColumn(cd)
		if err != nil {
			return nil, err
		}
		t.Columns = append(t.Columns, col)
	}
	for _, o := range ct.Options {
		if _, dup := t.Options[o.Key]; dup {
			return nil, sql.Errorf(o.P, "duplicate option '%s'", o.Key)
		}
		t.Options[o.Key] = o.Value
		t.OptionPos[o.Key] = o.P
	}
	if err := buildPrimaryKey(t, ct.PrimaryKey); err != nil {
		return nil, err
	}
	if err := buildWatermark(t, ct.Watermark); err != nil {
		return nil, err
	}
	return t, nil
}

func buildColumn(cd sql.ColumnDef) (Column, error) {
	col := Column{Name: cd.Name, Comment: cd.Comment, Pos: cd.P}
	switch {
	case cd.Computed != nil:
		if cd.Metadata != nil {
			return Column{}, sql.Errorf(cd.P, "column `%s` cannot be both computed and METADATA", cd.Name)
		}
		col.Kind = Computed
		col.Expr = cd.Computed
		return col, nil
	case cd.Type == nil:
		return Column{}, sql.Errorf(cd.P, "column `%s` has no type", cd.Name)
	}
	typ, err := TypeOf(*cd.Type)
	if err != nil {
		return Column{}, err
	}
	if cd.NotNull {
		typ.NotNull = true
	}
	col.Type = typ
	if cd.Metadata != nil {
		col.Kind = Metadata
		col.MetadataKey = cd.Metadata.Key
		if col.MetadataKey == "" {
			col.MetadataKey = cd.Name
		}
		col.Virtual = cd.Metadata.Virtual
	}
	return col, nil
}

func buildPrimaryKey(t *Table, pk *sql.PrimaryKeyDef) error {
	if pk == nil {
		return nil
	}
	if !pk.NotEnforced {
		return sql.Errorf(pk.P, "PRIMARY KEY must be declared NOT ENFORCED: streamsql does not own the data, so it cannot enforce the key")
	}
	seen := map[string]bool{}
	for _, name := range pk.Columns {
		i := t.Column(name)
		if i < 0 {
			return sql.Errorf(pk.P, "PRIMARY KEY column `%s` not found in table `%s`%s", name, t.Name, DidYouMean(name, columnNames(t)))
		}
		if seen[name] {
			return sql.Errorf(pk.P, "PRIMARY KEY lists column `%s` twice", name)
		}
		seen[name] = true
		if t.Columns[i].Kind != Physical {
			return sql.Errorf(pk.P, "PRIMARY KEY column `%s` must be a physical column", name)
		}
		t.Columns[i].Type.NotNull = true
		t.PrimaryKey = append(t.PrimaryKey, name)
	}
	return nil
}

func buildWatermark(t *Table, wm *sql.WatermarkDef) error {
	if wm == nil {
		return nil
	}
	pos := wm.ColumnPos
	if !pos.IsValid() {
		pos = wm.P
	}
	i := t.Column(wm.Column)
	if i < 0 {
		return sql.Errorf(pos, "WATERMARK column `%s` not found in table `%s`%s", wm.Column, t.Name, DidYouMean(wm.Column, columnNames(t)))
	}
	t.Watermark = &Watermark{Column: wm.Column, Expr: wm.Expr, Pos: wm.P}
	return nil
}

// checkWatermarkType checks that the watermark column is TIMESTAMP(p) or
// TIMESTAMP_LTZ(p) and marks it as the table's event-time attribute. It
// runs before binding (for stored columns) and after (when computed columns
// have their types); a computed column not yet typed is skipped.
func checkWatermarkType(t *Table) error {
	if t.Watermark == nil {
		return nil
	}
	i := t.Column(t.Watermark.Column)
	col := &t.Columns[i]
	if col.Kind == Computed && col.Type.Kind == KindInvalid {
		return nil // not bound: no binder registered
	}
	if col.Type.ProcTime {
		return sql.Errorf(t.Watermark.Pos, "WATERMARK column `%s` is a processing-time attribute (PROCTIME()); a watermark needs an event-time column: a TIMESTAMP(p) or TIMESTAMP_LTZ(p) column of the rows", col.Name)
	}
	if !col.Type.IsTimestamp() {
		return sql.Errorf(t.Watermark.Pos, "WATERMARK column `%s` must be TIMESTAMP(p) or TIMESTAMP_LTZ(p), but it is %s", col.Name, col.Type)
	}
	col.Type.TimeAttr = true
	return nil
}

func columnNames(t *Table) []string {
	names := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		names[i] = c.Name
	}
	return names
}

// ColumnNames returns the names of every column in declared order.
func (t *Table) ColumnNames() []string { return columnNames(t) }
