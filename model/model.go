package model

import (
	"fmt"

	"github.com/montecarlo-risk/montecarlo/distributions"
)

// Model is a compiled scenario: inputs, a straight-line vector program over
// columns ("slots"), and the outputs to aggregate. A Model is immutable once
// built and may be shared by any number of runs. The scenario package builds
// Models; Validate checks one.
type Model struct {
	// Periods is the number of periods T of a periodic model; 1 for a scalar model.
	Periods int
	// Slots lists every column the program reads or writes. Slot i holds one
	// value per trial, or T values per trial when Series is set.
	Slots []Slot
	// Inputs are sampled into their slots at the start of every block.
	Inputs []Input
	// Code is evaluated in order for every block, after the inputs are sampled.
	Code []Instr
	// Formulas names the slot of every user-visible formula, in evaluation
	// order, so that a non-finite output can be traced to its first cause.
	Formulas []Named
	// Outputs are aggregated after the program runs.
	Outputs []Output
}

// Slot describes one column of the program.
type Slot struct {
	Name   string  // variable name, or "" for a temporary
	Series bool    // one value per period rather than per trial
	Const  bool    // a constant column, filled once with Value and never written
	Value  float64 // the constant's value when Const is set
}

// Input is a scenario input: a distribution sampled into Slot.
type Input struct {
	Name string
	Dist distributions.Distribution
	// Spec is the distribution as the user wrote it ("3.5 to 4.5"): Join
	// shares inputs whose name and Spec agree.
	Spec string
	Slot int
	// PerPeriod draws an independent value for every period (Slot is a series);
	// otherwise one value per trial.
	PerPeriod bool
}

// Named links a formula's name to its slot.
type Named struct {
	Name string
	Slot int
}

// Output is a slot whose distribution the run aggregates.
type Output struct {
	Name       string
	Label      string    // human-readable name; defaults to Name
	Unit       string    // unit of the values, e.g. "USD billions"
	Slot       int       // scalar or series slot
	Thresholds []float64 // report P(output > t) for each t
	Below      []float64 // report P(output < t) for each t
	// Percentiles are levels (probabilities in (0, 1), such as 0.8) the
	// output's reports add to their default percentiles.
	Percentiles []float64
	// FirstPeriod marks an output that is a first(condition): its values
	// are periods 1..T, and T+1 when the condition never holds.
	FirstPeriod bool
}

// Op is a vector instruction's operation.
type Op uint8

// The operations of the vector program. Unless noted, an operation is
// element-wise: its destination is a series when any argument is a series,
// and scalar arguments are broadcast over periods. Comparisons and logic
// yield 1 for true and 0 for false; a non-zero value is true.
const (
	OpCopy    Op = iota // Dst = A
	OpAdd               // Dst = A + B
	OpSub               // Dst = A - B
	OpMul               // Dst = A * B
	OpDiv               // Dst = A / B
	OpPow               // Dst = A ^ B
	OpNeg               // Dst = -A
	OpLT                // Dst = A < B
	OpLE                // Dst = A <= B
	OpGT                // Dst = A > B
	OpGE                // Dst = A >= B
	OpEQ                // Dst = A == B
	OpNE                // Dst = A != B
	OpAnd               // Dst = A && B
	OpOr                // Dst = A || B
	OpNot               // Dst = !A
	OpIf                // Dst = A ? B : C
	OpMin               // Dst = min(A, B)
	OpMax               // Dst = max(A, B)
	OpAbs               // Dst = |A|
	OpExp               // Dst = e^A
	OpLog               // Dst = ln A
	OpSqrt              // Dst = sqrt A
	OpClamp             // Dst = min(max(A, B), C)
	OpPeriod            // Dst (series) = the period number t, 1..T
	OpSum               // Dst (scalar) = sum over periods of A (series)
	OpMean              // Dst (scalar) = mean over periods of A (series)
	OpCumSum            // Dst (series) = running sum over periods of A (series)
	OpLag               // Dst (series) = A shifted K periods later; the first K periods take B
	OpAny               // Dst (scalar) = 1 if A (series) is true in some period, else 0
	OpAll               // Dst (scalar) = 1 if A (series) is true in every period, else 0
	OpCount             // Dst (scalar) = the number of periods in which A (series) is true
	OpFirst             // Dst (scalar) = the first period (1..T) in which A (series) is true; T+1 if none
	OpMinOver           // Dst (scalar) = the least value of A (series) over the periods
	OpMaxOver           // Dst (scalar) = the greatest value of A (series) over the periods
	OpAt                // Dst (scalar) = A (series) in period K+1 (K counts from 0)
	OpSin               // Dst = sin A (radians)
	OpCos               // Dst = cos A (radians)
	OpTan               // Dst = tan A (radians)
	OpAsin              // Dst = arcsin A, in [-pi/2, pi/2]; NaN outside [-1, 1]
	OpAcos              // Dst = arccos A, in [0, pi]; NaN outside [-1, 1]
	OpAtan              // Dst = arctan A, in [-pi/2, pi/2]
	OpAtan2             // Dst = the angle of the point (B, A): arctan(A/B) in the right quadrant, in [-pi, pi]
	OpLog10             // Dst = log10 A
	OpLog2              // Dst = log2 A
	OpFloor             // Dst = the greatest integer <= A
	OpCeil              // Dst = the least integer >= A
	OpRound             // Dst = A rounded to the nearest integer, halves away from zero
	OpMod               // Dst = A mod B with the sign of B (floored, as a spreadsheet's MOD); NaN for B = 0
	// The quantile functions of distributions whose parameters vary by
	// trial (an input such as poisson(rate)): Dst = the A-quantile (A a
	// uniform in (0, 1)) given parameters B and C; NaN where the
	// parameters are invalid, so that the run names the trial.
	OpQNormal        // normal(mean B, sd C >= 0)
	OpQLogNormal     // lognormal(mu B, sigma C >= 0)
	OpQUniform       // uniform(min B, max C >= B)
	OpQExponential   // exponential(rate B > 0)
	OpQPoisson       // poisson(lambda B >= 0)
	OpQBernoulli     // bernoulli(p B in [0, 1])
	OpQBeta          // beta(alpha B > 0, beta C > 0); pert is min + (max-min)·beta
	OpQGamma         // gamma(shape B > 0, scale C > 0)
	OpQBinomial      // binomial(n B a whole number >= 1, p C in [0, 1])
	OpQTriangular    // triangular less its min: B = mode-min >= 0, C = max-mode >= 0, B + C > 0
	OpQNegBinomial   // negbinomial(r B > 0, p C in (0, 1])
	OpQNegBinMean    // negbinomial(mean=B >= 0, r=C > 0)
	OpQWeibull       // weibull(shape B > 0, scale C > 0)
	OpQPareto        // pareto(xm B > 0, alpha C > 0)
	OpQStudentT      // studentt less its location: nu B > 0, sigma C >= 0
	OpQLogNormalMean // lognormal(mean=B > 0, sd=C >= 0)
	OpQRange         // B to C, a 90% interval: lognormal when 0 < B < C, else normal
	// The compound sums of a frequency whose parameters vary by trial
	// (compound(poisson(rate), SEV)): Dst = the sum of A severities drawn
	// from Instr.Dist, A the trial's count (a whole number in [0,
	// distributions.MaxTrialEvents], else NaN), from the stream the bits
	// of B (the trial's own uniform draw) select; see
	// distributions.CompoundSampler.
	OpCompound    // the sum of the A severities
	OpCompoundMax // the largest of the A severities, 0 for none
)

// Instr is one vector instruction. Arguments are slot indices; unused ones are ignored.
type Instr struct {
	Op      Op
	Dst     int
	A, B, C int
	K       int // lag for OpLag; period (from 0) for OpAt
	// Dist is the severity of OpCompound and OpCompoundMax.
	Dist distributions.Distribution
}

// Check reports a malformed Model: the scenario compiler never builds one,
// and the engine refuses to run one.
func (m *Model) Check() error {
	if m.Periods < 1 {
		return fmt.Errorf("model: model has %d periods", m.Periods)
	}
	ok := func(s int) bool { return s >= 0 && s < len(m.Slots) }
	for _, in := range m.Inputs {
		if !ok(in.Slot) || in.Dist == nil || m.Slots[in.Slot].Series != in.PerPeriod {
			return fmt.Errorf("model: input %q is malformed", in.Name)
		}
	}
	for i, c := range m.Code {
		if !ok(c.Dst) || !ok(c.A) || !ok(c.B) || !ok(c.C) || m.Slots[c.Dst].Const {
			return fmt.Errorf("model: instruction %d (op %d) is malformed", i, c.Op)
		}
		dst := m.Slots[c.Dst].Series
		switch c.Op {
		case OpSum, OpMean, OpAny, OpAll, OpCount, OpFirst, OpMinOver, OpMaxOver, OpAt:
			if dst || !m.Slots[c.A].Series {
				return fmt.Errorf("model: instruction %d: a reduction over periods takes a series to a scalar", i)
			}
			if c.Op == OpAt && (c.K < 0 || c.K >= m.Periods) {
				return fmt.Errorf("model: instruction %d: period %d is not in 1..%d", i, c.K+1, m.Periods)
			}
		case OpPeriod, OpCumSum, OpLag:
			if !dst {
				return fmt.Errorf("model: instruction %d: period operation needs a series destination", i)
			}
		default:
			if (c.Op == OpCompound || c.Op == OpCompoundMax) && c.Dist == nil {
				return fmt.Errorf("model: instruction %d: a compound sum has no severity", i)
			}
			for _, a := range []int{c.A, c.B, c.C} {
				if m.Slots[a].Series && !dst {
					return fmt.Errorf("model: instruction %d writes a series into a scalar slot", i)
				}
			}
		}
	}
	for _, o := range m.Outputs {
		if !ok(o.Slot) {
			return fmt.Errorf("model: output %q is malformed", o.Name)
		}
	}
	for _, f := range m.Formulas {
		if !ok(f.Slot) {
			return fmt.Errorf("model: formula %q is malformed", f.Name)
		}
	}
	return nil
}
