package catalog

// Closest returns the candidate nearest to name by edit distance, or "" when
// none is close enough to be a likely typo (distance at most a third of the
// name's length, and at least 1 allowed). Comparison is case-insensitive so
// that `Clicks` suggests `clicks`; ties go to the earliest candidate.
func Closest(name string, candidates []string) string {
	best, bestDist := "", -1
	limit := len(name) / 3
	if limit < 1 {
		limit = 1
	}
	for _, c := range candidates {
		if c == name {
			continue
		}
		d := editDistance(lower(name), lower(c))
		if d <= limit && (bestDist < 0 || d < bestDist) {
			best, bestDist = c, d
		}
	}
	return best
}

// DidYouMean renders "; did you mean `x`?" for the closest candidate, or ""
// when there is none.
func DidYouMean(name string, candidates []string) string {
	if c := Closest(name, candidates); c != "" {
		return "; did you mean `" + c + "`?"
	}
	return ""
}

func lower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'A' && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// editDistance is the Damerau-Levenshtein (optimal string alignment)
// distance, so a swap of two adjacent letters counts as one edit.
func editDistance(a, b string) int {
	d := make([][]int, len(a)+1)
	for i := range d {
		d[i] = make([]int, len(b)+1)
		d[i][0] = i
	}
	for j := 0; j <= len(b); j++ {
		d[0][j] = j
	}
	for i := 1; i <= len(a); i++ {
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			d[i][j] = min(d[i-1][j]+1, d[i][j-1]+1, d[i-1][j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				d[i][j] = min(d[i][j], d[i-2][j-2]+1)
			}
		}
	}
	return d[len(a)][len(b)]
}
