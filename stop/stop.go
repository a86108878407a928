// Package stop ends runs at a precision: "--precision 'loss.mean=0.001'"
// runs until the mean loss is known to ±0.001 (one standard error), or
// until the trial budget is spent.
//
// A target is FIGURE=ERROR, FIGURE as in suite files (OUTPUT.mean,
// OUTPUT.p95, OUTPUT.p(>5), OUTPUT[T].sd, ...) and ERROR an absolute
// standard error (0.001) or one relative to the figure's value (1%);
// several targets, separated by commas, must all be met. The engine asks a
// Stopper at fixed block counts on the result of exactly those blocks
// (sim.Config.CheckEvery), so the stopping point is the same for any
// number of workers; Reason says why and when the run stopped.
package stop

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"sync"

	"github.com/montecarlo-risk/montecarlo/sim"
	"github.com/montecarlo-risk/montecarlo/suite"
)

// Target is one precision target.
type Target struct {
	Figure   string
	Error    float64 // the largest standard error accepted
	Relative bool    // Error is a fraction of the figure's absolute value
}

// Parse reads targets written "FIGURE=ERROR[,FIGURE=ERROR...]".
func Parse(s string) ([]Target, error) {
	var out []Target
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		fig, e, ok := strings.Cut(part, "=")
		if !ok {
			return nil, fmt.Errorf("precision %q: write FIGURE=ERROR, e.g. loss.mean=0.001 or loss.p95=1%%", part)
		}
		t := Target{Figure: strings.TrimSpace(fig)}
		if t.Figure == "" {
			return nil, fmt.Errorf("precision %q: name the figure before '=', e.g. loss.mean=0.001", part)
		}
		e = strings.TrimSpace(e)
		if p, isPct := strings.CutSuffix(e, "%"); isPct {
			e, t.Relative = p, true
		}
		v, err := strconv.ParseFloat(e, 64)
		if err != nil || !(v > 0) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("precision %q: the error must be a positive number (0.001) or percentage (1%%)", part)
		}
		if t.Relative {
			v /= 100
		}
		if !(v > 0) { // a percentage too small to hold
			return nil, fmt.Errorf("precision %q: the error must be a positive number (0.001) or percentage (1%%)", part)
		}
		t.Error = v
		out = append(out, t)
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("precision %q: give at least one target, e.g. loss.mean=0.001", s)
	}
	return out, nil
}

// Stopper is a sim.Stopper that stops once every target is met.
type Stopper struct {
	Targets []Target

	mu     sync.Mutex
	reason string
	err    error
}

var _ sim.Stopper = (*Stopper)(nil)

// Stop reports whether every target is met by r.
func (s *Stopper) Stop(r *sim.Result) bool {
	s.mu.Lock()
	defer s.mu.Unlock()
	var met []string
	for _, t := range s.Targets {
		v, se, err := suite.Figure(r, t.Figure)
		if err != nil {
			s.err = err
			return true // a target that names no figure cannot be met: stop and report it
		}
		limit := t.Error
		if t.Relative {
			limit *= math.Abs(v)
		}
		if !(se <= limit) {
			return false
		}
		met = append(met, fmt.Sprintf("%s ± %.3g (target %.3g)", t.Figure, se, limit))
	}
	s.reason = fmt.Sprintf("stopped after %d trials: every precision target met: %s", r.Trials, strings.Join(met, ", "))
	return true
}

// Check returns the error of a target that named no figure of the model.
func (s *Stopper) Check() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.err
}

// Reason says why the run stopped, or that the trial budget ran out
// before the targets were met ("" before the run).
func (s *Stopper) Reason(r *sim.Result, budget int64) string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.reason != "" && r.Trials < budget {
		return s.reason
	}
	return fmt.Sprintf("ran the whole budget of %d trials; the precision targets were not all met before it", budget)
}
