package plots

import (
	"math"
	"slices"
	"sort"
)

// Bin counts values in n equal-width bins spanning [min, max] of the values
// and returns the n+1 edges and n counts, ready for Histogram or Grid. The
// last bin includes its upper edge. When n <= 0 the number of bins follows the
// Freedman–Diaconis rule, bin width 2 IQR / len^(1/3) (D. Freedman and
// P. Diaconis, "On the histogram as a density estimator: L2 theory",
// Z. Wahrscheinlichkeitstheorie verw. Gebiete 57, 1981), kept within [10, 60],
// except for a discrete sample: one taking at most maxDiscrete distinct
// values on a regular grid (e.g. months 9..13) gets one bin per grid value,
// centred on it and of the grid's width, instead of equal-width bins over
// [min, max] whose first and last bars would be half as wide.
// A constant sample gets one bin of width 1 centred on its value. Empty, NaN or
// infinite data is an error. Bin does not modify values.
func Bin(values []float64, n int) (edges, counts []float64, err error) {
	if err := validate("bin", column{"values", values}); err != nil {
		return nil, nil, err
	}
	lo, hi := values[0], values[0]
	for _, v := range values { // all finite: plain comparisons are exact
		if v < lo {
			lo = v
		}
		if v > hi {
			hi = v
		}
	}
	if lo == hi {
		return []float64{lo - 0.5, lo + 0.5}, []float64{float64(len(values))}, nil
	}
	if n <= 0 {
		if e, c, ok := discreteBins(values); ok {
			return e, c, nil
		}
		n = fdBins(values, lo, hi)
	}
	edges = make([]float64, n+1)
	w := (hi - lo) / float64(n)
	for i := range edges {
		edges[i] = lo + float64(i)*w
	}
	edges[n] = hi
	counts = make([]float64, n)
	for _, v := range values {
		i := int((v - lo) / w)
		if i >= n {
			i = n - 1
		}
		counts[i]++
	}
	return edges, counts, nil
}

// fdBins returns the Freedman–Diaconis number of bins, clamped to [10, 60].
func fdBins(values []float64, lo, hi float64) int {
	// The quartiles only choose a bin count, so a systematic subsample of
	// at most 8192 values estimates them well enough and spares sorting
	// every value; the width still uses the full count.
	step := max(1, len(values)/8192)
	s := make([]float64, 0, len(values)/step+1)
	for i := 0; i < len(values); i += step {
		s = append(s, values[i])
	}
	sort.Float64s(s)
	q := func(p float64) float64 { // linear interpolation between order statistics
		h := p * float64(len(s)-1)
		i := int(h)
		if i+1 >= len(s) {
			return s[len(s)-1]
		}
		return s[i] + (h-float64(i))*(s[i+1]-s[i])
	}
	iqr := q(0.75) - q(0.25)
	if iqr <= 0 {
		return 10
	}
	w := 2 * iqr / math.Cbrt(float64(len(values)))
	n := int(math.Ceil((hi - lo) / w))
	return max(10, min(60, n))
}

// maxDiscrete is the most distinct values Bin draws one bar each for.
const maxDiscrete = 20

// discreteBins bins a sample taking at most maxDiscrete distinct values,
// all on a grid v0 + k·d with d the smallest gap between them (to a relative
// 1e-9) and at most 3·maxDiscrete grid points: edges at the midpoints, one
// bin per grid value (empty where the grid has a hole). ok is false for any
// other sample.
func discreteBins(values []float64) (edges, counts []float64, ok bool) {
	var distinct []float64
	for _, v := range values {
		if !slices.Contains(distinct, v) {
			if len(distinct) == maxDiscrete {
				return nil, nil, false
			}
			distinct = append(distinct, v)
		}
	}
	if len(distinct) < 2 {
		return nil, nil, false
	}
	sort.Float64s(distinct)
	d := math.Inf(1)
	for i := 1; i < len(distinct); i++ {
		d = math.Min(d, distinct[i]-distinct[i-1])
	}
	lo, hi := distinct[0], distinct[len(distinct)-1]
	steps := math.Round((hi - lo) / d)
	if steps > 3*maxDiscrete {
		return nil, nil, false
	}
	tol := 1e-9 * math.Max(math.Abs(lo), math.Abs(hi))
	for _, v := range distinct {
		k := (v - lo) / d
		if math.Abs(k-math.Round(k))*d > math.Max(tol, 1e-9*d) {
			return nil, nil, false
		}
	}
	n := int(steps) + 1
	edges = make([]float64, n+1)
	for i := range edges {
		edges[i] = lo + (float64(i)-0.5)*d
	}
	counts = make([]float64, n)
	for _, v := range values {
		counts[int(math.Round((v-lo)/d))]++
	}
	return edges, counts, true
}
