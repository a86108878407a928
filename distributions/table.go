package distributions

import (
	"math"
	"sync"

	"gonum.org/v1/gonum/mathext"
)

// tableCells is the number of equal cells of (0, 1) a QuantileTable
// interpolates over.
const tableCells = 2048

// tableTol is how far, relative to the distribution's interquartile range
// plus the quantile's magnitude, an interpolated quantile may be from the
// exact one at a cell's midpoint for the cell to be interpolated.
const tableTol = 1e-10

// A QuantileTable evaluates a distribution's quantile function fast, for
// samplers that map uniforms through it (Latin hypercube, Sobol, copulas).
// For the beta, PERT and gamma distributions, whose quantile is a
// numerical inversion (1–2 µs), it interpolates exact quantiles at the
// tableCells+1 points k/tableCells by the cubic through the four nearest
// (a few ns). Every cell is checked when the table is built: where the
// cubic misses the exact quantile at the cell's midpoint by more than
// 1e-10 of the interquartile range plus the quantile's magnitude (the
// accuracy the numerical inversion itself guarantees), the cell is split
// into tableSub sub-cells, checked alike; in the sub-cells that still
// miss, and in the first and last two cells, where quantile functions may
// be singular, Quantile computes the exact value. Other distributions' quantiles are used as
// they are.
type QuantileTable struct {
	d     Distribution
	nodes []float64 // Q(k/tableCells), k = 0..tableCells; nil: use d.Quantile
	exact []bool    // per cell: use d.Quantile
	// fine holds, for a cell the cubic misses, the same table over its
	// tableSub sub-cells (nil where the cell is interpolated, or is one
	// of the first or last two).
	fine []*subTable

	scoreOnce sync.Once
	score     *ScoreTable // Scores's table
}

// tableSub is the number of sub-cells of a cell the cubic misses.
const tableSub = 16

// subTable is the table of one cell's sub-cells: nodes at the sub-cell
// bounds, one more on each side for the cubic, and the sub-cells it
// misses too.
type subTable struct {
	nodes []float64 // tableSub+3 nodes: sub-cell bounds −1 .. tableSub+1
	exact []bool
}

// NewQuantileTable returns the table of d (built at once: about 4,100
// exact quantiles and more where the cubic misses, 5–20 ms, for the distributions it interpolates).
func NewQuantileTable(d Distribution) *QuantileTable {
	t := &QuantileTable{d: d}
	switch d.(type) {
	case Beta, PERT, Gamma:
	default:
		return t
	}
	t.nodes = make([]float64, tableCells+1)
	for k := range t.nodes {
		t.nodes[k] = d.Quantile(float64(k) / tableCells)
	}
	scale := d.Quantile(0.75) - d.Quantile(0.25)
	ok := func(got, want float64) bool { return math.Abs(got-want) <= tableTol*(scale+math.Abs(want)) }
	t.exact = make([]bool, tableCells)
	t.fine = make([]*subTable, tableCells)
	for c := range t.exact {
		if c < 2 || c >= tableCells-2 {
			t.exact[c] = true
			continue
		}
		p := (float64(c) + 0.5) / tableCells
		if ok(cubic(t.nodes[c-1:c+3], 0.5), d.Quantile(p)) {
			continue
		}
		t.exact[c] = true
		sub := &subTable{nodes: make([]float64, tableSub+3), exact: make([]bool, tableSub)}
		for j := range sub.nodes {
			sub.nodes[j] = d.Quantile((float64(c) + float64(j-1)/tableSub) / tableCells)
		}
		for j := range sub.exact {
			mid := (float64(c) + (float64(j)+0.5)/tableSub) / tableCells
			sub.exact[j] = !ok(cubic(sub.nodes[j:j+4], 0.5), d.Quantile(mid))
		}
		t.fine[c] = sub
	}
	return t
}

// maxSharedTables bounds the tables SharedQuantileTable keeps (20–60 KB
// each, with their score tables 33 KB more).
const maxSharedTables = 512

// sharedTables holds the tables SharedQuantileTable and PERT.Sample keep,
// one map per family so that a look-up boxes nothing.
var sharedTables struct {
	sync.Mutex
	n     int // tables kept, over all maps
	beta  map[Beta]*QuantileTable
	pert  map[PERT]*QuantileTable
	gamma map[Gamma]*QuantileTable
}

// SharedQuantileTable returns a table of d as NewQuantileTable builds it,
// built once per distinct beta, PERT or gamma distribution and kept (up to
// maxSharedTables; past them, and for the other families, whose tables
// cost nothing to build, a new table each call), so that samplers built
// run after run (a sweep, the shards of a job, a benchmark) skip the 5–20
// ms build. A table is never written after it is built (its score table
// is built once, under a sync.Once), so sharing it between goroutines is
// safe, and it gives the same values as a fresh one.
func SharedQuantileTable(d Distribution) *QuantileTable {
	var t *QuantileTable
	switch d := d.(type) {
	case Beta:
		t = cachedTable(&sharedTables.beta, d)
	case PERT:
		t = cachedTable(&sharedTables.pert, d)
	case Gamma:
		t = cachedTable(&sharedTables.gamma, d)
	}
	if t == nil {
		t = NewQuantileTable(d)
	}
	return t
}

// cachedTable returns d's kept table from *m, building and keeping it on
// first use, or nil once maxSharedTables tables are kept. PERT.Sample
// calls it once a block, so a full cache costs no build per block.
func cachedTable[D interface {
	comparable
	Distribution
}](m *map[D]*QuantileTable, d D) *QuantileTable {
	sharedTables.Lock()
	defer sharedTables.Unlock()
	if t, ok := (*m)[d]; ok {
		return t
	}
	if sharedTables.n >= maxSharedTables {
		return nil
	}
	if *m == nil {
		*m = map[D]*QuantileTable{}
	}
	t := NewQuantileTable(d)
	(*m)[d] = t
	sharedTables.n++
	return t
}

// Scores returns the table's ScoreTable (NewScoreTable), built on first
// use and kept, or nil.
func (t *QuantileTable) Scores() *ScoreTable {
	t.scoreOnce.Do(func() { t.score = NewScoreTable(t) })
	return t.score
}

// Quantile returns the p-quantile of the table's distribution.
func (t *QuantileTable) Quantile(p float64) float64 {
	if t.nodes == nil {
		return t.d.Quantile(p)
	}
	x := p * tableCells
	c := int(x)
	if c < 0 || c >= tableCells {
		return t.d.Quantile(p)
	}
	if !t.exact[c] {
		return cubic(t.nodes[c-1:c+3], x-float64(c))
	}
	if sub := t.fine[c]; sub != nil {
		y := (x - float64(c)) * tableSub
		j := min(int(y), tableSub-1)
		if !sub.exact[j] {
			return cubic(sub.nodes[j:j+4], y-float64(j))
		}
	}
	return t.d.Quantile(p)
}

// Quantiles sets dst[i] = t.Quantile(ps[i]) for every i of ps (dst may be
// ps itself): the same values bit for bit, faster. The distribution's
// family is dispatched once per call instead of once per value, and the
// normal, lognormal, uniform and triangular quantiles are written out
// inline, as the expressions their Quantile methods evaluate (TestQuantiles
// compares them bit for bit); when dst and ps are distinct, the normal
// and lognormal go through normalQuantiles, faster still.
func (t *QuantileTable) Quantiles(dst, ps []float64) {
	dst = dst[:len(ps)]
	if t.nodes != nil {
		for i, p := range ps {
			dst[i] = t.Quantile(p)
		}
		return
	}
	distinct := len(ps) == 0 || &dst[0] != &ps[0]
	switch d := t.d.(type) {
	case Normal:
		mu, sigma := d.mu, d.sigma
		if distinct {
			normalQuantiles(dst, ps)
			for i, z := range dst {
				dst[i] = mu + sigma*z
			}
			return
		}
		for i, p := range ps {
			checkP(p)
			dst[i] = mu + sigma*mathext.NormalQuantile(p)
		}
	case LogNormal:
		mu, sigma := d.mu, d.sigma
		if distinct {
			normalQuantiles(dst, ps)
			for i, z := range dst {
				dst[i] = math.Exp(mu + sigma*z)
			}
			return
		}
		for i, p := range ps {
			checkP(p)
			dst[i] = math.Exp(mu + sigma*mathext.NormalQuantile(p))
		}
	case Uniform:
		lo, hi := d.min, d.max
		w := hi - lo
		if math.IsInf(w, 0) {
			for i, p := range ps {
				dst[i] = d.Quantile(p)
			}
			return
		}
		for i, p := range ps {
			checkP(p)
			dst[i] = min(max(p*w+lo, lo), hi)
		}
	case Triangular:
		// distuv.Triangle.Quantile's expressions, a = min, b = max, c = mode.
		a, b, c := d.min, d.max, d.mode
		f := (c - a) / (b - a)
		for i, p := range ps {
			checkP(p)
			if p < f {
				dst[i] = a + math.Sqrt(p*(b-a)*(c-a))
			} else {
				dst[i] = b - math.Sqrt((1-p)*(b-a)*(b-c))
			}
		}
	default:
		for i, p := range ps {
			dst[i] = d.Quantile(p)
		}
	}
}

// normalQuantiles sets dst[i] = mathext.NormalQuantile(ps[i]) (dst and ps
// distinct) bit for bit: Wichura's AS241 (PPND16, "The percentage points
// of the normal distribution", Appl. Stat. 37(3), 1988, relative accuracy
// about 1e-16), as gonum computes it, in two passes. The first evaluates
// the central rational function (|p − 0.5| <= 0.425) for every p, with
// gonum's coefficients and operations, without a branch; the second
// overwrites the tails' values (15% of uniform p's) with gonum's own
// NormalQuantile. A random p then no longer mispredicts the choice of
// region on every sixth value (TestNormalQuantiles).
func normalQuantiles(dst, ps []float64) {
	dst = dst[:len(ps)]
	for i, p := range ps {
		dp := p - 0.5
		z := 0.180625 - dp*dp
		z1 := ((((((2509.0809287301226727*z+33430.575583588128105)*z+67265.770927008700853)*z+45921.953931549871457)*z+
			13731.693765509461125)*z+1971.5909503065514427)*z+133.14166789178437745)*z + 3.387132872796366608
		z2 := ((((((5226.495278852854561*z+28729.085735721942674)*z+39307.89580009271061)*z+21213.794301586595867)*z+
			5394.1960214247511077)*z+687.1870074920579083)*z+42.313330701600911252)*z + 1.0
		dst[i] = dp * z1 / z2
	}
	for i, p := range ps {
		if !(math.Abs(p-0.5) <= 0.425) {
			checkP(p)
			dst[i] = mathext.NormalQuantile(p)
		}
	}
}

// scoreCells is the number of equal cells of [−scoreZ, scoreZ) a
// ScoreTable interpolates over (width 1/409.6).
const (
	scoreCells = 4096
	scoreZ     = 5.0
)

// A ScoreTable evaluates Q(Φ(z)), a tabulated distribution's quantile of
// the normal CDF of a score z, as a Gaussian copula maps its scores: with
// u = Φ(z) = erfc(−z/√2)/2 kept inside [2^−53, 1 − 2^−53] (Score). For
// the distributions a QuantileTable interpolates (beta, PERT, gamma) it
// interpolates Score at the scoreCells+1 points z_k = −5 + k·10/4096 by
// the cubic through the four nearest, which skips both the erfc (about
// 25 ns) and the quantile table's look-up: Q∘Φ is smooth in z even where
// Q is singular in p (at the ends of a bounded support). Every cell is
// checked when the table is built, as QuantileTable's are: where the
// cubic misses Score at the cell's midpoint by more than 1e-10 of the
// interquartile range plus the value's magnitude, in the first and last
// two cells, and beyond ±5 (probability 6e-7), Values computes Score
// itself. The range stops at ±5 because beyond it Score is not smooth at
// that level: Φ(z) rounded to a double near 1 keeps few digits of 1 − Φ(z)
// (at z = 7.7, 1.4%), and the table's checks would be against noise.
// TestScoreTable measures Values within 1e-10 of Score (relative, as
// above) at 50,000 scores for seven shapes.
type ScoreTable struct {
	t     *QuantileTable
	nodes []float64 // Score(z_k), k = 0..scoreCells
	exact []bool    // per cell: use Score
}

// NewScoreTable returns the score table of t's distribution, or nil if
// t does not interpolate it (its Quantile is closed-form: Score is then
// as fast as a table).
func NewScoreTable(t *QuantileTable) *ScoreTable {
	if t.nodes == nil {
		return nil
	}
	s := &ScoreTable{t: t, nodes: make([]float64, scoreCells+1), exact: make([]bool, scoreCells)}
	const h = 2 * scoreZ / scoreCells
	for k := range s.nodes {
		s.nodes[k] = s.Score(-scoreZ + float64(k)*h)
	}
	scale := t.d.Quantile(0.75) - t.d.Quantile(0.25)
	for c := range s.exact {
		if c < 2 || c >= scoreCells-2 {
			s.exact[c] = true
			continue
		}
		want := s.Score(-scoreZ + (float64(c)+0.5)*h)
		s.exact[c] = !(math.Abs(cubic(s.nodes[c-1:c+3], 0.5)-want) <= tableTol*(scale+math.Abs(want)))
	}
	return s
}

// Score returns Q(Φ(z)) through the quantile table, Φ(z) kept inside
// [2^−53, 1 − 2^−53], where every quantile is finite.
func (s *ScoreTable) Score(z float64) float64 {
	const lo, hi = 0x1p-53, 1 - 0x1p-53
	u := 0.5 * math.Erfc(z*(-1/math.Sqrt2))
	if u < lo {
		u = lo
	}
	if u > hi {
		u = hi
	}
	return s.t.Quantile(u)
}

// Values sets dst[i] to the table's Q(Φ(zs[i])) for every i of zs (dst
// may be zs itself).
func (s *ScoreTable) Values(dst, zs []float64) {
	dst = dst[:len(zs)]
	const inv = scoreCells / (2 * scoreZ)
	nodes, exact := s.nodes[:scoreCells+1], s.exact[:scoreCells]
	for i, z := range zs {
		x := (z + scoreZ) * inv
		if x >= 0 && x < scoreCells {
			if c := int(x); !exact[c] {
				dst[i] = cubic(nodes[c-1:c+3], x-float64(c))
				continue
			}
		}
		dst[i] = s.Score(z)
	}
}

// cubic evaluates, at s in [0, 1), the cubic through y[0..3] at −1, 0, 1
// and 2 (Lagrange's form on equally spaced points).
func cubic(y []float64, s float64) float64 {
	y0, y1, y2, y3 := y[0], y[1], y[2], y[3]
	// Nodes at −1, 0, 1, 2; s in [0, 1).
	sp, sm, sm2 := s+1, s-1, s-2
	return -y0*s*sm*sm2/6 + y1*sp*sm*sm2/2 - y2*sp*s*sm2/2 + y3*sp*s*sm/6
}
