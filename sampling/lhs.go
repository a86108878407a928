package sampling

import (
	"math/rand/v2"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// LatinHypercube stratifies every input within every block (McKay,
// Beckman & Conover, "A comparison of three methods for selecting values of
// input variables in the analysis of output from a computer code",
// Technometrics 21(2), 1979; Stein, "Large sample properties of simulations
// using Latin hypercube sampling", Technometrics 29(2), 1987).
//
// For each input, and each period of a per-period input, the N trials of a
// block take one uniform in each of the N equal strata [j/N, (j+1)/N) of
// (0, 1), in a random order, and map it through the input's
// Dist.Quantile: u = (π(j) + U_j)/N with π a uniformly random permutation
// and U_j uniform in (0, 1). Every block is an independent Latin hypercube
// of its N trials: inputs are independent of each other, and of other
// blocks. U_j lies on a grid of 2^32 points (at their midpoints), so u never
// reaches 0 or 1 and always falls in its own stratum.
//
// Properties:
//   - Reproducibility: a block depends only on the seed, the block's index,
//     its size N and the model, never on the worker or on other blocks.
//   - Common random numbers by name, as for IID: input x of block b draws
//     its permutation and jitter from its own PCG stream seeded by (seed,
//     hash of x's name, b), so its values do not depend on its position,
//     on the other inputs, or on their distributions. Two models that
//     share an input name draw the same strata for it in every trial (the
//     values differ only if the distributions do). The stream is not IID's
//     stream of the same name: switching design changes every draw.
//   - Replicates: the blocks are independent replicates (LatinHypercube is
//     not a Replicator), so ReplicateSE over the means of full blocks is an
//     honest standard error, whereas sd/sqrt(n) overstates it (it ignores
//     the stratification).
//
// The gain is largest for outputs dominated by a few inputs' additive
// effects (Stein 1987): LHS removes the variance of the additive part of
// the output. Interactions keep their Monte Carlo variance.
type LatinHypercube struct {
	dists []*distributions.QuantileTable
	keys  []uint64 // name hash under lhsDomain
}

var _ Sampler = (*LatinHypercube)(nil)

// NewLatinHypercube returns the Latin hypercube sampler of m's inputs.
func NewLatinHypercube(m *model.Model) *LatinHypercube {
	s := &LatinHypercube{}
	for _, in := range m.Inputs {
		s.dists = append(s.dists, distributions.SharedQuantileTable(in.Dist))
		s.keys = append(s.keys, nameKey(in.Name, lhsDomain))
	}
	return s
}

// NewWorker returns a worker with its own generator and permutation buffer.
func (s *LatinHypercube) NewWorker() Worker {
	return &lhsWorker{s: s, pcg: &new(paddedPCG).PCG}
}

type lhsWorker struct {
	s    *LatinHypercube
	pcg  *rand.PCG
	perm []int32
	u    []float64 // a column's uniforms
}

func (w *lhsWorker) Fill(b Block, cols [][][]float64) {
	n := b.N
	if cap(w.perm) < n {
		w.perm = make([]int32, n)
	}
	perm := w.perm[:n]
	if cap(w.u) < n {
		w.u = make([]float64, n)
	}
	u := w.u[:n]
	inv := 1 / float64(n)
	for i, d := range w.s.dists {
		w.pcg.Seed(streamSeed(b.Seed, w.s.keys[i], uint64(b.Index)))
		for _, col := range cols[i] {
			col = col[:n]
			for j := range perm {
				perm[j] = int32(j)
			}
			// Fisher–Yates (Knuth, TAOCP vol. 2, Algorithm 3.4.2P), one
			// 64-bit draw per step: its high half picks the swap by
			// Lemire's multiply-shift with rejection (an exactly uniform
			// index in [0, j]), its low half, independent of the high
			// one (and of whether it was rejected, which depends on the
			// high half only), is the jitter of position j, whose
			// stratum perm[j] the step has just fixed.
			for j := n - 1; j >= 0; j-- {
				x := w.pcg.Uint64()
				if j > 0 {
					m := uint64(j + 1)
					prod := (x >> 32) * m
					if uint32(prod) < uint32(m) {
						thresh := uint32(-m) % uint32(m) // 2^32 mod (j+1)
						for uint32(prod) < thresh {
							x = w.pcg.Uint64()
							prod = (x >> 32) * m
						}
					}
					k := prod >> 32
					perm[j], perm[k] = perm[k], perm[j]
				}
				// p + U is exact (p < 2^31, U on a 2^-33 grid), at
				// least 2^-33 from any integer, so rounding the
				// division cannot move u out of stratum p or onto 0
				// or 1.
				u[j] = (float64(perm[j]) + (float64(uint32(x))+0.5)*0x1p-32) * inv
			}
			d.Quantiles(col, u)
		}
	}
}
