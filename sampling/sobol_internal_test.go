package sampling

import (
	"fmt"
	"math"
	"math/bits"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// TestSobolUnscrambled: the unscrambled points match published output of
// the Sobol sequence with Joe & Kuo's direction numbers.
func TestSobolUnscrambled(t *testing.T) {
	tests := []struct {
		name  string
		first int // index of the first point listed
		pts   [][]float64
	}{
		// The first ten points in three dimensions, as Joe & Kuo list them
		// for sobol.cc with new-joe-kuo-6.21201 (and SciPy's test_qmc.py
		// lists the first eight in two).
		{"joe-kuo N=10 D=3", 0, [][]float64{
			{0, 0, 0},
			{0.5, 0.5, 0.5},
			{0.75, 0.25, 0.25},
			{0.25, 0.75, 0.75},
			{0.375, 0.375, 0.625},
			{0.875, 0.875, 0.125},
			{0.625, 0.125, 0.875},
			{0.125, 0.625, 0.375},
			{0.1875, 0.3125, 0.9375},
			{0.6875, 0.8125, 0.4375},
		}},
		// Points 0-4 and 118-122 of sobol.cc's output for N = 123, D = 27
		// (new-joe-kuo-6.21201), as recorded in the unit tests of the sglib
		// MATLAB toolbox (E. Zander, TU Braunschweig, unittest_sobol_sequence.m).
		{"joe-kuo N=123 D=27 head", 0, [][]float64{
			{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0},
			{0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 0.5},
			{0.75, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.25, 0.75, 0.25, 0.25, 0.25, 0.75, 0.25},
			{0.25, 0.75, 0.75, 0.75, 0.25, 0.25, 0.75, 0.25, 0.25, 0.25, 0.25, 0.25, 0.75, 0.75, 0.25, 0.75, 0.25, 0.75, 0.25, 0.75, 0.75, 0.25, 0.75, 0.75, 0.75, 0.25, 0.75},
			{0.375, 0.375, 0.625, 0.875, 0.375, 0.125, 0.375, 0.875, 0.875, 0.625, 0.875, 0.375, 0.375, 0.625, 0.375, 0.875, 0.375, 0.875, 0.875, 0.125, 0.125, 0.125, 0.375, 0.875, 0.875, 0.875, 0.375},
		}},
		{"joe-kuo N=123 D=27 tail", 118, [][]float64{
			{0.6953125, 0.4765625, 0.9921875, 0.3203125, 0.4140625, 0.5234375, 0.8046875, 0.3828125, 0.1015625, 0.3515625, 0.6796875, 0.0234375, 0.5703125, 0.1953125, 0.7890625, 0.2109375, 0.6484375, 0.3984375, 0.8671875, 0.1171875, 0.2265625, 0.3046875, 0.8515625, 0.6484375, 0.8046875, 0.9140625, 0.6015625},
			{0.1953125, 0.9765625, 0.4921875, 0.8203125, 0.9140625, 0.0234375, 0.3046875, 0.8828125, 0.6015625, 0.8515625, 0.1796875, 0.5234375, 0.0703125, 0.6953125, 0.2890625, 0.7109375, 0.1484375, 0.8984375, 0.3671875, 0.6171875, 0.7265625, 0.8046875, 0.3515625, 0.1484375, 0.3046875, 0.4140625, 0.1015625},
			{0.1328125, 0.0390625, 0.9296875, 0.5078125, 0.3515625, 0.2109375, 0.6171875, 0.6953125, 0.7890625, 0.4140625, 0.2421875, 0.7109375, 0.2578125, 0.1328125, 0.7265625, 0.3984375, 0.8359375, 0.0859375, 0.0546875, 0.1796875, 0.4140625, 0.1171875, 0.7890625, 0.9609375, 0.1171875, 0.8515625, 0.1640625},
			{0.6328125, 0.5390625, 0.4296875, 0.0078125, 0.8515625, 0.7109375, 0.1171875, 0.1953125, 0.2890625, 0.9140625, 0.7421875, 0.2109375, 0.7578125, 0.6328125, 0.2265625, 0.8984375, 0.3359375, 0.5859375, 0.5546875, 0.6796875, 0.9140625, 0.6171875, 0.2890625, 0.4609375, 0.6171875, 0.3515625, 0.6640625},
			{0.8828125, 0.2890625, 0.6796875, 0.7578125, 0.6015625, 0.9609375, 0.8671875, 0.4453125, 0.0390625, 0.6640625, 0.9921875, 0.4609375, 0.0078125, 0.3828125, 0.4765625, 0.1484375, 0.0859375, 0.3359375, 0.8046875, 0.4296875, 0.1640625, 0.8671875, 0.5390625, 0.7109375, 0.3671875, 0.1015625, 0.4140625},
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for r, row := range tt.pts {
				n := uint32(tt.first + r)
				for d, want := range row {
					v := sobolDirections(d)
					if got := float64(sobolPoint(&v, n)) * 0x1p-32; got != want {
						t.Errorf("point %d, dimension %d: got %v, want %v", n, d+1, got, want)
					}
				}
			}
		})
	}
}

// TestSobolGrayRecurrence: the worker's incremental Gray-code update agrees
// with the direct formula, up to the last index before 2^32.
func TestSobolGrayRecurrence(t *testing.T) {
	for _, d := range []int{0, 1, 2, 100, SobolMaxDimensions - 1} {
		v := sobolDirections(d)
		for _, start := range []uint32{0, 1023, 1 << 20, 1<<32 - 4} {
			x := sobolPoint(&v, start)
			for n := start; n < start+3; n++ {
				x ^= v[bits.TrailingZeros32(n+1)]
				if want := sobolPoint(&v, n+1); x != want {
					t.Fatalf("dimension %d, point %d: recurrence gave %#x, want %#x", d, n+1, x, want)
				}
			}
		}
	}
}

// TestJoeKuoTable: every embedded line is well formed (Joe & Kuo 2008, §2):
// the polynomial of degree s with inner coefficients a is primitive over
// GF(2), no two dimensions share one, and each m_k is odd and below 2^k.
func TestJoeKuoTable(t *testing.T) {
	tab := joeKuo()
	if len(tab) != SobolMaxDimensions {
		t.Fatalf("%d dimensions, want %d", len(tab), SobolMaxDimensions)
	}
	seen := map[uint64]int{}
	for d, l := range tab[1:] {
		dim := d + 2
		if int(l.s) != len(l.m) || l.s == 0 || l.s > 31 || l.a >= 1<<(l.s-1) && l.s > 1 {
			t.Fatalf("dimension %d: s=%d a=%d m=%v", dim, l.s, l.a, l.m)
		}
		for k, m := range l.m {
			if m&1 == 0 || m >= 1<<(k+1) {
				t.Errorf("dimension %d: m_%d = %d is not odd and below 2^%d", dim, k+1, m, k+1)
			}
		}
		p := uint64(1)<<l.s | uint64(l.a)<<1 | 1
		if !primitive(p, uint(l.s)) {
			t.Errorf("dimension %d: polynomial %#b is not primitive", dim, p)
		}
		if prev, ok := seen[p]; ok {
			t.Errorf("dimensions %d and %d share the polynomial %#b", prev, dim, p)
		}
		seen[p] = dim
	}
}

// primitive reports whether the degree-s polynomial p over GF(2) is
// primitive: x has multiplicative order exactly 2^s − 1 modulo p.
func primitive(p uint64, s uint) bool {
	mul := func(a, b uint64) uint64 { // a·b mod p, for a, b of degree < s
		var r uint64
		for ; b != 0; b >>= 1 {
			if b&1 == 1 {
				r ^= a
			}
			a <<= 1
			if a>>s&1 == 1 {
				a ^= p
			}
		}
		return r
	}
	x := uint64(2)
	if s == 1 {
		x ^= p // x mod (x + 1)
	}
	pow := func(e uint64) uint64 {
		r, b := uint64(1), x
		for ; e != 0; e >>= 1 {
			if e&1 == 1 {
				r = mul(r, b)
			}
			b = mul(b, b)
		}
		return r
	}
	order := uint64(1)<<s - 1
	if pow(order) != 1 {
		return false
	}
	n := order
	for q := uint64(2); q <= n; q++ {
		if n%q != 0 {
			continue
		}
		if pow(order/q) == 1 {
			return false
		}
		for n%q == 0 {
			n /= q
		}
	}
	return true
}

// TestOwenScrambleNested: the scramble is a bijection whose top k output
// bits depend only on the top k input bits, so it maps every dyadic
// interval of width 2^-k onto one of the same width (Owen's nesting).
func TestOwenScrambleNested(t *testing.T) {
	for _, seed := range []uint32{0, 1, 0xdeadbeef, 0x9e3779b9} {
		// Bijection on the top 12 bits (with the rest fixed at zero).
		seen := map[uint32]bool{}
		for x := uint32(0); x < 1<<12; x++ {
			y := owenScramble(x<<20, seed) >> 20
			if seen[y] {
				t.Fatalf("seed %#x: two inputs map to %#x in the top 12 bits", seed, y)
			}
			seen[y] = true
		}
		// Nesting: inputs that agree in the top k bits agree in the top k
		// bits of the output.
		for k := 1; k <= 16; k++ {
			for _, x := range []uint32{0x12345678, 0xffffffff, 0x80000000, 0x0badf00d} {
				y := x ^ (1<<(32-k) - 1) // same top k bits, others flipped
				if owenScramble(x, seed)>>(32-k) != owenScramble(y, seed)>>(32-k) {
					t.Fatalf("seed %#x: top %d bits of the output depend on lower input bits", seed, k)
				}
			}
		}
	}
}

// TestSobolFillReference: Fill's incremental loop (reversed points,
// reversed direction numbers, the batch of quantiles) gives, bit for bit,
// Q(u) of the point computed from scratch for every trial: sobolPoint,
// owenScramble, the 20 hashed low bits, the table's Quantile. Blocks
// straddle a replicate boundary (NewSobolReplicated of 2,048 trials).
func TestSobolFillReference(t *testing.T) {
	m := &model.Model{Periods: 1}
	for i, d := range []distributions.Distribution{mustDist(t)(distributions.NewNormal(1, 2)), mustDist(t)(distributions.NewPERT(1, 2, 5)),
		mustDist(t)(distributions.NewLogNormal(0, 1))} {
		m.Inputs = append(m.Inputs, model.Input{Name: fmt.Sprint("x", i), Dist: d, Slot: i})
	}
	for _, groupBits := range []uint{32, 11} {
		s, err := newSobol(m, groupBits)
		if err != nil {
			t.Fatal(err)
		}
		w := s.NewWorker()
		cols := [][][]float64{{make([]float64, 1024)}, {make([]float64, 1024)}, {make([]float64, 1024)}}
		for _, b := range []Block{{Seed: 5, Index: 0, First: 0, N: 1024}, {Seed: 5, Index: 3, First: 3 * 1024, N: 1024}, {Seed: 5, Index: 7, First: 1500, N: 1000}} {
			w.Fill(b, cols)
			for i := range m.Inputs {
				v := &s.v[s.dims[i][0]]
				for j := range b.N {
					n := uint64(b.First) + uint64(j)
					idx := n & (1<<groupBits - 1)
					seed := scrambleSeed(b.Seed, s.keys[i], 0, n>>groupBits)
					y := owenScramble(sobolPoint(v, uint32(idx)), uint32(seed))
					u := (float64(uint64(y)<<20|splitmix(idx^seed>>32)>>44) + 0.5) * 0x1p-52
					if want := s.dists[i].Quantile(u); math.Float64bits(cols[i][0][j]) != math.Float64bits(want) {
						t.Fatalf("groupBits %d, block %d, input %d, trial %d: %v, want %v", groupBits, b.Index, i, j, cols[i][0][j], want)
					}
				}
			}
		}
	}
}

func mustDist(t *testing.T) func(distributions.Distribution, error) distributions.Distribution {
	return func(d distributions.Distribution, err error) distributions.Distribution {
		if err != nil {
			t.Fatal(err)
		}
		return d
	}
}
