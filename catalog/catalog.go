package catalog

import (
	"sort"

	"github.com/streamsql/streamsql/sql"
)

// Binder type-checks what the catalog stores unbound: computed column
// expressions, WATERMARK expressions and view queries. The catalog cannot
// bind expressions itself (binding lives in the planner, which imports the
// catalog); the planner registers its Binder with RegisterBinder when it is
// linked into the program, and every Catalog made by New uses it.
type Binder interface {
	// BindTable type-checks a table being created: it sets the Type of
	// every Computed column and checks the watermark expression. It
	// returns a positioned *sql.Error on a mistake.
	BindTable(t *Table) error
	// BindView binds a view's query against cat and returns its output
	// columns (named by v.Columns when given).
	BindView(cat *Catalog, v *sql.CreateView) ([]Column, error)
}

var defaultBinder Binder

// RegisterBinder sets the Binder used by catalogs made afterwards by New.
// The planner package calls it from its init function.
func RegisterBinder(b Binder) { defaultBinder = b }

// Catalog holds the tables and views of one session or job. Names are
// case-sensitive, as in Flink SQL. A Catalog is not safe for concurrent
// mutation.
type Catalog struct {
	tables    map[string]*Table
	validator func(*Table) error
	binder    Binder
}

// New returns an empty catalog that binds with the registered Binder.
func New() *Catalog {
	return &Catalog{tables: map[string]*Table{}, binder: defaultBinder}
}

// SetValidator installs a check run on every CREATE TABLE after the table
// is built and bound and before it is stored; the engine uses it to check
// connector options. Its error is returned from CreateTable unchanged.
func (c *Catalog) SetValidator(v func(*Table) error) { c.validator = v }

// SetBinder replaces the Binder of this catalog (nil disables binding:
// computed columns then keep an invalid type).
func (c *Catalog) SetBinder(b Binder) { c.binder = b }

// Lookup returns the table or view with the exact name.
func (c *Catalog) Lookup(name string) (*Table, bool) {
	t, ok := c.tables[name]
	return t, ok
}

// Tables returns every table and view sorted by name.
func (c *Catalog) Tables() []*Table {
	out := make([]*Table, 0, len(c.tables))
	for _, t := range c.tables {
		out = append(out, t)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}

// Names returns every table and view name, sorted.
func (c *Catalog) Names() []string {
	out := make([]string, 0, len(c.tables))
	for n := range c.tables {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// NotFound returns the positioned error for a missing table or view,
// suggesting the closest existing name:
// "table `clikcs` not found; did you mean `clicks`?".
func (c *Catalog) NotFound(pos sql.Pos, name string) *sql.Error {
	return sql.Errorf(pos, "table `%s` not found%s", name, DidYouMean(name, c.Names()))
}

// CreateView stores a view. Its query is bound once now so mistakes are
// reported at creation; planning binds it again where it is used (views
// expand inline).
func (c *Catalog) CreateView(v *sql.CreateView) error {
	if old, ok := c.tables[v.Name]; ok {
		if v.IfNotExists {
			return nil
		}
		return sql.Errorf(v.P, "%s `%s` already exists", kindName(old), v.Name)
	}
	t := &Table{Name: v.Name, Pos: v.P, IsView: true, Query: v.Query, ViewText: v.Text}
	if c.binder != nil {
		cols, err := c.binder.BindView(c, v)
		if err != nil {
			return err
		}
		t.Columns = cols
	}
	c.tables[v.Name] = t
	return nil
}

// Drop removes a table (d.View false) or view (d.View true).
func (c *Catalog) Drop(d *sql.Drop) error {
	t, ok := c.tables[d.Name]
	if !ok {
		if d.IfExists {
			return nil
		}
		if d.View {
			return sql.Errorf(d.P, "view `%s` not found%s", d.Name, DidYouMean(d.Name, c.Names()))
		}
		return c.NotFound(d.P, d.Name)
	}
	if t.IsView != d.View {
		if t.IsView {
			return sql.Errorf(d.P, "`%s` is a view; use DROP VIEW", d.Name)
		}
		return sql.Errorf(d.P, "`%s` is a table; use DROP TABLE", d.Name)
	}
	delete(c.tables, d.Name)
	return nil
}

func kindName(t *Table) string {
	if t.IsView {
		return "view"
	}
	return "table"
}
