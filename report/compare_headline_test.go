package report

import (
	"strings"
	"testing"
)

// handComparison is a comparison built by hand: a base and three variants
// of a loss in USD billions with one threshold, 5.
func handComparison() *Comparison {
	return &Comparison{
		Labels: []string{"base", "price-up", "no-deal", "same"},
		Outputs: []ComparedOutput{{
			Name: "loss", Label: "Operating loss", Unit: "USD billions",
			Rows: []CompareRow{
				{Stat: "mean", Kind: "mean", SEMethod: SEPaired,
					Values: []Estimate{{Value: 4.469, SE: 0.00045}, {Value: 5.26, SE: 0.0005}, {Value: 4.39, SE: 0.00044}, {Value: 4.469, SE: 0.00045}},
					Diffs:  []Estimate{{}, {Value: 0.7948, SE: 0.00056}, {Value: -0.0785, SE: 0.00096}, {}}},
				{Stat: "P5", Kind: "percentile", P: 0.05, SEMethod: SEApprox,
					Values: []Estimate{{Value: 3.72, SE: 0.001}, {Value: 4.4, SE: 0.001}, {Value: 3.66, SE: 0.001}, {Value: 3.72, SE: 0.001}},
					Diffs:  []Estimate{{}, {Value: 0.68, SE: 0.001}, {Value: -0.06, SE: 0.001}, {}}},
				{Stat: "P95", Kind: "percentile", P: 0.95, SEMethod: SEApprox,
					Values: []Estimate{{Value: 5.21, SE: 0.001}, {Value: 6.0, SE: 0.001}, {Value: 5.11, SE: 0.001}, {Value: 5.21, SE: 0.001}},
					Diffs:  []Estimate{{}, {Value: 0.79, SE: 0.001}, {Value: -0.1, SE: 0.001}, {}}},
				{Stat: "P(> 5)", Kind: "exceedance", P: 5, SEMethod: SEPaired,
					Values: []Estimate{{Value: 0.121, SE: 0.00033}, {Value: 0.706, SE: 0.00046}, {Value: 0.085, SE: 0.00028}, {Value: 0.121, SE: 0.00033}},
					Diffs:  []Estimate{{}, {Value: 0.585, SE: 0.0005}, {Value: -0.036, SE: 0.0002}, {}}},
			},
		}, {
			// No threshold: left out of the headline.
			Name: "revenue", Label: "Revenue", Unit: "USD billions",
			Rows: []CompareRow{{Stat: "mean", Kind: "mean", SEMethod: SEPaired,
				Values: []Estimate{{Value: 4, SE: 0.001}, {Value: 4, SE: 0.001}, {Value: 3.9, SE: 0.001}, {Value: 4, SE: 0.001}},
				Diffs:  []Estimate{{}, {}, {Value: -0.1, SE: 0.001}, {}}}},
		}},
	}
}

func TestCompareHeadline(t *testing.T) {
	c := handComparison()
	got := compareHeadline(c)
	want := "Against the base (P(operating loss > $5B) = 12.1%), price-up raises the chance to 70.6% (+58.50 pp ±\u00a00.050); " +
		"no-deal lowers it to 8.5% (−3.60 pp ±\u00a00.020); same leaves it unchanged. " +
		"The mean of the operating loss is $4.5B for the base; price-up moves it by +$795M (±\u00a0$560K), " +
		"no-deal by −$78.5M (±\u00a0$960K), same leaves it unchanged."
	if got != want {
		t.Errorf("headline\n got %s\nwant %s", got, want)
	}

	// Without any threshold the first output's mean is described; a
	// scenario comparison names the base by its label.
	c.Labels[0] = "openai-2024"
	c.Outputs[0].Rows = c.Outputs[0].Rows[:3]
	got = compareHeadline(c)
	if want := "The mean of the operating loss is $4.5B for openai-2024; price-up moves it by +$795M"; !strings.HasPrefix(got, want) {
		t.Errorf("headline without thresholds\n got %s\nwant %s...", got, want)
	}
	if strings.Contains(got, "revenue") {
		t.Errorf("headline describes a second output without threshold: %s", got)
	}
}

func TestCompareHeading(t *testing.T) {
	c := handComparison()
	variants := func(labels ...string) *CompareRun {
		r := &CompareRun{}
		for _, l := range labels {
			r.Members = append(r.Members, CompareMember{Label: l, Scenario: "OpenAI 2024", SourceSHA256: "abc"})
		}
		return r
	}
	for _, tc := range []struct {
		r      *CompareRun
		labels []string
		want   string
	}{
		{variants("base", "price-up", "no-deal", "same"), c.Labels, "OpenAI 2024: 3 variants compared"},
		{variants("base", "price-up"), []string{"base", "price-up"}, "OpenAI 2024: base vs price-up"},
		{&CompareRun{Members: []CompareMember{{Label: "a", Scenario: "A"}, {Label: "b", Scenario: "B"}}}, []string{"a", "b"}, "a vs b"},
		{&CompareRun{Members: []CompareMember{{Label: "a", Scenario: "A"}, {Label: "b", Scenario: "B"}, {Label: "c", Scenario: "C"}}},
			[]string{"a", "b", "c"}, "3 scenarios compared"},
	} {
		if got := compareHeading(tc.r, &Comparison{Labels: tc.labels}); got != tc.want {
			t.Errorf("heading %q, want %q", got, tc.want)
		}
	}
}
