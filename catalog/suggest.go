package catalog

import "github.com/streamsql/streamsql/sql"

// nameNearness suggests a table, column or function name: case is
// ignored, so that `Clicks` suggests `clicks`, and at least one edit is
// always allowed.
var nameNearness = sql.Nearness{MinEdits: 1, FoldCase: true, Exact: sql.ExactSkipped}

// Closest returns the candidate nearest to name by edit distance, or "" when
// none is close enough to be a likely typo (distance at most a third of the
// name's length, and at least 1 allowed). Comparison is case-insensitive so
// that `Clicks` suggests `clicks`; ties go to the earliest candidate.
func Closest(name string, candidates []string) string {
	return sql.Closest(name, candidates, nameNearness)
}

// DidYouMean renders "; did you mean `x`?" for the closest candidate, or ""
// when there is none.
func DidYouMean(name string, candidates []string) string {
	if c := Closest(name, candidates); c != "" {
		return "; did you mean `" + c + "`?"
	}
	return ""
}
