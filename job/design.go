package job

import (
	"fmt"
	"math"
	"reflect"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/sampling"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// correlated is what a scenario asked of its correlations and what the
// run uses.
type correlated struct {
	method    scenario.Method
	pairs     []scenario.Correlation // as written (after a variant's changes)
	requested sampling.Correlation   // the pairs as a matrix
	used      sampling.Correlation   // requested, repaired if it was not a valid matrix
	change    float64                // the largest change Repair made, 0 if none
}

// correlations returns the correlations of s, repaired to the nearest
// valid matrix if need be, or nil if s has none.
func correlations(s *scenario.Scenario) (*correlated, error) {
	req, ok := s.RankCorrelation()
	if !ok {
		return nil, nil
	}
	c := &correlated{method: s.Method, pairs: s.Correlations, requested: req, used: req}
	if c.method.Name == "" {
		c.method.Name = scenario.ImanConover
	}
	if req.Validate() != nil {
		fixed, change, err := req.Repair()
		if err != nil {
			return nil, fmt.Errorf("%s: correlations: %w", s.File, err)
		}
		c.used, c.change = fixed, change
	}
	return c, nil
}

// warning says how the matrix was repaired, or "".
func (c *correlated) warning() string {
	if c == nil || c.change == 0 {
		return ""
	}
	return fmt.Sprintf("the correlations asked for are not a valid correlation matrix (no joint distribution has them all); "+
		"the run uses the nearest valid matrix (Higham 2002), which changes a coefficient by up to %.3f: see `montecarlo validate` for both matrices", c.change)
}

// rows returns the correlation rows of a report: each pair as written,
// the coefficient used and the one achieved in res.
func (c *correlated) rows(res *sim.Result) []report.CorrelationRow {
	if c == nil {
		return nil
	}
	idx := map[string]int{}
	for i, n := range c.used.Names {
		idx[n] = i
	}
	achieved := map[[2]string]float64{}
	for _, rc := range res.RankCorrelations {
		achieved[[2]string{rc.A, rc.B}] = rc.Rho
		achieved[[2]string{rc.B, rc.A}] = rc.Rho
	}
	var out []report.CorrelationRow
	for _, p := range c.pairs {
		row := report.CorrelationRow{A: p.A, B: p.B, Requested: p.Rho, Used: c.used.Matrix[idx[p.A]][idx[p.B]], Achieved: math.NaN()}
		if v, ok := achieved[[2]string{p.A, p.B}]; ok {
			row.Achieved = v
		}
		out = append(out, row)
	}
	return out
}

// samplerFor sets cfg's sampler (and the pairs whose rank correlation the
// run measures) for m, the model of s or a joint model of members that
// share s's correlations: the design named by flag, else the one s names,
// with s's correlations. It returns the design's name and the
// correlations.
func samplerFor(flag string, s *scenario.Scenario, m *model.Model, cfg *sim.Config) (string, *correlated, error) {
	d := flag
	if d == "" {
		d = s.Sampling
	}
	if d == "" {
		d = "random"
	}
	base, err := sampling.Design(d, m, cfg.Trials)
	if err != nil {
		return "", nil, UsageError{fmt.Errorf("--%w", err)}
	}
	c, err := correlations(s)
	if err != nil || c == nil {
		cfg.Sampler = base
		return d, nil, err
	}
	var smp sampling.Sampler
	switch c.method.Name {
	case scenario.ImanConover:
		smp, err = sampling.NewImanConover(m, c.used, base)
	case scenario.Gaussian, scenario.StudentT:
		if d != "random" {
			return "", nil, UsageError{fmt.Errorf("%s: correlation_method: %s draws its own independent normal variates, which would undo --sampling %s; use iman-conover, which reorders the design's values and keeps it", s.File, c.method, d)}
		}
		kind := sampling.GaussianCopula
		if c.method.Name == scenario.StudentT {
			kind = sampling.StudentTCopula
		}
		smp, err = sampling.NewCopula(m, c.used, kind, c.method.Nu)
	}
	if err != nil {
		return "", nil, fmt.Errorf("%s: correlations: %w", s.File, err)
	}
	cfg.Sampler = smp
	first := map[string]int{}
	for i := len(m.Inputs) - 1; i >= 0; i-- {
		first[m.Inputs[i].Name] = i
	}
	cfg.RankPairs = nil
	for _, p := range c.pairs {
		cfg.RankPairs = append(cfg.RankPairs, [2]int{first[p.A], first[p.B]})
	}
	return d, c, nil
}

// compareSampler sets cfg's sampler for the joint model of a comparison.
// Every member is drawn by one sampler (common random numbers), so the
// members must agree on their sampling design and correlations.
func compareSampler(opts *Options, members []member, joint *model.Model, cfg *sim.Config) error {
	first := members[0]
	for _, m := range members[1:] {
		if opts.Sampling == "" && m.s.Sampling != first.s.Sampling {
			return Usagef("compare: %s samples by %s but %s by %s; a comparison draws every member from one design: give --sampling, or make the files agree",
				first.label, design(first.s.Sampling), m.label, design(m.s.Sampling))
		}
		a, _ := first.s.RankCorrelation()
		b, _ := m.s.RankCorrelation()
		if !reflect.DeepEqual(a, b) || first.s.Method != m.s.Method {
			return Usagef("compare: %s and %s ask for different correlations between their inputs; a comparison draws every member from one sampler "+
				"(common random numbers), which induces one set of correlations: run them separately with `montecarlo run`", first.label, m.label)
		}
	}
	_, _, err := samplerFor(opts.Sampling, first.s, joint, cfg)
	return err
}

// design returns the name of a design, "random" for "".
func design(d string) string {
	if d == "" {
		return "random"
	}
	return d
}
