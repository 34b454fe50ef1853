package catalog

import (
	"fmt"
	"strings"

	"github.com/streamsql/streamsql/sql"
)

// Describe renders a table or view as a text table in the manner of Flink's
// DESCRIBE: one row per column with its name, type, nullability, key,
// extras (a computed column's expression, METADATA FROM 'key' [VIRTUAL])
// and, on the event-time column, the watermark expression.
func (c *Catalog) Describe(name string) (string, error) {
	t, ok := c.tables[name]
	if !ok {
		return "", c.NotFound(sql.Pos{}, name)
	}
	header := []string{"name", "type", "null", "key", "extras", "watermark"}
	rows := [][]string{header}
	pk := ""
	if len(t.PrimaryKey) > 0 {
		pk = "PRI(" + strings.Join(t.PrimaryKey, ", ") + ")"
	}
	for _, col := range t.Columns {
		null := "TRUE"
		if col.Type.NotNull {
			null = "FALSE"
		}
		key := ""
		for _, k := range t.PrimaryKey {
			if k == col.Name {
				key = pk
			}
		}
		extras := ""
		switch col.Kind {
		case Computed:
			extras = "AS " + FormatExpr(col.Expr)
		case Metadata:
			extras = "METADATA FROM '" + col.MetadataKey + "'"
			if col.Virtual {
				extras += " VIRTUAL"
			}
		}
		wm := ""
		if t.Watermark != nil && t.Watermark.Column == col.Name {
			wm = FormatExpr(t.Watermark.Expr)
		}
		typ := col.Type
		typ.NotNull = false
		rows = append(rows, []string{col.Name, typ.String(), null, key, extras, wm})
	}
	return renderTable(rows), nil
}

// renderTable draws rows (the first is the header) with +---+ borders.
func renderTable(rows [][]string) string {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], len(cell))
		}
	}
	var b strings.Builder
	line := func() {
		for _, w := range widths {
			b.WriteString("+" + strings.Repeat("-", w+2))
		}
		b.WriteString("+\n")
	}
	line()
	for i, r := range rows {
		for j, cell := range r {
			fmt.Fprintf(&b, "| %-*s ", widths[j], cell)
		}
		b.WriteString("|\n")
		if i == 0 {
			line()
		}
	}
	line()
	fmt.Fprintf(&b, "%d rows in set\n", len(rows)-1)
	return b.String()
}
