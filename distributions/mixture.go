package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
)

// Mixture is a weighted mixture of distributions: a draw picks component k
// with probability w_k and then draws from it. Build it with NewMixture.
type Mixture struct {
	// As written, for String.
	components []Distribution
	weights    []float64
	// Components with positive weight, their normalised weights and cumulative weights (last == 1).
	active []Distribution
	w, cum []float64
}

var _ Distribution = Mixture{}

// NewMixture returns the weighted mixture of components (weights normalised). It copies both slices.
func NewMixture(components []Distribution, weights []float64) (Distribution, error) {
	const family = "mixture"
	if len(components) != len(weights) {
		return nil, fmt.Errorf("%s: %d components but %d weights", family, len(components), len(weights))
	}
	if len(components) == 0 {
		return nil, fmt.Errorf("%s: no components", family)
	}
	var total float64
	for i, c := range components {
		if c == nil {
			return nil, fmt.Errorf("%s: component %d is missing", family, i+1)
		}
		w := weights[i]
		if !isFinite(w) || w < 0 {
			return nil, fmt.Errorf("%s: weight of %s must be a finite number >= 0, got %s", family, c, num(w))
		}
		total += w
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return nil, fmt.Errorf("%s: weights must have a positive finite sum, got %s", family, num(total))
	}
	m := Mixture{components: slices.Clone(components), weights: slices.Clone(weights)}
	var c float64
	for i, d := range components {
		if weights[i] == 0 {
			continue
		}
		m.active = append(m.active, d)
		m.w = append(m.w, weights[i]/total)
		c += weights[i] / total
		m.cum = append(m.cum, c)
	}
	m.cum[len(m.cum)-1] = 1
	return m, nil
}

// Sample fills dst: for each draw one uniform picks the component, which then
// fills that single slot (one interface call per draw).
func (m Mixture) Sample(rng *rand.Rand, dst []float64) {
	cum, active := m.cum, m.active
	last := len(cum) - 1
	for i := range dst {
		u := rng.Float64()
		k := 0
		for k < last && u >= cum[k] {
			k++
		}
		active[k].Sample(rng, dst[i:i+1])
	}
}

// CDF returns the weighted sum of the components' CDFs.
func (m Mixture) CDF(x float64) float64 {
	var f float64
	for k, d := range m.active {
		f += m.w[k] * d.CDF(x)
	}
	return min(f, 1)
}

// survival returns the weighted sum of the components' survival functions.
func (m Mixture) survival(x float64) float64 {
	var f float64
	for k, d := range m.active {
		f += m.w[k] * survivalOf(d, x)
	}
	return min(f, 1)
}

// reaches reports whether CDF(x) >= p, given p and q = 1-p (the more
// accurate of the two is used). It is evaluated without cancellation: with
// L the components where F_k(x) <= 1/2 and U the others,
//
//	CDF(x) - p = Σ_L w_k F_k(x) - Σ_U w_k S_k(x) - (p - Σ_U w_k),
//
// and p - Σ_U w_k = Σ_L w_k - q. So a 50/50 mixture of normal(0, 1) and
// normal(1e9, 1) has its median at 5e8 (exactly where the two tails balance)
// and not at 8.3, where Φ(x) first rounds to 1 (as CDF(x) >= p gave).
func (m Mixture) reaches(x, p, q float64) bool {
	var low, high, wLow, wHigh float64
	for k, d := range m.active {
		if f := d.CDF(x); f <= 0.5 {
			low += m.w[k] * f
			wLow += m.w[k]
		} else {
			high += m.w[k] * survivalOf(d, x)
			wHigh += m.w[k]
		}
	}
	if p <= q {
		return low-high >= p-wHigh
	}
	return low-high >= wLow-q
}

// Quantile returns the smallest x with CDF(x) >= p, found by bisection.
//
// The answer lies between the smallest and the largest of the components'
// p-quantiles (at the smallest, every component's CDF is <= p; at the largest,
// >= p), which brackets it; bisectFirst then narrows the bracket to adjacent
// floating-point numbers in at most 64 evaluations of reaches, so atoms of
// discrete components come out exactly.
func (m Mixture) Quantile(p float64) float64 {
	checkP(p)
	if p > 0.5 {
		return m.upperQuantile(1 - p)
	}
	return m.quantile(p, 1-p, func(d Distribution) float64 { return d.Quantile(p) })
}

// upperQuantile returns the smallest x with P(X > x) <= q.
func (m Mixture) upperQuantile(q float64) float64 {
	return m.quantile(1-q, q, func(d Distribution) float64 { return upperQuantileOf(d, q) })
}

// quantile brackets the quantile between the components' quantiles and bisects.
func (m Mixture) quantile(p, q float64, component func(Distribution) float64) float64 {
	a, b := math.Inf(1), math.Inf(-1)
	for _, d := range m.active {
		x := component(d)
		a, b = min(a, x), max(b, x)
	}
	if a == b || math.IsInf(a, 0) || math.IsInf(b, 0) || p == 0 {
		if q == 0 {
			return b
		}
		return a
	}
	ok := func(x float64) bool { return m.reaches(x, p, q) }
	if ok(a) {
		return a
	}
	return bisectFirst(ok, a, b)
}

func (m Mixture) nextAtom(x float64) float64 {
	next := math.Inf(1)
	for _, d := range m.active {
		if a, ok := d.(atomic); ok {
			next = min(next, a.nextAtom(x))
		}
	}
	return next
}

func (m Mixture) prevAtom(x float64) float64 {
	prev := math.Inf(-1)
	for _, d := range m.active {
		if a, ok := d.(atomic); ok {
			prev = max(prev, a.prevAtom(x))
		}
	}
	return prev
}

// Mean returns the weighted mean of the components' means.
func (m Mixture) Mean() float64 {
	var s float64
	for k, d := range m.active {
		s += m.w[k] * d.Mean()
	}
	return s
}

// Variance returns Σ w_k (Var_k + (mean_k - mean)²), the law of total variance.
func (m Mixture) Variance() float64 {
	mean := m.Mean()
	var s float64
	for k, d := range m.active {
		dm := d.Mean() - mean
		s += m.w[k] * (varianceOf(d) + dm*dm)
	}
	return s
}

// String returns "mixture(w1: d1, w2: d2, ...)" with the weights as given.
func (m Mixture) String() string {
	var b strings.Builder
	b.WriteString("mixture(")
	for i, d := range m.components {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(num(m.weights[i]) + ": " + d.String())
	}
	b.WriteString(")")
	return b.String()
}

func (m Mixture) isDiscrete() bool {
	for _, d := range m.active {
		if _, ok := d.(atomic); !ok || !isDiscrete(d) {
			return false
		}
	}
	return true
}
