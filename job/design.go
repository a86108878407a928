package job

import (
	"fmt"
	"math"

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
		row := report.CorrelationRow{A: p.A, B: p.B, Requested: p.Rho, Used: c.used.Matrix[idx[p.A]][idx[p.B]], Achieved: math.NaN(), Why: p.Source}
		if row.Why == "" {
			row.Why = p.Assumption
		}
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
// members must agree on their sampling design, and the correlations used
// are the union of the members' pairs: that is right for every member only
// if each member's own pairs are exactly the union's pairs between its
// inputs, which compareSampler checks.
func compareSampler(opts *Options, members []member, joint *model.Model, cfg *sim.Config) (string, *correlated, error) {
	first := members[0]
	union := *first.s
	union.Correlations = nil
	union.Method = scenario.Method{}
	for _, m := range members[1:] {
		if opts.Sampling == "" && m.s.Sampling != first.s.Sampling {
			return "", nil, Usagef("compare: %s samples by %s but %s by %s; a comparison draws every member from one design: give --sampling, or make the files agree",
				first.label, design(first.s.Sampling), m.label, design(m.s.Sampling))
		}
	}
	coef := map[[2]string]float64{}
	for _, m := range members {
		if len(m.s.Correlations) == 0 {
			continue
		}
		if union.Method != (scenario.Method{}) && m.s.Method != union.Method {
			return "", nil, Usagef("compare: the members correlate their inputs by different methods (%s and %s); a comparison draws every member from one sampler: make the files agree", union.Method, m.s.Method)
		}
		union.Method = m.s.Method
		for _, p := range m.s.Correlations {
			key := [2]string{min(p.A, p.B), max(p.A, p.B)}
			if _, dup := coef[key]; !dup {
				coef[key] = p.Rho
				union.Correlations = append(union.Correlations, p)
			}
		}
	}
	for _, m := range members {
		own := map[[2]string]float64{}
		for _, p := range m.s.Correlations {
			own[[2]string{min(p.A, p.B), max(p.A, p.B)}] = p.Rho
		}
		for key, rho := range coef {
			if m.s.InputIndex(key[0]) < 0 || m.s.InputIndex(key[1]) < 0 {
				continue // the member lacks one of the inputs: the pair does not touch it
			}
			if own[key] != rho {
				return "", nil, Usagef("compare: %s and %s are both inputs of %s, which correlates them by %v, but another member asks for %v; "+
					"a comparison draws every member from one sampler (common random numbers), which induces one correlation per pair of inputs: "+
					"run the members separately with `montecarlo run`", key[0], key[1], m.label, own[key], rho)
			}
		}
	}
	return samplerFor(opts.Sampling, &union, joint, cfg)
}

// design returns the name of a design, "random" for "".
func design(d string) string {
	if d == "" {
		return "random"
	}
	return d
}
