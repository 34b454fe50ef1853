package sql

import (
	"strings"
)

// liftWindowParams lists, per window kind, the positional parameter names
// in order; the optional trailing OFFSET is accepted where it applies.
var liftWindowParams = map[string][]string{
	"TUMBLE":   {"DATA", "TIMECOL", "SIZE", "OFFSET"},
	"HOP":      {"DATA", "TIMECOL", "SLIDE", "SIZE", "OFFSET"},
	"CUMULATE": {"DATA", "TIMECOL", "STEP", "SIZE", "OFFSET"},
	"SESSION":  {"DATA", "TIMECOL", "GAP"},
}

// liftWindowTVF lifts TABLE(KIND(args)) starting at toks[i] (TABLE).
func (l *lifted) liftWindowTVF(i int) (int, error) {
	toks := l.toks
	outer := liftMatch(toks, i+1)
	if outer < 0 {
		return 0, Errorf(PosAt(l.src, toks[i+1].off), "unclosed parenthesis after TABLE")
	}
	if i+3 >= outer || toks[i+2].kind != liftWord || !toks[i+3].isPunct("(") {
		return 0, Errorf(PosAt(l.src, toks[i].off), "expected a window function TUMBLE, HOP, CUMULATE or SESSION in TABLE(...)")
	}
	kindTok := toks[i+2]
	kind := strings.ToUpper(kindTok.val)
	params, ok := liftWindowParams[kind]
	if !ok {
		return 0, Errorf(PosAt(l.src, kindTok.off), "table function %s is not supported yet; window functions are TUMBLE, HOP, CUMULATE and SESSION", kindTok.val)
	}
	inner := liftMatch(toks, i+3)
	if inner+1 != outer {
		return 0, Errorf(PosAt(l.src, toks[inner+1].off), "expected ) after the %s arguments", kind)
	}
	w := &WindowTVF{Node: Node{P: PosAt(l.src, toks[i].off)}, Kind: kind}
	args := map[string]bool{}
	named := false
	for n, part := range liftSplitArgs(toks, i+4, inner) {
		from, to := part[0], part[1]
		if from >= to {
			return 0, Errorf(PosAt(l.src, toks[to].off), "missing argument of %s", kind)
		}
		var name string
		if to-from > 2 && toks[from].kind == liftWord && toks[from+1].isPunct("=>") {
			name = strings.ToUpper(toks[from].val)
			named = true
			from += 2
		} else {
			if named {
				return 0, Errorf(PosAt(l.src, toks[from].off), "positional argument after named arguments")
			}
			if n >= len(params) {
				return 0, Errorf(PosAt(l.src, toks[from].off), "too many arguments for %s", kind)
			}
			name = params[n]
		}
		if !liftHasParam(params, name) {
			return 0, Errorf(PosAt(l.src, toks[from-2].off), "%s has no parameter %s; its parameters are %s", kind, name, strings.Join(params, ", "))
		}
		if args[name] {
			return 0, Errorf(PosAt(l.src, toks[from].off), "parameter %s given twice", name)
		}
		args[name] = true
		if err := l.liftWindowArg(w, name, from, to); err != nil {
			return 0, err
		}
	}
	for _, p := range params {
		if !args[p] && p != "OFFSET" {
			return 0, Errorf(PosAt(l.src, toks[inner].off), "%s is missing its %s argument", kind, p)
		}
	}
	if len(w.PartitionBy) > 0 && kind != "SESSION" {
		return 0, Errorf(w.PartitionBy[0].Position(), "PARTITION BY is only allowed in SESSION windows")
	}
	return outer + 1, l.replace(toks[i].off, toks[outer].end, liftItem{tvf: w})
}

func liftHasParam(params []string, name string) bool {
	for _, p := range params {
		if p == name {
			return true
		}
	}
	return false
}

// liftWindowArg fills the WindowTVF field for parameter name from the
// argument spanning toks[from:to].
func (l *lifted) liftWindowArg(w *WindowTVF, name string, from, to int) error {
	toks := l.toks
	switch name {
	case "DATA":
		return l.liftWindowData(w, from, to)
	case "TIMECOL":
		if to-from != 4 || !toks[from].is("DESCRIPTOR") || !toks[from+1].isPunct("(") ||
			(toks[from+2].kind != liftWord && toks[from+2].kind != liftQuoted) || !toks[from+3].isPunct(")") {
			return Errorf(PosAt(l.src, toks[from].off), "expected DESCRIPTOR(column) as the time attribute")
		}
		w.TimeCol = toks[from+2].val
		w.TimeColPos = PosAt(l.src, toks[from+2].off)
		return nil
	}
	if !toks[from].is("INTERVAL") {
		return Errorf(PosAt(l.src, toks[from].off), "expected an INTERVAL for %s, as in INTERVAL '10' MINUTE", name)
	}
	iv, next, err := liftInterval(l.src, toks[:to], from)
	if err != nil {
		return err
	}
	if next != to {
		return Errorf(PosAt(l.src, toks[next].off), "unexpected %s after the interval", liftDescribe(toks[next]))
	}
	switch name {
	case "SIZE", "GAP":
		w.Size = iv
	case "SLIDE", "STEP":
		w.Slide = iv
	case "OFFSET":
		w.Offset = iv
	}
	return nil
}

// liftWindowData parses the DATA argument: TABLE name, TABLE (query) or
// (query), followed for SESSION by PARTITION BY key or PARTITION BY (keys).
func (l *lifted) liftWindowData(w *WindowTVF, from, to int) error {
	toks := l.toks
	j := from
	if toks[j].is("TABLE") {
		j++
	}
	if j >= to {
		return Errorf(PosAt(l.src, toks[from].off), "expected a table name or a (subquery) as the window input")
	}
	switch t := toks[j]; {
	case t.isPunct("("):
		end := liftMatch(toks[:to], j)
		if end < 0 || end == j+1 {
			return Errorf(PosAt(l.src, t.off), "expected a subquery in parentheses")
		}
		q, err := parseQueryText(l.src, toks[j+1].off, toks[end-1].end)
		if err != nil {
			return err
		}
		l.claimHints(toks[j].off, toks[end].end)
		w.Input = &SubqueryRef{Node: Node{P: PosAt(l.src, t.off)}, Query: q}
		j = end + 1
	case t.kind == liftWord || t.kind == liftQuoted:
		ref := &TableRef{Node: Node{P: PosAt(l.src, t.off)}, Name: t.val}
		last := t
		j++
		for j+1 < to && toks[j].isPunct(".") && (toks[j+1].kind == liftWord || toks[j+1].kind == liftQuoted) {
			ref.Name += "." + toks[j+1].val
			last = toks[j+1]
			j += 2
		}
		ref.Hints = l.takeHints(last.off)
		w.Input = ref
	default:
		return Errorf(PosAt(l.src, t.off), "expected a table name or a (subquery) as the window input")
	}
	if j == to {
		return nil
	}
	if j+2 > to || !toks[j].is("PARTITION") || !toks[j+1].is("BY") || j+2 == to {
		return Errorf(PosAt(l.src, toks[j].off), "unexpected %s in the window input", liftDescribe(toks[j]))
	}
	j += 2
	kfrom, kto := j, to
	if toks[j].isPunct("(") && liftMatch(toks[:to], j) == to-1 {
		kfrom, kto = j+1, to-1
	}
	for _, part := range liftSplitArgs(toks, kfrom, kto) {
		key, err := l.liftExprRange(part[0], part[1], "a partition key", toks[min(part[1], to-1)].off)
		if err != nil {
			return err
		}
		l.claimHints(toks[part[0]].off, toks[part[1]-1].end)
		w.PartitionBy = append(w.PartitionBy, key)
	}
	return nil
}
