package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
)

// Degenerate is the distribution of a constant. Build it with Constant.
type Degenerate struct {
	v float64
}

var _ Distribution = Degenerate{}

// Constant returns a distribution that always yields v.
//
// It panics if v is NaN (a programmer error: callers validate numbers they
// parse). Infinite values are allowed.
func Constant(v float64) Distribution {
	if math.IsNaN(v) {
		panic("distributions: Constant(NaN)")
	}
	return Degenerate{v: v}
}

// Value returns the constant.
func (c Degenerate) Value() float64 { return c.v }

// Sample fills dst with the constant.
func (c Degenerate) Sample(_ *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = c.v
	}
}

// Quantile returns the constant.
func (c Degenerate) Quantile(p float64) float64 {
	checkP(p)
	return c.v
}

// CDF returns 1 for x >= the constant, else 0.
func (c Degenerate) CDF(x float64) float64 {
	if x >= c.v {
		return 1
	}
	return 0
}

// Mean returns the constant.
func (c Degenerate) Mean() float64 { return c.v }

// Variance returns 0.
func (c Degenerate) Variance() float64 { return 0 }

// String returns the constant as a plain number.
func (c Degenerate) String() string { return num(c.v) }

func (Degenerate) isDiscrete() bool { return true }

// survival returns 1 for x below the constant, else 0.
func (c Degenerate) survival(x float64) float64 { return 1 - c.CDF(x) }

// upperQuantile returns the constant.
func (c Degenerate) upperQuantile(float64) float64 { return c.v }

func (c Degenerate) nextAtom(x float64) float64 {
	if x < c.v {
		return c.v
	}
	return math.Inf(1)
}

func (c Degenerate) prevAtom(x float64) float64 {
	if x > c.v {
		return c.v
	}
	return math.Inf(-1)
}

// Discrete is a distribution over finitely many values with given weights.
// Build it with NewDiscrete.
type Discrete struct {
	// As written, for String.
	values, weights []float64
	// Support sorted by value with positive weights, its CDF (cum[len-1] == 1)
	// and its survival function summed from the top (tail[i] = P(X > xs[i]),
	// tail[len-1] == 0), so that upper tails keep their relative precision.
	xs, cum, tail []float64
	mean          float64
	// Alias tables (Vose 1991) over xs: draw i uniformly, keep xs[i] with
	// probability prob[i], else take xs[alias[i]].
	prob  []float64
	alias []int
}

var _ Distribution = Discrete{}

// NewDiscrete returns the distribution over values with the given non-negative weights
// (normalised to sum to one). It copies both slices.
//
// Values may repeat (their weights add up) and appear in any order; String
// keeps the order given: "discrete(1: 0.2, 2: 0.8)".
func NewDiscrete(values, weights []float64) (Distribution, error) {
	const family = "discrete"
	if len(values) != len(weights) {
		return nil, fmt.Errorf("%s: %d values but %d weights", family, len(values), len(weights))
	}
	if len(values) == 0 {
		return nil, fmt.Errorf("%s: no values", family)
	}
	var total float64
	for i, v := range values {
		if err := finite(family, "value", v); err != nil {
			return nil, err
		}
		w := weights[i]
		if !isFinite(w) || w < 0 {
			return nil, fmt.Errorf("%s: weight of %s must be a finite number >= 0, got %s", family, num(v), num(w))
		}
		total += w
	}
	if !(total > 0) || math.IsInf(total, 0) {
		return nil, fmt.Errorf("%s: weights must have a positive finite sum, got %s", family, num(total))
	}
	d := Discrete{values: slices.Clone(values), weights: slices.Clone(weights)}

	// Merge equal values, drop zero weights, sort.
	type atom struct{ x, w float64 }
	atoms := make([]atom, 0, len(values))
	for i, v := range values {
		if weights[i] > 0 {
			atoms = append(atoms, atom{v, weights[i] / total})
		}
	}
	sort.SliceStable(atoms, func(i, j int) bool { return atoms[i].x < atoms[j].x })
	merged := atoms[:0]
	for _, a := range atoms {
		if n := len(merged); n > 0 && merged[n-1].x == a.x {
			merged[n-1].w += a.w
			continue
		}
		merged = append(merged, a)
	}
	n := len(merged)
	d.xs = make([]float64, n)
	d.cum = make([]float64, n)
	ps := make([]float64, n)
	var c float64
	for i, a := range merged {
		d.xs[i] = a.x
		ps[i] = a.w
		c += a.w
		d.cum[i] = c
		d.mean += a.w * a.x
	}
	d.cum[n-1] = 1 // absorb rounding so that Quantile(1) is the largest value
	d.tail = make([]float64, n)
	for i := n - 2; i >= 0; i-- {
		d.tail[i] = d.tail[i+1] + ps[i+1]
	}
	d.prob, d.alias = aliasTables(ps)
	return d, nil
}

// aliasTables builds Walker's alias tables by Vose's stable method
// (M. D. Vose, "A linear algorithm for generating random numbers with a given
// distribution", IEEE Trans. Softw. Eng. 17(9), 1991; also
// https://www.keithschwarz.com/darts-dice-coins/). ps must sum to 1.
func aliasTables(ps []float64) (prob []float64, alias []int) {
	n := len(ps)
	prob = make([]float64, n)
	alias = make([]int, n)
	scaled := make([]float64, n)
	var small, large []int
	for i, p := range ps {
		scaled[i] = p * float64(n)
		if scaled[i] < 1 {
			small = append(small, i)
		} else {
			large = append(large, i)
		}
	}
	for len(small) > 0 && len(large) > 0 {
		s, l := small[len(small)-1], large[len(large)-1]
		small = small[:len(small)-1]
		prob[s] = scaled[s]
		alias[s] = l
		scaled[l] = (scaled[l] + scaled[s]) - 1
		if scaled[l] < 1 {
			large = large[:len(large)-1]
			small = append(small, l)
		}
	}
	// Leftovers are 1 up to rounding.
	for _, i := range large {
		prob[i], alias[i] = 1, i
	}
	for _, i := range small {
		prob[i], alias[i] = 1, i
	}
	return prob, alias
}

// Sample fills dst using the alias tables: two uniforms per draw, no search.
func (d Discrete) Sample(rng *rand.Rand, dst []float64) {
	xs, prob, alias := d.xs, d.prob, d.alias
	n := len(xs)
	for i := range dst {
		j := rng.IntN(n)
		if rng.Float64() < prob[j] {
			dst[i] = xs[j]
		} else {
			dst[i] = xs[alias[j]]
		}
	}
}

// Quantile returns the smallest value whose CDF is >= p.
func (d Discrete) Quantile(p float64) float64 {
	checkP(p)
	i := sort.SearchFloat64s(d.cum, p) // first i with cum[i] >= p
	return d.xs[min(i, len(d.xs)-1)]
}

// CDF returns P(X <= x).
func (d Discrete) CDF(x float64) float64 {
	// Number of support points <= x.
	i := sort.Search(len(d.xs), func(i int) bool { return d.xs[i] > x })
	if i == 0 {
		return 0
	}
	return d.cum[i-1]
}

// survival returns P(X > x), summed from the largest value down.
func (d Discrete) survival(x float64) float64 {
	i := sort.Search(len(d.xs), func(i int) bool { return d.xs[i] > x })
	if i == 0 {
		return 1
	}
	return d.tail[i-1]
}

// upperQuantile returns the smallest value with P(X > value) <= q.
func (d Discrete) upperQuantile(q float64) float64 {
	i := sort.Search(len(d.xs), func(i int) bool { return d.tail[i] <= q })
	return d.xs[min(i, len(d.xs)-1)]
}

func (d Discrete) nextAtom(x float64) float64 {
	i := sort.Search(len(d.xs), func(i int) bool { return d.xs[i] > x })
	if i == len(d.xs) {
		return math.Inf(1)
	}
	return d.xs[i]
}

func (d Discrete) prevAtom(x float64) float64 {
	i := sort.Search(len(d.xs), func(i int) bool { return d.xs[i] >= x })
	if i == 0 {
		return math.Inf(-1)
	}
	return d.xs[i-1]
}

// restrict returns d restricted to [lo, hi], built by NewDiscrete from the
// values and weights as written, so that truncate(discrete(1: 1, 2: 1, 3: 1), 2, 3)
// is the same distribution as discrete(2: 1, 3: 1), quantiles included.
func (d Discrete) restrict(lo, hi float64) (Discrete, bool) {
	var vs, ws []float64
	for i, v := range d.values {
		if v >= lo && v <= hi && d.weights[i] > 0 {
			vs, ws = append(vs, v), append(ws, d.weights[i])
		}
	}
	r, err := NewDiscrete(vs, ws)
	if err != nil {
		return Discrete{}, false
	}
	return r.(Discrete), true
}

// Mean returns the weighted mean of the values.
func (d Discrete) Mean() float64 { return d.mean }

// Variance returns the weighted variance of the values.
func (d Discrete) Variance() float64 {
	var v, prev float64
	for i, x := range d.xs {
		p := d.cum[i] - prev
		prev = d.cum[i]
		v += p * (x - d.mean) * (x - d.mean)
	}
	return v
}

// String returns "discrete(v1: w1, v2: w2, ...)" with the values and weights as given.
func (d Discrete) String() string {
	var b strings.Builder
	b.WriteString("discrete(")
	for i, v := range d.values {
		if i > 0 {
			b.WriteString(", ")
		}
		b.WriteString(num(v) + ": " + num(d.weights[i]))
	}
	b.WriteString(")")
	return b.String()
}

func (Discrete) isDiscrete() bool { return true }
