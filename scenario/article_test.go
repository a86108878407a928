package scenario

import (
	"context"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// articleTrials is the size of the runs that hold the built-in scenarios to
// the seed article. With 100,000 trials the Monte Carlo error of every mean
// below is under 0.002 (sd < 0.5 / sqrt(1e5)), far inside the tolerances,
// which express how closely the model must follow the article's figures.
const articleTrials = 100_000

// runBuiltin runs a built-in scenario at seed 42.
func runBuiltin(t *testing.T, name string) (*Scenario, *sim.Result) {
	t.Helper()
	s, err := Builtin(name)
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: articleTrials, Seed: 42})
	if err != nil {
		t.Fatal(err)
	}
	return s, res
}

func outputStats(t *testing.T, res *sim.Result, name string) *sim.Stats {
	t.Helper()
	for i := range res.Outputs {
		if res.Outputs[i].Name == name {
			return res.Outputs[i].Final()
		}
	}
	t.Fatalf("no output %q", name)
	return nil
}

func median(s *sim.Stats) float64 { return s.Quantile(0.5).Value }

func exceed(t *testing.T, s *sim.Stats, th float64) float64 {
	t.Helper()
	for _, e := range s.Exceedances {
		if e.Threshold == th {
			return e.Prob
		}
	}
	t.Fatalf("no threshold %g", th)
	return 0
}

// articleCheck is one of the article's figures and how closely the model's
// central value (mean and median) must agree with it.
type articleCheck struct {
	output string
	quote  string  // the article's words
	want   float64 // the figure, USD billions
	tol    float64 // allowed |central - want|, USD billions
}

// TestArticleOpenAI holds openai-2024 to the seed article: revenue centred in
// "$3.5 to $4.5 billion", inference near "nearly $4 billion", training near
// "$3 billion", personnel near "$1.5 billion", operating costs near "$8.5
// billion", and a loss whose central value is below the "as much as $5
// billion" (8.5 - 3.5 = 5 is the article's pessimistic end; 8.5 - 4 = 4.5 is
// its centre). The tolerances are 5% of each figure (10% for the loss, a
// difference of two uncertain totals).
func TestArticleOpenAI(t *testing.T) {
	_, res := runBuiltin(t, "openai-2024")
	for _, c := range []articleCheck{
		{"revenue", "Revenue is expected to land between $3.5 to $4.5 billion", 4.0, 0.2},
		{"inference", "OpenAI spends nearly $4 billion on renting Microsoft servers", 4.0, 0.2},
		{"training", "training costs, including data payments, could rise to $3 billion", 3.0, 0.15},
		{"staff", "personnel expenses could reach $1.5 billion by year-end", 1.5, 0.075},
		{"costs", "OpenAI's operating costs could reach $8.5 billion this year", 8.5, 0.425},
		{"loss", "could lose as much as $5 billion this year (8.5 - 4 = 4.5 at the centre)", 4.5, 0.45},
	} {
		s := outputStats(t, res, c.output)
		for _, v := range []float64{s.Mean, median(s)} {
			if math.Abs(v-c.want) > c.tol {
				t.Errorf("%s: central value %.3f, article %q: want %g ± %g", c.output, v, c.quote, c.want, c.tol)
			}
		}
	}
	// Training and inference together: "could reach $7 billion" (± 5%).
	if sum := outputStats(t, res, "inference").Mean + outputStats(t, res, "training").Mean; math.Abs(sum-7) > 0.35 {
		t.Errorf("training + inference = %.3f, article: could reach $7 billion", sum)
	}
	// The revenue range is the article's 90% interval.
	rev := outputStats(t, res, "revenue")
	if p5, p95 := rev.Quantile(0.05).Value, rev.Quantile(0.95).Value; math.Abs(p5-3.5) > 0.05 || math.Abs(p95-4.5) > 0.05 {
		t.Errorf("revenue P5-P95 = %.3f-%.3f, want the article's 3.5-4.5", p5, p95)
	}
	// "As much as $5 billion": a pessimistic but plausible outcome, neither
	// the typical one nor a freak: P(loss > 5) between 5% and 40%.
	loss := outputStats(t, res, "loss")
	p := exceed(t, loss, 5)
	if p < 0.05 || p > 0.40 {
		t.Errorf("P(loss > 5) = %.3f, want 0.05 to 0.40", p)
	}
	t.Logf("openai-2024, %d trials, seed 42: P(loss > $5B) = %.4f, median loss %.3f", articleTrials, p, median(loss))
	// The cumulative loss ends at the annual loss.
	for i := range res.Outputs {
		if o := &res.Outputs[i]; o.Name == "cumulative_loss" {
			if !o.Series || len(o.Periods) != 12 {
				t.Fatalf("cumulative_loss: series %v with %d periods, want 12 months", o.Series, len(o.Periods))
			}
			if d := math.Abs(o.Final().Mean - loss.Mean); d > 1e-9 {
				t.Errorf("cumulative loss in December %.6f, annual loss %.6f", o.Final().Mean, loss.Mean)
			}
		}
	}
}

// TestArticleAnthropic holds anthropic-2024 to the seed article: spending
// "over $2.7 billion" (central total 2.7 to 3.1), compute near "$2.5
// billion" (± 5%), December revenue of "$67 million per month" (± 5%), and
// annual revenue "a fifth to a tenth of OpenAI's" (compared with OpenAI's
// central $4B: 0.4 to 0.8, and at least a tenth of OpenAI's $3.5B low end).
func TestArticleAnthropic(t *testing.T) {
	_, res := runBuiltin(t, "anthropic-2024")
	costs := outputStats(t, res, "costs")
	for _, v := range []float64{costs.Mean, median(costs)} {
		if v < 2.7 || v > 3.1 {
			t.Errorf("operating costs central %.3f, article: spend over $2.7 billion", v)
		}
	}
	compute := outputStats(t, res, "compute")
	for _, v := range []float64{compute.Mean, median(compute)} {
		if math.Abs(v-2.5) > 0.125 {
			t.Errorf("compute central %.3f, article: $2.5 billion for computing costs", v)
		}
	}
	rev := outputStats(t, res, "revenue")
	for _, v := range []float64{rev.Mean, median(rev)} {
		if v < 0.35 || v > 0.8 {
			t.Errorf("revenue central %.3f, article: a fifth to a tenth of OpenAI's ($4B central)", v)
		}
	}
	// December's revenue: evaluate one trial at the centre of every input.
	s, err := Builtin("anthropic-2024")
	if err != nil {
		t.Fatal(err)
	}
	in := map[string][]float64{"compute": {2.5}, "other_costs": {0.35}, "dec_revenue": {0.067}, "revenue_growth": {0.1}, "amazon_share": {0.2}}
	out, err := sim.Evaluate(s.Model, in)
	if err != nil {
		t.Fatal(err)
	}
	if got := out["monthly_revenue"][11]; math.Abs(got-0.067) > 1e-12 {
		t.Errorf("December revenue %v, want $67M", got)
	}
	if got := out["monthly_revenue"][0]; math.Abs(got-0.067/math.Pow(1.1, 11)) > 1e-12 {
		t.Errorf("January revenue %v", got)
	}
	loss := outputStats(t, res, "loss")
	if p := exceed(t, loss, 1); p < 0.99 {
		t.Errorf("P(loss > 1) = %.3f; the article expects losses in the billions", p)
	}
	t.Logf("anthropic-2024, %d trials, seed 42: median loss %.3f, P(loss > 2.5) = %.4f", articleTrials, median(loss), exceed(t, loss, 2.5))
}

// TestBuiltinProvenance: every input of every built-in scenario carries a
// source or an assumption, and every variant names inputs of its scenario
// (Parse checks that) and changes the result.
func TestBuiltinProvenance(t *testing.T) {
	b, err := os.ReadFile("testdata/seed-article.txt") // the article the scenarios model
	if err != nil {
		t.Fatal(err)
	}
	article := string(b)
	for _, name := range Builtins() {
		s, err := Builtin(name)
		if err != nil {
			t.Fatal(err)
		}
		// The 2024 scenarios model the seed article: their sources quote it.
		fromArticle := strings.HasSuffix(name, "-2024")
		for _, in := range s.Inputs {
			if fromArticle && in.Source != "" && !strings.Contains(article, strings.Trim(in.Source, `"`)) {
				t.Errorf("%s: input %q: source %q is not a quotation from the seed article", name, in.Name, in.Source)
			}
			if strings.TrimSpace(in.Source) == "" && strings.TrimSpace(in.Assumption) == "" {
				t.Errorf("%s: input %q has neither source nor assumption", name, in.Name)
			}
		}
		if len(s.Variants) < 3 {
			t.Errorf("%s: %d variants, want at least 3", name, len(s.Variants))
		}
		base, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 2048, Seed: 1})
		if err != nil {
			t.Fatal(err)
		}
		for _, v := range s.Variants {
			vs, err := s.Variant(v.Name)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			res, err := sim.Run(context.Background(), vs.Model, sim.Config{Trials: 2048, Seed: 1})
			if err != nil {
				t.Fatal(err)
			}
			if res.Outputs[0].Final().Mean == base.Outputs[0].Final().Mean {
				t.Errorf("%s: variant %s does not change %s", name, v.Name, res.Outputs[0].Name)
			}
		}
	}
}
