package fixturetest

import (
	"fmt"
	"sort"
	"strings"
)

// ChangeLine renders a change as a line of a .changelog.jsonl file.
func ChangeLine(c Change) string {
	return `{"op":"` + c.Kind.String() + `","row":` + c.Row + `}`
}

// RetractError is a changelog that retracts (-U, -D) a row that is not
// in the table at that point.
type RetractError struct {
	// Index is the 0-based position of the change in the changelog.
	Index  int
	Change Change
}

func (e *RetractError) Error() string {
	return fmt.Sprintf("change #%d %s retracts a row that is not there", e.Index+1, ChangeLine(e.Change))
}

// FinalState applies a changelog: +I and +U add a row, -U and -D remove
// one. It returns the resulting rows with their counts.
func FinalState(changes []Change) (map[string]int, error) {
	state := map[string]int{}
	for i, c := range changes {
		if !c.Kind.IsRetract() {
			state[c.Row]++
			continue
		}
		if state[c.Row] == 0 {
			return nil, &RetractError{Index: i, Change: c}
		}
		if state[c.Row]--; state[c.Row] == 0 {
			delete(state, c.Row)
		}
	}
	return state, nil
}

// SortedRows lists the rows of a final state, each as often as its count,
// sorted.
func SortedRows(state map[string]int) []string {
	var out []string
	for r, n := range state {
		for ; n > 0; n-- {
			out = append(out, r)
		}
	}
	sort.Strings(out)
	return out
}

// DiffRows compares the final state of the actual changelog with the
// expected rows, as multisets. It returns "" when they match, or a
// report naming each missing row by its expectation file line and each
// unexpected row as JSON.
func DiffRows(table, path string, expected []ExpectedRow, actual []Change) string {
	state, err := FinalState(actual)
	if err != nil {
		return fmt.Sprintf("table %s: %v\n", table, err)
	}
	var missing []ExpectedRow
	for _, e := range expected {
		if state[e.Row] > 0 {
			state[e.Row]--
			continue
		}
		missing = append(missing, e)
	}
	unexpected := SortedRows(state)
	if len(missing) == 0 && len(unexpected) == 0 {
		return ""
	}
	var b strings.Builder
	fmt.Fprintf(&b, "table %s: %s, %s (%s)\n", table, plural(len(missing), "missing row"), plural(len(unexpected), "unexpected row"), path)
	for _, m := range missing {
		fmt.Fprintf(&b, "  missing     %s:%d  %s\n", path, m.Line, m.Text)
	}
	for _, u := range unexpected {
		fmt.Fprintf(&b, "  unexpected  %s\n", u)
	}
	return b.String()
}

// DiffChangelog compares the actual changelog with the expected one, in
// order. It returns "" when they match, or a report of the first
// difference.
func DiffChangelog(table, path string, expected []ExpectedRow, actual []Change) string {
	for i := 0; i < len(expected) || i < len(actual); i++ {
		switch {
		case i >= len(actual):
			return fmt.Sprintf("table %s: changelog has %d changes, %s expects %d\n  missing     %s:%d  %s\n",
				table, len(actual), path, len(expected), path, expected[i].Line, expected[i].Text)
		case i >= len(expected):
			return fmt.Sprintf("table %s: changelog has %d changes, %s expects %d\n  unexpected  change #%d  %s\n",
				table, len(actual), path, len(expected), i+1, ChangeLine(actual[i]))
		}
		e, a := expected[i], actual[i]
		if e.Kind != a.Kind || e.Row != a.Row {
			return fmt.Sprintf("table %s: changelog differs at change #%d (%s:%d)\n  expected    %s\n  actual      %s\n",
				table, i+1, path, e.Line, ChangeLine(Change{Kind: e.Kind, Row: e.Row}), ChangeLine(a))
		}
	}
	return ""
}

func plural(n int, what string) string {
	if n == 1 {
		return "1 " + what
	}
	return fmt.Sprintf("%d %ss", n, what)
}
