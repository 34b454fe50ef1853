package sql

import (
	"strings"
)

// addHint parses the /*+ ... */ comment c, which holds one or more hints
// NAME(args) separated by commas, and records it with the offset of the
// token written before it.
func (l *lifted) addHint(c liftComment) error {
	sc, err := liftScan(l.src, c.off+3, c.end-2)
	if err != nil {
		return err
	}
	h := &liftHint{off: c.off, prev: -1}
	for _, t := range l.toks {
		if t.end <= c.off {
			h.prev = t.off
		}
	}
	toks := sc.toks
	for i := 0; i < len(toks); {
		t := toks[i]
		if t.kind != liftWord {
			return Errorf(PosAt(l.src, t.off), "expected a hint name, found %s", liftDescribe(t))
		}
		hint := Hint{Node: Node{P: PosAt(l.src, t.off)}, Name: strings.ToUpper(t.val)}
		i++
		if i < len(toks) && toks[i].isPunct("(") {
			end := liftMatch(toks, i)
			if end < 0 {
				return Errorf(PosAt(l.src, toks[i].off), "unclosed parenthesis in hint %s", hint.Name)
			}
			if end > i+1 {
				for _, part := range liftSplitArgs(toks, i+1, end) {
					if err := liftHintArg(l.src, &hint, toks[part[0]:part[1]], toks[end].off); err != nil {
						return err
					}
				}
			}
			i = end + 1
		}
		h.hints = append(h.hints, hint)
		if i < len(toks) {
			if !toks[i].isPunct(",") {
				return Errorf(PosAt(l.src, toks[i].off), "expected , between hints, found %s", liftDescribe(toks[i]))
			}
			i++
		}
	}
	if len(h.hints) > 0 {
		l.hints = append(l.hints, h)
	}
	return nil
}

// liftHintArg adds one hint argument: 'value', name, or 'key' = 'value'.
func liftHintArg(src *Source, h *Hint, toks []liftToken, at int) error {
	simple := func(t liftToken) bool {
		return t.kind == liftString || t.kind == liftWord || t.kind == liftQuoted || t.kind == liftNumber
	}
	switch {
	case len(toks) == 1 && simple(toks[0]):
		h.Args = append(h.Args, toks[0].val)
		return nil
	case len(toks) == 3 && simple(toks[0]) && toks[1].isPunct("=") && simple(toks[2]):
		h.KVs = append(h.KVs, Option{Node: Node{P: PosAt(src, toks[0].off)}, Key: toks[0].val, Value: toks[2].val, ValuePos: PosAt(src, toks[2].off)})
		return nil
	case len(toks) == 0:
		return Errorf(PosAt(src, at), "missing argument in hint %s", h.Name)
	}
	return Errorf(PosAt(src, toks[0].off), "invalid argument in hint %s: expected 'value' or 'key' = 'value'", h.Name)
}

// takeHints returns the hints written right after the token at offset
// prev and marks them used.
func (l *lifted) takeHints(prev int) []Hint {
	var out []Hint
	for _, h := range l.hints {
		if !h.used && h.prev == prev {
			h.used = true
			out = append(out, h.hints...)
		}
	}
	return out
}

// claimHints marks the hints written inside [off, end) as used: a
// recursive parse of that span handled them.
func (l *lifted) claimHints(off, end int) {
	for _, h := range l.hints {
		if h.off >= off && h.off < end {
			h.used = true
		}
	}
}

// unusedHint returns an error for the first hint that nothing claimed.
func (l *lifted) unusedHint() error {
	for _, h := range l.hints {
		if !h.used {
			return Errorf(PosAt(l.src, h.off), "query hint %s is not allowed here: hints go after SELECT or after a table name", h.hints[0].Name)
		}
	}
	return nil
}
