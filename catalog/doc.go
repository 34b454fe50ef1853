// Package catalog holds SQL types and the tables and views of a session or
// job: CREATE TABLE and CREATE VIEW are checked and stored here, DESCRIBE is
// rendered here. Expressions stored in the catalog (computed columns,
// watermarks, view queries) stay unbound syntax; the planner binds them,
// and registers a Binder so that the catalog can type-check them when they
// are created.
package catalog
