package plots

import (
	"fmt"
	"math"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// FanSpec describes a fan chart of a series output over periods.
type FanSpec struct {
	Title  string
	XLabel string // e.g. "Year"
	YLabel string // the output with its unit
	// Unit is the values' unit as a scenario writes it ("USD billions"):
	// tick labels print in it ("$4.5B").
	Unit string
	// Periods are the x positions, strictly increasing.
	Periods []float64
	// P5 to P95 are the percentiles per period, one per period, with
	// P5 <= P25 <= P50 <= P75 <= P95 in every period.
	P5, P25, P50, P75, P95 []float64
	// Names, if given, label the periods on the x axis ("2025-01"), one
	// per period; long runs are labelled at every k-th period.
	Names []string
	// Legend names the line, the inner band and the outer band; nil means
	// "Median", "P25–P75 (middle 50%)", "P5–P95 (middle 90%)", and an
	// empty name leaves its entry out.
	Legend []string
}

// Fan returns a fan chart: the median as a line with the P25–P75 and P5–P95
// bands around it. It copies the data.
func Fan(spec FanSpec) (*Chart, error) {
	cols := []column{{"periods", spec.Periods}, {"P5", spec.P5}, {"P25", spec.P25}, {"P50", spec.P50}, {"P75", spec.P75}, {"P95", spec.P95}}
	if err := validate("fan", cols...); err != nil {
		return nil, err
	}
	n := len(spec.Periods)
	for _, c := range cols[1:] {
		if len(c.v) != n {
			return nil, fmt.Errorf("plots: fan: %s has %d values for %d periods; want one per period", c.name, len(c.v), n)
		}
	}
	if err := increasing("fan", "periods", spec.Periods, true); err != nil {
		return nil, err
	}
	for i := range n {
		for k := 2; k < len(cols); k++ {
			if cols[k].v[i] < cols[k-1].v[i] {
				return nil, fmt.Errorf("plots: fan: period %d: %s = %v is below %s = %v; percentiles must not decrease", i, cols[k].name, cols[k].v[i], cols[k-1].name, cols[k-1].v[i])
			}
		}
	}
	cp := func(v []float64) []float64 { return append([]float64(nil), v...) }
	legendNames := append([]string(nil), spec.Legend...)
	names := append([]string(nil), spec.Names...)
	x, p5, p25, p50, p75, p95 := cp(spec.Periods), cp(spec.P5), cp(spec.P25), cp(spec.P50), cp(spec.P75), cp(spec.P95)
	ymin, ymax := math.Inf(1), math.Inf(-1)
	for i := range n {
		ymin, ymax = math.Min(ymin, p5[i]), math.Max(ymax, p95[i])
	}
	band := func(lo, hi []float64) plotter.XYs {
		xy := make(plotter.XYs, 0, 2*n)
		for i := range n {
			xy = append(xy, plotter.XY{X: x[i], Y: hi[i]})
		}
		for i := n - 1; i >= 0; i-- {
			xy = append(xy, plotter.XY{X: x[i], Y: lo[i]})
		}
		return xy
	}
	return newChart(func(dc draw.Canvas) {
		p := theme{}.newPlot(spec.Title, spec.XLabel, spec.YLabel)
		p.Y.Tick.Marker = valueTicks(6, spec.Unit)
		outer, err := plotter.NewPolygon(band(p5, p95))
		if err != nil {
			panic(err) // validated above
		}
		outer.Color, outer.LineStyle.Width = withAlpha(oiSkyBlue, 0.35), 0
		inner, err := plotter.NewPolygon(band(p25, p75))
		if err != nil {
			panic(err)
		}
		inner.Color, inner.LineStyle.Width = withAlpha(oiBlue, 0.45), 0
		med := make(plotter.XYs, n)
		for i := range n {
			med[i] = plotter.XY{X: x[i], Y: p50[i]}
		}
		line, pts, err := plotter.NewLinePoints(med)
		if err != nil {
			panic(err)
		}
		line.LineStyle = draw.LineStyle{Color: oiBlue, Width: vg.Points(2.2)}
		pts.GlyphStyle = draw.GlyphStyle{Color: oiBlue, Radius: vg.Points(3), Shape: draw.CircleGlyph{}}
		if n > 40 {
			pts.GlyphStyle.Radius = 0
		}
		if len(names) == n {
			p.X.Tick.Marker = namedTicks{x: x, names: names}
		} else if n <= 12 {
			p.X.Tick.Marker = periodTicks(x)
		}
		names := []string{"Median", "P25–P75 (middle 50%)", "P5–P95 (middle 90%)"}
		if len(legendNames) == 3 {
			names = legendNames
		}
		var entries []legendEntry
		for k, th := range []plot.Thumbnailer{line, thumbs{outer, inner}, outer} {
			if names[k] != "" {
				entries = append(entries, legendEntry{names[k], th})
			}
		}
		legend := &boxLegend{at: topLeft, style: textStyle(sansFont, legendSize, textColor, draw.XLeft, draw.YCenter), entries: entries}
		p.Add(outer, inner, line, pts, legend)
		if ymin > 0 && ymin < 0.5*ymax {
			p.Y.Min = 0 // show the distance from zero when it is not misleading
		}
		reserveTop(p, dc, legend.height(), ymax)
		p.Draw(dc)
	}), nil
}

// periodTicks ticks exactly the given periods, labelled with their numbers.
type periodTicks []float64

// Ticks implements plot.Ticker.
func (t periodTicks) Ticks(_, _ float64) []plot.Tick {
	ticks := make([]plot.Tick, len(t))
	for i, v := range t {
		ticks[i] = plot.Tick{Value: v, Label: numfmt.Value(v, 0)}
	}
	return ticks
}

// namedTicks labels periods with their names, at most 12 of them: every
// k-th period from the first.
type namedTicks struct {
	x     []float64
	names []string
}

// Ticks implements plot.Ticker.
func (t namedTicks) Ticks(_, _ float64) []plot.Tick {
	k := (len(t.x) + 11) / 12
	var ticks []plot.Tick
	for i := 0; i < len(t.x); i += k {
		ticks = append(ticks, plot.Tick{Value: t.x[i], Label: t.names[i]})
	}
	return ticks
}

// thumbs draws several thumbnails on top of each other, as the plot layers them.
type thumbs []plot.Thumbnailer

// Thumbnail implements plot.Thumbnailer.
func (ts thumbs) Thumbnail(c *draw.Canvas) {
	for _, t := range ts {
		t.Thumbnail(c)
	}
}
