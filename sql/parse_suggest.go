package sql

import (
	"sort"
	"strings"
)

// ExactMatch says what Closest does with a candidate equal to the word.
type ExactMatch uint8

const (
	// ExactSuggested treats an equal candidate like any other: at distance
	// 0 it is the one returned.
	ExactSuggested ExactMatch = iota
	// ExactSkipped passes over a candidate byte-for-byte equal to the word
	// (one differing only in case is still suggested when folding case).
	ExactSkipped
	// ExactSilences returns "" as soon as a candidate equals the word: the
	// word is valid, so nothing is suggested.
	ExactSilences
)

// Nearness sets how close a candidate must be for Closest to suggest it.
// The edit distance allowed for a word of n bytes is n/3, raised to at
// least MinEdits and, when MaxEdits > 0, lowered to at most MaxEdits.
type Nearness struct {
	// MinEdits is the distance always allowed, however short the word.
	MinEdits int
	// MaxEdits, when positive, caps the distance allowed.
	MaxEdits int
	// FoldCase compares ignoring ASCII case; the candidate is returned as
	// spelled.
	FoldCase bool
	// Exact is what a candidate equal to the word does.
	Exact ExactMatch
}

// Closest returns the candidate nearest to word by EditDistance within
// the distance n allows, or "" when none is close enough to be a likely
// misspelling. Ties go to the earliest candidate.
func Closest(word string, candidates []string, n Nearness) string {
	limit := max(len(word)/3, n.MinEdits)
	if n.MaxEdits > 0 {
		limit = min(limit, n.MaxEdits)
	}
	w := word
	if n.FoldCase {
		w = lowerASCII(word)
	}
	best, bestDist := "", -1
	for _, c := range candidates {
		if c == word {
			switch n.Exact {
			case ExactSilences:
				return ""
			case ExactSkipped:
				continue
			}
		}
		cc := c
		if n.FoldCase {
			cc = lowerASCII(c)
		}
		if d := EditDistance(w, cc); d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

func lowerASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// keywordNearness suggests a keyword for a misspelling of at most two
// edits, and of fewer in short words.
var keywordNearness = Nearness{MaxEdits: 2, Exact: ExactSilences}

// didYouMean returns " (did you mean X?)" when one of the candidate
// keywords is a likely misspelling of word, and "" otherwise. Comparison
// ignores case; a candidate qualifies when at most two single-character
// edits (insert, delete, substitute, swap of neighbours) turn word into it
// and the word is long enough for that to be meaningful.
func didYouMean(word string, candidates []string) string {
	best := Closest(strings.ToUpper(word), candidates, keywordNearness)
	if best == "" {
		return ""
	}
	return " (did you mean " + best + "?)"
}

// EditDistance is the optimal-string-alignment distance between a and b:
// the number of inserted, deleted, substituted or swapped adjacent bytes,
// so a swapped pair of letters ("fromat") costs one edit.
func EditDistance(a, b string) int {
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
