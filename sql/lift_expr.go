package sql

import (
	"strconv"
	"strings"
)

// liftCast parses CAST(x AS type) or TRY_CAST(x AS type) spanning
// toks[i:closeIdx+1].
func (l *lifted) liftCast(i, closeIdx int, try bool) (Expr, error) {
	toks := l.toks
	asIdx := -1
	depth := 0
	for j := i + 2; j < closeIdx; j++ {
		switch {
		case toks[j].isPunct("("):
			depth++
		case toks[j].isPunct(")"):
			depth--
		case depth == 0 && toks[j].is("AS"):
			asIdx = j
		}
	}
	if asIdx < 0 {
		return nil, Errorf(PosAt(l.src, toks[closeIdx].off), "expected AS and a type in %s", strings.ToUpper(toks[i].val))
	}
	x, err := l.liftExprRange(i+2, asIdx, "an expression", toks[asIdx].off)
	if err != nil {
		return nil, err
	}
	tn, err := liftParseType(l.src, toks, asIdx+1, closeIdx)
	if err != nil {
		return nil, err
	}
	return &Cast{Node: Node{P: PosAt(l.src, toks[i].off)}, X: x, Type: *tn, Try: try}, nil
}

// liftParseType parses a type name spanning toks[from:to] exactly, with
// the spellings and canonical names of column types.
func liftParseType(src *Source, toks []liftToken, from, to int) (*TypeName, error) {
	if from >= to {
		return nil, Errorf(PosAt(src, toks[to].off), "expected a type name")
	}
	t := toks[from]
	word := strings.ToUpper(t.val)
	spelling, ok := typeSpellings[word]
	if t.kind == liftWord && word == "MAP" {
		return nil, Errorf(PosAt(src, t.off), "CAST to MAP is not supported")
	}
	if t.kind != liftWord || !ok {
		if unsupportedTypes[word] {
			return nil, Errorf(PosAt(src, t.off), "type %s is not supported yet", word)
		}
		return nil, Errorf(PosAt(src, t.off), "unknown type %s; supported types are %s", t.val, supportedTypes)
	}
	tn := &TypeName{Node: Node{P: PosAt(src, t.off)}, Name: spelling.canonical}
	j := from + 1
	if j < to && (word == "DOUBLE" && toks[j].is("PRECISION") || word == "CHARACTER" && toks[j].is("VARYING")) {
		j++
	}
	if j < to && toks[j].isPunct("(") {
		k := j + 1
		for k < to {
			n := toks[k]
			v, err := strconv.Atoi(n.val)
			if n.kind != liftNumber || err != nil {
				return nil, Errorf(PosAt(src, n.off), "expected an integer type parameter")
			}
			tn.Params = append(tn.Params, v)
			k++
			if k < to && toks[k].isPunct(",") {
				k++
				continue
			}
			break
		}
		if k >= to || !toks[k].isPunct(")") {
			return nil, Errorf(PosAt(src, toks[min(k, to)].off), "expected ) after the type parameters")
		}
		if len(tn.Params) > spelling.maxParams {
			return nil, Errorf(PosAt(src, toks[j].off), "type %s takes at most %d parameter(s)", word, spelling.maxParams)
		}
		j = k + 1
	}
	if word == "TIMESTAMP" && j < to && toks[j].is("WITH") {
		if !(j+4 <= to && toks[j+1].is("LOCAL") && toks[j+2].is("TIME") && toks[j+3].is("ZONE")) {
			return nil, Errorf(PosAt(src, toks[j].off), "expected WITH LOCAL TIME ZONE")
		}
		tn.Name = "TIMESTAMP_LTZ"
		j += 4
	}
	if (word == "TIMESTAMP" || word == "TIME") && j+3 <= to && toks[j].is("WITHOUT") && toks[j+1].is("TIME") && toks[j+2].is("ZONE") {
		j += 3
	}
	if j < to {
		return nil, Errorf(PosAt(src, toks[j].off), "unexpected %s after the type", liftDescribe(toks[j]))
	}
	return tn, nil
}

// liftTimeUnits are the units accepted by EXTRACT, FLOOR and CEIL.
var liftTimeUnits = map[string]bool{
	"MILLISECOND": true, "SECOND": true, "MINUTE": true, "HOUR": true, "DAY": true,
	"WEEK": true, "MONTH": true, "QUARTER": true, "YEAR": true,
	"DOW": true, "DOY": true, "EPOCH": true,
}

// liftTimeUnit parses the time unit at toks[j].
func liftTimeUnit(src *Source, t liftToken) (*TimeUnit, error) {
	u := strings.ToUpper(t.val)
	if t.kind != liftWord || !liftTimeUnits[u] {
		return nil, Errorf(PosAt(src, t.off), "expected a time unit (SECOND, MINUTE, HOUR, DAY, WEEK, MONTH, QUARTER, YEAR), found %s", liftDescribe(t))
	}
	return &TimeUnit{Node: Node{P: PosAt(src, t.off)}, Unit: u}, nil
}

// liftExtract parses EXTRACT(unit FROM x) spanning toks[i:closeIdx+1].
func (l *lifted) liftExtract(i, closeIdx int) (Expr, error) {
	toks := l.toks
	if i+2 >= closeIdx {
		return nil, Errorf(PosAt(l.src, toks[closeIdx].off), "expected a time unit")
	}
	unit, err := liftTimeUnit(l.src, toks[i+2])
	if err != nil {
		return nil, err
	}
	if i+3 >= closeIdx || !toks[i+3].is("FROM") {
		return nil, Errorf(PosAt(l.src, toks[i+3].off), "expected FROM after the time unit")
	}
	x, err := l.liftExprRange(i+4, closeIdx, "an expression after FROM", toks[closeIdx].off)
	if err != nil {
		return nil, err
	}
	return &FuncCall{Node: Node{P: PosAt(l.src, toks[i].off)}, Name: "EXTRACT", Args: []Expr{unit, x}}, nil
}

// liftFloorCeil parses FLOOR(x TO unit) or CEIL(x TO unit) spanning
// toks[i:closeIdx+1].
func (l *lifted) liftFloorCeil(i, closeIdx int, word string) (Expr, error) {
	toks := l.toks
	to := liftFindTop(toks, i+2, closeIdx, "TO")
	x, err := l.liftExprRange(i+2, to, "an expression before TO", toks[to].off)
	if err != nil {
		return nil, err
	}
	if to+1 >= closeIdx {
		return nil, Errorf(PosAt(l.src, toks[closeIdx].off), "expected a time unit after TO")
	}
	unit, err := liftTimeUnit(l.src, toks[to+1])
	if err != nil {
		return nil, err
	}
	if to+2 != closeIdx {
		return nil, Errorf(PosAt(l.src, toks[to+2].off), "expected ) after the time unit")
	}
	if word == "CEILING" {
		word = "CEIL"
	}
	return &FuncCall{Node: Node{P: PosAt(l.src, toks[i].off)}, Name: word, Args: []Expr{x, unit}}, nil
}

// liftPlainCall parses NAME([DISTINCT] args) spanning toks[i:closeIdx+1]
// for aggregate functions the relational grammar knows only as window
// functions (FIRST_VALUE, LAST_VALUE) or not at all with DISTINCT.
func (l *lifted) liftPlainCall(i, closeIdx int, name string) (Expr, error) {
	toks := l.toks
	fc := &FuncCall{Node: Node{P: PosAt(l.src, toks[i].off)}, Name: name}
	from := i + 2
	if from < closeIdx && toks[from].is("DISTINCT") {
		fc.Distinct = true
		from++
	}
	if from == closeIdx {
		return fc, nil
	}
	for _, part := range liftSplitArgs(toks, from, closeIdx) {
		arg, err := l.liftExprRange(part[0], part[1], "an argument", toks[part[1]].off)
		if err != nil {
			return nil, err
		}
		fc.Args = append(fc.Args, arg)
	}
	return fc, nil
}

// liftDescribe renders a token for an error message.
func liftDescribe(t liftToken) string {
	switch t.kind {
	case liftString:
		return "'" + liftShorten(t.val) + "'"
	case liftQuoted:
		return "`" + liftShorten(t.val) + "`"
	}
	return "'" + liftShorten(t.val) + "'"
}

// liftShorten truncates long token text for messages.
func liftShorten(s string) string {
	if len(s) > 24 {
		return s[:24] + "..."
	}
	return s
}
