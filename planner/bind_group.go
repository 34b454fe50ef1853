package planner

import "github.com/streamsql/streamsql/sql"

// distinctOf is SELECT DISTINCT (or UNION without ALL) over n: an
// Aggregate grouping by every column of n, with no aggregate calls,
// written at pos.
func distinctOf(n Node, pos sql.Pos) *Aggregate {
	s := n.Schema()
	agg := &Aggregate{Input: n, Pos: pos}
	for i, f := range s {
		agg.Keys = append(agg.Keys, colRef(s, i))
		agg.KeyNames = append(agg.KeyNames, f.Name)
	}
	return agg
}

// groupTTL applies the STATE_TTL hint of SELECT s to agg, a non-windowed
// aggregation of that SELECT (its GROUP BY or DISTINCT); see fromTTL.
func groupTTL(s *sql.Select, agg *Aggregate) (err error) {
	agg.StateTTL, agg.TTLPos, err = fromTTL(s)
	return err
}

// fromTTL returns the STATE_TTL hint of SELECT s for a stateful operator
// of s reading its FROM clause (a GROUP BY, DISTINCT or Top-N), and where
// it is written: the hint entry naming the FROM clause's table (by name
// or alias) or subquery (by alias); an entry naming anything else is a
// positioned error. A FROM clause that is a join or a window table
// function leaves the hints to the join (whose inputs they name) or
// ignores them (a window operator keeps no state past its windows).
func fromTTL(s *sql.Select) (string, sql.Pos, error) {
	if len(s.Hints) == 0 {
		return "", sql.Pos{}, nil
	}
	hs, err := stateTTLHints(s.Hints)
	if err != nil || len(hs) == 0 {
		return "", sql.Pos{}, err
	}
	var names []string
	switch te := s.From.(type) {
	case *sql.TableRef:
		names = []string{te.Alias, te.Name}
	case *sql.SubqueryRef:
		names = []string{te.Alias}
	default:
		return "", sql.Pos{}, nil
	}
	hint, pos := ttlFor(hs, names...)
	var inputs []string
	for _, n := range names {
		if n != "" {
			inputs = append(inputs, n)
		}
	}
	if err := unusedTTL(hs, inputs); err != nil {
		return "", sql.Pos{}, err
	}
	return hint, pos, nil
}
