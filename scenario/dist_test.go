package scenario

import (
	"math"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/distributions"
)

// TestDistributions builds every family and form and checks a property that
// identifies the parameters: the mean, or a quantile for forms given by
// percentiles.
func TestDistributions(t *testing.T) {
	tests := []struct {
		text string
		p    float64 // check Quantile(p) if p > 0, else Mean
		want float64
	}{
		{"42", 0, 42},
		{"-1.5K", 0, -1500},
		{"5%", 0, 0.05},
		{"1/12", 0, 1.0 / 12},
		{"3.5 to 4.5", 0.05, 3.5},
		{"3.5 to 4.5", 0.95, 4.5},
		{"1 to 4", 0.5, 2}, // lognormal: the median is the geometric mean
		{"-3 to -1", 0.5, -2},
		{"-1 to 1", 0.95, 1}, // normal when lo <= 0
		{"normal(10, 2)", 0, 10},
		{"normal(mean=10, sd=2)", 0, 10},
		{"normal(sd=2, mean=10)", 0, 10},
		{"normal(p5=1, p95=3)", 0, 2},
		{"normal(p10=1, p90=3)", 0.9, 3},
		{"normal(p2.5=0, p97.5=10)", 0.975, 10},
		{"lognormal(0, 1)", 0.5, 1},
		{"lognormal(mu=1, sigma=0.5)", 0.5, math.E},
		{"lognormal(mean=5, sd=1)", 0, 5},
		{"lognormal(p10=1, p90=4)", 0.9, 4},
		{"uniform(2, 4)", 0, 3},
		{"triangular(1.2, 1.3, 1.6)", 0, 4.1 / 3},
		{"pert(0, 1, 5)", 0, 1.5},               // (min + 4 mode + max) / 6
		{"pert(0, 1, 5, lambda=2)", 0, 7.0 / 4}, // (min + lambda mode + max) / (lambda + 2)
		{"beta(2, 6)", 0, 0.25},
		{"gamma(2, 3)", 0, 6},
		{"exponential(4)", 0, 0.25},
		{"weibull(1, 2)", 0, 2},
		{"studentt(5, 1, 2)", 0, 1},
		{"t(5, 1, 2)", 0, 1},
		{"pareto(1, 3)", 0, 1.5},
		{"poisson(3)", 0, 3},
		{"binomial(10, 0.3)", 0, 3},
		{"bernoulli(0.7)", 0, 0.7},
		{"negbinomial(2, 0.4)", 0, 3},                          // r(1-p)/p
		{"negbinomial(r=2, p=0.4)", 0.16, 0},                   // P(0) = p^r = 0.16
		{"negbinomial(p=0.4, r=2)", 0.1600001, 1},              // just above P(0)
		{"nbinom(0.5, 0.2)", 0, 2},                             // the alias
		{"negbinomial(mean=3, r=2)", 0, 3},                     // p = r/(r+mean) = 0.4
		{"negbinomial(r=2, mean=3)", 0.1600001, 1},             // the same distribution
		{"negbinomial(mean=0, r=2)", 0.99, 0},                  // a point mass at 0
		{"negbinomial(3, 1)", 0.99, 0},                         // p = 1: a point mass at 0
		{"compound(negbinomial(2, 0.4), uniform(1, 3))", 0, 6}, // E[N]·E[X]
		{"discrete(0: 30%, 1: 70%)", 0, 0.7},
		{"discrete(1: 1, 2: 1, 6: 2)", 0, 3.75},
		{"mixture(0.5: 1, 0.5: 3)", 0, 2},
		{"mixture(1: normal(0, 1), 3: 2 to 6)", 0.5, 0}, // just builds; checked below
		{"truncate(normal(0, 1), 0, inf)", 0, math.Sqrt(2 / math.Pi)},
		{"truncate(normal(0, 1), lo=0)", 0, math.Sqrt(2 / math.Pi)},
		{"truncate(normal(0, 1), hi=0)", 0, -math.Sqrt(2 / math.Pi)},
		{"truncate(uniform(0, 10), -inf, 5)", 0, 2.5},
		{"uniform(min=exp(0), max=sqrt(9))", 0, 2},
	}
	for _, tt := range tests {
		d, err := parseDist(tt.text)
		if err != nil {
			t.Errorf("parseDist(%q): %v", tt.text, err)
			continue
		}
		dist, err := buildDist(d)
		if err != nil {
			t.Errorf("buildDist(%q): %v", tt.text, err)
			continue
		}
		if strings.HasPrefix(tt.text, "mixture(1:") {
			continue
		}
		got, what := dist.Mean(), "mean"
		if tt.p > 0 {
			got, what = dist.Quantile(tt.p), "quantile"
		}
		if math.Abs(got-tt.want) > 1e-6*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("%s: %s = %v, want %v", tt.text, what, got, tt.want)
		}
	}
}

func TestDistributionErrors(t *testing.T) {
	tests := []struct {
		text string
		off  int
		want string
	}{
		{"", 0, "empty distribution"},
		{"5 to 3", 2, "A must be less than B"},
		{"normla(1, 2)", 0, `unknown distribution "normla"; did you mean "normal"?`},
		{"normal(1)", 0, "normal: missing parameter \"sd\""},
		{"normal(1, 2, 3)", 0, "too many arguments"},
		{"normal(1, -1)", 0, "normal: "},
		{"normal(p5=1)", 0, "exactly two percentiles"},
		{"normal(p5=1, p5=2)", 13, "must differ"},
		{"normal(p0=1, p5=2)", 7, "between p0 and p100"},
		{"normal(mean=1, mean=2)", 15, "given twice"},
		{"lognormal(mean=1, sigma=2)", 18, `unknown parameter "sigma"`},
		{"lognormal(mean=0, sd=1)", 0, "mean must be > 0"},
		{"lognormal(mean=1, sd=0)", 0, "sd must be > 0"},
		{"uniform(1, normal(0, 1))", 11, "expected a number here"},
		{"discrete()", 0, "no values"},
		{"mixture(1, 2)", 8, "expected `weight: DIST`"},
		{"truncate(1 to 2)", 0, "at least one bound"},
		{"normal(x, 1)", 7, `"x" is a name`},
		{"normal(inf, 1)", 7, "finite"},
		{"normal(sum(1), 1)", 7, "unknown function"},
		{"normal(1, 2) to 3", 13, "unexpected"},
		{"3 to", 4, "unexpected end"},
		{"normal(1, 2))", 12, `unmatched ")"`},
		{"log(-1)", 0, "log of -1"},
		{"negbinomial(0, 0.4)", 0, "negbinomial: r must be > 0, got 0"},
		{"negbinomial(-1, 0.4)", 0, "negbinomial: r must be > 0, got -1"},
		{"negbinomial(2, 0)", 0, "negbinomial: p must be in (0, 1], got 0"},
		{"nbinom(2, 1.01)", 0, "negbinomial: p must be in (0, 1], got 1.01"},
		{"negbinomial(2, inf)", 15, "finite"},
		{"negbinomial(inf, 0.5)", 12, "finite"},
		{"negbinomial(2)", 0, `negbinomial: missing parameter "p"`},
		{"negbinomial(mean=3)", 0, `negbinomial: missing parameter "r"`},
		{"negbinomial(mean=-3, r=1)", 0, "negbinomial: mean must be >= 0, got -3"},
		{"negbinomial(mean=3, size=2)", 20, "the size is written r"},
		{"negbinomial(mean=3, p=0.5)", 20, `unknown parameter "p"`},
		{"negbinomal(2, 0.4)", 0, `did you mean "negbinomial"?`},
		{"negbinomial(1e10, 1e-10)", 0, "exceeds"},
		{"compound(negbinomial(1, 1e-7), 1 to 2)", 0, "about 28 hours"},
	}
	for _, tt := range tests {
		d, err := parseDist(tt.text)
		if err == nil {
			_, err = buildDist(d)
		}
		se, ok := err.(*syntaxError)
		if !ok {
			t.Errorf("%q: error %v, want a syntax error", tt.text, err)
			continue
		}
		if se.off != tt.off || !strings.Contains(se.msg, tt.want) {
			t.Errorf("%q: %d: %s, want %d: ...%s...", tt.text, se.off, se.msg, tt.off, tt.want)
		}
	}
}

// TestNegBinomialStringParsesBack: String of a negative binomial, in
// either form, is scenario text for the same distribution.
func TestNegBinomialStringParsesBack(t *testing.T) {
	for _, text := range []string{"negbinomial(2, 0.4)", "nbinom(0.01, 1e-4)", "negbinomial(mean=3, r=2)", "negbinomial(r=1e4, mean=0.5)", "negbinomial(3, 1)"} {
		d1 := mustBuild(t, text)
		d2 := mustBuild(t, d1.String())
		for _, u := range []float64{0.01, 0.3, 0.5, 0.9, 0.999} {
			if d1.Quantile(u) != d2.Quantile(u) || d1.Mean() != d2.Mean() {
				t.Errorf("%s: String %q builds a different distribution (Quantile(%g) %v vs %v)", text, d1, u, d1.Quantile(u), d2.Quantile(u))
			}
		}
	}
}

func mustBuild(t *testing.T, text string) distributions.Distribution {
	t.Helper()
	d, err := parseDist(text)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	dist, err := buildDist(d)
	if err != nil {
		t.Fatalf("%s: %v", text, err)
	}
	return dist
}
