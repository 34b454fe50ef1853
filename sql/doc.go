// Package sql is streamsql's front end for the Flink SQL dialect.
//
// Parse splits a source into statements and returns them as streamsql's
// own syntax tree (ast.go, ast_query.go, ast_expr.go). DDL and session
// statements are parsed by hand; queries and scalar expressions go to the
// TiDB parser after a lifting pass that takes the Flink-only constructs
// (window table functions, INTERVAL literals, Flink CAST types,
// FLOOR(ts TO unit), FILTER clauses, hints) out of the text and replaces
// each with a placeholder of the same length, so that every offset maps
// back to the original text. Every error is a *Error carrying the
// file:line:col of the offending text; nothing outside this package sees a
// TiDB type.
package sql
