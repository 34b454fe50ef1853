// Package fixturetest runs pipelines against fixture files instead of
// their real connectors and compares what they write with expectation
// files: the engine behind `streamsql test`.
//
// A pipeline directory is any directory holding a fixtures/ or expected/
// directory. Its SQL is every *.sql file of the directories from the
// test root down to it, parents first, each directory's files in lexical
// order. Each source table the pipeline's INSERTs read is replaced by a
// bounded reader of fixtures/<table>.jsonl (or of the *.jsonl files of
// fixtures/<table>/, one split each), and each table they write by a
// collector that records rows with their kinds. The recorded rows are
// compared with expected/<table>.jsonl (final state, order-insensitive)
// or expected/<table>.changelog.jsonl (the exact changelog, in order); an
// expected/error.txt instead says the pipeline must fail with an error
// containing its text.
//
// Every pipeline runs with a fixed processing-time clock at each of the
// configured batch sizes; it passes only when every run matches, so a
// result that depends on how rows are batched is reported. In a fixture a
// line "---" ends the current batch: the rows before it are processed, and
// the watermark advances, before the rows after it are read. That is how
// a fixture makes a row arrive late at every batch size.
//
// Only the connectors are replaced: planning still sees each table's real
// connector, so an updating query into a table whose connector takes only
// appends fails here as it does in production. A fixture of a table read
// as an upsert stream holds upserts as plain rows and deletes as
// {"op":"-D","row":{...}} lines.
package fixturetest
