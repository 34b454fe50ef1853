package eval

import (
	"bytes"
	"fmt"
	"unicode"
	"unicode/utf8"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

func (c *compiler) stringFn(e *planner.Call) (Evaluator, error) {
	for i, a := range e.Args {
		want := catalog.KindString
		if e.Fn == "SUBSTRING" && i > 0 {
			want = catalog.KindInt
		}
		if a.Type().Kind != want {
			return nil, fmt.Errorf("eval: %s argument %d is %s, expected %s", e.Fn, i+1, a.Type(), catalog.Type{Kind: want})
		}
	}
	switch e.Fn {
	case "CONCAT":
		if len(e.Args) == 0 {
			return nil, fmt.Errorf("eval: CONCAT needs at least one argument")
		}
	case "SUBSTRING":
		if err := wantArgs(e, 2, 3); err != nil {
			return nil, err
		}
	default:
		if err := wantArgs(e, 1, 1); err != nil {
			return nil, err
		}
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	switch e.Fn {
	case "CHAR_LENGTH":
		return &charLength{arg: newStrArg(args[0]), dt: e.T.Arrow(), alloc: c.alloc}, nil
	case "CONCAT":
		cc := &concat{dt: e.T.Arrow(), alloc: c.alloc}
		for _, a := range args {
			cc.args = append(cc.args, newStrArg(a))
		}
		return cc, nil
	case "SUBSTRING":
		s := &substring{s: newStrArg(args[0]), start: newNumArg(args[1], constInt[int32]), dt: e.T.Arrow(), alloc: c.alloc}
		if len(args) == 3 {
			l := newNumArg(args[2], constInt[int32])
			s.length = &l
		}
		return s, nil
	}
	fns := map[string]func(dst, s []byte) []byte{
		"UPPER": upper, "LOWER": lower,
		"TRIM":  func(dst, s []byte) []byte { return append(dst, bytes.Trim(s, " ")...) },
		"LTRIM": func(dst, s []byte) []byte { return append(dst, bytes.TrimLeft(s, " ")...) },
		"RTRIM": func(dst, s []byte) []byte { return append(dst, bytes.TrimRight(s, " ")...) },
	}
	return &strMap{arg: newStrArg(args[0]), fn: fns[e.Fn], dt: e.T.Arrow(), alloc: c.alloc}, nil
}

func upper(dst, s []byte) []byte {
	for i, c := range s {
		if c >= utf8.RuneSelf {
			for _, r := range bstr(s[i:]) {
				dst = utf8.AppendRune(dst, unicode.ToUpper(r))
			}
			return dst
		}
		if c >= 'a' && c <= 'z' {
			c -= 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

func lower(dst, s []byte) []byte {
	for i, c := range s {
		if c >= utf8.RuneSelf {
			for _, r := range bstr(s[i:]) {
				dst = utf8.AppendRune(dst, unicode.ToLower(r))
			}
			return dst
		}
		if c >= 'A' && c <= 'Z' {
			c += 'a' - 'A'
		}
		dst = append(dst, c)
	}
	return dst
}

// strMap applies a row function STRING -> STRING.
type strMap struct {
	arg   strArg
	fn    func(dst, s []byte) []byte
	dt    arrow.DataType
	alloc memory.Allocator
	out   strOut
}

func (m *strMap) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	arr, v, err := m.arg.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(arr)
	m.out.reset(m.alloc, n, andValidity(m.alloc, n, v.valid))
	for i := 0; i < n; i++ {
		m.out.data = m.fn(m.out.data, v.at(i))
		m.out.commit()
	}
	return m.out.finish(m.dt), nil
}

// charLength counts characters (code points) of valid UTF-8.
type charLength struct {
	arg   strArg
	dt    arrow.DataType
	alloc memory.Allocator
}

func (c *charLength) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	arr, v, err := c.arg.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(arr)
	buf, out := newFixed[int32](c.alloc, n)
	for i := range out {
		out[i] = int32(utf8.RuneCount(v.at(i)))
	}
	return makeArray(c.dt, n, andValidity(c.alloc, n, v.valid), buf), nil
}

// concat joins STRING arguments; NULL if any is NULL.
type concat struct {
	args  []strArg
	dt    arrow.DataType
	alloc memory.Allocator
	out   strOut
	views []strView
}

func (c *concat) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	arrs := make([]arrow.Array, len(c.args))
	defer releaseAll(arrs)
	c.views = c.views[:0]
	valids := make([]bitmap, len(c.args))
	for k := range c.args {
		arr, v, err := c.args[k].get(rec)
		if err != nil {
			return nil, err
		}
		arrs[k] = arr
		c.views = append(c.views, v)
		valids[k] = v.valid
	}
	c.out.reset(c.alloc, n, andValidity(c.alloc, n, valids...))
	for i := 0; i < n; i++ {
		for k := range c.views {
			c.out.data = append(c.out.data, c.views[k].at(i)...)
		}
		c.out.commit()
	}
	return c.out.finish(c.dt), nil
}

// substring is SUBSTRING(s, start[, length]) in characters, 1-based. A
// start of 0 is treated as 1, a negative start counts from the end (and
// gives the empty string if it points before the start), and a negative
// length gives NULL.
type substring struct {
	s      strArg
	start  numArg[int32]
	length *numArg[int32]
	dt     arrow.DataType
	alloc  memory.Allocator
	out    strOut
}

func (s *substring) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	sa, v, err := s.s.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(sa)
	pa, starts, pvalid, err := s.start.get(rec, n)
	if err != nil {
		return nil, err
	}
	defer release(pa)
	var lens []int32
	lvalid := bitmap{}
	if s.length != nil {
		var la arrow.Array
		la, lens, lvalid, err = s.length.get(rec, n)
		if err != nil {
			return nil, err
		}
		defer release(la)
	}
	s.out.reset(s.alloc, n, andValidity(s.alloc, n, v.valid, pvalid, lvalid))
	for i := 0; i < n; i++ {
		length := int64(-1) // to the end
		if lens != nil {
			if length = int64(lens[i]); length < 0 {
				s.out.addNull()
				continue
			}
		}
		s.out.add(substr(v.at(i), int64(starts[i]), length))
	}
	return s.out.finish(s.dt), nil
}

// substr returns the characters [start, start+length) of str (1-based;
// length < 0 means to the end; a start before the first character gives
// the empty string).
func substr(str []byte, start, length int64) []byte {
	nchars := int64(utf8.RuneCount(str))
	var from int64
	switch {
	case start > 0:
		from = start - 1
	case start < 0:
		from = nchars + start
	}
	to := nchars
	if length >= 0 && from+length < to {
		to = from + length
	}
	if from < 0 || from >= to {
		return str[:0]
	}
	// Map character positions to byte offsets.
	bFrom, bTo, ci := len(str), len(str), int64(0)
	for bi := range bstr(str) {
		if ci == from {
			bFrom = bi
		}
		if ci == to {
			bTo = bi
			break
		}
		ci++
	}
	return str[bFrom:bTo]
}
