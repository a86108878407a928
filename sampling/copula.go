package sampling

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/stat/distuv"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/internal/pcgrand"
	"github.com/montecarlo-risk/montecarlo/model"
)

// CopulaKind selects the copula of NewCopula.
type CopulaKind int

const (
	// GaussianCopula joins the marginals through a multivariate normal: no
	// tail dependence.
	GaussianCopula CopulaKind = iota
	// StudentTCopula joins them through a multivariate Student t with ν
	// degrees of freedom: joint extremes are more likely, the more so the
	// smaller ν (upper and lower tail dependence
	// λ = 2 t_(ν+1)(−√((ν+1)(1−ρ)/(1+ρ))), Demarta & McNeil 2005).
	StudentTCopula
)

func (k CopulaKind) String() string {
	switch k {
	case GaussianCopula:
		return "gaussian"
	case StudentTCopula:
		return "t"
	}
	return fmt.Sprintf("CopulaKind(%d)", int(k))
}

// Copula draws correlated scalar inputs trial by trial through a Gaussian
// or Student-t copula (Embrechts, McNeil & Straumann, "Correlation and
// dependence in risk management: properties and pitfalls", 2002; S.
// Demarta & A. J. McNeil, "The t copula and related copulas", Int. Stat.
// Rev. 73(1):111–129, 2005).
//
// For every trial: ε ~ N(0, I_k), where ε_j comes from a stream keyed by
// (seed, name j, block); z = Lε with L the lower Cholesky factor of the
// Pearson matrix R; for the t copula z ← z/√(W/ν) with W ~ χ²_ν from a
// stream of its own keyed by (seed, block); u_j = Φ(z_j) or T_ν(z_j);
// x_j = Dist.Quantile(u_j). Each marginal is therefore exactly the
// input's distribution, and no reordering couples the trials of a block.
// Under the Gaussian copula a normal(μ, σ) input takes x_j = μ + σ z_j and
// a lognormal one exp(μ + σ z_j) directly: the same value as
// Quantile(Φ(z_j)) in exact arithmetic, without the rounding of Φ and
// Φ⁻¹ (which loses relative accuracy in the upper tail, where Φ(z) rounds
// to 1 beyond z = 8.3) or their cost; a beta, PERT or gamma input takes
// Q(Φ(z)) from a table in z (distributions.ScoreTable: within 1e-10,
// relative, of the value through Φ and the quantile table).
//
// R is the matrix 2 sin(π ρ_S/6) of the Spearman target ρ_S, the exact
// relation for the Gaussian copula. For the t copula it is an
// approximation (the t copula's Spearman has no closed form; the exact
// relation ρ = sin(π τ/2) needs Kendall's τ, which Correlation does not
// hold): at ν = 4 and ρ_S = 0.6 the achieved Spearman is about 0.01–0.02
// below target (TestCopulaTailDependence measures it). If R is not positive
// semidefinite (possible only for singular or nearly singular targets) its
// nearest correlation matrix is used, and a singular R is factored after a
// relative shift of 1e-10 (Target returns the matrix in use).
//
// Properties:
//   - Reproducibility: a block depends on the seed, the block and the model.
//   - Common random numbers: inputs not named in the correlation draw from
//     their IID streams, value for value as under NewIID, whatever the
//     correlation. A correlated input's values depend on the seed, the
//     block, its distribution, and the correlation's names, order and
//     matrix: z_j uses ε_1..ε_j only, so appending a name to the
//     correlation leaves the earlier names' values unchanged; with a zero
//     correlation an input's values depend on its own name only (but
//     differ from its IID draws). Inputs that share a name (a model.Join)
//     take the same u.
//   - Replicates: every block is independent (not a Replicator).
type Copula struct {
	kind   CopulaKind
	nu     float64
	keys   []uint64 // per correlated name: hash under copulaDomain
	inputs [][]int  // per correlated name: positions of its inputs
	dists  [][]*distributions.QuantileTable
	scores [][]*distributions.ScoreTable // per correlated name and input: Q∘Φ tabulated (Gaussian copula, tabulated marginals), or nil
	direct [][]directMarginal            // per correlated name and input: the shortcut of a normal or lognormal marginal (Gaussian copula)
	l      [][]float64                   // lower Cholesky factor of target
	target [][]float64
	rest   subIID
}

var _ Sampler = (*Copula)(nil)

// NewCopula returns the copula sampler of kind for the inputs corr names,
// with nu degrees of freedom for StudentTCopula (nu > 0; ignored for
// GaussianCopula); the other inputs of m are drawn as NewIID draws them.
// It returns an error naming any input that corr names but m lacks, or
// that is per-period, and an error if corr is not a valid correlation
// matrix (Validate).
func NewCopula(m *model.Model, corr Correlation, kind CopulaKind, nu float64) (*Copula, error) {
	switch kind {
	case GaussianCopula:
		nu = 0
	case StudentTCopula:
		if !(nu > 0) || math.IsInf(nu, 0) {
			return nil, fmt.Errorf("copula: the t copula needs degrees of freedom > 0, got %v", nu)
		}
	default:
		return nil, fmt.Errorf("copula: unknown kind %v", kind)
	}
	inputs, err := correlatedInputs(m, corr)
	if err != nil {
		return nil, err
	}
	named := map[int]bool{}
	for _, pos := range inputs {
		for _, i := range pos {
			named[i] = true
		}
	}
	if names := estimatedQuantile(m, func(i int) bool { return named[i] }); names != nil {
		return nil, fmt.Errorf("copula: %w", refuseEstimated("a copula", names))
	}
	p, l, err := pearsonFactor(corr)
	if err != nil {
		return nil, err
	}
	s := &Copula{kind: kind, nu: nu, inputs: inputs, target: p}
	k := len(corr.Names)
	s.l = make([][]float64, k)
	for i := range k {
		s.l[i] = make([]float64, i+1)
		for j := range i + 1 {
			s.l[i][j] = l.At(i, j)
		}
	}
	correlated := map[int]bool{}
	for j, name := range corr.Names {
		s.keys = append(s.keys, nameKey(name, copulaDomain))
		var ds []*distributions.QuantileTable
		var dm []directMarginal
		var st []*distributions.ScoreTable
		for _, i := range inputs[j] {
			qt := distributions.SharedQuantileTable(m.Inputs[i].Dist)
			ds = append(ds, qt)
			var sc *distributions.ScoreTable
			if kind == GaussianCopula {
				sc = qt.Scores()
			}
			st = append(st, sc)
			correlated[i] = true
			var d directMarginal
			if kind == GaussianCopula {
				switch x := m.Inputs[i].Dist.(type) {
				case distributions.Normal:
					d = directMarginal{kind: directNormal, mu: x.Mu(), sigma: x.Sigma()}
				case distributions.LogNormal:
					d = directMarginal{kind: directLogNormal, mu: x.Mu(), sigma: x.Sigma()}
				}
			}
			dm = append(dm, d)
		}
		s.dists = append(s.dists, ds)
		s.direct = append(s.direct, dm)
		s.scores = append(s.scores, st)
	}
	s.rest = newSubIID(m, func(i int) bool { return correlated[i] })
	return s, nil
}

// Target returns the Pearson matrix R of the copula (see Copula).
func (s *Copula) Target() [][]float64 { return cloneMatrix(s.target) }

// NewWorker returns a worker with its own generators and buffers.
func (s *Copula) NewWorker() Worker {
	w := &copulaWorker{s: s, rest: s.rest.newWorker(), pcg: &new(paddedPCG).PCG}
	w.rng = rand.New(w.pcg)
	if s.kind == StudentTCopula {
		w.chi2 = distuv.ChiSquared{K: s.nu, Src: w.rng}
		w.t = distuv.StudentsT{Mu: 0, Sigma: 1, Nu: s.nu}
	}
	return w
}

type copulaWorker struct {
	s    *Copula
	rest *subIIDWorker
	pcg  *rand.PCG
	rng  *rand.Rand
	chi2 distuv.ChiSquared
	t    distuv.StudentsT
	eps  []float64 // ε, k × n, row-major by name
	z    []float64
	w    []float64 // √(ν/W) per trial
}

// directMarginal maps a Gaussian copula's normal score z to a normal or
// lognormal input's value without a quantile (see Copula).
type directMarginal struct {
	kind      int // 0: none (through Φ and the quantile)
	mu, sigma float64
}

const (
	directNormal = 1 + iota
	directLogNormal
)

// unitClamp keeps a CDF value inside (0, 1), where every quantile
// function is finite: Φ(z) rounds to 1 for z > 8.3. (Two comparisons
// rather than min and max, whose handling of NaN and signed zeros costs
// branches on every value; a NaN stays a NaN either way.)
func unitClamp(u float64) float64 {
	const lo, hi = 0x1p-53, 1 - 0x1p-53
	if u < lo {
		u = lo
	}
	if u > hi {
		u = hi
	}
	return u
}

func (w *copulaWorker) Fill(b Block, cols [][][]float64) {
	w.rest.fill(b, cols)
	s := w.s
	n, k := b.N, len(s.keys)
	w.eps = slices.Grow(w.eps[:0], n*k)[:n*k]
	w.z = slices.Grow(w.z[:0], n)[:n]
	for j := range k {
		w.pcg.Seed(streamSeed(b.Seed, s.keys[j], uint64(b.Index)))
		// rand.New(w.pcg).NormFloat64's draws, bit for bit.
		pcgrand.NormFloat64s(w.pcg, w.eps[j*n:(j+1)*n])
	}
	if s.kind == StudentTCopula {
		w.w = slices.Grow(w.w[:0], n)[:n]
		w.pcg.Seed(streamSeed(b.Seed, chi2Domain, uint64(b.Index)))
		for i := range w.w {
			w.w[i] = math.Sqrt(s.nu / w.chi2.Rand())
		}
	}
	for j := range k {
		// z = Σ_a L[j][a]·ε_a, a column at a time, added in order of a.
		z := w.z
		for a, la := range s.l[j] {
			e := w.eps[a*n : (a+1)*n]
			if a == 0 {
				for i, x := range e {
					z[i] = la * x
				}
				continue
			}
			for i, x := range e {
				z[i] += la * x
			}
		}
		// Normal and lognormal inputs straight from z (Gaussian copula).
		through := false
		for c, in := range s.inputs[j] {
			col := cols[in][0][:n]
			switch d := s.direct[j][c]; d.kind {
			case directNormal:
				for i, x := range z {
					col[i] = d.mu + d.sigma*x
				}
			case directLogNormal:
				for i, x := range z {
					col[i] = math.Exp(d.mu + d.sigma*x)
				}
			default:
				if st := s.scores[j][c]; st != nil {
					st.Values(col, z) // Q(Φ(z)) tabulated in z
				} else {
					through = true
				}
			}
		}
		if !through {
			continue
		}
		switch s.kind {
		case GaussianCopula:
			for i, x := range z {
				z[i] = unitClamp(0.5 * math.Erfc(x*(-1/math.Sqrt2))) // Φ(x)
			}
		case StudentTCopula:
			for i, x := range z {
				z[i] = unitClamp(w.t.CDF(x * w.w[i]))
			}
		}
		for c, in := range s.inputs[j] {
			if s.direct[j][c].kind == 0 && s.scores[j][c] == nil {
				s.dists[j][c].Quantiles(cols[in][0][:n], z)
			}
		}
	}
}
