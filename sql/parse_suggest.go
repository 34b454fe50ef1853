package sql

import (
	"sort"
	"strings"
)

// didYouMean returns " (did you mean X?)" when one of the candidate
// keywords is a likely misspelling of word, and "" otherwise. Comparison
// ignores case; a candidate qualifies when at most two single-character
// edits (insert, delete, substitute, swap of neighbours) turn word into it
// and the word is long enough for that to be meaningful.
func didYouMean(word string, candidates []string) string {
	w := strings.ToUpper(word)
	if len(w) < 3 {
		return ""
	}
	best, bestDist := "", 3
	for _, c := range candidates {
		if c == w {
			return ""
		}
		if d := editDistance(w, c); d < bestDist && d*3 <= len(w) {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// editDistance is the optimal-string-alignment distance between a and b:
// the number of inserted, deleted, substituted or swapped adjacent bytes.
func editDistance(a, b string) int {
	// Three rows of the dynamic-programming table: two back, one back and
	// the current one.
	prev2 := make([]int, len(b)+1)
	prev := make([]int, len(b)+1)
	cur := make([]int, len(b)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}

// statementKeywords are the words a supported statement starts with.
var statementKeywords = []string{
	"CREATE", "INSERT", "SELECT", "WITH", "VALUES", "SET", "RESET", "EXPLAIN",
	"SHOW", "DESCRIBE", "DROP", "EXECUTE",
}

// elementKeywords are the words that may follow a column's type or start a
// table element.
var elementKeywords = []string{"WATERMARK", "PRIMARY", "CONSTRAINT", "COMMENT", "METADATA", "VIRTUAL", "NOT", "NULL"}

// typeKeywords returns the accepted type keywords, sorted so that
// suggestions are deterministic.
func typeKeywords() []string {
	words := make([]string, 0, len(typeSpellings))
	for w := range typeSpellings {
		words = append(words, w)
	}
	sort.Strings(words)
	return words
}
