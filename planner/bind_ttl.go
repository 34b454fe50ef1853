package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// ttlHint is one entry of a STATE_TTL query hint, written after SELECT as
// in Flink: /*+ STATE_TTL('o' = '1d', 'c' = '12h') */ gives the input
// named (by table name or alias) o a state retention of one day, c of
// twelve hours. It overrides the session setting table.exec.state.ttl for
// the stateful operator (join, GROUP BY, Top-N) of that SELECT block that
// reads the named input.
type ttlHint struct {
	Name  string
	Value string
	Pos   sql.Pos
	used  bool
}

// stateTTLHints collects and checks the STATE_TTL hints among a SELECT's
// hints (other hints are ignored). Every value must be a duration ("1 h",
// "30 min", "1d").
func stateTTLHints(hints []sql.Hint) ([]*ttlHint, error) {
	var out []*ttlHint
	for _, h := range hints {
		if h.Name != "STATE_TTL" {
			continue
		}
		if len(h.KVs) == 0 {
			return nil, sql.Errorf(h.P, "STATE_TTL expects 'input' = 'duration' pairs, e.g. STATE_TTL('orders' = '1 h')")
		}
		for _, kv := range h.KVs {
			if _, err := ParseDuration(kv.Value); err != nil {
				return nil, sql.Errorf(kv.P, "STATE_TTL '%s': %v", kv.Value, err)
			}
			out = append(out, &ttlHint{Name: kv.Key, Value: kv.Value, Pos: kv.P})
		}
	}
	return out, nil
}

// ttlFor returns the hinted retention of the input known by any of names
// (its alias, its table name) and where it is written, or "" when no hint
// names it. The entry is marked used.
func ttlFor(hs []*ttlHint, names ...string) (string, sql.Pos) {
	for _, h := range hs {
		for _, n := range names {
			if n != "" && h.Name == n {
				h.used = true
				return h.Value, h.Pos
			}
		}
	}
	return "", sql.Pos{}
}

// unusedTTL reports the first hint entry that named no input of the
// SELECT's stateful operator; inputs are the names that could have been
// used, for the "did you mean" suggestion.
func unusedTTL(hs []*ttlHint, inputs []string) error {
	for _, h := range hs {
		if !h.used {
			return sql.Errorf(h.Pos, "STATE_TTL names `%s`, which is not an input of a join, GROUP BY or Top-N of this SELECT%s", h.Name, catalog.DidYouMean(h.Name, inputs))
		}
	}
	return nil
}
