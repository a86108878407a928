package distributions

import (
	"fmt"
	"math"
	"math/rand/v2"

	"github.com/montecarlo-risk/montecarlo/internal/pcgrand"
	"gonum.org/v1/gonum/stat/distuv"
)

// Uniform is the continuous uniform distribution on [min, max]. Build it with NewUniform.
type Uniform struct {
	min, max float64
}

var (
	_ Distribution = Uniform{}
	_ PCGSampler   = Uniform{}
)

// checkInterval validates the bounds of a bounded family.
func checkInterval(family string, min, max float64) error {
	if err := firstErr(finite(family, "min", min), finite(family, "max", max)); err != nil {
		return err
	}
	if !(min < max) {
		return fmt.Errorf("%s: min %s must be below max %s", family, num(min), num(max))
	}
	return nil
}

// NewUniform returns the uniform distribution on [min, max].
func NewUniform(min, max float64) (Distribution, error) {
	if err := checkInterval("uniform", min, max); err != nil {
		return nil, err
	}
	return Uniform{min: min, max: max}, nil
}

// Sample fills dst with draws min + (max-min)*U.
func (u Uniform) Sample(rng *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = rng.Float64()
	}
	u.fromUnit(dst)
}

// SamplePCG is Sample's draws from pcg directly (see PCGSampler).
func (u Uniform) SamplePCG(pcg *rand.PCG, dst []float64) {
	pcgrand.Float64s(pcg, dst)
	u.fromUnit(dst)
}

// fromUnit replaces every uniform v in vs by min + (max-min)*v.
func (u Uniform) fromUnit(vs []float64) {
	lo, w := u.min, u.max-u.min
	for i, v := range vs {
		vs[i] = lo + w*v
	}
}

// Quantile returns the p-quantile min + p(max-min), within [min, max];
// when max-min overflows (uniform(-1e308, 1e308)) it is (1-p)min + p·max.
func (u Uniform) Quantile(p float64) float64 {
	checkP(p)
	w := u.max - u.min
	if math.IsInf(w, 0) {
		return min(max((1-p)*u.min+p*u.max, u.min), u.max)
	}
	return min(max(p*w+u.min, u.min), u.max)
}

// CDF returns P(X <= x), (x-min)/(max-min) inside the interval, computed as
// x/2 - min/2 over max/2 - min/2 when max-min overflows.
func (u Uniform) CDF(x float64) float64 {
	switch {
	case x < u.min:
		return 0
	case x >= u.max:
		return 1
	}
	if w := u.max - u.min; !math.IsInf(w, 0) {
		return (x - u.min) / w
	}
	return (x/2 - u.min/2) / (u.max/2 - u.min/2)
}

// survival returns P(X > x) = (max-x)/(max-min).
func (u Uniform) survival(x float64) float64 {
	return distuv.Uniform{Min: u.min, Max: u.max}.Survival(x)
}

// upperQuantile returns max - q·(max-min).
func (u Uniform) upperQuantile(q float64) float64 { return u.max - q*(u.max-u.min) }

// Mean returns (min+max)/2.
func (u Uniform) Mean() float64 { return distuv.Uniform{Min: u.min, Max: u.max}.Mean() }

// Variance returns (max-min)²/12.
func (u Uniform) Variance() float64 { return distuv.Uniform{Min: u.min, Max: u.max}.Variance() }

// String returns "uniform(min, max)".
func (u Uniform) String() string { return "uniform(" + num(u.min) + ", " + num(u.max) + ")" }

// Triangular is the triangular distribution on [min, max] with a mode. Build it with NewTriangular.
type Triangular struct {
	t              distuv.Triangle
	min, mode, max float64
	// Inverse-CDF constants (https://en.wikipedia.org/wiki/Triangular_distribution#Generating_random_variates):
	// below the split f = (mode-min)/(max-min), x = min + sqrt(u*kLo); above, x = max - sqrt((1-u)*kHi).
	f, kLo, kHi float64
}

var (
	_ Distribution = Triangular{}
	_ PCGSampler   = Triangular{}
)

// checkModal validates min < max and mode in [min, max] for triangular and PERT.
func checkModal(family string, min, mode, max float64) error {
	if err := firstErr(finite(family, "min", min), finite(family, "mode", mode), finite(family, "max", max)); err != nil {
		return err
	}
	if !(min < max) {
		return fmt.Errorf("%s: min %s must be below max %s", family, num(min), num(max))
	}
	if mode < min || mode > max {
		return fmt.Errorf("%s: mode %s outside [%s, %s]", family, num(mode), num(min), num(max))
	}
	return nil
}

// NewTriangular returns the triangular distribution on [min, max] with the given mode.
func NewTriangular(min, mode, max float64) (Distribution, error) {
	if err := checkModal("triangular", min, mode, max); err != nil {
		return nil, err
	}
	w := max - min
	return Triangular{
		t:   distuv.NewTriangle(min, max, mode, nil),
		min: min, mode: mode, max: max,
		f: (mode - min) / w, kLo: w * (mode - min), kHi: w * (max - mode),
	}, nil
}

// Sample fills dst by the closed-form inverse CDF (one square root per draw).
func (t Triangular) Sample(rng *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = rng.Float64()
	}
	t.fromUnit(dst)
}

// SamplePCG is Sample's draws from pcg directly (see PCGSampler).
func (t Triangular) SamplePCG(pcg *rand.PCG, dst []float64) {
	pcgrand.Float64s(pcg, dst)
	t.fromUnit(dst)
}

// fromUnit replaces every uniform u in us by the quantile at u:
// lo + √(u·kLo) below the mode's probability f, hi - √((1-u)·kHi) above.
// Both square roots' arguments are computed and the side's operands
// selected by their bits, which compiles to conditional moves rather than
// a branch on u < f (mispredicted on up to min(f, 1-f) of the draws);
// hi + (-r) is hi - r exactly.
func (t Triangular) fromUnit(us []float64) {
	lo, hi, f, kLo, kHi := math.Float64bits(t.min), math.Float64bits(t.max), t.f, t.kLo, t.kHi
	for i, u := range us {
		sLo, sHi := math.Float64bits(u*kLo), math.Float64bits((1-u)*kHi)
		a, s, sign := hi, sHi, uint64(1)<<63
		if u < f {
			a, s, sign = lo, sLo, 0
		}
		r := math.Float64frombits(math.Float64bits(math.Sqrt(math.Float64frombits(s))) ^ sign)
		us[i] = math.Float64frombits(a) + r
	}
}

// Quantile returns the p-quantile.
func (t Triangular) Quantile(p float64) float64 {
	checkP(p)
	return t.t.Quantile(p)
}

// CDF returns P(X <= x).
func (t Triangular) CDF(x float64) float64 { return t.t.CDF(x) }

// survival returns P(X > x), (max-x)²/((max-min)(max-mode)) above the mode.
func (t Triangular) survival(x float64) float64 {
	a, c, b := t.min, t.mode, t.max
	switch {
	case x <= a:
		return 1
	case x < c:
		d := x - a
		return 1 - d*d/((b-a)*(c-a))
	case x < b:
		d := b - x
		return d * d / ((b - a) * (b - c))
	}
	return 0
}

// upperQuantile returns max - sqrt(q·(max-min)(max-mode)) for q <= (max-mode)/(max-min),
// else the lower branch of Quantile at 1-q.
func (t Triangular) upperQuantile(q float64) float64 {
	if q <= 1-t.f {
		return t.max - math.Sqrt(q*t.kHi)
	}
	return t.min + math.Sqrt((1-q)*t.kLo)
}

// Mean returns (min+mode+max)/3.
func (t Triangular) Mean() float64 { return t.t.Mean() }

// Variance returns the variance.
func (t Triangular) Variance() float64 { return t.t.Variance() }

// String returns "triangular(min, mode, max)".
func (t Triangular) String() string {
	return "triangular(" + num(t.min) + ", " + num(t.mode) + ", " + num(t.max) + ")"
}
