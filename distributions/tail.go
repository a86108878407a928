package distributions

// Upper tails.
//
// CDF(x) near 1 carries an absolute error of about 1e-16, so 1 - CDF(x)
// says nothing about a tail probability of 1e-12, and Quantile(1-q) cannot
// even be asked for q below 1.1e-16 (1-q rounds to 1). Truncation to a far
// upper tail (truncate(normal(0, 1), 5, inf)) and mixtures whose components
// sit far apart need the upper tail computed directly. Every distribution of
// this package therefore also implements tailer.

// tailer is implemented by every distribution of this package.
type tailer interface {
	// survival returns P(X > x), with the relative accuracy that CDF has in
	// the lower tail.
	survival(x float64) float64
	// upperQuantile returns the smallest x with P(X > x) <= q, for q in
	// [0, 1]: Quantile(1-q) without rounding 1-q.
	upperQuantile(q float64) float64
}

// survivalOf returns P(X > x): d's own survival function if it has one,
// else 1 - CDF(x).
func survivalOf(d Distribution, x float64) float64 {
	if t, ok := d.(tailer); ok {
		return t.survival(x)
	}
	return 1 - d.CDF(x)
}

// upperQuantileOf returns the smallest x with P(X > x) <= q: d's own upper
// quantile if it has one, else Quantile(1-q).
func upperQuantileOf(d Distribution, q float64) float64 {
	if t, ok := d.(tailer); ok {
		return t.upperQuantile(q)
	}
	return d.Quantile(1 - q)
}
