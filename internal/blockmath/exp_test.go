package blockmath

import (
	"math"
	"math/big"
	"math/rand/v2"
	"testing"
)

// ulps returns the distance between a and b in units in the last place
// (the number of float64 values between them), 0 for equal values and for
// two NaNs.
func ulps(a, b float64) uint64 {
	if math.IsNaN(a) && math.IsNaN(b) || a == b {
		return 0
	}
	if math.IsNaN(a) || math.IsNaN(b) || math.Signbit(a) != math.Signbit(b) {
		return math.MaxUint64
	}
	x, y := math.Float64bits(math.Abs(a)), math.Float64bits(math.Abs(b))
	if x > y {
		return x - y
	}
	return y - x
}

// TestExpAgainstMath: over the whole range of arguments, uniform and on a
// log scale of |x|, every result is within 2 ulp of math.Exp, and outside
// the fast range, at the special values and at the ends, equal to it.
func TestExpAgainstMath(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	var xs []float64
	for range 200000 {
		xs = append(xs, -746+rng.Float64()*1456) // every result class: 0, subnormal, normal, +Inf
	}
	for range 100000 {
		x := math.Pow(10, -300+rng.Float64()*303) // tiny to ~1000 in magnitude
		if rng.IntN(2) == 0 {
			x = -x
		}
		xs = append(xs, x)
	}
	xs = append(xs, 0, math.Copysign(0, -1), 1, -1, 1e-320, -1e-320, math.SmallestNonzeroFloat64,
		fastLo, fastHi, math.Nextafter(fastLo, -1000), math.Nextafter(fastHi, 1000), 709.782712893384, 709.7827128933841,
		-708.3964185322641, -745.1332191019411, -745.1332191019412, -746, 1000, -1000,
		math.Inf(1), math.Inf(-1), math.NaN(), math.MaxFloat64, -math.MaxFloat64)
	got := append([]float64(nil), xs...)
	Exp(got)
	worst := uint64(0)
	for i, x := range xs {
		want := math.Exp(x)
		d := ulps(got[i], want)
		if d > 2 {
			t.Fatalf("Exp(%v) = %v, math.Exp = %v: %d ulp apart", x, got[i], want, d)
		}
		if !(x >= fastLo && x <= fastHi) && d != 0 {
			t.Errorf("Exp(%v) = %v, want math.Exp's %v exactly outside the fast range", x, got[i], want)
		}
		worst = max(worst, d)
	}
	t.Logf("worst distance from math.Exp over %d arguments: %d ulp", len(xs), worst)
}

// TestExpAgainstBig: against e^x computed with 200-bit big.Float
// arithmetic, the fast path is within 1 ulp (math.Exp too, for scale).
func TestExpAgainstBig(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	worst, worstMath := uint64(0), uint64(0)
	for range 3000 {
		x := fastLo + rng.Float64()*(fastHi-fastLo)
		if rng.IntN(3) == 0 {
			x = (rng.Float64() - 0.5) * 4
		}
		want := bigExp(x)
		y := []float64{x}
		Exp(y)
		worst = max(worst, ulps(y[0], want))
		worstMath = max(worstMath, ulps(math.Exp(x), want))
	}
	if worst > 1 {
		t.Errorf("worst error %d ulp against the exact value, want at most 1", worst)
	}
	t.Logf("worst error against the exact value: Exp %d ulp, math.Exp %d ulp", worst, worstMath)
}

// bigExp returns e^x correctly rounded to float64 (to within the 200-bit
// working precision): e^x = 2^m · e^(x - m ln 2) with the Taylor series.
func bigExp(x float64) float64 {
	const prec = 200
	ln2 := bigLn2(prec)
	m := math.Round(x / math.Ln2)
	r := new(big.Float).SetPrec(prec).SetFloat64(x)
	r.Sub(r, new(big.Float).SetPrec(prec).Mul(ln2, new(big.Float).SetFloat64(m)))
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	sum.SetMantExp(sum, int(m))
	f, _ := sum.Float64()
	return f
}

// bigLn2 returns ln 2 to prec bits: ln 2 = Σ 1/(k·2^k).
func bigLn2(prec uint) *big.Float {
	sum := new(big.Float).SetPrec(prec)
	for k := int64(1); k < int64(prec)+10; k++ {
		term := new(big.Float).SetPrec(prec).SetInt64(1)
		term.SetMantExp(term, -int(k))
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(k))
		sum.Add(sum, term)
	}
	return sum
}

// TestExp2Table: every table entry is 2^(j/128) correctly rounded.
func TestExp2Table(t *testing.T) {
	for j, v := range exp2Table {
		// 2^(j/128) = e^(j ln2 / 128)
		want := bigExp2(j)
		if v != want {
			t.Errorf("exp2Table[%d] = %v, want %v", j, v, want)
		}
	}
}

func bigExp2(j int) float64 {
	const prec = 200
	r := new(big.Float).SetPrec(prec).Mul(bigLn2(prec), new(big.Float).SetPrec(prec).SetInt64(int64(j)))
	r.Quo(r, new(big.Float).SetPrec(prec).SetInt64(expN))
	sum := new(big.Float).SetPrec(prec).SetInt64(1)
	term := new(big.Float).SetPrec(prec).SetInt64(1)
	for n := int64(1); n < 60; n++ {
		term.Mul(term, r)
		term.Quo(term, new(big.Float).SetPrec(prec).SetInt64(n))
		sum.Add(sum, term)
	}
	f, _ := sum.Float64()
	return f
}

func BenchmarkExp(b *testing.B) {
	rng := rand.New(rand.NewPCG(1, 2))
	src := make([]float64, 1024)
	for i := range src {
		src[i] = 1.3 + 0.2*rng.NormFloat64()
	}
	dst := make([]float64, len(src))
	b.Run("blockmath", func(b *testing.B) {
		for b.Loop() {
			copy(dst, src)
			Exp(dst)
		}
	})
	b.Run("math", func(b *testing.B) {
		for b.Loop() {
			for i, x := range src {
				dst[i] = math.Exp(x)
			}
		}
	})
}
