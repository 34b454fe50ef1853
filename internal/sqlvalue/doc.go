// Package sqlvalue holds the text forms of SQL values — dates, timestamps
// at millisecond precision in UTC, Flink-style float rendering, decimals —
// and the civil-calendar arithmetic behind them. The file formats and the
// expression evaluator share it, so a value reads and prints the same way
// wherever it appears.
//
// Every Append function appends to dst and returns the extended slice
// without allocating when dst has room; every Parse function reads from a
// byte slice without allocating.
package sqlvalue
