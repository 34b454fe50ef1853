package eval

import (
	"math/big"
	"math/rand"
	"strings"
	"testing"

	"github.com/apache/arrow/go/v17/arrow/memory"
	"github.com/streamsql/streamsql/catalog"
	"github.com/streamsql/streamsql/planner"
)

// refDecimal computes a op b exactly with big.Rat and rounds half away
// from zero to scale s; nil for division by zero, ok=false on overflow of
// precision p.
func refDecimal(op string, a, b *big.Rat, p, s int) (any, bool) {
	var r big.Rat
	switch op {
	case "+":
		r.Add(a, b)
	case "-":
		r.Sub(a, b)
	case "*":
		r.Mul(a, b)
	case "/", "%":
		if b.Sign() == 0 {
			return nil, true
		}
		r.Quo(a, b)
		if op == "%" {
			q := new(big.Int).Quo(r.Num(), r.Denom()) // truncated quotient
			r.Sub(a, new(big.Rat).Mul(b, new(big.Rat).SetInt(q)))
		}
	}
	scale := new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(s)), nil)
	r.Mul(&r, new(big.Rat).SetInt(scale))
	// Round half away from zero.
	num, den := new(big.Int).Abs(r.Num()), r.Denom()
	q, rem := new(big.Int).QuoRem(num, den, new(big.Int))
	if new(big.Int).Lsh(rem, 1).Cmp(den) >= 0 {
		q.Add(q, big.NewInt(1))
	}
	if r.Sign() < 0 {
		q.Neg(q)
	}
	if new(big.Int).Abs(q).Cmp(new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(p)), nil)) >= 0 {
		return nil, false
	}
	return decString(q, s), true
}

func randDecimal(rng *rand.Rand, digits, scale int) (string, *big.Rat) {
	n := 1 + rng.Intn(digits)
	v := new(big.Int)
	for i := 0; i < n; i++ {
		v.Mul(v, big.NewInt(10)).Add(v, big.NewInt(int64(rng.Intn(10))))
	}
	if rng.Intn(2) == 0 {
		v.Neg(v)
	}
	return decString(v, scale), new(big.Rat).SetFrac(v, new(big.Int).Exp(big.NewInt(10), big.NewInt(int64(scale)), nil))
}

func TestDecimalAgainstBigRat(t *testing.T) {
	rng := rand.New(rand.NewSource(3))
	for _, sizes := range []struct{ p1, s1, p2, s2 int }{{10, 2, 12, 3}, {38, 4, 38, 10}, {18, 0, 5, 5}} {
		ta, tb := catalog.Decimal(sizes.p1, sizes.s1), catalog.Decimal(sizes.p2, sizes.s2)
		const n = 300
		va, vb := make([]any, n), make([]any, n)
		ra, rb := make([]*big.Rat, n), make([]*big.Rat, n)
		for i := 0; i < n; i++ {
			va[i], ra[i] = randDecimal(rng, sizes.p1, sizes.s1)
			vb[i], rb[i] = randDecimal(rng, sizes.p2, sizes.s2)
			if i%17 == 0 {
				vb[i], rb[i] = decString(big.NewInt(0), sizes.s2), new(big.Rat)
			}
		}
		cols := []colSpec{{ta, va}, {tb, vb}}
		for _, op := range []string{"+", "-", "*", "/", "%"} {
			for _, rs := range []int{0, 3, 8} {
				rt := catalog.Decimal(38, rs)
				e := call(op, rt, col(0, ta), col(1, tb))
				alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
				rec := makeRecord(alloc, cols)
				// Evaluate row by row so that an overflow on one row does
				// not hide the others.
				for i := 0; i < n; i++ {
					row := rec.NewSlice(int64(i), int64(i+1))
					got, err := evalExpr(t, alloc, e, row)
					row.Release()
					want, ok := refDecimal(op, ra[i], rb[i], 38, rs)
					if !ok {
						if err == nil {
							t.Fatalf("%s %s %s -> %s: got %v, want overflow", va[i], op, vb[i], rt, got[0])
						}
						continue
					}
					if err != nil || got[0] != want {
						t.Fatalf("%s %s %s -> %s: got %v (%v), want %v", va[i], op, vb[i], rt, got, err, want)
					}
				}
				rec.Release()
				alloc.AssertSize(t, 0)
			}
		}
	}
}

// CAST between DECIMAL and STRING round-trips exactly at any magnitude.
func TestDecimalStringRoundTrip(t *testing.T) {
	rng := rand.New(rand.NewSource(8))
	td := catalog.Decimal(38, 6)
	vals := make([]any, 500)
	for i := range vals {
		vals[i], _ = randDecimal(rng, 38, 6)
	}
	alloc := memory.NewCheckedAllocator(memory.NewGoAllocator())
	defer alloc.AssertSize(t, 0)
	rec := makeRecord(alloc, []colSpec{{td, vals}})
	defer rec.Release()
	for _, e := range []planner.Expr{
		call("CAST", tStr, col(0, td)),
		call("CAST", tStr, call("CAST", td, call("CAST", tStr, col(0, td)))),
	} {
		got, err := evalExpr(t, alloc, e, rec)
		if err != nil {
			t.Fatal(err)
		}
		for i, v := range vals {
			want := v.(string)
			if strings.HasPrefix(want, "-0.") && strings.Trim(want[3:], "0") == "" {
				want = want[1:] // -0.000000 is 0.000000
			}
			if got[i] != want {
				t.Fatalf("%s row %d: got %v, want %v", e, i, got[i], want)
			}
		}
	}
}
