package plots

import (
	"math"
	"sort"
)

// Bin counts values in n equal-width bins spanning [min, max] of the values
// and returns the n+1 edges and n counts, ready for Histogram or Grid. The
// last bin includes its upper edge. When n <= 0 the number of bins follows the
// Freedman–Diaconis rule, bin width 2 IQR / len^(1/3) (D. Freedman and
// P. Diaconis, "On the histogram as a density estimator: L2 theory",
// Z. Wahrscheinlichkeitstheorie verw. Gebiete 57, 1981), kept within [10, 60].
// A constant sample gets one bin of width 1 centred on its value. Empty, NaN or
// infinite data is an error. Bin does not modify values.
func Bin(values []float64, n int) (edges, counts []float64, err error) {
	if err := validate("bin", column{"values", values}); err != nil {
		return nil, nil, err
	}
	lo, hi := values[0], values[0]
	for _, v := range values {
		lo, hi = math.Min(lo, v), math.Max(hi, v)
	}
	if lo == hi {
		return []float64{lo - 0.5, lo + 0.5}, []float64{float64(len(values))}, nil
	}
	if n <= 0 {
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
