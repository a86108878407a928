package distributions

import (
	"fmt"
	"math"
	"strconv"
)

// badPercentile is the panic message for a probability outside [0, 1] passed
// to Quantile: a programmer error, as in gonum's stat/distuv/general.go.
const badPercentile = "distributions: percentile out of bounds"

// checkP panics unless 0 <= p <= 1 (NaN included).
func checkP(p float64) {
	if !(p >= 0 && p <= 1) {
		panic(badPercentile)
	}
}

// num formats v the way String renders numbers: the shortest decimal that
// parses back to exactly v.
func num(v float64) string {
	return strconv.FormatFloat(v, 'g', -1, 64)
}

// pctLabel names the p-quantile as a scenario writes it: 0.05 -> "p5",
// 0.975 -> "p97.5". Twelve significant digits undo binary rounding in 100*p
// (0.07*100 = 7.000000000000001).
func pctLabel(p float64) string {
	return "p" + strconv.FormatFloat(100*p, 'g', 12, 64)
}

// isFinite reports whether v is neither NaN nor infinite.
func isFinite(v float64) bool {
	return !math.IsNaN(v) && !math.IsInf(v, 0)
}

// finite returns an error "family: name must be finite, got v" unless v is finite.
func finite(family, name string, v float64) error {
	if isFinite(v) {
		return nil
	}
	return fmt.Errorf("%s: %s must be finite, got %s", family, name, num(v))
}

// positive returns an error unless v is finite and > 0.
func positive(family, name string, v float64) error {
	if err := finite(family, name, v); err != nil {
		return err
	}
	if v <= 0 {
		return fmt.Errorf("%s: %s must be > 0, got %s", family, name, num(v))
	}
	return nil
}

// probability returns an error unless 0 <= v <= 1.
func probability(family, name string, v float64) error {
	if !(v >= 0 && v <= 1) {
		return fmt.Errorf("%s: %s must be in [0, 1], got %s", family, name, num(v))
	}
	return nil
}

// firstErr returns the first non-nil error.
func firstErr(errs ...error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// variancer is implemented by every distribution of this package.
type variancer interface {
	Variance() float64
}

// discreter is implemented by distributions whose mass sits on isolated
// points (their CDF is a step function). Truncated uses it to choose exact
// summation over atoms instead of quadrature.
type discreter interface {
	isDiscrete() bool
}

// isDiscrete reports whether d is known to be purely discrete.
func isDiscrete(d Distribution) bool {
	x, ok := d.(discreter)
	return ok && x.isDiscrete()
}

// varianceOf returns d's variance if d reports one, else NaN.
func varianceOf(d Distribution) float64 {
	if v, ok := d.(variancer); ok {
		return v.Variance()
	}
	return math.NaN()
}

// atomic is implemented by the discrete distributions of this package: it
// steps from one support point to the next without a search on the CDF, so
// that truncation can find the atoms next to a bound exactly.
type atomic interface {
	// nextAtom returns the smallest support point > x (+Inf if none).
	nextAtom(x float64) float64
	// prevAtom returns the largest support point < x (-Inf if none).
	prevAtom(x float64) float64
}

// intNext and intPrev step over the integers of [0, n] (n may be +Inf).
func intNext(x, n float64) float64 {
	k := max(math.Floor(x)+1, 0)
	if k > n {
		return math.Inf(1)
	}
	return k
}

func intPrev(x, n float64) float64 {
	k := min(math.Ceil(x)-1, n)
	if k < 0 {
		return math.Inf(-1)
	}
	return k
}
