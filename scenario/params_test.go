package scenario

import (
	"context"
	"fmt"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
	"gonum.org/v1/gonum/integrate/quad"
)

// TestParametricMoments runs inputs whose parameters are other inputs and
// checks their moments against the laws of total expectation and
// variance: poisson(rate) with rate ~ uniform(1, 5) has mean E[rate] = 3
// and variance E[rate] + Var(rate) = 3 + 4/3; normal(mean=base, sd=2)
// with base ~ uniform(0, 12) has variance 4 + 12; bernoulli(rate/10) has
// mean 0.3.
func TestParametricMoments(t *testing.T) {
	src := `name: p
inputs:
  rate: uniform(1, 5)
  events: poisson(rate)
  base: uniform(0, 12)
  x: normal(mean=base, sd=2)
  flip: bernoulli(rate / 10)
  wait: exponential(rate)
  spread: lognormal(0, sigma=rate / 10)
  width: uniform(min=0, max=rate)
outputs: [events, x, flip, wait, spread, width]
`
	s, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	const n = 400_000
	res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: n, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	// E[exp(σZ)] over σ ~ uniform(0.1, 0.5) is the mean of exp(σ²/2).
	var lnMean float64
	for k := range 1000 {
		sg := 0.1 + 0.4*(float64(k)+0.5)/1000
		lnMean += math.Exp(sg*sg/2) / 1000
	}
	// E[1/rate] for rate ~ uniform(1, 5) is ln(5)/4.
	for i, want := range []struct{ mean, sd float64 }{
		{3, math.Sqrt(3 + 16.0/12)},
		{6, math.Sqrt(4 + 144.0/12)},
		{0.3, math.Sqrt(0.3 * 0.7)},
		{math.Log(5) / 4, math.NaN()},
		{lnMean, math.NaN()},
		{1.5, math.NaN()},
	} {
		st := res.Outputs[i].Final()
		if d := math.Abs(st.Mean - want.mean); d > 4*st.MeanSE {
			t.Errorf("%s: mean %.5f ± %.2g, want %.5f", res.Outputs[i].Name, st.Mean, st.MeanSE, want.mean)
		}
		if !math.IsNaN(want.sd) && math.Abs(st.StdDev/want.sd-1) > 0.01 {
			t.Errorf("%s: sd %.5f, want %.5f", res.Outputs[i].Name, st.StdDev, want.sd)
		}
	}
}

// TestParametricInvalid: a parameter that is invalid in some trial (a
// negative sd) fails the run naming the input and the trial.
func TestParametricInvalid(t *testing.T) {
	s, err := Parse("p.yaml", []byte("name: p\ninputs:\n  v: normal(0, 1)\n  x: normal(mean=0, sd=v)\noutputs: [x]\n"))
	if err != nil {
		t.Fatal(err)
	}
	_, err = sim.Run(context.Background(), s.Model, sim.Config{Trials: 10_000, Seed: 1})
	var nf *sim.NonFiniteError
	if !asNonFinite(err, &nf) || nf.Formula != "x" {
		t.Fatalf("run with a negative sd: %v", err)
	}
}

func asNonFinite(err error, nf **sim.NonFiniteError) bool {
	e, ok := err.(*sim.NonFiniteError)
	if ok {
		*nf = e
	}
	return ok
}

// mixture is the distribution of a family whose parameter theta is
// uniform on [lo, hi]: its mean and CDF are the family's averaged over
// theta, by 24-point Gauss–Legendre quadrature.
type mixture struct {
	lo, hi float64
	dist   func(theta float64) distributions.Distribution
}

func (m mixture) average(f func(d distributions.Distribution) float64) float64 {
	return quad.Fixed(func(th float64) float64 { return f(m.dist(th)) }, m.lo, m.hi, 24, quad.Legendre{}, 0) / (m.hi - m.lo)
}

func (m mixture) mean() float64 {
	return m.average(func(d distributions.Distribution) float64 { return d.Mean() })
}

func (m mixture) cdf(x float64) float64 {
	return m.average(func(d distributions.Distribution) float64 { return d.CDF(x) })
}

func must(d distributions.Distribution, err error) distributions.Distribution {
	if err != nil {
		panic(err)
	}
	return d
}

// TestParametricFamilies runs each family with a parameter drawn from a
// uniform and checks the output against the mixture over that parameter:
// its mean within 4 standard errors of the mixture's mean, and a
// Kolmogorov–Smirnov test against the mixture's CDF (for a count, at its
// integers, where the test is conservative). Each runs with 1, 2 and 7
// workers to the same result.
func TestParametricFamilies(t *testing.T) {
	for _, tc := range []struct {
		name, inputs string // theta is uniform(lo, hi); x is the output
		m            mixture
	}{
		{"pert mode", "x: pert(1, theta, 5)", mixture{2, 3, func(m float64) distributions.Distribution { return must(distributions.NewPERT(1, m, 5)) }}},
		{"pert min", "x: pert(theta, 3, 5)", mixture{0, 2.5, func(m float64) distributions.Distribution { return must(distributions.NewPERT(m, 3, 5)) }}},
		{"pert lambda", "x: pert(1, 2, 5, lambda=theta)", mixture{1, 8, func(l float64) distributions.Distribution {
			return must(distributions.NewModifiedPERT(1, 2, 5, l))
		}}},
		{"triangular mode", "x: triangular(1, theta, 5)", mixture{2, 3, func(m float64) distributions.Distribution { return must(distributions.NewTriangular(1, m, 5)) }}},
		{"triangular max", "x: triangular(1, 2, max=theta)", mixture{2, 6, func(m float64) distributions.Distribution { return must(distributions.NewTriangular(1, 2, m)) }}},
		{"beta", "x: beta(theta, 2)", mixture{0.5, 3, func(a float64) distributions.Distribution { return must(distributions.NewBeta(a, 2)) }}},
		{"gamma shape", "x: gamma(shape=theta * 2, scale=3)", mixture{0.25, 2, func(a float64) distributions.Distribution { return must(distributions.NewGamma(2*a, 3)) }}},
		{"gamma scale", "x: gamma(2, theta)", mixture{1, 3, func(s float64) distributions.Distribution { return must(distributions.NewGamma(2, s)) }}},
		{"binomial p", "x: binomial(12, theta)", mixture{0.2, 0.6, func(p float64) distributions.Distribution { return must(distributions.NewBinomial(12, p)) }}},
		{"negbinomial p", "x: negbinomial(2.5, theta)", mixture{0.2, 0.7, func(p float64) distributions.Distribution {
			return must(distributions.NewNegativeBinomial(2.5, p))
		}}},
		{"negbinomial r", "x: nbinom(r=theta, p=0.3)", mixture{0.1, 4, func(r float64) distributions.Distribution {
			return must(distributions.NewNegativeBinomial(r, 0.3))
		}}},
		{"negbinomial mean", "x: negbinomial(mean=theta, r=1.5)", mixture{1, 5, func(m float64) distributions.Distribution {
			return must(distributions.NewNegativeBinomialMean(m, 1.5))
		}}},
		{"lognormal percentiles", "x: lognormal(p5=theta, p95=100)", mixture{5, 20, func(lo float64) distributions.Distribution {
			return must(distributions.NewLogNormalFromPercentiles(0.05, lo, 0.95, 100))
		}}},
		{"lognormal p10 p80", "x: lognormal(p80=theta * 10, p10=2)", mixture{1, 3, func(hi float64) distributions.Distribution {
			return must(distributions.NewLogNormalFromPercentiles(0.1, 2, 0.8, 10*hi))
		}}},
		{"weibull shape", "x: weibull(theta, 2)", mixture{0.8, 3, func(k float64) distributions.Distribution { return must(distributions.NewWeibull(k, 2)) }}},
		{"pareto alpha", "x: pareto(1, theta)", mixture{2.5, 5, func(a float64) distributions.Distribution { return must(distributions.NewPareto(1, a)) }}},
		{"studentt nu", "x: t(theta, 1, 2)", mixture{3, 8, func(nu float64) distributions.Distribution { return must(distributions.NewStudentT(nu, 1, 2)) }}},
		{"lognormal mean", "x: lognormal(mean=theta, sd=1)", mixture{1, 4, func(m float64) distributions.Distribution { return must(distributions.NewLogNormalMean(m, 1)) }}},
		{"range normal", "x: theta to 10", mixture{-2, 0, func(lo float64) distributions.Distribution { return must(distributions.NewRange(lo, 10)) }}},
		{"range lognormal", "x: theta to 10", mixture{0.5, 5, func(lo float64) distributions.Distribution { return must(distributions.NewRange(lo, 10)) }}},
		{"normal percentiles", "x: normal(p10=theta, p90=20)", mixture{5, 10, func(lo float64) distributions.Distribution {
			return must(distributions.NewNormalFromPercentiles(0.1, lo, 0.9, 20))
		}}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			src := fmt.Sprintf("name: p\ninputs:\n  theta: uniform(%g, %g)\n  %s\noutputs: [x]\n", tc.m.lo, tc.m.hi, tc.inputs)
			s, err := Parse("p.yaml", []byte(src))
			if err != nil {
				t.Fatal(err)
			}
			const n = 30_000
			var res *sim.Result
			for _, w := range []int{1, 2, 7} {
				r, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: n, Seed: 11, Workers: w})
				if err != nil {
					t.Fatal(err)
				}
				if res == nil {
					res = r
				} else if !reflect.DeepEqual(r, res) {
					t.Fatalf("%d workers: the result differs from 1 worker's", w)
				}
			}
			st := res.Outputs[0].Final()
			if want := tc.m.mean(); math.Abs(st.Mean-want) > 4*st.MeanSE {
				t.Errorf("mean %.5f ± %.2g, mixture mean %.5f", st.Mean, st.MeanSE, want)
			}
			xs := slices.Clone(res.Sample.Values[slices.Index(res.Sample.Names, "x")])
			if len(xs) != n {
				t.Fatalf("sample of %d", len(xs))
			}
			slices.Sort(xs)
			var d float64
			for i := 0; i < n; {
				j := i
				for j < n && xs[j] == xs[i] {
					j++
				}
				f := tc.m.cdf(xs[i])
				d = max(d, math.Abs(float64(j)/n-f))
				if j-i == 1 { // a continuous value: also the step's foot
					d = max(d, math.Abs(float64(i)/n-f))
				}
				i = j
			}
			// The 0.1% critical value of the one-sample KS statistic.
			if crit := 1.95 / math.Sqrt(n); d > crit {
				t.Errorf("KS distance %.4f to the mixture, above %.4f", d, crit)
			}
		})
	}
}

// TestParametricQuantileExact: an input whose parameter varies by trial
// is, in each trial, the constant family's quantile of its draw at that
// trial's parameter: to the bit for pert, beta, gamma and binomial (the
// same functions in the same order), and to rounding for triangular
// (written from mode-min and max-mode).
func TestParametricQuantileExact(t *testing.T) {
	for _, tc := range []struct {
		dist   string
		thetas []float64
		want   func(theta float64) distributions.Distribution
		ulps   float64 // relative tolerance; 0 for the same bits
	}{
		{"pert(1, theta, 5)", []float64{1, 1.5, 2, 3.25, 5}, func(m float64) distributions.Distribution { return must(distributions.NewPERT(1, m, 5)) }, 0},
		{"pert(theta, 3, 8, lambda=2)", []float64{-4, 0, 2.9}, func(m float64) distributions.Distribution { return must(distributions.NewModifiedPERT(m, 3, 8, 2)) }, 0},
		{"beta(theta, 0.5)", []float64{0.1, 1, 7}, func(a float64) distributions.Distribution { return must(distributions.NewBeta(a, 0.5)) }, 0},
		{"gamma(theta, 2)", []float64{0.3, 1, 40}, func(a float64) distributions.Distribution { return must(distributions.NewGamma(a, 2)) }, 0},
		{"binomial(theta, 0.3)", []float64{1, 7, 1000}, func(n float64) distributions.Distribution { return must(distributions.NewBinomial(n, 0.3)) }, 0},
		{"negbinomial(theta, 0.3)", []float64{0.01, 1, 2.5, 1e4}, func(r float64) distributions.Distribution { return must(distributions.NewNegativeBinomial(r, 0.3)) }, 0},
		{"negbinomial(2, theta)", []float64{1e-4, 0.3, 0.999, 1}, func(p float64) distributions.Distribution { return must(distributions.NewNegativeBinomial(2, p)) }, 0},
		{"negbinomial(mean=theta, r=0.5)", []float64{0, 1e-3, 3, 1e5}, func(m float64) distributions.Distribution {
			return must(distributions.NewNegativeBinomialMean(m, 0.5))
		}, 0},
		{"triangular(1, theta, 5)", []float64{1, 2, 4.5, 5}, func(m float64) distributions.Distribution { return must(distributions.NewTriangular(1, m, 5)) }, 1e-14},
		{"weibull(theta, 2)", []float64{0.3, 1, 5}, func(k float64) distributions.Distribution { return must(distributions.NewWeibull(k, 2)) }, 0},
		{"pareto(2, theta)", []float64{0.5, 1, 3}, func(a float64) distributions.Distribution { return must(distributions.NewPareto(2, a)) }, 0},
		{"studentt(theta, -3, 2)", []float64{0.5, 1, 4, 100}, func(nu float64) distributions.Distribution { return must(distributions.NewStudentT(nu, -3, 2)) }, 0},
		{"studentt(3, theta, 0.5)", []float64{-7, 0, 1e3}, func(mu float64) distributions.Distribution { return must(distributions.NewStudentT(3, mu, 0.5)) }, 0},
		{"lognormal(mean=theta, sd=2)", []float64{0.1, 1, 50}, func(m float64) distributions.Distribution { return must(distributions.NewLogNormalMean(m, 2)) }, 0},
		{"theta to 10", []float64{-5, 0, 0.5, 9}, func(lo float64) distributions.Distribution { return must(distributions.NewRange(lo, 10)) }, 0},
		{"-theta to theta * 2", []float64{0.1, 3}, func(a float64) distributions.Distribution { return must(distributions.NewRange(-a, 2*a)) }, 0},
	} {
		s, err := Parse("q.yaml", []byte("name: q\ninputs:\n  theta: 1\n  x: "+tc.dist+"\noutputs: [x]\n"))
		if err != nil {
			t.Fatalf("%s: %v", tc.dist, err)
		}
		for _, th := range tc.thetas {
			d := tc.want(th)
			for _, u := range []float64{1e-9, 0.01, 0.3, 0.5, 0.77, 0.99, 1 - 1e-9} {
				out, err := sim.Evaluate(s.Model, map[string][]float64{"theta": {th}, "x": {u}})
				if err != nil {
					t.Fatal(err)
				}
				got, want := out["x"][0], d.Quantile(u)
				if got != want && !(tc.ulps > 0 && math.Abs(got-want) <= tc.ulps*math.Abs(want)) {
					t.Errorf("%s at theta=%g, u=%g: %v, want %s.Quantile = %v", tc.dist, th, u, got, d, want)
				}
			}
		}
	}
}

// TestParametricRules: constants that break a family's rule are refused
// where the file says them; a distribution whose parameters are all
// constants keeps its own sampler (no quantile formula), and one with a
// parameter that varies compiles to the family's quantile op.
func TestParametricRules(t *testing.T) {
	for _, tc := range []struct{ dist, want string }{
		{"pert(5, m, 1)", "pert: min 5 must be below max 1; a pert needs min < max, min <= mode <= max and lambda > 0"},
		{"pert(1, m, 5, lambda=0)", "pert: lambda must be > 0, got 0"},
		{"pert(1, 7, m)", ""}, // mode above max only when m < 7: a trial's error
		{"triangular(1, 0, m)", "triangular: mode 0 must be in [min, max]"},
		{"beta(m, -1)", "beta: beta must be > 0, got -1"},
		{"gamma(0, m)", "gamma: shape must be > 0, got 0"},
		{"binomial(2.5, m)", "binomial: n must be a whole number >= 1, got 2.5"},
		{"binomial(3, m + 1 - m * 0 + 2 * 0)", ""},
		{"negbinomial(0, m)", "negbinomial: r must be > 0, got 0; a negbinomial needs r > 0 and p in (0, 1]"},
		{"negbinomial(m, 0)", "negbinomial: p must be in (0, 1], got 0"},
		{"nbinom(m, 1.5)", "nbinom: p must be in (0, 1], got 1.5"},
		{"negbinomial(m, 1)", ""},
		{"negbinomial(mean=-1, r=m)", "negbinomial: mean must be >= 0, got -1; a negbinomial(mean=.., r=..) needs mean >= 0 and r > 0"},
		{"negbinomial(mean=m, r=0)", "negbinomial: r must be > 0, got 0"},
		{"negbinomial(mean=m, p=0.3)", "negbinomial with parameters that vary by trial takes mean, r, not p"},
		{"lognormal(p5=-1, p95=m)", "lognormal: p5 must be > 0, got -1"},
		{"lognormal(p95=1, p5=m, p50=2)", "a percentile form takes exactly two percentiles"},
		{"normal(p5=m, p5=2)", "the two percentiles must differ"},
		{"lognormal(p5=m, p95=inf)", "lognormal: p95 must be a finite number, got +Inf"},
		{"uniform(m, -inf)", "uniform: max must be a finite number, got -Inf"},
		{"discrete(1: m, 2: 1)", "discrete's parameters must be numbers; parameters that vary by trial (inputs or formulas) are supported by normal, lognormal"},
		{"weibull(0, m)", "weibull: shape must be > 0, got 0; a weibull needs shape > 0 and scale > 0"},
		{"pareto(m, -2)", "pareto: alpha must be > 0, got -2; a pareto needs xm > 0 and alpha > 0"},
		{"studentt(0, m, 1)", "studentt: nu must be > 0, got 0; a studentt needs nu > 0 and sigma >= 0"},
		{"t(2, m, -1)", "t: sigma must be >= 0, got -1"},
		{"lognormal(mean=0, sd=m)", "lognormal: mean must be > 0, got 0; a lognormal(mean=.., sd=..) needs mean > 0 and sd >= 0"},
		{"lognormal(mean=m, sd=-1)", "lognormal: sd must be >= 0, got -1"},
		{"m to inf", "A to B: B must be a finite number, got +Inf"},
		{"m to 5", ""},
	} {
		_, err := Parse("r.yaml", []byte("name: r\ninputs:\n  m: uniform(0.5, 0.9)\n  x: \""+tc.dist+"\"\noutputs: [x]\n"))
		switch {
		case tc.want == "" && err != nil:
			t.Errorf("%s: %v", tc.dist, err)
		case tc.want != "" && (err == nil || !strings.Contains(err.Error(), tc.want)):
			t.Errorf("%s: error %v, want %q", tc.dist, err, tc.want)
		}
	}
	for _, tc := range []struct {
		dist string
		op   model.Op // the quantile op, or 0 for a constant's sampler
	}{
		{"pert(1, 2, 5)", 0},
		{"pert(1, 2, 5, lambda=3)", 0},
		{"triangular(1, 2, 5)", 0},
		{"lognormal(p5=1, p95=9)", 0},
		{"pert(1, m * 4, 5)", model.OpQBeta},
		{"triangular(1, 2, 5 + m)", model.OpQTriangular},
		{"gamma(m, 1)", model.OpQGamma},
		{"binomial(3, m)", model.OpQBinomial},
		{"negbinomial(3, m)", model.OpQNegBinomial},
		{"nbinom(r=m, p=0.5)", model.OpQNegBinomial},
		{"negbinomial(mean=m, r=2)", model.OpQNegBinMean},
		{"negbinomial(2, 0.4)", 0},
		{"negbinomial(mean=3, r=2)", 0},
		{"lognormal(p5=m, p95=9)", model.OpQLogNormal},
		{"weibull(2, 3)", 0},
		{"pareto(1, 3)", 0},
		{"studentt(3, 0, 1)", 0},
		{"lognormal(mean=3, sd=1)", 0},
		{"1 to 5", 0},
		{"-1 to 5", 0},
		{"weibull(m, 3)", model.OpQWeibull},
		{"pareto(1, alpha=m)", model.OpQPareto},
		{"t(m, 0, 1)", model.OpQStudentT},
		{"lognormal(mean=m, sd=1)", model.OpQLogNormalMean},
		{"m to 5", model.OpQRange},
	} {
		s, err := Parse("c.yaml", []byte("name: c\ninputs:\n  m: uniform(0.5, 0.9)\n  x: \""+tc.dist+"\"\noutputs: [x]\n"))
		if err != nil {
			t.Fatalf("%s: %v", tc.dist, err)
		}
		var ops []model.Op
		for _, in := range s.Model.Code {
			if in.Op >= model.OpQNormal {
				ops = append(ops, in.Op)
			}
		}
		in := s.Model.Inputs[1]
		if tc.op == 0 {
			if s.Inputs[1].Parametric || len(ops) > 0 || in.Dist.String() != must(buildDist(mustDist(tc.dist))).String() {
				t.Errorf("%s: compiles to %v with quantile ops %v, want its own distribution", tc.dist, in.Dist, ops)
			}
		} else if !s.Inputs[1].Parametric || !slices.Equal(ops, []model.Op{tc.op}) {
			t.Errorf("%s: quantile ops %v, want [%v]", tc.dist, ops, tc.op)
		}
	}
}

func mustDist(text string) *dnode {
	d, err := parseDist(text)
	if err != nil {
		panic(err)
	}
	return d
}

// TestParametricOverrides: a variant or --set may make an input's
// parameters vary by trial, or give a parametric input constant ones; the
// result is what the same scenario written that way gives, bit for bit,
// and a replacement naming an unknown input is refused naming it.
func TestParametricOverrides(t *testing.T) {
	const src = `name: p
inputs:
  rate: uniform(1, 5)
  events: poisson(3)
  width: uniform(min=0, max=rate)
outputs: [events, width]
variants:
  uncertain:
    inputs:
      events: poisson(rate)
      width: uniform(0, 3)
`
	s, err := Parse("p.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	written, err := Parse("q.yaml", []byte(strings.Replace(strings.Replace(src, "events: poisson(3)", "events: poisson(rate)", 1),
		"width: uniform(min=0, max=rate)", "width: uniform(0, 3)", 1)))
	if err != nil {
		t.Fatal(err)
	}
	v, err := s.Variant("uncertain")
	if err != nil {
		t.Fatal(err)
	}
	run := func(s *Scenario) []float64 {
		res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 50_000, Seed: 9, Workers: 2})
		if err != nil {
			t.Fatal(err)
		}
		return []float64{res.Outputs[0].Final().Mean, res.Outputs[1].Final().Mean, res.Outputs[0].Final().StdDev}
	}
	if got, want := run(v), run(written); !slices.Equal(got, want) {
		t.Errorf("variant: means and sd %v, want those of the scenario written that way %v", got, want)
	}
	if !v.Inputs[1].Parametric || v.Inputs[2].Parametric {
		t.Errorf("variant inputs: events parametric %v, width parametric %v; want true, false", v.Inputs[1].Parametric, v.Inputs[2].Parametric)
	}
	if s.Inputs[1].Parametric || !s.Inputs[2].Parametric {
		t.Error("Variant changed the scenario it was called on")
	}
	for _, tc := range []struct{ dist, want string }{
		{"poisson(rat)", `unknown name "rat" in poisson(rat); did you mean "rate"?`},
		{"discrete(1: rate)", "discrete"},
	} {
		if _, err := s.With(Override{Name: "events", Dist: tc.dist}); err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "--set events") {
			t.Errorf("With(events = %s): error %v, want one naming --set events and %q", tc.dist, err, tc.want)
		}
	}
}
