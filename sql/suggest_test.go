package sql

import "testing"

func TestClosestNearness(t *testing.T) {
	for _, c := range []struct {
		word  string
		cands []string
		n     Nearness
		want  string
	}{
		{"CRAETE", []string{"CREATE", "SELECT"}, keywordNearness, "CREATE"},
		{"SELECT", []string{"SELEC", "SELECT"}, keywordNearness, ""},
		{"AB", []string{"AC"}, keywordNearness, ""},
		{"Clicks", []string{"clicks"}, Nearness{MinEdits: 1, FoldCase: true, Exact: ExactSkipped}, "clicks"},
		{"ab", []string{"ab", "ac"}, Nearness{MinEdits: 1, Exact: ExactSkipped}, "ac"},
		{"ab", []string{"ab", "ac"}, Nearness{MinEdits: 1}, "ab"},
		{"fromat", []string{"format", "path"}, Nearness{MinEdits: 2}, "format"},
		{"xyzw", []string{"format"}, Nearness{MinEdits: 2}, ""},
	} {
		if got := Closest(c.word, c.cands, c.n); got != c.want {
			t.Errorf("Closest(%q, %q, %+v) = %q, want %q", c.word, c.cands, c.n, got, c.want)
		}
	}
}
