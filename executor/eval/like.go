package eval

import (
	"bytes"
	"fmt"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

type likeTokKind byte

const (
	tokLit likeTokKind = iota // literal bytes
	tokOne                    // _ : exactly one character
	tokAny                    // % : any run of characters
)

type likeTok struct {
	kind likeTokKind
	lit  []byte
}

// likeMatcher is a compiled LIKE pattern.
type likeMatcher struct {
	toks []likeTok
	// Patterns without _ use a faster literal-piece search: pieces are the
	// literals between %s; anchoredL/anchoredR say whether the pattern
	// starts/ends with a literal.
	simple               bool
	pieces               [][]byte
	anchoredL, anchoredR bool
}

// compileLike parses pattern with optional escape character (esc < 0 for
// none).
func compileLike(pattern string, esc rune) (*likeMatcher, error) {
	m := &likeMatcher{simple: true}
	var lit []byte
	flush := func() {
		if lit != nil {
			m.toks = append(m.toks, likeTok{kind: tokLit, lit: lit})
			lit = nil
		}
	}
	for i := 0; i < len(pattern); {
		r, sz := utf8.DecodeRuneInString(pattern[i:])
		switch {
		case esc >= 0 && r == esc:
			if i+sz >= len(pattern) {
				return nil, fmt.Errorf("invalid escape sequence in LIKE pattern '%s'", pattern)
			}
			next, nsz := utf8.DecodeRuneInString(pattern[i+sz:])
			if next != '%' && next != '_' && next != esc {
				return nil, fmt.Errorf("invalid escape sequence in LIKE pattern '%s'", pattern)
			}
			lit = utf8.AppendRune(lit, next)
			sz += nsz
		case r == '%':
			flush()
			if n := len(m.toks); n == 0 || m.toks[n-1].kind != tokAny {
				m.toks = append(m.toks, likeTok{kind: tokAny})
			}
		case r == '_':
			flush()
			m.simple = false
			m.toks = append(m.toks, likeTok{kind: tokOne})
		default:
			lit = append(lit, pattern[i:i+sz]...)
		}
		i += sz
	}
	flush()
	if m.simple {
		m.anchoredL = len(m.toks) > 0 && m.toks[0].kind == tokLit
		m.anchoredR = len(m.toks) > 0 && m.toks[len(m.toks)-1].kind == tokLit
		for _, t := range m.toks {
			if t.kind == tokLit {
				m.pieces = append(m.pieces, t.lit)
			}
		}
	}
	return m, nil
}

func (m *likeMatcher) match(s []byte) bool {
	if !m.simple {
		return matchToks(m.toks, s)
	}
	p := m.pieces
	if len(m.toks) == 0 {
		return len(s) == 0
	}
	if len(p) == 0 {
		return true // only %
	}
	if len(m.toks) == 1 {
		return bytes.Equal(s, p[0])
	}
	if m.anchoredL {
		if !bytes.HasPrefix(s, p[0]) {
			return false
		}
		s, p = s[len(p[0]):], p[1:]
	}
	if m.anchoredR {
		last := p[len(p)-1]
		if !bytes.HasSuffix(s, last) {
			return false
		}
		s, p = s[:len(s)-len(last)], p[:len(p)-1]
	}
	for _, piece := range p {
		j := bytes.Index(s, piece)
		if j < 0 {
			return false
		}
		s = s[j+len(piece):]
	}
	return true
}

// matchToks is wildcard matching with single-star backtracking, which is
// exact for patterns of literals, _ and %.
func matchToks(toks []likeTok, s []byte) bool {
	ti, si := 0, 0
	starT, starS := -1, 0
	for {
		if ti < len(toks) {
			t := toks[ti]
			switch t.kind {
			case tokAny:
				starT, starS = ti, si
				ti++
				continue
			case tokOne:
				if si < len(s) {
					_, sz := utf8.DecodeRune(s[si:])
					si += sz
					ti++
					continue
				}
			case tokLit:
				if bytes.HasPrefix(s[si:], t.lit) {
					si += len(t.lit)
					ti++
					continue
				}
			}
		} else if si == len(s) {
			return true
		}
		if starT < 0 || starS >= len(s) {
			return false
		}
		_, sz := utf8.DecodeRune(s[starS:])
		starS += sz
		si, ti = starS, starT+1
	}
}

// like evaluates s LIKE pattern [ESCAPE esc].
type like struct {
	s, pat  strArg
	esc     rune
	fixed   *likeMatcher // compiled constant pattern
	lastPat []byte
	lastM   *likeMatcher
	lastErr error
	alloc   memory.Allocator
}

func (c *compiler) like(e *planner.Call) (Evaluator, error) {
	if err := wantArgs(e, 2, 3); err != nil {
		return nil, err
	}
	for _, a := range e.Args {
		if a.Type().Kind != catalog.KindString {
			return nil, fmt.Errorf("eval: LIKE takes STRING arguments, got %s", a.Type())
		}
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	l := &like{s: newStrArg(args[0]), pat: newStrArg(args[1]), esc: -1, alloc: c.alloc}
	if len(args) == 3 {
		k, ok := asConst(args[2])
		if !ok || k.null || utf8.RuneCountInString(k.s) != 1 {
			return nil, fmt.Errorf("eval: LIKE escape must be a constant single character")
		}
		l.esc, _ = utf8.DecodeRuneInString(k.s)
	}
	if l.pat.k != nil {
		if l.fixed, err = compileLike(l.pat.k.s, l.esc); err != nil {
			return nil, fmt.Errorf("eval: %w", err)
		}
	}
	return l, nil
}

func (l *like) matcher(p []byte) (*likeMatcher, error) {
	if l.lastM == nil && l.lastErr == nil || !bytes.Equal(p, l.lastPat) {
		l.lastPat = append(l.lastPat[:0], p...)
		l.lastM, l.lastErr = compileLike(string(p), l.esc)
	}
	return l.lastM, l.lastErr
}

func (l *like) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	sa, s, err := l.s.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(sa)
	pa, p, err := l.pat.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(pa)
	out := newBoolOut(l.alloc, n)
	out.valid = andValidity(l.alloc, n, s.valid, p.valid)
	if m := l.fixed; m != nil {
		for i := 0; i < n; i++ {
			if m.match(s.at(i)) {
				out.set(i)
			}
		}
		return out.finish(n), nil
	}
	for i := 0; i < n; i++ {
		if !s.valid.get(i) || !p.valid.get(i) {
			continue
		}
		m, err := l.matcher(p.at(i))
		if err != nil {
			out.finish(n).Release()
			return nil, &RowError{Row: i, Msg: err.Error()}
		}
		if m.match(s.at(i)) {
			out.set(i)
		}
	}
	return out.finish(n), nil
}
