package plots

import (
	"bytes"
	"encoding/xml"
	"fmt"
	"image/color"
	"image/png"
	"io"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/cmpimg"
	"gonum.org/v1/plot/vg"
	"rsc.io/pdf"
)

// goldenDelta is the per-pixel tolerance of the golden image comparison
// (cmpimg.EqualApprox: 0 exact, 1 anything), loose enough for anti-aliasing
// differences between platforms and tight enough to catch a moved label.
const goldenDelta = 0.1

// lossSample returns n seeded draws of 2 + lognormal(mu, sigma), shaped like
// an operating loss in USD billions.
func lossSample(seed uint64, mu, sigma float64, n int) []float64 {
	r := rand.New(rand.NewPCG(seed, 0x91075))
	xs := make([]float64, n)
	for i := range xs {
		xs[i] = 2 + math.Exp(mu+sigma*r.NormFloat64())
	}
	return xs
}

func mustBin(t testing.TB, xs []float64, n int) (edges, counts []float64) {
	t.Helper()
	e, c, err := Bin(xs, n)
	if err != nil {
		t.Fatal(err)
	}
	return e, c
}

// exceedanceCurve returns P(X > edge) at every edge of a histogram.
func exceedanceCurve(edges, counts []float64) (xs, ps []float64) {
	total := 0.0
	for _, c := range counts {
		total += c
	}
	above := total
	xs, ps = []float64{edges[0]}, []float64{1}
	for j, c := range counts {
		above -= c
		xs = append(xs, edges[j+1])
		ps = append(ps, math.Max(above, 0)/total)
	}
	return xs, ps
}

// charts builds every chart the package draws from fixed, seeded data.
func charts(t testing.TB) map[string]func() (*Chart, error) {
	base := lossSample(1, 1, 0.3, 20000)
	stress := lossSample(2, 1.2, 0.4, 20000)
	e1, c1 := mustBin(t, base, 50)
	e2, c2 := mustBin(t, stress, 50)
	x1, p1 := exceedanceCurve(e1, c1)
	x2, p2 := exceedanceCurve(e2, c2)
	years := []float64{2024, 2025, 2026, 2027, 2028}
	var p5, p25, p50, p75, p95 []float64
	for i := range years {
		m, s := 5*math.Pow(1.3, float64(i)), 0.15+0.05*float64(i)
		for _, q := range []struct {
			z   float64
			dst *[]float64
		}{{-1.645, &p5}, {-0.674, &p25}, {0, &p50}, {0.674, &p75}, {1.645, &p95}} {
			*q.dst = append(*q.dst, m*math.Exp(q.z*s))
		}
	}
	var panels []Panel
	for i, name := range []string{"Revenue", "Compute cost", "Staff cost", "Other opex", "Marketing"} {
		e, c := mustBin(t, lossSample(uint64(10+i), 0.5+0.2*float64(i), 0.2+0.05*float64(i), 5000), 30)
		panels = append(panels, Panel{Name: name, Unit: "USD billions", Edges: e, Counts: c})
	}
	const xlabel = "Operating loss (USD billions)"
	var trials, means, ses []float64
	for k := range 21 {
		n := 1024 * math.Pow(2, float64(k)/2)
		trials = append(trials, math.Round(n))
		ses = append(ses, 0.4/math.Sqrt(n))
		means = append(means, 4.47+0.4/math.Sqrt(n)*math.Sin(float64(k)))
	}
	return map[string]func() (*Chart, error){
		"heatmap": func() (*Chart, error) {
			return Heatmap(HeatmapSpec{Title: "Operating loss: P(> 5) across the sweep", XLabel: "training", YLabel: "revenue",
				XValues: []string{"2.5", "3", "3.5"}, YValues: []string{"3 to 4", "3.5 to 4.5", "4 to 5"},
				Z:    [][]float64{{0.085, 0.482, 0.899}, {0.0032, 0.084, 0.478}, {0, 0.0032, 0.083}},
				Text: [][]string{{"8.5%", "48.2%", "89.9%"}, {"0.32%", "8.4%", "47.8%"}, {"0%", "0.32%", "8.3%"}}})
		},
		"shares": func() (*Chart, error) {
			return Shares(SharesSpec{Title: "Out of cash before month 19: how often it happens", XLabel: "Out of cash before month 19",
				Labels: []string{"No (0)", "Yes (1)"}, Shares: []float64{0.9528, 0.0472}, SE: []float64{0.00047, 0.00047}})
		},
		"convergence": func() (*Chart, error) {
			return Convergence(ConvergenceSpec{Title: "Operating loss: convergence of the mean", YLabel: "Mean operating loss (USD billions)",
				Trials: trials, Value: means, SE: ses})
		},
		"histogram": func() (*Chart, error) {
			return Histogram(HistogramSpec{
				Title: "2024 operating loss", XLabel: xlabel,
				Series:     []Series{{X: e1, Y: c1}},
				Markers:    []Marker{{"P5", 3.96}, {"P50", 4.72}, {"Mean", 4.85}, {"P95", 6.45}},
				Thresholds: []Threshold{{Value: 5, Probs: []float64{0.3812}}},
			})
		},
		"histogram_overlay": func() (*Chart, error) {
			return Histogram(HistogramSpec{
				Title: "2024 operating loss by case", XLabel: xlabel,
				Series:     []Series{{Name: "Base case", X: e1, Y: c1}, {Name: "Compute overrun", X: e2, Y: c2}},
				Markers:    []Marker{{"Base P50", 4.72}},
				Thresholds: []Threshold{{Value: 6}},
			})
		},
		"exceedance": func() (*Chart, error) {
			return Exceedance(ExceedanceSpec{
				Title: "Chance the 2024 loss exceeds x", XLabel: xlabel,
				Series: []Series{{X: x1, Y: p1}}, Thresholds: []Threshold{{Value: 5}, {Value: 7}},
			})
		},
		"exceedance_log": func() (*Chart, error) {
			return Exceedance(ExceedanceSpec{
				Title: "Tail of the 2024 loss", XLabel: xlabel, LogY: true,
				Series: []Series{{X: x1, Y: p1}}, Thresholds: []Threshold{{Value: 7}},
			})
		},
		"histogram_logx": func() (*Chart, error) {
			// A heavy-tailed loss: lognormal with median $2M and sigma 1.5,
			// binned evenly on the log axis.
			var edges, counts []float64
			for k := 0; k <= 60; k++ {
				edges = append(edges, 1e4*math.Pow(1e5, float64(k)/60))
			}
			cdf := func(v float64) float64 { return 0.5 * math.Erfc(-(math.Log(v)-math.Log(2e6))/(1.5*math.Sqrt2)) }
			for k := range 60 {
				counts = append(counts, 1e6*(cdf(edges[k+1])-cdf(edges[k])))
			}
			return Histogram(HistogramSpec{
				Title: "Annual loss", XLabel: "Annual loss (USD)", Unit: "USD", LogX: true,
				Series:     []Series{{X: edges, Y: counts}},
				Markers:    []Marker{{"P50", 2e6}, {"P5", 0}},
				Thresholds: []Threshold{{Value: 1e7}, {Value: 1e8}, {Value: -1}},
			})
		},
		"exceedance_loglog": func() (*Chart, error) {
			// A loss-exceedance curve: an annual cyber loss of 14% chance,
			// lognormal with median $2M and sigma 1.5 when it happens.
			var xs, ps []float64
			for k := 0; k <= 200; k++ {
				v := 1e4 * math.Pow(1e5, float64(k)/200)
				xs = append(xs, v)
				ps = append(ps, 0.14*0.5*math.Erfc((math.Log(v)-math.Log(2e6))/(1.5*math.Sqrt2)))
			}
			return Exceedance(ExceedanceSpec{
				Title: "Loss exceedance curve", XLabel: "Annual loss (USD)", Unit: "USD", LogX: true, LogY: true,
				Series: []Series{{X: xs, Y: ps}}, Thresholds: []Threshold{{Value: 1e7}, {Value: 1e8}, {Value: -1}},
			})
		},
		"exceedance_overlay": func() (*Chart, error) {
			return Exceedance(ExceedanceSpec{
				Title: "Chance the 2024 loss exceeds x", XLabel: xlabel,
				Series:     []Series{{Name: "Base case", X: x1, Y: p1}, {Name: "Compute overrun", X: x2, Y: p2}},
				Thresholds: []Threshold{{Value: 6}},
			})
		},
		"tornado": func() (*Chart, error) {
			return Tornado(TornadoSpec{
				Title: "What drives the 2024 loss", XLabel: "Median operating loss (USD billions)", Base: 4.72,
				Bars: []Bar{{"Staff cost", 4.5, 4.95}, {"Compute cost", 3.9, 5.6}, {"Revenue", 5.3, 4.1}, {"Other opex", 4.62, 4.8}, {"Marketing", 4.72, 4.72}},
			})
		},
		"fan": func() (*Chart, error) {
			return Fan(FanSpec{Title: "Projected operating loss", XLabel: "Year", YLabel: xlabel,
				Periods: years, P5: p5, P25: p25, P50: p50, P75: p75, P95: p95})
		},
		"grid": func() (*Chart, error) {
			return Grid(GridSpec{Title: "Inputs as assumed", Panels: panels})
		},
	}
}

// TestGolden writes every chart as PNG, checks it is large and not blank, and
// compares it approximately with testdata/<name>_golden.png (regenerate with
// go test ./plots -run TestGolden -regen).
func TestGolden(t *testing.T) {
	for name, build := range charts(t) {
		t.Run(name, func(t *testing.T) {
			ch, err := build()
			if err != nil {
				t.Fatal(err)
			}
			checkGolden(t, name, ch)
		})
	}
}

// checkPNG decodes a PNG and checks its size and that it shows something:
// at least 3% of pixels not white and at least 6 distinct colours.
func checkPNG(t *testing.T, raw []byte) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(raw))
	if err != nil {
		t.Fatalf("decoding PNG: %v", err)
	}
	b := img.Bounds()
	if b.Dx() < 1600 || b.Dy() < 900 {
		t.Errorf("PNG is %dx%d, want at least 1600x900", b.Dx(), b.Dy())
	}
	nonWhite := 0
	colours := map[color.RGBA]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			c := color.RGBAModel.Convert(img.At(x, y)).(color.RGBA)
			if c != (color.RGBA{255, 255, 255, 255}) {
				nonWhite++
			}
			colours[c] = true
		}
	}
	if frac := float64(nonWhite) / float64(b.Dx()*b.Dy()); frac < 0.03 {
		t.Errorf("only %.1f%% of pixels are not white", 100*frac)
	}
	if len(colours) < 6 {
		t.Errorf("only %d distinct colours", len(colours))
	}
}

func TestPNGSize(t *testing.T) {
	ch, err := charts(t)["histogram"]()
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	if err := ch.Write(&buf, "png"); err != nil {
		t.Fatal(err)
	}
	cfg, err := png.DecodeConfig(&buf)
	if err != nil {
		t.Fatal(err)
	}
	if cfg.Width != 1600 || cfg.Height != 1000 {
		t.Errorf("default PNG is %dx%d, want 1600x1000", cfg.Width, cfg.Height)
	}
}

// TestVectorFormats writes every chart as SVG and PDF and parses the output.
func TestVectorFormats(t *testing.T) {
	for name, build := range charts(t) {
		ch, err := build()
		if err != nil {
			t.Fatal(err)
		}
		var svg bytes.Buffer
		if err := ch.Write(&svg, "svg"); err != nil {
			t.Errorf("%s: svg: %v", name, err)
		} else {
			root := struct {
				XMLName xml.Name
				Width   string `xml:"width,attr"`
			}{}
			if err := xml.Unmarshal(svg.Bytes(), &root); err != nil || root.XMLName.Local != "svg" || root.Width == "" {
				t.Errorf("%s: svg does not parse as an <svg> document with a width: %v, root %q", name, err, root.XMLName.Local)
			}
			if !bytes.Contains(svg.Bytes(), []byte("<text")) {
				t.Errorf("%s: svg has no text", name)
			}
		}
		var doc bytes.Buffer
		if err := ch.Write(&doc, "pdf"); err != nil {
			t.Errorf("%s: pdf: %v", name, err)
			continue
		}
		r, err := pdf.NewReader(bytes.NewReader(doc.Bytes()), int64(doc.Len()))
		if err != nil {
			t.Errorf("%s: pdf does not parse: %v", name, err)
			continue
		}
		if r.NumPage() != 1 || len(r.Page(1).Content().Text) == 0 {
			t.Errorf("%s: pdf has %d pages, want 1 with text", name, r.NumPage())
		}
	}
}

func TestWriteErrors(t *testing.T) {
	ch, err := charts(t)["fan"]()
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Write(&bytes.Buffer{}, "gif"); err == nil {
		t.Error("Write accepted format gif")
	}
	if err := ch.Save(filepath.Join(t.TempDir(), "chart.jpeg")); err == nil {
		t.Error("Save accepted extension .jpeg")
	}
	var empty Chart
	if err := empty.Write(&bytes.Buffer{}, "png"); err == nil {
		t.Error("Write on a zero Chart succeeded")
	}
	path := filepath.Join(t.TempDir(), "fan.svg")
	if err := ch.Save(path); err != nil {
		t.Fatal(err)
	}
	if fi, err := os.Stat(path); err != nil || fi.Size() == 0 {
		t.Errorf("Save wrote nothing: %v", err)
	}
}

// TestInvalidData checks that every chart returns an error, and never
// panics, for empty, NaN, infinite, mismatched or undrawable data.
func TestInvalidData(t *testing.T) {
	nan, inf := math.NaN(), math.Inf(1)
	edges, counts := []float64{0, 1, 2, 3}, []float64{1, 2, 1}
	hist := func(e, c []float64) func() (*Chart, error) {
		return func() (*Chart, error) { return Histogram(HistogramSpec{Series: []Series{{X: e, Y: c}}}) }
	}
	exc := func(x, p []float64) func() (*Chart, error) {
		return func() (*Chart, error) { return Exceedance(ExceedanceSpec{Series: []Series{{X: x, Y: p}}}) }
	}
	fan := func(per, p5, p50 []float64) func() (*Chart, error) {
		return func() (*Chart, error) {
			return Fan(FanSpec{Periods: per, P5: p5, P25: p5, P50: p50, P75: p50, P95: p50})
		}
	}
	grid := func(e, c []float64) func() (*Chart, error) {
		return func() (*Chart, error) { return Grid(GridSpec{Panels: []Panel{{Name: "x", Edges: e, Counts: c}}}) }
	}
	conv := func(x, v, se []float64) func() (*Chart, error) {
		return func() (*Chart, error) { return Convergence(ConvergenceSpec{Trials: x, Value: v, SE: se}) }
	}
	tornado := func(base float64, bars ...Bar) func() (*Chart, error) {
		return func() (*Chart, error) { return Tornado(TornadoSpec{Base: base, Bars: bars}) }
	}
	for _, tc := range []struct {
		name  string
		build func() (*Chart, error)
		want  string
	}{
		{"histogram no series", func() (*Chart, error) { return Histogram(HistogramSpec{}) }, "no series"},
		{"histogram empty counts", hist([]float64{0}, nil), "counts is empty"},
		{"histogram NaN count", hist(edges, []float64{1, nan, 1}), "counts[1] is NaN"},
		{"histogram Inf edge", hist([]float64{0, 1, inf, 3}, counts), "edges[2] is +Inf"},
		{"histogram lengths", hist([]float64{0, 1, 2}, counts), "3 edges for 3 counts"},
		{"histogram edges order", hist([]float64{0, 2, 1, 3}, counts), "strictly increasing"},
		{"histogram negative count", hist(edges, []float64{1, -1, 1}), "negative"},
		{"histogram zero counts", hist(edges, []float64{0, 0, 0}), "every count is zero"},
		{"histogram NaN marker", func() (*Chart, error) {
			return Histogram(HistogramSpec{Series: []Series{{X: edges, Y: counts}}, Markers: []Marker{{"P5", nan}}})
		}, "marker 0"},
		{"histogram Inf threshold", func() (*Chart, error) {
			return Histogram(HistogramSpec{Series: []Series{{X: edges, Y: counts}}, Thresholds: []Threshold{{Value: inf}}})
		}, "threshold 0"},
		{"histogram bad probability", func() (*Chart, error) {
			return Histogram(HistogramSpec{Series: []Series{{X: edges, Y: counts}}, Thresholds: []Threshold{{Value: 1, Probs: []float64{nan}}}})
		}, "outside [0, 1]"},
		{"histogram probabilities per series", func() (*Chart, error) {
			return Histogram(HistogramSpec{Series: []Series{{X: edges, Y: counts}}, Thresholds: []Threshold{{Value: 1, Probs: []float64{0.1, 0.2}}}})
		}, "2 probabilities for 1 series"},
		{"histogram overlay names series", func() (*Chart, error) {
			return Histogram(HistogramSpec{Series: []Series{{Name: "a", X: edges, Y: counts}, {Name: "b", X: edges, Y: []float64{1, inf, 1}}}})
		}, `series "b": counts[1] is +Inf`},
		{"exceedance no series", func() (*Chart, error) { return Exceedance(ExceedanceSpec{}) }, "no series"},
		{"exceedance empty", exc(nil, nil), "values is empty"},
		{"exceedance NaN", exc([]float64{1, 2}, []float64{1, nan}), "probabilities[1] is NaN"},
		{"exceedance -Inf", exc([]float64{math.Inf(-1), 2}, []float64{1, 0.5}), "values[0] is -Inf"},
		{"exceedance lengths", exc([]float64{1, 2, 3}, []float64{1, 0.5}), "3 values for 2 probabilities"},
		{"exceedance probability > 1", exc([]float64{1, 2}, []float64{1.5, 0.5}), "outside [0, 1]"},
		{"exceedance increasing", exc([]float64{1, 2}, []float64{0.2, 0.5}), "must not increase"},
		{"exceedance values order", exc([]float64{2, 1}, []float64{1, 0.5}), "non-decreasing"},
		{"exceedance log of zeros", func() (*Chart, error) {
			return Exceedance(ExceedanceSpec{LogY: true, Series: []Series{{X: []float64{1, 2}, Y: []float64{0, 0}}}})
		}, "log scale"},
		{"tornado no bars", tornado(1), "no bars"},
		{"tornado NaN base", tornado(nan, Bar{"a", 1, 2}), "base is NaN"},
		{"tornado Inf bar", tornado(1, Bar{"a", 1, inf}), `"a" high is +Inf`},
		{"tornado unnamed", tornado(1, Bar{"", 1, 2}), "no name"},
		{"fan empty", fan(nil, nil, nil), "periods is empty"},
		{"fan NaN", fan([]float64{1, 2}, []float64{1, 2}, []float64{1, nan}), "P50[1] is NaN"},
		{"fan lengths", fan([]float64{1, 2}, []float64{1, 2}, []float64{1}), "P50 has 1 values for 2 periods"},
		{"fan order", fan([]float64{1, 2}, []float64{1, 3}, []float64{1, 2}), "period 1"},
		{"fan periods", fan([]float64{2, 2}, []float64{1, 2}, []float64{1, 2}), "strictly increasing"},
		{"grid no panels", func() (*Chart, error) { return Grid(GridSpec{}) }, "no panels"},
		{"grid NaN", grid(edges, []float64{nan, 1, 1}), `panel 0 ("x"): counts[0] is NaN`},
		{"grid lengths", grid(edges, []float64{1}), "4 edges for 1 counts"},
		{"grid empty", grid(nil, nil), "edges is empty"},
		{"heatmap empty", func() (*Chart, error) { return Heatmap(HeatmapSpec{}) }, "at least one of each"},
		{"heatmap ragged", func() (*Chart, error) {
			return Heatmap(HeatmapSpec{XValues: []string{"a", "b"}, YValues: []string{"c"}, Z: [][]float64{{1}}, Text: [][]string{{"1"}}})
		}, "want 2"},
		{"heatmap NaN", func() (*Chart, error) {
			return Heatmap(HeatmapSpec{XValues: []string{"a"}, YValues: []string{"c"}, Z: [][]float64{{nan}}, Text: [][]string{{"?"}}})
		}, "is NaN"},
		{"shares none", func() (*Chart, error) { return Shares(SharesSpec{}) }, "no categories"},
		{"shares lengths", func() (*Chart, error) { return Shares(SharesSpec{Labels: []string{"a"}, Shares: []float64{0.1, 0.9}}) }, "one of each"},
		{"shares above 1", func() (*Chart, error) { return Shares(SharesSpec{Labels: []string{"a"}, Shares: []float64{1.5}}) }, "outside [0, 1]"},
		{"shares NaN", func() (*Chart, error) { return Shares(SharesSpec{Labels: []string{"a"}, Shares: []float64{nan}}) }, "shares[0] is NaN"},
		{"convergence one point", conv([]float64{1}, []float64{1}, []float64{0.1}), "at least 2"},
		{"convergence lengths", conv([]float64{1, 2}, []float64{1}, []float64{0.1, 0.1}), "one of each"},
		{"convergence order", conv([]float64{2, 1}, []float64{1, 1}, []float64{0.1, 0.1}), "strictly increasing"},
		{"convergence zero trials", conv([]float64{0, 1}, []float64{1, 1}, []float64{0.1, 0.1}), "positive counts"},
		{"convergence negative SE", conv([]float64{1, 2}, []float64{1, 1}, []float64{0.1, -1}), "negative standard error"},
		{"convergence NaN", conv([]float64{1, 2}, []float64{1, nan}, []float64{0.1, 0.1}), "value[1] is NaN"},
		{"bin NaN", func() (*Chart, error) { _, _, err := Bin([]float64{1, nan}, 5); return nil, err }, "values[1] is NaN"},
		{"bin empty", func() (*Chart, error) { _, _, err := Bin(nil, 5); return nil, err }, "values is empty"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			defer func() {
				if r := recover(); r != nil {
					t.Fatalf("panic: %v", r)
				}
			}()
			ch, err := tc.build()
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			if ch != nil {
				t.Errorf("chart %v returned with error", ch)
			}
			if !strings.HasPrefix(err.Error(), "plots: ") {
				t.Errorf("error %q lacks the package prefix", err)
			}
		})
	}
}

func TestNiceTicks(t *testing.T) {
	for _, tc := range []struct {
		lo, hi float64
		n      int
		want   []string
	}{
		{0, 10, 6, []string{"0", "2", "4", "6", "8", "10"}},
		{2.6, 14.8, 8, []string{"4", "6", "8", "10", "12", "14"}},
		{0, 0.37, 5, []string{"0.0", "0.1", "0.2", "0.3"}},
		{-3, 3, 4, []string{"-2", "0", "2"}},
		{2024, 2029, 6, []string{"2024", "2025", "2026", "2027", "2028", "2029"}},
	} {
		var got []string
		for _, tk := range (niceTicks{n: tc.n}).Ticks(tc.lo, tc.hi) {
			got = append(got, tk.Label)
		}
		if strings.Join(got, " ") != strings.Join(tc.want, " ") {
			t.Errorf("ticks(%v, %v, %d) = %v, want %v", tc.lo, tc.hi, tc.n, got, tc.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tc := range []struct {
		p    float64
		want string
	}{{0.3812, "38%"}, {0.042, "4.2%"}, {0.0015, "0.15%"}, {0, "0%"}, {1, "100%"}, {0.00001, "0.001%"}, {0.05, "5%"}} {
		if got := formatPercent(tc.p); got != tc.want {
			t.Errorf("formatPercent(%v) = %q, want %q", tc.p, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v    float64
		want string
		unit string
	}{{4.72, "4.72", ""}, {5, "5.00", ""}, {12.34, "12.3", ""}, {150.4, "150", ""}, {-0.5, "−0.500", ""}, {0.0123, "0.0123", ""},
		{2.5e7, "25.0M", ""}, {0, "0", ""}, {891219, "$891K", "USD"}, {1.95e6, "$1.95M", "USD"}, {4.469, "$4.47B", "USD billions"}} {
		if got := formatValue(tc.v, tc.unit); got != tc.want {
			t.Errorf("formatValue(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
	for _, tc := range []struct {
		v, ref float64
		want   string
	}{{4.8, 4.96, "4.80"}, {4.3, 4.96, "4.30"}, {95.2, 105, "95"}, {12, 12.5, "12.0"}, {0.05, 0.0512, "0.0500"}, {0, 4.9, "0.00"}, {0, 0, "0"}, {2.5e6, 3e6, "2.50M"}} {
		if got := formatLike(tc.v, tc.ref, ""); got != tc.want {
			t.Errorf("formatLike(%v, %v) = %q, want %q", tc.v, tc.ref, got, tc.want)
		}
	}
}

func TestBin(t *testing.T) {
	edges, counts, err := Bin([]float64{0, 1, 2, 3, 4, 5, 6, 7, 8, 10}, 5)
	if err != nil {
		t.Fatal(err)
	}
	wantE, wantC := []float64{0, 2, 4, 6, 8, 10}, []float64{2, 2, 2, 2, 2}
	for i := range wantE {
		if edges[i] != wantE[i] {
			t.Fatalf("edges %v, want %v", edges, wantE)
		}
	}
	for i := range wantC {
		if counts[i] != wantC[i] {
			t.Fatalf("counts %v, want %v", counts, wantC)
		}
	}
	edges, counts, err = Bin([]float64{3, 3, 3}, 0)
	if err != nil || len(counts) != 1 || counts[0] != 3 || edges[0] != 2.5 || edges[1] != 3.5 {
		t.Errorf("constant sample: %v %v %v", edges, counts, err)
	}
	// Freedman–Diaconis on 20000 normal draws: about 8σ range / (2·1.349σ/20000^(1/3)) ≈ 81, clamped to 60.
	_, counts, _ = Bin(lossSample(3, 0, 0.01, 20000), 0)
	if len(counts) < 10 || len(counts) > 60 {
		t.Errorf("automatic bins: %d, want within [10, 60]", len(counts))
	}
}

func TestEstimatedProbabilities(t *testing.T) {
	edges, counts := []float64{0, 1, 2, 4}, []float64{2, 4, 2}
	for _, tc := range []struct{ t, want float64 }{{-1, 1}, {0, 1}, {0.5, 0.875}, {1, 0.75}, {3, 0.125}, {4, 0}, {9, 0}} {
		if got := binnedExceedance(edges, counts, 8, tc.t); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("binnedExceedance(%v) = %v, want %v", tc.t, got, tc.want)
		}
	}
	xs, ps := []float64{1, 2, 2, 4}, []float64{1, 0.5, 0.4, 0}
	for _, tc := range []struct{ x, want float64 }{{0, 1}, {1.5, 0.75}, {2, 0.5}, {3, 0.2}, {5, 0}} {
		if got := interpolate(xs, ps, tc.x); math.Abs(got-tc.want) > 1e-15 {
			t.Errorf("interpolate(%v) = %v, want %v", tc.x, got, tc.want)
		}
	}
}

// TestFitTitle: a panel title wider than its panel moves its unit to a
// second line, and a line still too wide is cut with an ellipsis; every
// line fits.
func TestFitTitle(t *testing.T) {
	sty := textStyle(titleFont, titleSize*0.8, textColor, 0, 0)
	w := sty.Width("a100_price (USD per A100-hour)")
	for _, tc := range []struct{ in, want string }{
		{"revenue", "revenue"},
		{"a100_price (USD per A100-hour)", "a100_price (USD per A100-hour)"},
		{"cost_per_head (USD billions per person-year)", "cost_per_head\n(USD billions per person-year)"},
	} {
		if got := fitTitle(sty, tc.in, w); got != tc.want {
			t.Errorf("fitTitle(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	long := "cost_per_head (USD billions per thousand person-years of fully loaded staff)"
	got := fitTitle(sty, long, w)
	lines := strings.Split(got, "\n")
	if len(lines) != 2 || lines[0] != "cost_per_head" || !strings.HasSuffix(lines[1], "…") {
		t.Errorf("fitTitle(%q) = %q, want the name, then the unit cut with …", long, got)
	}
	for _, l := range lines {
		if sty.Width(l) > w {
			t.Errorf("line %q is %v wide, more than %v", l, sty.Width(l), w)
		}
	}
}

// TestQuietCorner: the legend of an exceedance chart goes where neither
// curves nor threshold labels are: bottom left when a label sits top right,
// top right when a label sits bottom left.
func TestQuietCorner(t *testing.T) {
	xs := []float64{0, 2, 4, 6, 8, 10}
	ss := []Series{{X: xs, Y: []float64{1, 0.95, 0.6, 0.3, 0.1, 0}}}
	y := func(p float64) float64 { return 100 * p }
	x := func(v float64) float64 { return v }
	high := []pointLabel{{x: 7, y: 80}}
	low := []pointLabel{{x: 1, y: 10}}
	if c := quietCorner(ss, high, x, y, 0, 10, 0, 100, 2); c != bottomLeft {
		t.Errorf("label top right: legend at %v, want bottom left", c)
	}
	if c := quietCorner(ss, low, x, y, 0, 10, 0, 100, 2); c != topRight {
		t.Errorf("label bottom left: legend at %v, want top right", c)
	}
}

// TestFooterCut: a footer wider than the chart is cut with an ellipsis.
func TestFooterCut(t *testing.T) {
	sty := textStyle(sansFont, footerSize, axisColor, 0, 0)
	long := strings.Repeat("comparison of many members, ", 20)
	got := cutToWidth(sty, long, 300)
	if !strings.HasSuffix(got, "…") || sty.Width(got) > 300 {
		t.Errorf("cut footer %q is %v wide", got, sty.Width(got))
	}
}

// TestBinDiscrete: a sample of a few distinct values on a grid (months
// 9..13, a yes/no flag, a grid with a hole) gets one bar per grid value,
// centred on it, all of one width, with the counts of each value.
func TestBinDiscrete(t *testing.T) {
	for _, tc := range []struct {
		name   string
		values []float64
		want   map[float64]float64 // grid value -> count
		width  float64
	}{
		{"months", []float64{9, 10, 10, 11, 11, 11, 12, 13, 13, 9, 12, 11}, map[float64]float64{9: 2, 10: 2, 11: 4, 12: 2, 13: 2}, 1},
		{"flag", []float64{0, 1, 1, 1, 0, 1}, map[float64]float64{0: 2, 1: 4}, 1},
		{"hole", []float64{0, 0.5, 0.5, 0, 2}, map[float64]float64{0: 2, 0.5: 2, 1: 0, 1.5: 0, 2: 1}, 0.5},
	} {
		edges, counts, err := Bin(tc.values, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(counts) != len(tc.want) || len(edges) != len(counts)+1 {
			t.Errorf("%s: %d bars (%d edges), want %d", tc.name, len(counts), len(edges), len(tc.want))
			continue
		}
		for i, c := range counts {
			if w := edges[i+1] - edges[i]; math.Abs(w-tc.width) > 1e-12 {
				t.Errorf("%s: bar %d has width %v, want %v", tc.name, i, w, tc.width)
			}
			mid := (edges[i] + edges[i+1]) / 2
			if want, ok := tc.want[mid]; !ok || c != want {
				t.Errorf("%s: bar centred on %v counts %v, want %v (present %v)", tc.name, mid, c, want, ok)
			}
		}
	}
	// 21 distinct values, or values off any grid, keep equal-width bins over [min, max].
	var many []float64
	for i := range 21 {
		many = append(many, float64(i))
	}
	if edges, _, _ := Bin(many, 0); edges[0] != 0 || edges[len(edges)-1] != 20 {
		t.Errorf("21 distinct values: edges %v, want [0 ... 20]", edges)
	}
	if edges, _, _ := Bin([]float64{0, 1, math.Pi}, 0); edges[0] != 0 || edges[len(edges)-1] != math.Pi {
		t.Errorf("off-grid values: edges %v, want [0 ... π]", edges)
	}
}

// TestGridTicksNeverOverlap: small multiples of inputs with wide ranges
// and long labels, in narrow panels, never print tick labels that run into
// each other; the same panels with the unfitted five ticks would.
func TestGridTicksNeverOverlap(t *testing.T) {
	ranges := []struct {
		lo, hi float64
		unit   string
	}{
		{123456.7, 987654.3, ""},
		{-5e6, 5e6, "USD"},
		{1.001e-3, 1.999e-3, ""},
		{0, 1.2e9, "people"},
		{12345, 12399, ""},
		{3.5, 4.5, "USD billions"},
		{1e4, 9.99e4, "A100-hours"},
		{0.5, 1.5, "USD per A100-hour"},
	}
	sty := theme{scale: 0.8}.newPlot("", "", "").X.Tick.Label
	for _, cols := range []int{2, 3, 4} { // the report uses 2 or 3
		panelW := (vg.Inch*8 - vg.Points(28) - vg.Points(14)*vg.Length(cols-1)) / vg.Length(cols)
		w := panelDataWidth(panelW)
		unfitted := 0
		for _, r := range ranges {
			tk := fitTicks(sty, r.lo, r.hi, 5, r.unit, w)
			ticks := tk.Ticks(r.lo, r.hi)
			if !ticksFit(sty, ticks, r.lo, r.hi, w) {
				t.Errorf("%d columns, %v to %v %s: labels %v overlap", cols, r.lo, r.hi, r.unit, labels(ticks))
			}
			if labeled := len(labels(ticks)); labeled < 2 {
				t.Errorf("%d columns, %v to %v: only %d labelled ticks", cols, r.lo, r.hi, labeled)
			}
			if !ticksFit(sty, valueTicks(5, r.unit).Ticks(r.lo, r.hi), r.lo, r.hi, w) {
				unfitted++
			}
		}
		if cols >= 3 && unfitted == 0 {
			t.Errorf("%d columns: no range overlaps even with five ticks; the test would not catch a regression", cols)
		}
	}
	// The whole chart still draws with many inputs.
	var panels []Panel
	for i, r := range ranges {
		e, c, err := Bin([]float64{r.lo, (r.lo + r.hi) / 2, r.hi}, 4)
		if err != nil {
			t.Fatal(err)
		}
		panels = append(panels, Panel{Name: fmt.Sprintf("input %d", i), Unit: r.unit, Edges: e, Counts: c})
	}
	ch, err := Grid(GridSpec{Title: "Inputs", Panels: panels, Cols: 4})
	if err != nil {
		t.Fatal(err)
	}
	if err := ch.Write(io.Discard, "png"); err != nil {
		t.Fatal(err)
	}
}

func labels(ticks []plot.Tick) []string {
	var out []string
	for _, tk := range ticks {
		if tk.Label != "" {
			out = append(out, tk.Label)
		}
	}
	return out
}

func TestDiscreteValues(t *testing.T) {
	for _, tc := range []struct {
		edges []float64
		want  []float64
	}{
		{[]float64{-0.5, 0.5, 1.5}, []float64{0, 1}},
		{[]float64{8.5, 9.5, 10.5, 11.5, 12.5, 13.5}, []float64{9, 10, 11, 12, 13}},
		{[]float64{0, 1, 2}, nil},        // bars between whole numbers: a continuous input
		{[]float64{-0.5, 0.5, 2.5}, nil}, // uneven
		{[]float64{0, 0.5, 1}, nil},
	} {
		if got := discreteValues(tc.edges); fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("discreteValues(%v) = %v, want %v", tc.edges, got, tc.want)
		}
	}
}

// checkGolden renders ch as PNG, compares it approximately with
// testdata/<name>_golden.png (rewritten under -regen) and checks the PNG
// itself; it returns the PNG.
func checkGolden(t *testing.T, name string, ch *Chart) []byte {
	t.Helper()
	file := name + ".png"
	path := filepath.Join("testdata", file)
	var raw []byte
	cmpimg.CheckPlotApprox(func() {
		var buf bytes.Buffer
		if err := ch.Write(&buf, "png"); err != nil {
			t.Fatal(err)
		}
		raw = buf.Bytes()
		if err := os.WriteFile(path, raw, 0o644); err != nil {
			t.Fatal(err)
		}
	}, t, goldenDelta, file)
	if !*cmpimg.GenerateTestData && !t.Failed() {
		os.Remove(path) // keep only the golden file
	}
	checkPNG(t, raw)
	return raw
}
