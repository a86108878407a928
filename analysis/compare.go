package analysis

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"sort"
	"strconv"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// Estimate is a figure with its Monte Carlo standard error.
type Estimate struct {
	Value, SE float64
}

// SE methods of a difference.
const (
	SEPaired = "paired" // exact: the standard error of a per-trial difference
	SEApprox = "approx" // a large-sample approximation (percentiles; see Comparison)
)

// Comparison is the table of a comparison: for every shared output, each
// statistic per member with its difference from the base.
//
// The difference of means and of exceedance probabilities are the means of
// per-trial differences (variant − base in the same trial), so their
// standard errors are the exact paired ones. A difference of percentiles,
// q_k − q_0, is not a mean; its standard error is approximated by
// sqrt(se_k² + se_0² − 2ρ·se_k·se_0), where ρ is the asymptotic correlation
// of the two sample quantiles under common random numbers. From the Bahadur
// representation q̂ ≈ q + (p − F̂(q))/f(q) (Bahadur, "A note on quantiles in
// large samples", Ann. Math. Statist. 37, 1966), ρ = (P(A ≤ q_A, B ≤ q_B) −
// p²) / (p(1 − p)), estimated on the run's sample of the first
// sim.SampleSize trials. ρ is 1 when the two outputs move together
// (a variant that leaves the output alone has difference exactly 0 with
// SE 0) and 0 for independent ones, where the formula is the usual
// sqrt(se_k² + se_0²).
type Comparison struct {
	Labels  []string
	Outputs []ComparedOutput
}

// ComparedOutput is the comparison of one shared output.
type ComparedOutput struct {
	Name, Label, Unit string
	// Period is the period compared for a series output (its last), 0 for a scalar.
	Period int
	Rows   []CompareRow
	// Above[k] is P(member k > base) in the same trial, k >= 1.
	Above []Estimate
	// Stats are the members' statistics of the output (its compared period).
	Stats []*sim.Stats
}

// CompareRow is one statistic of an output for every member.
type CompareRow struct {
	Stat     string     // "mean", "P5", "P50", "P95", "P(> 5)"
	P        float64    // the probability of a percentile, the threshold of P(> t)
	Kind     string     // "mean", "percentile" or "exceedance"
	Values   []Estimate // per member
	Diffs    []Estimate // per member, member − base; Diffs[0] is zero
	SEMethod string     // SEPaired or SEApprox
}

// comparedPercentiles are the percentiles of a comparison table.
var comparedPercentiles = []float64{0.05, 0.50, 0.95}

// Compare computes the comparison of the members of jt from res, the
// result of a run of jt.Model.
func Compare(res *sim.Result, jt *model.Joint) (*Comparison, error) {
	if res == nil || jt == nil || len(jt.Labels) < 2 {
		return nil, errors.New("analysis: a comparison needs a joint run of at least two members")
	}
	c := &Comparison{Labels: append([]string(nil), jt.Labels...)}
	col := sampleColumns(&res.Sample)
	qc := &quantileCache{s: &res.Sample, sorted: map[int][]float64{}}
	for j, name := range jt.Shared {
		o0 := &res.Outputs[jt.Output(0, j)]
		co := ComparedOutput{Name: name, Label: o0.Label, Unit: o0.Unit}
		if co.Label == "" {
			co.Label = name
		}
		if o0.Series {
			co.Period = len(o0.Periods)
		}
		for k := range jt.Labels {
			s := res.Outputs[jt.Output(k, j)].Final()
			if s.N == 0 {
				return nil, fmt.Errorf("analysis: output %q of %s has no finite value", name, jt.Labels[k])
			}
			co.Stats = append(co.Stats, s)
		}
		// Mean: the diff output's mean and paired SE.
		row := CompareRow{Stat: "mean", Kind: "mean", SEMethod: SEPaired}
		for k, s := range co.Stats {
			row.Values = append(row.Values, Estimate{s.Mean, s.MeanSE})
			d := Estimate{}
			if k > 0 {
				ds := res.Outputs[jt.Diff(k, j)].Final()
				d = Estimate{ds.Mean, ds.MeanSE}
			}
			row.Diffs = append(row.Diffs, d)
		}
		co.Rows = append(co.Rows, row)
		// Percentiles: difference of quantiles, approximate SE.
		for _, p := range comparedPercentiles {
			row := CompareRow{Stat: "P" + strconv.FormatFloat(100*p, 'f', -1, 64), P: p, Kind: "percentile", SEMethod: SEApprox}
			q0 := co.Stats[0].Quantile(p)
			for k, s := range co.Stats {
				q := s.Quantile(p)
				row.Values = append(row.Values, Estimate{q.Value, q.SE})
				d := Estimate{}
				if k > 0 {
					rho := qc.correlation(col[res.Outputs[jt.Output(k, j)].Name], col[res.Outputs[jt.Output(0, j)].Name], p)
					v := q.SE*q.SE + q0.SE*q0.SE - 2*rho*q.SE*q0.SE
					d = Estimate{q.Value - q0.Value, math.Sqrt(math.Max(0, v))}
					// A member equal to the base in every trial (the
					// variant does not touch this output) has an exact
					// difference of 0; the formula above would leave a
					// rounding residue (se·sqrt(2(1−ρ)) with ρ = 1 − ε).
					if ds := res.Outputs[jt.Diff(k, j)].Final(); ds.Min == 0 && ds.Max == 0 {
						d = Estimate{q.Value - q0.Value, 0}
					}
				}
				row.Diffs = append(row.Diffs, d)
			}
			co.Rows = append(co.Rows, row)
		}
		// Exceedances: the indicator-difference outputs.
		for t, th := range jt.Thresholds[j] {
			row := CompareRow{Stat: "P(> " + strconv.FormatFloat(th, 'f', -1, 64) + ")", P: th, Kind: "exceedance", SEMethod: SEPaired}
			for k, s := range co.Stats {
				e, ok := exceedanceAt(s, th)
				if !ok {
					return nil, fmt.Errorf("analysis: output %q of %s has no threshold %g", name, jt.Labels[k], th)
				}
				row.Values = append(row.Values, Estimate{e.Prob, e.SE})
				d := Estimate{}
				if k > 0 {
					ds := res.Outputs[jt.ExceedDiff(k, j, t)].Final()
					d = Estimate{ds.Mean, ds.MeanSE}
				}
				row.Diffs = append(row.Diffs, d)
			}
			co.Rows = append(co.Rows, row)
		}
		co.Above = append(co.Above, Estimate{})
		for k := 1; k < len(jt.Labels); k++ {
			e, _ := exceedanceAt(res.Outputs[jt.Diff(k, j)].Final(), 0)
			co.Above = append(co.Above, Estimate{e.Prob, e.SE})
		}
		c.Outputs = append(c.Outputs, co)
	}
	return c, nil
}

func exceedanceAt(s *sim.Stats, th float64) (sim.Exceedance, bool) {
	for _, e := range s.Exceedances {
		if e.Threshold == th {
			return e, true
		}
	}
	return sim.Exceedance{Prob: math.NaN(), SE: math.NaN()}, false
}

// sampleColumns maps the sample's output names to their columns.
func sampleColumns(s *sim.Sample) map[string]int {
	m := map[string]int{}
	for j := s.Inputs; j < len(s.Names); j++ {
		m[s.Names[j]] = j
	}
	return m
}

// quantileCorrelation estimates the asymptotic correlation of the sample
// p-quantiles of columns a and b of s (see Comparison): the correlation of
// the indicators A <= q_A and B <= q_B, with q_A and q_B the columns' own
// sample p-quantiles, (C − p_A·p_B)/sqrt(p_A(1−p_A)·p_B(1−p_B)), where C is
// the share of sampled trials at or below both and p_A, p_B the realised
// shares (ties in a discrete output can push them away from p). It returns 0
// when the sample cannot tell (fewer than 100 trials, or a column constant
// at its quantile).
func (qc *quantileCache) correlation(a, b int, p float64) float64 {
	s := qc.s
	if a >= len(s.Values) || b >= len(s.Values) || a < s.Inputs || b < s.Inputs {
		return 0
	}
	xa, xb := s.Values[a], s.Values[b]
	n := len(xa)
	if n < 100 || len(xb) != n {
		return 0
	}
	qa, qb := qc.quantile(a, p), qc.quantile(b, p)
	var both, belowA, belowB float64
	for i := range n {
		ia, ib := xa[i] <= qa, xb[i] <= qb
		if ia && ib {
			both++
		}
		if ia {
			belowA++
		}
		if ib {
			belowB++
		}
	}
	fn := float64(n)
	pa, pb := belowA/fn, belowB/fn
	v := pa * (1 - pa) * pb * (1 - pb)
	if !(v > 0) {
		return 0
	}
	rho := (both/fn - pa*pb) / math.Sqrt(v)
	return math.Max(-1, math.Min(1, rho))
}

// quantileCache sorts each sample column once.
type quantileCache struct {
	s      *sim.Sample
	sorted map[int][]float64
}

// quantile is the smallest value of column j with at least a share p of the column at or below it.
func (qc *quantileCache) quantile(j int, p float64) float64 {
	srt, ok := qc.sorted[j]
	if !ok {
		srt = slices.Clone(qc.s.Values[j])
		sort.Float64s(srt)
		qc.sorted[j] = srt
	}
	i := int(math.Ceil(p*float64(len(srt)))) - 1
	return srt[max(0, min(len(srt)-1, i))]
}
