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

// Quantile returns the smallest x with CDF(x) >= p, found by bisection.
//
// The answer lies between the smallest and the largest of the components'
// p-quantiles (at the smallest, every component's CDF is <= p; at the largest,
// >= p), which brackets it; bisectQuantile then narrows the bracket to
// adjacent floating-point numbers in at most 64 CDF evaluations, so atoms of
// discrete components come out exactly.
func (m Mixture) Quantile(p float64) float64 {
	checkP(p)
	a, b := math.Inf(1), math.Inf(-1)
	for _, d := range m.active {
		q := d.Quantile(p)
		a, b = min(a, q), max(b, q)
	}
	if a == b || math.IsInf(a, 0) || math.IsInf(b, 0) || p == 0 {
		if p == 1 {
			return b
		}
		return a
	}
	if m.CDF(a) >= p {
		return a
	}
	return bisectQuantile(m.CDF, p, a, b) // CDF(a) < p <= CDF(b)
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
		if !isDiscrete(d) {
			return false
		}
	}
	return true
}
