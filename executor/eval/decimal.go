package eval

import (
	"fmt"
	"math/big"

	"github.com/apache/arrow/go/v17/arrow"
	"github.com/apache/arrow/go/v17/arrow/decimal128"
	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/internal/sqlvalue"
	"github.com/streamsql/streamsql/planner"
)

type dec = decimal128.Num

var pow10i64 = func() [19]int64 {
	var p [19]int64
	p[0] = 1
	for i := 1; i < len(p); i++ {
		p[i] = p[i-1] * 10
	}
	return p
}()

func decFitsInt64(n dec) bool { return n.HighBits() == int64(n.LowBits())>>63 }

func constDec(k *constNode) dec { return k.dec }

// decScaleUp multiplies n by 10^k; ok is false if the result does not fit
// 128 bits.
func decScaleUp(n dec, k int) (dec, bool) {
	if k == 0 {
		return n, true
	}
	if k <= 18 && decFitsInt64(n) {
		v := int64(n.LowBits())
		if !mulOverflows64(v, pow10i64[k]) {
			return decimal128.FromI64(v * pow10i64[k]), true
		}
		return decimal128.FromI64(v).Mul(decimal128.FromI64(pow10i64[k])), true
	}
	if k > 38 {
		return n, false
	}
	b := n.BigInt()
	b.Mul(b, decimal128.GetScaleMultiplier(k).BigInt())
	if b.BitLen() > 127 {
		return n, false
	}
	return decimal128.FromBigInt(b), true
}

// decScaleDown divides n by 10^k, rounding half away from zero when round
// is set and truncating toward zero otherwise.
func decScaleDown(n dec, k int, round bool) dec {
	if k == 0 {
		return n
	}
	if k > 38 {
		return dec{}
	}
	if k <= 18 && decFitsInt64(n) {
		v, p := int64(n.LowBits()), pow10i64[k]
		q, r := v/p, v%p
		if round {
			if r < 0 {
				r = -r
			}
			if r >= p-r {
				if v < 0 {
					q--
				} else {
					q++
				}
			}
		}
		return decimal128.FromI64(q)
	}
	return n.ReduceScaleBy(int32(k), round)
}

// decRescale moves n from scale from to scale to (rounding half up when
// reducing); ok is false on 128-bit overflow.
func decRescale(n dec, from, to int) (dec, bool) {
	if to >= from {
		return decScaleUp(n, to-from)
	}
	return decScaleDown(n, from-to, true), true
}

// decAdd adds with signed 128-bit overflow detection.
func decAdd(a, b dec) (dec, bool) {
	s := a.Add(b)
	ok := !(a.Sign() >= 0 && b.Sign() >= 0 && s.Sign() < 0) && !(a.Sign() < 0 && b.Sign() < 0 && s.Sign() >= 0)
	return s, ok
}

// decMul multiplies exactly; ok is false if the product exceeds 127 bits.
func decMul(a, b dec) (dec, bool) {
	if decFitsInt64(a) && decFitsInt64(b) {
		return a.Mul(b), true
	}
	p := new(big.Int).Mul(a.BigInt(), b.BigInt())
	if p.BitLen() > 127 {
		return dec{}, false
	}
	return decimal128.FromBigInt(p), true
}

// decArith evaluates DECIMAL + - * / %.
type decArith struct {
	l, r       numArg[dec]
	op         byte
	ls, rs, s  int
	prec       int32
	dt         arrow.DataType
	alloc      memory.Allocator
	bigA, bigB big.Int
}

func (c *compiler) decimalArith(e *planner.Call) (Evaluator, error) {
	lt, rt := e.Args[0].Type(), e.Args[1].Type()
	if lt.Kind != catalog.KindDecimal || rt.Kind != catalog.KindDecimal {
		return nil, fmt.Errorf("eval: %s(%s, %s) -> %s is not supported", e.Fn, lt, rt, e.T)
	}
	args, err := c.compileArgs(e.Args)
	if err != nil {
		return nil, err
	}
	op := e.Fn[0]
	if e.Fn == "MOD" {
		op = '%'
	}
	return &decArith{
		l: newNumArg(args[0], constDec), r: newNumArg(args[1], constDec), op: op,
		ls: lt.Scale, rs: rt.Scale, s: e.T.Scale, prec: int32(e.T.Precision),
		dt: e.T.Arrow(), alloc: c.alloc,
	}, nil
}

func (d *decArith) Eval(rec arrow.Record) (arrow.Array, error) {
	n := int(rec.NumRows())
	ops, err := getOperands(d.alloc, &d.l, &d.r, rec, n)
	if err != nil {
		return nil, err
	}
	defer ops.release()
	lv, rv, valid := ops.a, ops.b, ops.valid
	if d.op == '/' || d.op == '%' {
		// Division by zero yields NULL: make sure a bitmap exists.
		valid = ensureValidity(d.alloc, valid, n)
	}
	buf, out := newFixed[dec](d.alloc, n)
	for i := range out {
		if valid != nil && !(bitmap{bits: valid.Bytes()}).get(i) {
			out[i] = dec{}
			continue
		}
		v, ok, null := d.one(lv[i], rv[i])
		if null {
			clearBit(valid.Bytes(), i)
			continue
		}
		if !ok || !v.FitsInPrecision(d.prec) {
			buf.Release()
			if valid != nil {
				valid.Release()
			}
			return nil, &RowError{Row: i, Msg: fmt.Sprintf("DECIMAL(%d, %d) overflow", d.prec, d.s)}
		}
		out[i] = v
	}
	return makeArray(d.dt, n, valid, buf), nil
}

// one computes a single result. null reports a NULL result (division by
// zero); ok is false on overflow. The 128-bit fast paths fall back to
// exact big-integer arithmetic when an intermediate value does not fit.
func (d *decArith) one(a, b dec) (v dec, ok, null bool) {
	switch d.op {
	case '+', '-':
		nb := b
		if d.op == '-' {
			nb = b.Negate()
		}
		m := max(d.ls, d.rs)
		sa, ok1 := decScaleUp(a, m-d.ls)
		sb, ok2 := decScaleUp(nb, m-d.rs)
		s, ok3 := decAdd(sa, sb)
		if ok1 && ok2 && ok3 {
			if v, ok = decRescale(s, m, d.s); ok {
				return v, true, false
			}
		}
	case '*':
		if p, ok := decMul(a, b); ok {
			if v, ok = decRescale(p, d.ls+d.rs, d.s); ok {
				return v, true, false
			}
		}
	default:
		if b.Sign() == 0 {
			return dec{}, true, true
		}
		if v, ok := d.divMod64(a, b); ok {
			return v, true, false
		}
	}
	v, ok = d.slow(a, b)
	return v, ok, false
}

var decTen = decimal128.FromI64(10)

// parseDecimal parses [+-]digits[.digits][(e|E)[+-]digits] into an
// unscaled value at the given scale, rounding half away from zero. ok is
// false for bad syntax; fits is false when the value exceeds 38 digits.
func parseDecimal(s []byte, scale int) (v dec, ok, fits bool) {
	s = sqlvalue.TrimSpace(s)
	neg := false
	if len(s) > 0 && (s[0] == '+' || s[0] == '-') {
		neg = s[0] == '-'
		s = s[1:]
	}
	// Split mantissa and exponent.
	mant, exp := s, int64(0)
	for i, c := range s {
		if c == 'e' || c == 'E' {
			mant = s[:i]
			e, why := parseInt(s[i+1:])
			if why != "" || e > 1000 || e < -1000 {
				return dec{}, false, false
			}
			exp = e
			break
		}
	}
	ndig, nfrac, dot := 0, 0, false
	for _, c := range mant {
		switch {
		case c == '.' && !dot:
			dot = true
		case c >= '0' && c <= '9':
			ndig++
			if dot {
				nfrac++
			}
		default:
			return dec{}, false, false
		}
	}
	if ndig == 0 {
		return dec{}, false, false
	}
	// The digits, read as an integer, are scaled by 10^(exp - nfrac); we
	// want them scaled by 10^scale.
	shift := int64(scale) + exp - int64(nfrac)
	keep := int64(ndig) + shift // digits that stay left of the cut
	if keep < 0 {
		return dec{}, true, true // below half a unit of the last place
	}
	limit := decimal128.GetScaleMultiplier(37)
	taken, roundUp := int64(0), false
	for _, c := range mant {
		if c == '.' {
			continue
		}
		if taken == keep {
			roundUp = c >= '5'
			break
		}
		if !v.Less(limit) {
			return dec{}, true, false
		}
		v = v.Mul(decTen).Add(decimal128.FromI64(int64(c - '0')))
		taken++
	}
	if roundUp {
		v = v.Add(decimal128.FromI64(1))
	}
	for ; shift > 0; shift-- {
		if !v.Less(limit) {
			return dec{}, true, false
		}
		v = v.Mul(decTen)
	}
	if neg {
		v = v.Negate()
	}
	return v, true, true
}
