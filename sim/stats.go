package sim

import "math"

// Stats summarises the distribution of one output (or one period of a series
// output). Percentiles, the CDF and tail means come from an exact-count
// log-bucketed histogram with in-bucket interpolation, within 6e-5 relative
// of exact order statistics (half a bucket) and ~1e-6 in the body of a
// smooth distribution; moments and exceedance counts are exact.
type Stats struct {
	N         int64 // finite values aggregated
	NonFinite int64 // non-finite values left out under NaNSkip
	Mean      float64
	StdDev    float64 // sample standard deviation
	MeanSE    float64 // Monte Carlo standard error of Mean: StdDev/sqrt(N)
	Min, Max  float64
	// Percentiles optionally holds precomputed quantiles. The engine
	// leaves it empty: which percentiles a study reports is the
	// analysis package's choice (analysis.Levels), and Quantile computes
	// any of them.
	Percentiles []Percentile
	// Exceedances holds P(X > t) for each of the output's thresholds.
	Exceedances []Exceedance
	// Below holds P(X < t) for each of the output's Below levels, in
	// Exceedance's form (Prob is the share of values below Threshold).
	Below []Exceedance
	// Levels are percentile levels (such as 0.8) the output asks its
	// reports to add to their defaults (model.Output.Percentiles).
	Levels []float64
	// Replicates is the number of independent replicate groups the
	// standard errors come from under a design whose trials are not
	// independent (Latin hypercube, Sobol, Iman–Conover; see
	// ReplicateGroups), or 0 when they are the iid errors given below.
	Replicates int

	buckets []bucket // non-empty histogram buckets in increasing order
	reps    []Stats  // the figures of each replicate group, when Replicates > 0
}

// replicateSE returns the standard error of the figure f from its values
// in the independent replicate groups of s: the cluster (ratio) estimator
// sqrt(G/(G−1)·Σ(n_g/N)²(θ_g − θ̄)²), θ̄ = Σ n_g·θ_g/N, over the G groups
// of n_g trials (Cochran, Sampling Techniques, 3rd ed., 1977, §6.11 and
// §11.7). For groups of equal size it is sd(θ_g)/sqrt(G), the replicate
// error of randomised quasi-Monte Carlo (sampling.ReplicateSE).
func (s *Stats) replicateSE(f func(r *Stats) float64) float64 {
	var n, mean float64
	for i := range s.reps {
		w := float64(s.reps[i].N)
		n += w
		mean += w * f(&s.reps[i])
	}
	mean /= n
	var ss float64
	for i := range s.reps {
		d := float64(s.reps[i].N) / n * (f(&s.reps[i]) - mean)
		ss += d * d
	}
	g := float64(len(s.reps))
	return math.Sqrt(g / (g - 1) * ss)
}

// Quantile returns the p-quantile with its Monte Carlo standard error.
//
// The standard error is distribution-free: the p-quantile's order statistic
// has rank N·p with binomial standard deviation sqrt(N·p(1-p)), so half the
// distance between the quantiles at p ± sqrt(p(1-p)/N) estimates one
// standard error (the order-statistic confidence interval of e.g.
// Hahn & Meeker, Statistical Intervals, 1991, §5.2). With replicate
// groups (Replicates > 0) it is the spread of the groups' p-quantiles.
func (s *Stats) Quantile(p float64) Percentile {
	n := uint64(s.N)
	q := Percentile{P: p, Value: quantile(s.buckets, n, p), SE: math.NaN()}
	if s.reps != nil {
		q.SE = s.replicateSE(func(r *Stats) float64 { return quantile(r.buckets, uint64(r.N), p) })
	} else if s.N > 0 {
		d := math.Sqrt(p * (1 - p) / float64(s.N))
		lo := quantile(s.buckets, n, math.Max(0, p-d))
		hi := quantile(s.buckets, n, math.Min(1, p+d))
		// The histogram's resolution: the value is interpolated inside
		// its bucket, so add the spread of a uniform error over the
		// bucket, w²/12, to the sampling variance. It is negligible but
		// in the tails of runs of billions of trials.
		w := bucketWidth(s.buckets, p*float64(s.N-1))
		q.SE = math.Sqrt((hi-lo)*(hi-lo)/4 + w*w/12)
	}
	return q
}

// bucketWidth returns the width of the bucket holding the order
// statistic of rank k (0 for a point mass).
func bucketWidth(bs []bucket, k float64) float64 {
	cum := 0.0
	for _, b := range bs {
		cum += float64(b.count)
		if k < cum {
			return b.hi - b.lo
		}
	}
	return 0
}

// CDF returns the fraction of values <= x.
func (s *Stats) CDF(x float64) float64 { return cdf(s.buckets, uint64(s.N), x) }

// TailMean returns the mean of the values above the p-quantile: the
// expected shortfall of the upper 1-p tail (see ExpectedShortfall).
func (s *Stats) TailMean(p float64) float64 {
	es, _ := s.ExpectedShortfall(p)
	return es
}

// Bins returns counts of values in n equal-width bins spanning [lo, hi]:
// edges has n+1 entries. Values outside [lo, hi] are not counted; a
// histogram bucket straddling a bin edge is split in proportion to overlap.
func (s *Stats) Bins(lo, hi float64, n int) (edges, counts []float64) {
	edges = make([]float64, n+1)
	counts = make([]float64, n)
	w := (hi - lo) / float64(n)
	for i := range edges {
		edges[i] = lo + float64(i)*w
	}
	edges[n] = hi
	if n <= 0 || !(w > 0) {
		return edges, counts
	}
	for _, b := range s.buckets {
		c := float64(b.count)
		if b.hi <= b.lo { // a point mass
			if b.lo >= lo && b.lo <= hi {
				counts[min(n-1, int((b.lo-lo)/w))] += c
			}
			continue
		}
		width := b.hi - b.lo
		// One bin early: (b.lo-lo)/w can round up onto the next edge (a
		// bucket just below zero, lo = -3, w = 0.5), and the loop skips
		// bins it does not overlap.
		first := max(0, int(math.Floor((b.lo-lo)/w))-1)
		for k := first; k < n && edges[k] < b.hi; k++ {
			overlap := math.Min(b.hi, edges[k+1]) - math.Max(b.lo, edges[k])
			if overlap > 0 {
				// The share of the bucket first: the bucket holding zero
				// is subnormally narrow, and c/width would overflow.
				counts[k] += c * (overlap / width)
			}
		}
	}
	return edges, counts
}

// ExpectedShortfall returns the mean of the worst 1-p of values (the upper
// tail: larger is worse, as for a loss), e.g. p = 0.95 for the mean of the
// worst 5%, with its Monte Carlo standard error. The error uses the
// asymptotic variance of the tail-mean estimator,
// (Var[X | X > VaR] + p·(ES - VaR)²) / (N·(1-p)) (Manistre & Hancock,
// "Variance of the CTE Estimator", North American Actuarial Journal 9(2), 2005),
// or, with replicate groups, the spread of the groups' shortfalls.
func (s *Stats) ExpectedShortfall(p float64) (es, se float64) {
	if s.N == 0 || p < 0 || p >= 1 {
		return math.NaN(), math.NaN()
	}
	if s.reps != nil {
		es, _ = s.tailMean(p)
		return es, s.replicateSE(func(r *Stats) float64 { v, _ := r.tailMean(p); return v })
	}
	return s.tailMean(p)
}

// tailMean is ExpectedShortfall with the iid error.
func (s *Stats) tailMean(p float64) (es, se float64) {
	skip := p * float64(s.N)
	var mass, sum, sum2 float64
	for _, b := range s.buckets {
		c := float64(b.count)
		if skip >= c {
			skip -= c
			continue
		}
		lo := b.lo
		if skip > 0 {
			lo = b.lo + (b.hi-b.lo)*skip/c
			c -= skip
			skip = 0
		}
		// Values spread evenly over [lo, hi]: E[x] = (lo+hi)/2, E[x²] = (lo²+lo·hi+hi²)/3.
		mass += c
		sum += c * (lo + b.hi) / 2
		sum2 += c * (lo*lo + lo*b.hi + b.hi*b.hi) / 3
	}
	es = sum / mass
	tailVar := math.Max(0, sum2/mass-es*es)
	v := quantile(s.buckets, uint64(s.N), p)
	se = math.Sqrt((tailVar + p*(es-v)*(es-v)) / (float64(s.N) * (1 - p)))
	return es, se
}

// StdDevSE returns the standard error of StdDev: the delta method's
// sqrt((m4/sd⁴ − 1)/(4N))·sd, with the fourth central moment m4 from the
// histogram (sd/sqrt(2N) for a normal output, less for a lighter tail,
// more for a heavier one), or, with replicate groups, the spread of the
// groups' standard deviations.
func (s *Stats) StdDevSE() float64 {
	if s.reps != nil {
		return s.replicateSE(func(r *Stats) float64 { return r.StdDev })
	}
	if s.N < 2 || !(s.StdDev > 0) {
		return math.NaN()
	}
	var kurt float64 // in units of sd, which keeps any scale finite
	for _, b := range s.buckets {
		z := (b.lo/2 + b.hi/2 - s.Mean) / s.StdDev
		kurt += float64(b.count) * z * z * z * z
	}
	kurt /= float64(s.N)
	return s.StdDev * math.Sqrt(math.Max(0, kurt-1)/(4*float64(s.N)))
}

// Under returns P(X < t) with its standard error: from the exact count if
// t is one of the output's Below levels, else from the histogram (as
// Exceedance does).
func (s *Stats) Under(t float64) Exceedance {
	for _, e := range s.Below {
		if e.Threshold == t {
			return e
		}
	}
	n := float64(s.N)
	below := math.Nextafter(t, math.Inf(-1))
	p := s.CDF(below)
	e := Exceedance{Threshold: t, Prob: p, SE: math.Sqrt((p*(1-p) + 1/n) / n)}
	if s.reps != nil {
		e.SE = s.replicateSE(func(r *Stats) float64 { return r.CDF(below) })
	}
	return e
}

// Exceedance returns P(X > t) with its standard error: from the exact
// count if t is one of the output's thresholds, else from the histogram
// (within half a bucket), with the binomial error sqrt((p(1−p)+1/N)/N), or
// with replicate groups the spread of the groups' values.
func (s *Stats) Exceedance(t float64) Exceedance {
	for _, e := range s.Exceedances {
		if e.Threshold == t {
			return e
		}
	}
	n := float64(s.N)
	p := 1 - s.CDF(t)
	e := Exceedance{Threshold: t, Prob: p, SE: math.Sqrt((p*(1-p) + 1/n) / n)}
	if s.reps != nil {
		e.SE = s.replicateSE(func(r *Stats) float64 { return 1 - r.CDF(t) })
	}
	return e
}

// Indicator reports whether every finite value aggregated is 0 or 1
// (and there is at least one).
func (s *Stats) Indicator() bool {
	var n uint64
	for _, b := range s.buckets {
		if b.lo != b.hi || b.lo != 0 && b.lo != 1 {
			return false
		}
		n += b.count
	}
	return s.N > 0 && n == uint64(s.N) // a Stats without its histogram is not known to be one
}

// Binary reports whether s is an Indicator in which both 0 and 1 occur:
// an event, whose mean is its probability. An output that is always 0
// (or always 1) is not taken for one: it may as well be an amount that
// happens to be constant.
func (s *Stats) Binary() bool { return len(s.buckets) == 2 && s.Indicator() }
