package sampling

import (
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
	"gonum.org/v1/gonum/stat/distuv"

	"github.com/montecarlo-risk/montecarlo/internal/pcgrand"
	"github.com/montecarlo-risk/montecarlo/model"
)

// ImanConover induces rank correlations between scalar inputs by
// reordering, within every block, the values another design drew (R. L.
// Iman & W. J. Conover, "A distribution-free approach to inducing rank
// correlation among input variables", Commun. Stat. Simul. Comput.
// 11(3):311–334, 1982; S. J. Mildenhall, "Correlation and aggregate loss
// distributions with an emphasis on the Iman–Conover method", CAS Forum,
// 2005, for the exact correction below).
//
// For a block of n trials and k correlated names:
//  1. the base design fills every input (marginals as the base draws them);
//  2. column j of a score matrix S (n × k) is a random permutation of the
//     van der Waerden scores Φ⁻¹(r/(n+1)), r = 1..n, drawn from a stream
//     keyed by (seed, name j, block);
//  3. exact correction: with E = corr(S) = FᵀF and the target C = PᵀP
//     (Cholesky factors), T = S F⁻¹ P has sample correlation exactly C;
//     C is the normal-scores matrix 2 sin(π ρ_S/6) of the Spearman target;
//  4. each correlated input's values are reordered so that their ranks are
//     those of T's column for its name.
//
// The reordering is a permutation of each input's own values, so every
// marginal is exactly the base design's, sample by sample; what is induced
// is the normal-scores (Gaussian) copula of the block, so the tail
// dependence is a Gaussian copula's (none). The achieved Spearman is the
// target up to the difference between the ranks of T and its scores
// (measured: within 0.01 over 1M trials, TestImanConoverSpearman). The
// coupling is per block: pooled over blocks, rank correlations are those of
// a mixture of block copulas (a target of 1 pools to about 0.999); inputs
// with many ties (a discrete input with few values) have their rank
// correlation attenuated, by about √(1 − Σ p_i³) for probabilities p_i.
// When a block has too few trials for E to be factored (n <= k), step 3 is
// skipped (T = S P).
//
// Properties:
//   - Reproducibility: a block depends on the seed, the block and the
//     model only, as the base's does.
//   - Common random numbers: inputs not named in the correlation are
//     exactly the base design's, value for value (so under an IID or Latin
//     hypercube base, CRN by name holds for them). A correlated input's
//     values are the base's, reordered by a function of the seed, the
//     block, the correlation and the ranks of the base values of every
//     correlated input: they change when the correlation does. Inputs that
//     share a name (a model.Join) take the same ranks.
//   - Replicates: those of the base (the reordering is per block).
type ImanConover struct {
	base   Sampler
	names  []uint64 // per correlated name: hash under icDomain
	inputs [][]int  // per correlated name: positions of its inputs
	target [][]float64
	p      *mat.TriDense // lower Cholesky factor L of the target C = LLᵀ (P = Lᵀ)
	scores []float64     // van der Waerden scores for a full block of scoreN trials
	scoreN int
}

var _ Sampler = (*ImanConover)(nil)
var _ Replicator = (*ImanConover)(nil)

// blockTrials is the block size the samplers prepare tables for (the
// engine's sim.BlockSize); other sizes (a short last block) work, at the
// cost of recomputing the table.
const blockTrials = 1024

// NewImanConover returns the sampler that draws m's inputs with base (nil
// means NewIID(m)) and reorders the inputs corr names, block by block, to
// the rank correlations corr gives. It returns an error naming any input
// that corr names but m lacks, or that is per-period, and an error if corr
// is not a valid correlation matrix (Validate).
func NewImanConover(m *model.Model, corr Correlation, base Sampler) (*ImanConover, error) {
	inputs, err := correlatedInputs(m, corr)
	if err != nil {
		return nil, err
	}
	p, l, err := pearsonFactor(corr)
	if err != nil {
		return nil, err
	}
	if base == nil {
		base = NewIID(m)
	}
	s := &ImanConover{base: base, inputs: inputs, target: p, p: l}
	for _, n := range corr.Names {
		s.names = append(s.names, nameKey(n, icDomain))
	}
	s.scoreN = blockTrials
	s.scores = vanDerWaerden(nil, blockTrials)
	return s, nil
}

// Target returns the Pearson matrix of normal scores the sampler induces in
// every block: 2 sin(π ρ_S/6) of the Spearman target (repaired if need be,
// as for Copula).
func (s *ImanConover) Target() [][]float64 { return cloneMatrix(s.target) }

// Replicate returns the base's replicate of b (ReplicateOf).
func (s *ImanConover) Replicate(b Block) int64 { return ReplicateOf(s.base, b) }

// vanDerWaerden returns the n scores Φ⁻¹(r/(n+1)), r = 1..n (van der
// Waerden, "Order tests for the two-sample problem and their power",
// Indag. Math. 14, 1952), in dst if it is large enough.
func vanDerWaerden(dst []float64, n int) []float64 {
	dst = slices.Grow(dst[:0], n)[:n]
	for r := range n {
		dst[r] = distuv.UnitNormal.Quantile(float64(r+1) / float64(n+1))
	}
	return dst
}

func cloneMatrix(m [][]float64) [][]float64 {
	out := make([][]float64, len(m))
	for i, r := range m {
		out[i] = slices.Clone(r)
	}
	return out
}

// NewWorker returns a worker with its own base worker, generator and
// buffers.
func (s *ImanConover) NewWorker() Worker {
	k := len(s.names)
	w := &icWorker{s: s, base: s.base.NewWorker(), pcg: &new(paddedPCG).PCG,
		e: mat.NewSymDense(k, nil), m: mat.NewDense(k, k, nil)}
	w.rng = rand.New(w.pcg)
	return w
}

type icWorker struct {
	s    *ImanConover
	base Worker
	pcg  *rand.PCG
	rng  *rand.Rand

	scores []float64 // scores for a short block
	sc     []float64 // S − mean, column-major: column j at [j*n, (j+1)*n)
	t      []float64 // T, column-major
	order  []uint32  // per rank: the trial with that rank of T's column
	rank0  []uint32  // per trial: the rank of its score in S's first column
	// argsortAll makes step 4 sort T's first column too (for tests).
	argsortAll bool
	vorder     []uint32 // per rank: the position of that rank's value
	arg        argsorter
	colBuf     []float64 // an input's values before the reordering
	mraw       []float64 // M, k × k row-major
	e          *mat.SymDense
	chol       mat.Cholesky
	f          mat.TriDense // upper Cholesky factor of E
	m          *mat.Dense   // F⁻¹P
}

func (w *icWorker) Fill(b Block, cols [][][]float64) {
	w.base.Fill(b, cols)
	s := w.s
	n, k := b.N, len(s.names)
	if n < 2 {
		return
	}
	scores := s.scores
	if n != s.scoreN {
		w.scores = vanDerWaerden(w.scores, n)
		scores = w.scores
	}
	w.sc = slices.Grow(w.sc[:0], n*k)[:n*k]
	w.t = slices.Grow(w.t[:0], n*k)[:n*k]
	w.colBuf = slices.Grow(w.colBuf[:0], n)[:n]

	// 2. S: a permutation of the scores per name, centred (all columns
	//    hold the same values, so one mean serves them all). Columns are
	//    contiguous, so the shuffle runs in place.
	var mean, ss float64
	for _, x := range scores {
		mean += x
	}
	mean /= float64(n)
	for _, x := range scores {
		ss += (x - mean) * (x - mean)
	}
	for j := range k {
		w.pcg.Seed(streamSeed(b.Seed, s.names[j], uint64(b.Index)))
		col := w.sc[j*n : (j+1)*n]
		if j == 0 {
			// The first column's shuffle, of the scores' ranks: step 4
			// reads T's first ranks from it.
			w.rank0 = slices.Grow(w.rank0[:0], n)[:n]
			for i := range w.rank0 {
				w.rank0[i] = uint32(i)
			}
			for i := n - 1; i > 0; i-- { // Fisher–Yates
				r := pcgrand.Uint64N(w.pcg, uint64(i+1)) // rng.IntN(i + 1)
				w.rank0[i], w.rank0[r] = w.rank0[r], w.rank0[i]
			}
			for i, r := range w.rank0 {
				col[i] = scores[r] - mean
			}
			continue
		}
		for i, x := range scores {
			col[i] = x - mean
		}
		for i := n - 1; i > 0; i-- { // Fisher–Yates
			r := pcgrand.Uint64N(w.pcg, uint64(i+1)) // rng.IntN(i + 1)
			col[i], col[r] = col[r], col[i]
		}
	}

	// 3. M = F⁻¹P with E = FᵀF, so that T = S M has correlation C = PᵀP.
	//    E is SᵀS (centred) divided by the common sum of squares.
	for a := range k {
		ca := w.sc[a*n : (a+1)*n]
		for c := a; c < k; c++ {
			cc := w.sc[c*n : (c+1)*n]
			// Four partial sums, so that the additions need not wait on
			// each other.
			cc = cc[:len(ca)]
			var d0, d1, d2, d3 float64
			i := 0
			for ; i+4 <= len(ca); i += 4 {
				d0 += ca[i] * cc[i]
				d1 += ca[i+1] * cc[i+1]
				d2 += ca[i+2] * cc[i+2]
				d3 += ca[i+3] * cc[i+3]
			}
			for ; i < len(ca); i++ {
				d0 += ca[i] * cc[i]
			}
			w.e.SetSym(a, c, ((d0+d1)+(d2+d3))/ss)
		}
	}
	// P = Lᵀ is upper triangular, F too, so M is: back substitution
	// F M = P, column by column.
	l := s.p
	if w.chol.Factorize(w.e) {
		w.chol.UTo(&w.f)
		for c := range k {
			for a := c; a >= 0; a-- {
				x := l.At(c, a) // P[a][c]
				for r := a + 1; r <= c; r++ {
					x -= w.f.At(a, r) * w.m.At(r, c)
				}
				w.m.Set(a, c, x/w.f.At(a, a))
			}
		}
	} else {
		// Too few trials to correct (n <= k): T = S P.
		for c := range k {
			for a := range k {
				w.m.Set(a, c, l.At(c, a))
			}
		}
	}
	w.mraw = slices.Grow(w.mraw[:0], k*k)[:k*k]
	for a := range k {
		for c := range k {
			w.mraw[a*k+c] = w.m.At(a, c)
		}
	}
	// T's column c = Σ_(a<=c) M[a][c]·S's column a (M is upper
	// triangular), added in order of a.
	for c := range k {
		tc := w.t[c*n : (c+1)*n]
		m0 := w.mraw[c]
		for i, x := range w.sc[:n] {
			tc[i] = x * m0
		}
		for a := 1; a <= c; a++ {
			ma := w.mraw[a*k+c]
			for i, x := range w.sc[a*n : (a+1)*n] {
				tc[i] += x * ma
			}
		}
	}

	// 4. Reorder each correlated input to the ranks of its T column: the
	//    trial with the r-th smallest T gets the r-th smallest value. Both
	//    orders are exact (argsorter): T by value, ties by trial; values
	//    by value (equal values are interchangeable, so ties do not
	//    matter).
	for j, pos := range s.inputs {
		if j == 0 && w.mraw[0] > 0 && !w.argsortAll {
			// T's first column is S's first times M[0][0] > 0, and the
			// scores are distinct and increasing: trial i has the rank
			// of its score, with no ties to break. The argsort would
			// find the same order (TestImanConoverFirstRanks).
			w.order = slices.Grow(w.order[:0], n)[:n]
			for i, r := range w.rank0 {
				w.order[r] = uint32(i)
			}
		} else {
			w.order = w.arg.ArgsortFloats(w.order, w.t[j*n:(j+1)*n])
		}
		for _, in := range pos {
			col := cols[in][0][:n]
			copy(w.colBuf, col)
			w.vorder = w.arg.ArgsortFloats(w.vorder, col)
			for r, o := range w.order {
				col[o] = w.colBuf[w.vorder[r]]
			}
		}
	}
}
