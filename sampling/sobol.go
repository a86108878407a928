package sampling

import (
	_ "embed"
	"fmt"
	"math/bits"
	"strconv"
	"strings"
	"sync"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// SobolMaxDimensions is the number of Sobol dimensions (inputs × periods)
// whose direction numbers are embedded: the first 4096 of Joe & Kuo's
// new-joe-kuo-6.21201. NewSobol refuses a model that needs more.
const SobolMaxDimensions = 4096

// joeKuoText is the head of new-joe-kuo-6.21201 (S. Joe and F. Y. Kuo,
// "Constructing Sobol sequences with better two-dimensional projections",
// SIAM J. Sci. Comput. 30(5):2635–2654, 2008; the numbers are
// BSD-3-Clause, © 2008 Kuo & Joe: see joe-kuo-6.4096.LICENSE): a header
// line, then for each dimension d = 2, 3, ... the degree s of its primitive
// polynomial, the polynomial's inner coefficients a (bit s−2 is the
// coefficient of x^(s−1), ..., bit 0 that of x) and the initial direction
// integers m_1 ... m_s (m_k odd, below 2^k). Dimension 1 is the van der
// Corput sequence (all m_k = 1) and has no line.
//
//go:embed joe-kuo-6.4096.txt
var joeKuoText string

type joeKuoLine struct {
	s, a uint32
	m    []uint32
}

var joeKuo = sync.OnceValue(func() []joeKuoLine {
	lines := strings.Split(strings.TrimSpace(joeKuoText), "\n")[1:]
	out := make([]joeKuoLine, 0, len(lines)+1)
	out = append(out, joeKuoLine{}) // dimension 1
	for i, ln := range lines {
		f := strings.Fields(ln)
		num := func(s string) uint32 {
			v, err := strconv.ParseUint(s, 10, 32)
			if err != nil {
				panic(fmt.Sprintf("sampling: joe-kuo-6.4096.txt line %d: %v", i+2, err))
			}
			return uint32(v)
		}
		if len(f) < 4 || int(num(f[0])) != i+2 || len(f) != 3+int(num(f[1])) {
			panic(fmt.Sprintf("sampling: joe-kuo-6.4096.txt line %d is malformed: %q", i+2, ln))
		}
		l := joeKuoLine{s: num(f[1]), a: num(f[2])}
		for _, x := range f[3:] {
			l.m = append(l.m, num(x))
		}
		out = append(out, l)
	}
	if len(out) != SobolMaxDimensions {
		panic(fmt.Sprintf("sampling: joe-kuo-6.4096.txt has %d dimensions, want %d", len(out), SobolMaxDimensions))
	}
	return out
})

// sobolDirections returns the 32 direction numbers v_1 ... v_32 of Sobol
// dimension dim (0-based), scaled by 2^32, by the recurrence of Bratley &
// Fox (ACM TOMS 14(1), 1988, Algorithm 659) as in Joe & Kuo's sobol.cc:
// v_k = m_k·2^(32−k) for k <= s, and for k > s
//
//	v_k = v_(k−s) ⊕ (v_(k−s) >> s) ⊕ a_1·v_(k−1) ⊕ ... ⊕ a_(s−1)·v_(k−s+1),
//
// where a_j is bit s−1−j of a.
func sobolDirections(dim int) [32]uint32 {
	var v [32]uint32 // v[k-1] = v_k
	if dim == 0 {
		for k := range v {
			v[k] = 1 << (31 - k)
		}
		return v
	}
	l := joeKuo()[dim]
	s := int(l.s)
	for k := 1; k <= 32; k++ {
		if k <= s {
			v[k-1] = l.m[k-1] << (32 - k)
			continue
		}
		x := v[k-s-1] ^ v[k-s-1]>>s
		for j := 1; j < s; j++ {
			if l.a>>(s-1-j)&1 == 1 {
				x ^= v[k-j-1]
			}
		}
		v[k-1] = x
	}
	return v
}

// sobolPoint returns point n of a Sobol dimension (direction numbers v),
// scaled by 2^32, in Gray-code order as Joe & Kuo's sobol.cc (and SciPy)
// number them (Antonov & Saleev, USSR Comput. Math. Math. Phys. 19(1),
// 1979): the XOR of v_k over the bits k of n ⊕ (n >> 1). Dimension 1 runs
// 0, 0.5, 0.75, 0.25, 0.375, 0.875, 0.625, 0.125, ...
func sobolPoint(v *[32]uint32, n uint32) uint32 {
	g := n ^ n>>1
	var x uint32
	for g != 0 {
		k := bits.TrailingZeros32(g)
		x ^= v[k]
		g &= g - 1
	}
	return x
}

// owenScramble applies a nested uniform (Owen) scramble to the 32-bit
// binary fraction x in the hash-based form of Burley, "Practical Hash-based
// Owen Scrambling", JCGT 9(4), 2020: reverse the bits, apply a
// Laine–Karras-style permutation (in which output bit j depends on input
// bits 0..j only, so that, read back in normal order, every digit is
// flipped by a function of the digits above it and the seed, which is what
// Owen scrambling is), reverse again. The permutation is the improved hash
// of N. Vegdahl, "Building a Better LK Hash" (psychopath.io, 2021), which
// Blender Cycles uses with Burley's construction; Burley's paper uses
// the Laine–Karras constants (x += seed; x ^= x·0x6c50b47c; ...) in the
// same place. Each operation is a bijection of that triangular form:
// x ^= x·c for even c, x += seed, x ·= odd.
func owenScramble(x, seed uint32) uint32 {
	return owenScrambleReversed(bits.Reverse32(x), seed)
}

// owenScrambleReversed is owenScramble of the point whose bits, reversed,
// are r: the Fill loop keeps its points reversed (the XOR of reversed
// direction numbers is the reversed XOR), so that each point costs one
// bit reversal instead of two.
func owenScrambleReversed(r, seed uint32) uint32 {
	x := r
	x ^= x * 0x3d20adea
	x += seed
	x *= seed>>16 | 1
	x ^= x * 0x05526c56
	x ^= x * 0x53a22864
	return bits.Reverse32(x)
}

// Sobol is a randomised quasi-Monte Carlo design: Sobol's sequence (I. M.
// Sobol', "On the distribution of points in a cube and the approximate
// evaluation of integrals", USSR Comput. Math. Math. Phys. 7(4), 1967)
// with Joe & Kuo's direction numbers (new-joe-kuo-6.21201, first
// SobolMaxDimensions dimensions), Owen-scrambled (Owen, "Randomly permuted
// (t,m,s)-nets and (t,s)-sequences", 1995) in Burley's (2020) hash-based
// form, so that a point depends only on (its index, its dimension, the
// seed) and any block can be computed alone.
//
// Trial i of block b is point n = b.First + i of the sequence: the run is
// one sequence, and every aligned run of 2^k trials (in particular every
// block of 1024) is a scrambled (t, k, s)-net: each input takes exactly one
// value in each 1/2^k-quantile interval of its distribution, and pairs of
// inputs are stratified jointly as far as the net's t-value allows. The 32
// digits of a point are scrambled, and the 20 bits below them are drawn
// uniformly from a hash of (point, dimension seed), as a full Owen scramble
// would: every point is exactly uniform on (0, 1) and never 0 or 1.
// Sobol points are balanced for 2^m trials: use a trial count that is a
// power of two, and keep the first point (Owen, "On dropping the first
// Sobol' point", 2021).
//
// Dimensions: each distinct input name of the model, in order of first
// appearance, takes the next dimension (a per-period input: one per period,
// consecutively; a name takes the largest number of periods any of its
// inputs has). The scramble of a dimension is keyed by the seed, the
// input's name and the period. Properties:
//   - Reproducibility: a block depends only on the seed, the block's First
//     trial (its index) and the model, never on the worker or other blocks.
//   - Common random numbers: an input's values depend on the seed, its name,
//     its distribution and its dimension, that is on the names (and
//     periods) of the inputs listed before it. Appending an input leaves the
//     others' values unchanged; inserting, removing or reordering inputs
//     changes those after it. Inputs that share a name (the members of a
//     model.Join) share a dimension and its scramble, so they draw the same
//     uniforms trial by trial; the base member of a join lists its inputs
//     first, so its values equal those of its own Sobol run, and so do a
//     variant's if its names come in the base's order.
//   - Replicates: one scramble covers the run (up to 2^32 trials; trial
//     2^32 starts a new, independent scramble), so a run is a single
//     randomised replicate and its blocks are not independent: the honest
//     standard error comes from independent runs (seeds), ReplicateSE of
//     their estimates. NewSobolReplicated trades some accuracy for an
//     in-run error. sd(block means)/sqrt(blocks) is conservative for the
//     smooth outputs Sobol suits (see the package documentation).
type Sobol struct {
	dists     []*distributions.QuantileTable
	keys      []uint64 // per input: name hash under sobolDomain
	dims      [][]int  // per input and period: index into v
	v         [][32]uint32
	vr        [][32]uint32 // v with each number's bits reversed
	groupBits uint         // a scramble covers 2^groupBits points
}

var _ Sampler = (*Sobol)(nil)
var _ Replicator = (*Sobol)(nil)

// NewSobol returns the run-wide scrambled Sobol sampler of m's inputs. It
// returns an error if m needs more than SobolMaxDimensions dimensions.
func NewSobol(m *model.Model) (*Sobol, error) {
	return newSobol(m, 32)
}

// NewSobolReplicated returns a scrambled Sobol sampler whose run is cut
// into replicates of trials consecutive trials (a power of two from 2 to
// 2^32; a multiple of the engine's block size, so that blocks fall in one
// replicate), each an independently scrambled Sobol sequence indexed from 0
// at the replicate's first trial. Replicate means are independent and
// identically distributed, so ReplicateSE over them is an honest standard
// error within one run; the price is accuracy: k replicates of n/k points
// integrate like one scrambled net of n/k points, averaged k times (for a
// smooth output, variance about k² times that of the run-wide sequence
// when it converges as n^-3). Use enough replicates (say 16 or more) for
// the error of the error to be small.
func NewSobolReplicated(m *model.Model, trials int64) (*Sobol, error) {
	if trials < 2 || trials > 1<<32 || trials&(trials-1) != 0 {
		return nil, fmt.Errorf("sobol: a replicate must be a power of two from 2 to 2^32 trials, got %d", trials)
	}
	return newSobol(m, uint(bits.TrailingZeros64(uint64(trials))))
}

func newSobol(m *model.Model, groupBits uint) (*Sobol, error) {
	s := &Sobol{groupBits: groupBits}
	// Dimensions per distinct name, in order of first appearance.
	type span struct{ first, n int }
	spans := map[string]*span{}
	var order []string
	for _, in := range m.Inputs {
		p := 1
		if in.PerPeriod {
			p = m.Periods
		}
		sp, ok := spans[in.Name]
		if !ok {
			sp = &span{}
			spans[in.Name] = sp
			order = append(order, in.Name)
		}
		sp.n = max(sp.n, p)
	}
	total := 0
	for _, name := range order {
		spans[name].first = total
		total += spans[name].n
	}
	if total > SobolMaxDimensions {
		return nil, fmt.Errorf("sobol: the model needs %d dimensions (one per scalar input and one per period of each per-period input) "+
			"but only the first %d of Joe and Kuo's direction numbers are embedded; use the Latin hypercube design", total, SobolMaxDimensions)
	}
	s.v = make([][32]uint32, total)
	s.vr = make([][32]uint32, total)
	for d := range s.v {
		s.v[d] = sobolDirections(d)
		for k, x := range s.v[d] {
			s.vr[d][k] = bits.Reverse32(x)
		}
	}
	for _, in := range m.Inputs {
		sp := spans[in.Name]
		p := 1
		if in.PerPeriod {
			p = m.Periods
		}
		dims := make([]int, p)
		for t := range dims {
			dims[t] = sp.first + t
		}
		s.dists = append(s.dists, distributions.SharedQuantileTable(in.Dist))
		s.keys = append(s.keys, nameKey(in.Name, sobolDomain))
		s.dims = append(s.dims, dims)
	}
	return s, nil
}

// Replicate returns the index of the independently scrambled replicate
// that block b belongs to: b.First / 2^32 for NewSobol (the whole run, up
// to 2^32 trials, is one replicate), b.First / trials for
// NewSobolReplicated.
func (s *Sobol) Replicate(b Block) int64 { return b.First >> s.groupBits }

// NewWorker returns a worker. Sobol points are computed, not drawn, so a
// worker's only state is a buffer of uniforms.
func (s *Sobol) NewWorker() Worker { return &sobolWorker{s: s} }

type sobolWorker struct {
	s *Sobol
	u []float64 // a column's uniforms
}

// scrambleSeed is the seed of the scramble of one dimension (an input
// name and a period) in one replicate group: 32 bits for the digit
// scramble, 32 for the bits below them.
func scrambleSeed(seed, key uint64, period int, group uint64) uint64 {
	h := splitmix(seed ^ key)
	h = splitmix(h ^ splitmix(uint64(period)+0x2545f4914f6cdd1d))
	return splitmix(h ^ splitmix(group+0x632be59bd9b4e019))
}

func (w *sobolWorker) Fill(b Block, cols [][][]float64) {
	s := w.s
	if cap(w.u) < b.N {
		w.u = make([]float64, b.N)
	}
	u := w.u[:b.N]
	mask := uint64(1)<<s.groupBits - 1
	for i, d := range s.dists {
		for t, col := range cols[i] {
			v, vr := &s.v[s.dims[i][t]], &s.vr[s.dims[i][t]]
			for j := 0; j < b.N; {
				n := uint64(b.First) + uint64(j)
				idx := n & mask
				end := b.N
				if left := mask - idx + 1; uint64(b.N-j) > left {
					end = j + int(left)
				}
				seed := scrambleSeed(b.Seed, s.keys[i], t, n>>s.groupBits)
				owen, low := uint32(seed), seed>>32
				xr := bits.Reverse32(sobolPoint(v, uint32(idx))) // the point, reversed
				for ; j < end; j++ {
					y := owenScrambleReversed(xr, owen)
					lo := splitmix(idx^low) >> 44 // 20 bits below the 32 digits
					u[j] = (float64(uint64(y)<<20|lo) + 0.5) * 0x1p-52
					idx++
					// Gray-code order: point idx differs from point idx−1
					// by the direction number of idx's lowest set bit.
					xr ^= vr[bits.TrailingZeros32(uint32(idx))&31]
				}
			}
			d.Quantiles(col[:b.N], u)
		}
	}
}
