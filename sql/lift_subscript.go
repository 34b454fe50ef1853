package sql

import "strings"

// liftSubscript lifts element access on a column, `m['key']` or
// `t.m['key']` (chained subscripts apply in turn), into calls of ITEM,
// which the grammar of the relational core cannot express. It reports
// ok = false when toks[i] does not start a subscripted name. The MAP[...]
// and ARRAY[...] value constructors are reported as not supported.
func (l *lifted) liftSubscript(i int) (next int, ok bool, err error) {
	toks := l.toks
	j := i
	if j+2 < len(toks) && toks[j+1].isPunct(".") && (toks[j+2].kind == liftWord || toks[j+2].kind == liftQuoted) {
		j += 2
	}
	if j+1 >= len(toks) || !toks[j+1].isPunct("[") {
		return 0, false, nil
	}
	if word := strings.ToUpper(toks[i].val); j == i && toks[i].kind == liftWord && (word == "MAP" || word == "ARRAY") {
		return 0, false, Errorf(PosAt(l.src, toks[i].off), "the %s[...] value constructor is not supported yet", word)
	}
	if err := l.checkReserved(toks[j]); err != nil {
		return 0, false, err
	}
	e, err := parseExprText(l.src, toks[i].off, toks[j].end)
	if err != nil {
		return 0, false, err
	}
	end := j
	for end+1 < len(toks) && toks[end+1].isPunct("[") {
		open := end + 1
		closeIdx := liftMatch(toks, open)
		if closeIdx < 0 {
			return 0, false, Errorf(PosAt(l.src, toks[open].off), "unclosed [")
		}
		key, err := l.liftExprRange(open+1, closeIdx, "a key inside [ ]", toks[closeIdx].off)
		if err != nil {
			return 0, false, err
		}
		e = &FuncCall{Node: Node{P: PosAt(l.src, toks[i].off)}, Name: "ITEM", Args: []Expr{e, key}}
		end = closeIdx
	}
	return end + 1, true, l.replace(toks[i].off, toks[end].end, liftItem{expr: e})
}
