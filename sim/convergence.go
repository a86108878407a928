package sim

import (
	"math"
	"math/bits"
)

// ConvergencePoint is the running mean of a run's first output after a
// number of trials, with its standard error.
type ConvergencePoint struct {
	Trials int64
	Mean   float64
	// SE is the final standard error scaled to these trials,
	// MeanSE·sqrt(N/Trials): the error of an estimate from Trials trials
	// under the run's design (with replicates of fixed size, as every
	// design has, the variance of a mean falls as 1/trials).
	SE float64
}

// convBucket sums the first output's finite values (in its last period)
// over the blocks of one convergence bucket.
type convBucket struct {
	n   int64
	sum exactSum
}

// convBucketOf returns the convergence bucket of block b: two per doubling
// of the blocks run (b+1 in [2^e, 2^e·√2) is bucket 2e, in [2^e·√2, 2^(e+1))
// bucket 2e+1), computed in integers so that every machine agrees.
func convBucketOf(b int64) int {
	v := uint64(b) + 1
	e := bits.Len64(v) - 1
	hi, lo := bits.Mul64(v, v)
	// v² >= 2^(2e+1)?
	k := uint(2*e + 1)
	var above bool
	if k >= 64 {
		above = hi >= 1<<(k-64)
	} else {
		above = hi > 0 || lo >= 1<<k
	}
	if above {
		return 2*e + 1
	}
	return 2 * e
}

// addConvergence adds block b's values xs of the first output.
func (a *Aggregate) addConvergence(b *Block, xs []float64) {
	c := &a.conv[convBucketOf(b.Index)]
	var s, e float64 // TwoSum (Knuth): hi + lo holds the block's sum to 2^-106
	n := int64(0)
	for _, x := range xs {
		if x-x != 0 {
			continue
		}
		t := s + x
		z := t - s
		e += (s - (t - z)) + (x - z)
		s = t
		n++
	}
	hi := s + e
	lo := e - (hi - s)
	c.n += n
	c.sum.add(hi)
	c.sum.add(lo)
}

// convergence returns the running mean of the first output at the end of
// every bucket that has trials.
func (a *Aggregate) convergence(final *Stats) []ConvergencePoint {
	var out []ConvergencePoint
	var n int64
	var sum exactSum
	for i := range a.conv {
		c := &a.conv[i]
		if c.n == 0 {
			continue // bucket 1 never has a block, and a stopped run leaves the last empty
		}
		n += c.n
		sum.merge(&c.sum)
		p := ConvergencePoint{Trials: n, Mean: sum.quo(float64(n)), SE: math.NaN()}
		if final.N > 0 {
			p.SE = final.MeanSE * math.Sqrt(float64(final.N)/float64(n))
		}
		out = append(out, p)
	}
	return out
}
