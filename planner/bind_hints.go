package planner

import (
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/sql"
)

// withOptionHints applies /*+ OPTIONS('k' = 'v') */ hints of a table
// reference: the scan reads a copy of the table whose options are
// overridden, validated like CREATE TABLE. Other table hints are not
// supported yet.
func (b *binder) withOptionHints(t *catalog.Table, hints []sql.Hint) (*catalog.Table, error) {
	if len(hints) == 0 {
		return t, nil
	}
	nt := *t
	nt.Options = make(map[string]string, len(t.Options))
	nt.OptionPos = make(map[string]sql.Pos, len(t.OptionPos))
	for k, v := range t.Options {
		nt.Options[k] = v
	}
	for k, p := range t.OptionPos {
		nt.OptionPos[k] = p
	}
	for _, h := range hints {
		if h.Name != "OPTIONS" {
			return nil, sql.Errorf(h.P, "query hint %s is not supported yet", h.Name)
		}
		if t.IsView {
			return nil, sql.Errorf(h.P, "OPTIONS hints apply to tables, and `%s` is a view", t.Name)
		}
		if len(h.KVs) == 0 {
			return nil, sql.Errorf(h.P, "OPTIONS expects 'key' = 'value' pairs")
		}
		for _, kv := range h.KVs {
			if kv.Key == "connector" {
				return nil, sql.Errorf(kv.P, "an OPTIONS hint cannot change the 'connector' option")
			}
			nt.Options[kv.Key] = kv.Value
			nt.OptionPos[kv.Key] = kv.P
		}
	}
	if v, ok := nt.Options[OptionIdleTimeout]; ok {
		if _, err := ParseDuration(v); err != nil {
			return nil, sql.Errorf(nt.OptionPos[OptionIdleTimeout], "option '%s': %v", OptionIdleTimeout, err)
		}
	}
	if err := b.cat.Validate(&nt); err != nil {
		return nil, err
	}
	return &nt, nil
}
