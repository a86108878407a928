package plots

import (
	"bytes"
	"encoding/xml"
	"math"
	"strings"
	"testing"

	"rsc.io/pdf"
)

// spiderCharts builds the spider charts of the golden test from fixed data:
// five drivers of a loss at the decile centres with their intervals, and a
// chart mixing deciles with a discrete input's two bands, without
// intervals.
func spiderCharts() map[string]func() (*Chart, error) {
	deciles := []float64{5, 15, 25, 35, 45, 55, 65, 75, 85, 95}
	curve := func(name string, f func(z float64) float64, half float64) SpiderLine {
		l := SpiderLine{Name: name, Percentiles: deciles}
		for _, p := range deciles {
			z := normalQuantile(p / 100)
			v := f(z)
			l.Values = append(l.Values, v)
			// Wider intervals in the tails, where the output spreads more.
			h := half * (1 + 0.4*z*z)
			l.Lo, l.Hi = append(l.Lo, v-h), append(l.Hi, v+h*1.1)
		}
		return l
	}
	drivers := []SpiderLine{
		curve("Compute cost", func(z float64) float64 { return 4.72 + 0.55*z + 0.08*z*z }, 0.05),
		curve("Revenue", func(z float64) float64 { return 4.72 - 0.4*z }, 0.05),
		curve("Staff cost", func(z float64) float64 { return 4.72 + 0.15*z }, 0.05),
		curve("Other opex", func(z float64) float64 { return 4.70 + 0.05*z }, 0.05),
		curve("Marketing spend per region in the first year of launch", func(z float64) float64 { return 4.73 + 0.01*math.Sin(3*z) }, 0.05),
	}
	return map[string]func() (*Chart, error){
		"spider": func() (*Chart, error) {
			return Spider(SpiderSpec{Title: "2024 operating loss as each driver moves through its percentiles",
				YLabel: "Median operating loss (USD billions)", Base: 4.72, Lines: drivers})
		},
		"spider_discrete": func() (*Chart, error) {
			return Spider(SpiderSpec{Title: "Loss with a rare outage", YLabel: "Median loss (USD millions)", Base: 120,
				Lines: []SpiderLine{
					{Name: "Demand", Percentiles: deciles, Values: []float64{80, 92, 101, 108, 116, 124, 131, 140, 152, 171}},
					{Name: "Outage (yes/no)", Percentiles: []float64{47.5, 97.5}, Values: []float64{118, 196}},
				}})
		},
	}
}

// normalQuantile is the standard normal quantile, by bisection of erf: for
// test data only.
func normalQuantile(p float64) float64 {
	lo, hi := -10.0, 10.0
	for range 100 {
		mid := (lo + hi) / 2
		if 0.5*math.Erfc(-mid/math.Sqrt2) < p {
			lo = mid
		} else {
			hi = mid
		}
	}
	return (lo + hi) / 2
}

// TestSpiderGolden compares the spider charts with
// testdata/<name>_golden.png as TestGolden does (regenerate with go test
// ./plots -run TestSpiderGolden -regen), and writes them as SVG and PDF.
func TestSpiderGolden(t *testing.T) {
	for name, build := range spiderCharts() {
		t.Run(name, func(t *testing.T) {
			ch, err := build()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, ch)

			var svg bytes.Buffer
			if err := ch.Write(&svg, "svg"); err != nil {
				t.Fatalf("svg: %v", err)
			}
			var root struct{ XMLName xml.Name }
			if err := xml.Unmarshal(svg.Bytes(), &root); err != nil || root.XMLName.Local != "svg" {
				t.Errorf("svg does not parse: %v", err)
			}
			for _, want := range wantSpiderText[name] {
				if !bytes.Contains(svg.Bytes(), []byte(">"+want+"<")) {
					t.Errorf("svg has no text %q", want)
				}
			}
			var doc bytes.Buffer
			if err := ch.Write(&doc, "pdf"); err != nil {
				t.Fatalf("pdf: %v", err)
			}
			r, err := pdf.NewReader(bytes.NewReader(doc.Bytes()), int64(doc.Len()))
			if err != nil || r.NumPage() != 1 || len(r.Page(1).Content().Text) == 0 {
				t.Fatalf("pdf does not parse as one page with text: %v", err)
			}
		})
	}
}

// wantSpiderText is text each chart must show in its SVG: ticks, legend entries (long
// names shortened), the base's label.
var wantSpiderText = map[string][]string{
	"spider":          {"2024 operating loss as each driver moves through its percentiles", "P5", "P55", "P95", "Compute cost", "Marketing spend per region…", "Overall median = 4.72", "95% interval of each median"},
	"spider_discrete": {"0%", "100%", "Loss with a rare outage", "Outage (yes/no)", "Overall median = 120"},
}

func TestSpiderInvalid(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	ps := []float64{25, 75}
	line := func(l SpiderLine) func() (*Chart, error) {
		return func() (*Chart, error) { return Spider(SpiderSpec{Base: 1, Lines: []SpiderLine{l}}) }
	}
	many := make([]SpiderLine, MaxSpiderLines+1)
	for i := range many {
		many[i] = SpiderLine{Name: string(rune('a' + i)), Percentiles: ps, Values: []float64{1, 2}}
	}
	for _, tc := range []struct {
		name  string
		build func() (*Chart, error)
		want  string
	}{
		{"no lines", func() (*Chart, error) { return Spider(SpiderSpec{}) }, "no lines"},
		{"too many", func() (*Chart, error) { return Spider(SpiderSpec{Lines: many}) }, "9 lines; at most 8"},
		{"NaN base", func() (*Chart, error) {
			return Spider(SpiderSpec{Base: nan, Lines: many[:1]})
		}, "base is NaN"},
		{"unnamed", line(SpiderLine{Percentiles: ps, Values: []float64{1, 2}}), "line 0 has no name"},
		{"same names", func() (*Chart, error) {
			return Spider(SpiderSpec{Lines: []SpiderLine{many[0], many[0]}})
		}, `two lines are named "a"`},
		{"empty", line(SpiderLine{Name: "a"}), `line "a": percentiles is empty`},
		{"NaN value", line(SpiderLine{Name: "a", Percentiles: ps, Values: []float64{1, nan}}), `line "a": values[1] is NaN`},
		{"Inf percentile", line(SpiderLine{Name: "a", Percentiles: []float64{5, inf}, Values: []float64{1, 2}}), "percentiles[1] is +Inf"},
		{"lengths", line(SpiderLine{Name: "a", Percentiles: ps, Values: []float64{1}}), "2 percentiles for 1 values"},
		{"order", line(SpiderLine{Name: "a", Percentiles: []float64{75, 25}, Values: []float64{1, 2}}), "strictly increasing"},
		{"below 0", line(SpiderLine{Name: "a", Percentiles: []float64{-5, 25}, Values: []float64{1, 2}}), "percentiles[0] = -5 is outside [0, 100]"},
		{"above 100", line(SpiderLine{Name: "a", Percentiles: []float64{5, 105}, Values: []float64{1, 2}}), "percentiles[1] = 105 is outside [0, 100]"},
		{"Lo only", line(SpiderLine{Name: "a", Percentiles: ps, Values: []float64{1, 2}, Lo: []float64{0, 1}}), "both Lo and Hi"},
		{"interval lengths", line(SpiderLine{Name: "a", Percentiles: ps, Values: []float64{1, 2}, Lo: []float64{0}, Hi: []float64{2, 3}}), "1 Lo and 2 Hi for 2 values"},
		{"NaN Hi", line(SpiderLine{Name: "a", Percentiles: ps, Values: []float64{1, 2}, Lo: []float64{0, 1}, Hi: []float64{2, nan}}), "Hi[1] is NaN"},
		{"outside interval", line(SpiderLine{Name: "a", Percentiles: ps, Values: []float64{1, 2}, Lo: []float64{0, 2.5}, Hi: []float64{2, 3}}), "values[1] = 2 is outside its interval [2.5, 3]"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			ch, err := tc.build()
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "plots: spider: ") {
				t.Fatalf("error %v, want one starting plots: spider: and containing %q", err, tc.want)
			}
			if ch != nil {
				t.Errorf("chart %v returned with an error", ch)
			}
		})
	}
	// Eight lines, one point each, and a flat line at the base: drawable.
	ch, err := Spider(SpiderSpec{Base: 1, Lines: append([]SpiderLine{{Name: "flat", Percentiles: []float64{50}, Values: []float64{1}}}, many[1:MaxSpiderLines]...)})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Write(&bytes.Buffer{}, "png"); err != nil {
		t.Fatal(err)
	}
}

// TestSpiderCopies: the chart draws the data as it was when Spider was
// called.
func TestSpiderCopies(t *testing.T) {
	spec := SpiderSpec{Base: 1, Lines: []SpiderLine{{Name: "a", Percentiles: []float64{25, 75}, Values: []float64{1, 2}, Lo: []float64{0, 1}, Hi: []float64{2, 3}}}}
	ch, err := Spider(spec)
	if err != nil {
		t.Fatal(err)
	}
	var before bytes.Buffer
	if err := ch.Write(&before, "svg"); err != nil {
		t.Fatal(err)
	}
	spec.Lines[0].Values[1], spec.Lines[0].Hi[0], spec.Lines[0].Percentiles[0] = 10, 20, 0
	var after bytes.Buffer
	if err := ch.Write(&after, "svg"); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(before.Bytes(), after.Bytes()) {
		t.Error("changing the spec after Spider changed the chart")
	}
}

func TestPercentileTicks(t *testing.T) {
	var got []string
	for _, tk := range percentileTicks([]float64{5, 12.5, 95}).Ticks(0, 100) {
		got = append(got, tk.Label)
	}
	if strings.Join(got, " ") != "P5 P12.5 P95" {
		t.Errorf("labels %v, want P5 P12.5 P95", got)
	}
}
