package eval

import (
	"bytes"
	"fmt"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

// fmtCache compiles a constant format once, or a per-row format when it
// changes.
type fmtCache struct {
	fixed   *javaFormat
	last    []byte
	lastF   *javaFormat
	lastErr error
}

func (c *fmtCache) get(p []byte) (*javaFormat, error) {
	if c.fixed != nil {
		return c.fixed, nil
	}
	if (c.lastF == nil && c.lastErr == nil) || !bytes.Equal(p, c.last) {
		c.last = append(c.last[:0], p...)
		c.lastF, c.lastErr = compileJavaFormat(string(p))
	}
	return c.lastF, c.lastErr
}

func newFmtCache(a strArg) (fmtCache, error) {
	var c fmtCache
	if a.k != nil {
		f, err := compileJavaFormat(a.k.s)
		if err != nil {
			return c, fmt.Errorf("eval: %w", err)
		}
		c.fixed = f
	}
	return c, nil
}

func (c *compiler) timeFn(e *planner.Call) (Evaluator, error) {
	kinds := make([]catalog.Kind, len(e.Args))
	for i, a := range e.Args {
		kinds[i] = a.Type().Kind
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	bad := func() error {
		ts := make([]string, len(e.Args))
		for i, a := range e.Args {
			ts[i] = a.Type().String()
		}
		return fmt.Errorf("eval: %s%v is not supported", e.Fn, ts)
	}
	switch e.Fn {
	case "DATE_FORMAT":
		if len(args) != 2 || kinds[1] != catalog.KindString {
			return nil, bad()
		}
		switch {
		case kinds[0] == catalog.KindString:
			// DATE_FORMAT(string, fmt) formats the parsed timestamp; a
			// string that does not parse gives NULL.
			args[0] = &fromString{castBase: castBase{arg: args[0], from: catalog.String, to: catalog.Timestamp, try: true, alloc: c.alloc}}
		case !e.Args[0].Type().IsTimestamp():
			return nil, bad()
		}
		d := &dateFormat{ts: args[0], f: newStrArg(args[1]), dt: e.T.Arrow(), alloc: c.alloc}
		d.cache, err = newFmtCache(d.f)
		return d, err
	case "PROCTIME":
		if len(args) != 0 {
			return nil, bad()
		}
		if c.clock == nil {
			return nil, fmt.Errorf("eval: PROCTIME() needs a processing-time clock")
		}
		return &clockMillis{clock: c.clock, dt: e.T.Arrow(), alloc: c.alloc}, nil
	case "TO_TIMESTAMP", "UNIX_TIMESTAMP":
		if len(args) == 0 && e.Fn == "UNIX_TIMESTAMP" {
			if c.clock == nil {
				return nil, fmt.Errorf("eval: UNIX_TIMESTAMP() needs a processing-time clock")
			}
			return &clockSeconds{clock: c.clock, alloc: c.alloc}, nil
		}
		if len(args) < 1 || len(args) > 2 || kinds[0] != catalog.KindString || (len(args) == 2 && kinds[1] != catalog.KindString) {
			return nil, bad()
		}
		p := &parseTS{s: newStrArg(args[0]), seconds: e.Fn == "UNIX_TIMESTAMP", dt: e.T.Arrow(), alloc: c.alloc}
		if len(args) == 2 {
			f := newStrArg(args[1])
			p.f = &f
			p.cache, err = newFmtCache(f)
		}
		return p, err
	}
	// TO_TIMESTAMP_LTZ(epoch, precision)
	if len(args) < 1 || len(args) > 2 || !e.Args[0].Type().IsInteger() || (len(args) == 2 && !e.Args[1].Type().IsInteger()) {
		return nil, bad()
	}
	t := &toTSLTZ{epoch: args[0], kind: kinds[0], dt: e.T.Arrow(), alloc: c.alloc, fixedPrec: 3}
	if len(args) == 2 {
		k, ok := asConst(args[1])
		if !ok || k.null || (k.i64 != 0 && k.i64 != 3) {
			return nil, fmt.Errorf("eval: TO_TIMESTAMP_LTZ precision must be the constant 0 or 3")
		}
		t.fixedPrec = k.i64
	}
	return t, nil
}

// dateFormat is DATE_FORMAT(ts, format).
type dateFormat struct {
	ts    Evaluator
	f     strArg
	cache fmtCache
	dt    arrow.DataType
	alloc memory.Allocator
	out   strOut
}

func (d *dateFormat) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	ta, err := d.ts.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer ta.Release()
	fa, fv, err := d.f.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(fa)
	tv := validityOf(ta)
	d.out.reset(d.alloc, n, andValidity(d.alloc, n, tv, fv.valid))
	for i, ts := range fixedValues[int64](ta) {
		if !tv.get(i) || !fv.valid.get(i) {
			d.out.commit()
			continue
		}
		f, err := d.cache.get(fv.at(i))
		if err != nil {
			d.out.discard()
			return nil, &RowError{Row: i, Msg: err.Error()}
		}
		d.out.data = f.appendFormat(d.out.data, ts)
		d.out.commit()
	}
	return d.out.finish(d.dt), nil
}

// parseTS is TO_TIMESTAMP(s[, format]) and UNIX_TIMESTAMP(s[, format]);
// a string that does not parse gives NULL.
type parseTS struct {
	s       strArg
	f       *strArg
	cache   fmtCache
	seconds bool
	dt      arrow.DataType
	alloc   memory.Allocator
}

func (p *parseTS) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	sa, sv, err := p.s.get(rec)
	if err != nil {
		return nil, err
	}
	defer release(sa)
	var fv strView
	if p.f != nil {
		var fa arrow.Array
		if fa, fv, err = p.f.get(rec); err != nil {
			return nil, err
		}
		defer release(fa)
	}
	valid := ensureValidity(p.alloc, andValidity(p.alloc, n, sv.valid, fv.valid), n)
	vb := valid.Bytes()
	buf, out := newFixed[int64](p.alloc, n)
	for i := range out {
		out[i] = 0
		if vb[i>>3]&(1<<uint(i&7)) == 0 {
			continue
		}
		var ms int64
		ok := false
		if p.f == nil {
			ms, ok = sqlvalue.ParseCastTimestamp(sv.at(i))
		} else if f, err := p.cache.get(fv.at(i)); err != nil {
			buf.Release()
			valid.Release()
			return nil, &RowError{Row: i, Msg: err.Error()}
		} else {
			ms, ok = f.parse(sv.at(i))
		}
		if !ok {
			clearBit(vb, i)
			continue
		}
		if p.seconds {
			ms = sqlvalue.FloorDiv(ms, 1000)
		}
		out[i] = ms
	}
	return makeArray(p.dt, n, dropAllValid(valid, n), buf), nil
}

// clockSeconds is UNIX_TIMESTAMP(): the processing time in seconds.
type clockSeconds struct {
	clock func() int64
	alloc memory.Allocator
}

func (c *clockSeconds) Eval(rec arrow.Record) (arrow.Array, error) {
	return fill(c.alloc, arrow.PrimitiveTypes.Int64, int(rec.NumRows()), sqlvalue.FloorDiv(c.clock(), 1000)), nil
}

// clockMillis is PROCTIME(): the processing time in milliseconds, read
// once per batch.
type clockMillis struct {
	clock func() int64
	dt    arrow.DataType
	alloc memory.Allocator
}

func (c *clockMillis) Eval(rec arrow.Record) (arrow.Array, error) {
	return fill(c.alloc, c.dt, int(rec.NumRows()), c.clock()), nil
}

// toTSLTZ is TO_TIMESTAMP_LTZ(epoch, 0|3).
type toTSLTZ struct {
	epoch     Evaluator
	kind      catalog.Kind
	fixedPrec int64
	dt        arrow.DataType
	alloc     memory.Allocator
	ints      []int64
}

func (t *toTSLTZ) Eval(rec arrow.Record) (arrow.Array, error) {
	in, err := t.epoch.Eval(rec)
	if err != nil {
		return nil, err
	}
	defer in.Release()
	n := in.Len()
	vb := validityOf(in)
	t.ints = widenInts(in, t.kind, t.ints)
	buf, out := newFixed[int64](t.alloc, n)
	for i, v := range t.ints {
		if t.fixedPrec == 0 {
			if mulOverflows64(v, 1000) && vb.get(i) {
				buf.Release()
				return nil, &RowError{Row: i, Msg: fmt.Sprintf("TO_TIMESTAMP_LTZ(%d, 0) overflow", v)}
			}
			v *= 1000
		}
		out[i] = v
	}
	return makeArray(t.dt, n, andValidity(t.alloc, n, vb), buf), nil
}
