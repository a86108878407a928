package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Marker is a labelled vertical line at Value, such as a percentile or the
// mean. The label reads `Label = value`, e.g. "P95 = 6.13".
type Marker struct {
	Label string
	Value float64
}

// Threshold is a value whose exceedance probability P(X > Value) a chart
// annotates. Probs optionally holds the exact probability for each series, as
// the engine reports it from its counts; when nil the chart estimates it
// from the plotted data (a histogram assumes values uniform within a bin,
// an exceedance curve interpolates linearly).
type Threshold struct {
	Value float64
	Probs []float64
}

// HistogramSpec describes a histogram of pre-binned counts.
type HistogramSpec struct {
	Title  string
	XLabel string // with the unit, e.g. "Operating loss (USD billions)"
	YLabel string // default "Share of trials"
	// Unit is the values' unit as a scenario writes it ("USD billions"):
	// tick and marker labels print in it ("$4.5B").
	Unit string
	// Series holds the bins: X the n+1 strictly increasing edges, Y the n
	// counts (non-negative). Counts are drawn as shares of their total, so bins
	// should cover every trial. One series is drawn as filled bars, several as
	// coloured outlines with a legend.
	Series []Series
	// Markers are drawn as dashed lines labelled at the top.
	Markers []Marker
	// Thresholds are drawn as solid lines labelled "P(> t) = 38%"; with one
	// series the bars beyond each threshold are shaded in its colour.
	Thresholds []Threshold
	// LogX draws the values on a logarithmic axis, for a heavy tail (a
	// loss from thousands to billions): every edge must then be positive,
	// bins are best spaced evenly on that axis, and markers and thresholds
	// at or below 0 are left out.
	LogX bool
}

// Histogram returns a true histogram (never a smoothed density) of counts
// already binned, for example by sim.Stats.Bins or Bin, with markers and
// shaded tails. It copies the data.
func Histogram(spec HistogramSpec) (*Chart, error) {
	if len(spec.Series) == 0 {
		return nil, fmt.Errorf("plots: histogram: no series")
	}
	type hist struct {
		edges, shares []float64
		total         float64
	}
	hs := make([]hist, len(spec.Series))
	ymax := 0.0
	for i, s := range spec.Series {
		what := seriesName("histogram", spec.Series, i)
		if err := validate(what, column{"edges", s.X}, column{"counts", s.Y}); err != nil {
			return nil, err
		}
		if len(s.X) != len(s.Y)+1 {
			return nil, fmt.Errorf("plots: %s: %d edges for %d counts; want one more edge than counts", what, len(s.X), len(s.Y))
		}
		if err := increasing(what, "edges", s.X, true); err != nil {
			return nil, err
		}
		if spec.LogX && s.X[0] <= 0 {
			return nil, fmt.Errorf("plots: %s: edges start at %v, which a log axis cannot show; want positive edges", what, s.X[0])
		}
		total := 0.0
		for j, c := range s.Y {
			if c < 0 {
				return nil, fmt.Errorf("plots: %s: counts[%d] = %v is negative", what, j, c)
			}
			total += c
		}
		if total == 0 {
			return nil, fmt.Errorf("plots: %s: every count is zero", what)
		}
		h := hist{edges: append([]float64(nil), s.X...), shares: make([]float64, len(s.Y)), total: total}
		if spec.LogX { // bars, markers and thresholds are placed at log10 of their values
			for j, e := range h.edges {
				h.edges[j] = math.Log10(e)
			}
		}
		for j, c := range s.Y {
			h.shares[j] = 100 * c / total
			ymax = max(ymax, h.shares[j])
		}
		hs[i] = h
	}
	if err := validateMarkers("histogram", spec.Markers, spec.Thresholds, len(spec.Series)); err != nil {
		return nil, err
	}
	markers := append([]Marker(nil), spec.Markers...)
	ths := copyThresholds(spec.Thresholds)
	// xAt is where a value sits on the x axis.
	xAt := func(v float64) float64 { return v }
	if spec.LogX {
		xAt = math.Log10
		markers = slices.DeleteFunc(markers, func(m Marker) bool { return m.Value <= 0 })
		ths = slices.DeleteFunc(ths, func(t Threshold) bool { return t.Value <= 0 })
	}
	sort.SliceStable(ths, func(a, b int) bool { return ths[a].Value < ths[b].Value })
	// Probabilities: exact when given, else estimated from the bins.
	probs := make([][]float64, len(ths))
	for k, t := range ths {
		probs[k] = t.Probs
		if probs[k] == nil {
			probs[k] = make([]float64, len(hs))
			for i, h := range hs {
				probs[k][i] = binnedExceedance(h.edges, spec.Series[i].Y, h.total, xAt(t.Value))
			}
		}
	}
	names := seriesNames(spec.Series)
	ylabel := spec.YLabel
	if ylabel == "" {
		ylabel = "Share of trials"
	}
	single := len(hs) == 1
	tailColors := tailPalette(len(ths))

	build := func() (*plot.Plot, *vmarks, *boxLegend) {
		p := theme{}.newPlot(spec.Title, spec.XLabel, ylabel)
		p.Y.Tick.Marker = niceTicks{n: 6, suffix: "%"}
		p.X.Tick.Marker = valueTicks(8, spec.Unit)
		if spec.LogX {
			p.X.Tick.Marker = logValueTicks{unit: numfmt.ParseUnit(spec.Unit)}
		}
		p.X.Padding = 0
		p.Y.Min = 0
		legend := &boxLegend{style: textStyle(sansFont, legendSize, textColor, draw.XLeft, draw.YCenter)}
		if single {
			h := hs[0]
			// Split each bar at the thresholds and colour each piece by the
			// number of thresholds below it.
			layers := make([]*rects, len(ths)+1)
			for k := range layers {
				fill := color.Color(oiSkyBlue)
				if k > 0 {
					fill = tailColors[k-1]
				}
				layers[k] = &rects{fill: fill, line: draw.LineStyle{Color: color.White, Width: vg.Points(0.5)}}
			}
			for j, y := range h.shares {
				a, b := h.edges[j], h.edges[j+1]
				k := 0
				for k < len(ths) && xAt(ths[k].Value) <= a {
					k++
				}
				for a < b {
					end := b
					if k < len(ths) && xAt(ths[k].Value) < b {
						end = xAt(ths[k].Value)
					}
					layers[k].rs = append(layers[k].rs, rect{a, end, 0, y})
					a = end
					k++
				}
			}
			for _, l := range layers {
				p.Add(l)
			}
		} else {
			for i, h := range hs {
				l, err := plotter.NewLine(stepXYs(h.edges, h.shares))
				if err != nil {
					panic(err) // validated above
				}
				l.LineStyle = draw.LineStyle{Color: SeriesColor(i), Width: vg.Points(1.8)}
				p.Add(l)
				legend.entries = append(legend.entries, legendEntry{names[i], l})
			}
		}
		m := &vmarks{style: textStyle(sansFont, annotSize, markerColor, draw.XCenter, draw.YCenter)}
		for _, mk := range markers {
			m.marks = append(m.marks, vmark{
				x: xAt(mk.Value), label: mk.Label + " = " + formatValue(mk.Value, spec.Unit), text: markerColor,
				line: draw.LineStyle{Color: markerColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}},
			})
		}
		for k, t := range ths {
			c := color.Color(markerColor)
			if single {
				c = darken(tailColors[k])
			}
			m.marks = append(m.marks, vmark{
				x: xAt(t.Value), label: exceedLabel(t.Value, probs[k], names, spec.Unit), text: c,
				line: draw.LineStyle{Color: c, Width: vg.Points(1.5)},
			})
		}
		p.Add(m, legend)
		// Keep markers outside the bins visible.
		for _, mk := range m.marks {
			p.X.Min, p.X.Max = min(p.X.Min, mk.x), max(p.X.Max, mk.x)
		}
		return p, m, legend
	}
	return newChart(func(dc draw.Canvas) {
		p, m, legend := build()
		reserveHeadroom(p, dc, m, ymax)
		legend.yoffs = m.headroom()
		p.Draw(dc)
	}), nil
}

// binnedExceedance estimates P(X > t) from bins, taking values uniform within a bin.
func binnedExceedance(edges, counts []float64, total, t float64) float64 {
	above := 0.0
	for j, c := range counts {
		a, b := edges[j], edges[j+1]
		switch {
		case a >= t:
			above += c
		case b > t:
			above += c * (b - t) / (b - a)
		}
	}
	return above / total
}

// stepXYs returns the outline of a histogram: up from the first edge, along
// each bar and down at the last edge.
func stepXYs(edges, ys []float64) plotter.XYs {
	xy := make(plotter.XYs, 0, 2*len(ys)+2)
	xy = append(xy, plotter.XY{X: edges[0], Y: 0})
	for j, y := range ys {
		xy = append(xy, plotter.XY{X: edges[j], Y: y}, plotter.XY{X: edges[j+1], Y: y})
	}
	return append(xy, plotter.XY{X: edges[len(edges)-1], Y: 0})
}

// exceedLabel formats "P(> t) = 38%", or "P(> t): A 38%, B 45%" for several series.
func exceedLabel(t float64, probs []float64, names []string, unit string) string {
	at := numfmt.Amount(t, numfmt.ParseUnit(unit)) // a threshold keeps its digits
	if len(probs) == 1 {
		return "P(> " + at + ") = " + formatPercent(probs[0])
	}
	parts := make([]string, len(probs))
	for i, p := range probs {
		parts[i] = names[i] + " " + formatPercent(p)
	}
	return "P(> " + at + "): " + strings.Join(parts, ", ")
}

// tailPalette returns the shade of each of n tails, lowest threshold first:
// vermillion for one tail; orange then vermillion (then reddish purple) for more.
func tailPalette(n int) []color.RGBA {
	switch n {
	case 0:
		return nil
	case 1:
		return []color.RGBA{oiVermillion}
	}
	out := make([]color.RGBA, n)
	base := []color.RGBA{oiOrange, oiVermillion, oiReddishPurple, oiBlue}
	for i := range out {
		out[i] = base[min(i, len(base)-1)]
	}
	return out
}

// darken returns c at 75% brightness, for text in that colour on white.
func darken(c color.RGBA) color.RGBA {
	return color.RGBA{uint8(int(c.R) * 3 / 4), uint8(int(c.G) * 3 / 4), uint8(int(c.B) * 3 / 4), c.A}
}

func seriesNames(s []Series) []string {
	names := make([]string, len(s))
	for i, x := range s {
		names[i] = x.Name
		if names[i] == "" {
			names[i] = fmt.Sprintf("Series %d", i+1)
		}
	}
	return names
}

func copyThresholds(ts []Threshold) []Threshold {
	out := make([]Threshold, len(ts))
	for i, t := range ts {
		out[i] = Threshold{Value: t.Value}
		if t.Probs != nil {
			out[i].Probs = append([]float64(nil), t.Probs...)
		}
	}
	return out
}

// validateMarkers checks marker and threshold values and any given
// probabilities (one per series, each in [0, 1]).
func validateMarkers(chart string, ms []Marker, ts []Threshold, nseries int) error {
	names := make([]string, 0, len(ms)+len(ts))
	vals := make([]float64, 0, len(ms)+len(ts))
	for i, m := range ms {
		names = append(names, fmt.Sprintf("marker %d (%q)", i, m.Label))
		vals = append(vals, m.Value)
	}
	for i, t := range ts {
		names = append(names, fmt.Sprintf("threshold %d", i))
		vals = append(vals, t.Value)
	}
	if err := validateScalars(chart, names, vals); err != nil {
		return err
	}
	for i, t := range ts {
		if t.Probs == nil {
			continue
		}
		if len(t.Probs) != nseries {
			return fmt.Errorf("plots: %s: threshold %d has %d probabilities for %d series", chart, i, len(t.Probs), nseries)
		}
		for _, p := range t.Probs {
			if !(p >= 0 && p <= 1) {
				return fmt.Errorf("plots: %s: threshold %d: probability %v is outside [0, 1]", chart, i, p)
			}
		}
	}
	return nil
}
