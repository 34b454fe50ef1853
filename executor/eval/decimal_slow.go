package eval

import (
	"math"
	"math/big"

	"github.com/apache/arrow/go/v17/arrow/decimal128"
)

// slow computes a op b exactly with big integers and rounds half away
// from zero to the result scale; ok is false if the result exceeds 128
// bits.
func (d *decArith) slow(a, b dec) (dec, bool) {
	x, y := d.bigA.Set(a.BigInt()), d.bigB.Set(b.BigInt())
	pow := func(k int) *big.Int { return decimal128.GetScaleMultiplier(k).BigInt() }
	var r *big.Int
	scale := 0
	switch d.op {
	case '+', '-', '%':
		scale = max(d.ls, d.rs)
		x.Mul(x, pow(scale-d.ls))
		y.Mul(y, pow(scale-d.rs))
		switch d.op {
		case '+':
			r = x.Add(x, y)
		case '-':
			r = x.Sub(x, y)
		default:
			r = x.Rem(x, y)
		}
	case '*':
		r, scale = x.Mul(x, y), d.ls+d.rs
	default:
		// a/10^ls / (b/10^rs) * 10^s = a * 10^(s+rs-ls) / b.
		if k := d.s + d.rs - d.ls; k >= 0 {
			x.Mul(x, pow(k))
		} else {
			y.Mul(y, pow(-k))
		}
		r, scale = roundQuo(x, y), d.s
	}
	if d.s > scale {
		r.Mul(r, pow(d.s-scale))
	} else if d.s < scale {
		r = roundQuo(r, pow(scale-d.s))
	}
	if r.BitLen() > 127 {
		return dec{}, false
	}
	return decimal128.FromBigInt(r), true
}

// roundQuo returns x/y rounded half away from zero.
func roundQuo(x, y *big.Int) *big.Int {
	q, r := new(big.Int).QuoRem(x, y, new(big.Int))
	r.Abs(r).Lsh(r, 1)
	if r.Cmp(new(big.Int).Abs(y)) >= 0 {
		if x.Sign()*y.Sign() < 0 {
			q.Sub(q, big.NewInt(1))
		} else {
			q.Add(q, big.NewInt(1))
		}
	}
	return q
}

// divMod64 computes / or % in int64 arithmetic when the operands and the
// scaled intermediate values fit; ok is false otherwise.
func (d *decArith) divMod64(a, b dec) (dec, bool) {
	if !decFitsInt64(a) || !decFitsInt64(b) {
		return dec{}, false
	}
	x, y := int64(a.LowBits()), int64(b.LowBits())
	scale := func(v int64, k int) (int64, bool) {
		if k < 0 || k > 18 || mulOverflows64(v, pow10i64[k]) {
			return 0, false
		}
		return v * pow10i64[k], true
	}
	if d.op == '%' {
		m := max(d.ls, d.rs)
		x, ok1 := scale(x, m-d.ls)
		y, ok2 := scale(y, m-d.rs)
		if !ok1 || !ok2 || (x == math.MinInt64 && y == -1) {
			return dec{}, false
		}
		v, ok := decRescale(decimal128.FromI64(x%y), m, d.s)
		return v, ok
	}
	var ok bool
	if k := d.s + d.rs - d.ls; k >= 0 {
		x, ok = scale(x, k)
	} else {
		y, ok = scale(y, -k)
	}
	if !ok || x == math.MinInt64 || y == math.MinInt64 {
		return dec{}, false
	}
	q, r := x/y, x%y
	if r < 0 {
		r = -r
	}
	if ay := max(y, -y); r >= ay-r {
		if (x < 0) != (y < 0) {
			q--
		} else {
			q++
		}
	}
	return decimal128.FromI64(q), true
}
