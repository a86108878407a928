package plots

import (
	"fmt"
	"math"
	"slices"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SpiderLine is one input of a spider chart: the output's statistic (e.g.
// median) as the input moves through its percentiles.
type SpiderLine struct {
	Name string // the input's label, shown in the legend
	// Percentiles are the x positions in percent, strictly increasing
	// within [0, 100]: e.g. the band centres 5, 15, ..., 95.
	Percentiles []float64
	// Values are the output's statistic at each percentile.
	Values []float64
	// Lo and Hi, if not nil, bound a confidence interval of each value,
	// drawn as a light band around the line: Lo[k] <= Values[k] <= Hi[k].
	// Give both or neither.
	Lo, Hi []float64
}

// SpiderSpec describes a spider chart of the drivers of one output.
type SpiderSpec struct {
	Title string
	// XLabel names the x axis; default "Percentile of the input".
	XLabel string
	// YLabel names the output's statistic with its unit, e.g. "Median
	// operating loss (USD billions)".
	YLabel string
	// Unit is the output's unit as a scenario writes it ("USD billions"):
	// tick and median labels print in it ("$4.5B").
	Unit string
	// Base is the output's overall statistic (e.g. median), drawn as a
	// dashed horizontal line.
	Base float64
	// BaseLabel names Base in the legend; default "Overall median".
	BaseLabel string
	// BandLabel names the bands of Lo and Hi in the legend; default "95%
	// interval of each median".
	BandLabel string
	// Lines are the inputs, at most MaxSpiderLines, drawn in the order
	// given with the colours of SeriesColor.
	Lines []SpiderLine
}

// MaxSpiderLines is the most lines a spider chart draws: the palette's
// eight colours, each with its own marker.
const MaxSpiderLines = 8

// maxSpiderName is the most characters of a line's name the legend shows;
// a longer name ends in "…".
const maxSpiderName = 28

// spiderGlyphs are the markers of the lines in order, so that lines can be
// told apart without their colours.
var spiderGlyphs = []draw.GlyphDrawer{draw.CircleGlyph{}, draw.BoxGlyph{}, draw.PyramidGlyph{}, draw.RingGlyph{},
	draw.SquareGlyph{}, draw.TriangleGlyph{}, draw.CrossGlyph{}, draw.PlusGlyph{}}

// Spider returns a spider chart: one line per input through the output's
// statistic at the input's percentiles, with markers at the points and,
// where given, a light band of each point's interval; a dashed line at
// Base; and a legend of the inputs to the right of the plot. The x axis
// runs from 0 to 100 percent, ticked "P5" ... "P95" at the lines'
// percentiles when every line has the same ones (at most 12), in percent
// otherwise; the y axis has the package's ticks. It copies the data.
func Spider(spec SpiderSpec) (*Chart, error) {
	n := len(spec.Lines)
	if n == 0 {
		return nil, fmt.Errorf("plots: spider: no lines")
	}
	if n > MaxSpiderLines {
		return nil, fmt.Errorf("plots: spider: %d lines; at most %d can be told apart", n, MaxSpiderLines)
	}
	if err := validateScalars("spider", []string{"base"}, []float64{spec.Base}); err != nil {
		return nil, err
	}
	cp := func(v []float64) []float64 { return append([]float64(nil), v...) }
	lines := make([]SpiderLine, n)
	bands := false
	for i, l := range spec.Lines {
		if l.Name == "" {
			return nil, fmt.Errorf("plots: spider: line %d has no name", i)
		}
		for _, o := range spec.Lines[:i] {
			if o.Name == l.Name {
				return nil, fmt.Errorf("plots: spider: two lines are named %q", l.Name)
			}
		}
		what := fmt.Sprintf("spider: line %q", l.Name)
		if err := validate(what, column{"percentiles", l.Percentiles}, column{"values", l.Values}); err != nil {
			return nil, err
		}
		k := len(l.Percentiles)
		if len(l.Values) != k {
			return nil, fmt.Errorf("plots: %s: %d percentiles for %d values; want equal lengths", what, k, len(l.Values))
		}
		if err := increasing(what, "percentiles", l.Percentiles, true); err != nil {
			return nil, err
		}
		if p := l.Percentiles; p[0] < 0 || p[k-1] > 100 {
			j := 0
			if p[0] >= 0 {
				j = k - 1
			}
			return nil, fmt.Errorf("plots: %s: percentiles[%d] = %v is outside [0, 100]", what, j, p[j])
		}
		if (l.Lo == nil) != (l.Hi == nil) {
			return nil, fmt.Errorf("plots: %s: give both Lo and Hi, or neither", what)
		}
		if l.Lo != nil {
			if len(l.Lo) != k || len(l.Hi) != k {
				return nil, fmt.Errorf("plots: %s: %d Lo and %d Hi for %d values; want one of each per value", what, len(l.Lo), len(l.Hi), k)
			}
			if err := validate(what, column{"Lo", l.Lo}, column{"Hi", l.Hi}); err != nil {
				return nil, err
			}
			for j, v := range l.Values {
				if !(l.Lo[j] <= v && v <= l.Hi[j]) {
					return nil, fmt.Errorf("plots: %s: values[%d] = %v is outside its interval [%v, %v]", what, j, v, l.Lo[j], l.Hi[j])
				}
			}
			bands = true
		}
		lines[i] = SpiderLine{Name: l.Name, Percentiles: cp(l.Percentiles), Values: cp(l.Values)}
		if l.Lo != nil {
			lines[i].Lo, lines[i].Hi = cp(l.Lo), cp(l.Hi)
		}
	}
	xlabel, baseLabel, bandLabel := spec.XLabel, spec.BaseLabel, spec.BandLabel
	if xlabel == "" {
		xlabel = "Percentile of the input"
	}
	if baseLabel == "" {
		baseLabel = "Overall median"
	}
	if bandLabel == "" {
		bandLabel = "95% interval of each median"
	}
	base := spec.Base
	ref := math.Abs(base) // the largest magnitude: the base's label takes its decimals
	for _, l := range lines {
		for _, v := range l.Values {
			ref = max(ref, math.Abs(v))
		}
	}
	// The x ticks: the lines' common percentiles, or percents.
	var xticks plot.Ticker = niceTicks{n: 6, suffix: "%"}
	if common := lines[0].Percentiles; len(common) <= 12 && !slices.ContainsFunc(lines, func(l SpiderLine) bool { return !slices.Equal(l.Percentiles, common) }) {
		xticks = percentileTicks(common)
	}

	return newChart(func(dc draw.Canvas) {
		p := theme{}.newPlot(spec.Title, xlabel, spec.YLabel)
		// The title is centred on the whole chart, as gonum draws it, above
		// the plot and the legend beside it.
		if spec.Title != "" {
			sty := p.Title.TextStyle
			dc.FillText(sty, vg.Point{X: dc.Center().X, Y: dc.Max.Y + sty.FontExtents().Descent}, spec.Title)
			dc.Max.Y -= sty.Rectangle(spec.Title).Size().Y + p.Title.Padding
			p.Title.Text = ""
		}
		p.X.Min, p.X.Max = 0, 100
		p.X.Tick.Marker = xticks
		p.Y.Tick.Marker = valueTicks(6, spec.Unit)
		legend := &boxLegend{at: topLeft, style: textStyle(sansFont, legendSize, textColor, draw.XLeft, draw.YCenter)}
		baseLine, err := plotter.NewLine(plotter.XYs{{X: 0, Y: base}, {X: 100, Y: base}})
		if err != nil {
			panic(err) // validated above
		}
		baseLine.LineStyle = draw.LineStyle{Color: markerColor, Width: vg.Points(1.2), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		p.Add(baseLine)
		var drawn []plot.Plotter // lines and markers, above every band
		for i, l := range lines {
			c := seriesPalette[i]
			xy := make(plotter.XYs, len(l.Values))
			for j := range xy {
				xy[j] = plotter.XY{X: l.Percentiles[j], Y: l.Values[j]}
			}
			if l.Lo != nil {
				band := make(plotter.XYs, 0, 2*len(xy))
				for j := range xy {
					band = append(band, plotter.XY{X: xy[j].X, Y: l.Hi[j]})
				}
				for j := len(xy) - 1; j >= 0; j-- {
					band = append(band, plotter.XY{X: xy[j].X, Y: l.Lo[j]})
				}
				poly, err := plotter.NewPolygon(band)
				if err != nil {
					panic(err)
				}
				poly.Color, poly.LineStyle.Width = withAlpha(c, 0.16), 0
				p.Add(poly)
			}
			line, pts, err := plotter.NewLinePoints(xy)
			if err != nil {
				panic(err)
			}
			line.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(2)}
			pts.GlyphStyle = draw.GlyphStyle{Color: c, Radius: vg.Points(3.2), Shape: spiderGlyphs[i]}
			drawn = append(drawn, line, pts)
			legend.entries = append(legend.entries, legendEntry{shorten(l.Name, maxSpiderName), thumbs{line, pts}})
		}
		p.Add(drawn...)
		legend.entries = append(legend.entries, legendEntry{baseLabel + " = " + formatLike(base, ref, spec.Unit), baseLine})
		if bands {
			legend.entries = append(legend.entries, legendEntry{bandLabel, &rects{fill: withAlpha(axisColor, 0.22)}})
		}
		// The legend goes to the right of the plot, level with the top of
		// its data area: lines cross the whole width, so no corner inside
		// is free.
		textW := vg.Length(0)
		for _, e := range legend.entries {
			textW = max(textW, legend.style.Width(e.name))
		}
		const pad, gap = vg.Length(6), vg.Length(6) // as boxLegend draws
		right := pad + (pad + legend.style.Font.Size*2 + gap + textW + pad) + vg.Points(4)
		plotDC := draw.Crop(dc, 0, -right, 0, 0)
		p.Draw(plotDC)
		da := p.DataCanvas(plotDC)
		legend.Plot(draw.Canvas{Canvas: dc.Canvas, Rectangle: vg.Rectangle{
			Min: vg.Point{X: dc.Max.X - right, Y: da.Min.Y},
			Max: vg.Point{X: dc.Max.X, Y: da.Max.Y},
		}}, p)
	}), nil
}

// percentileTicks ticks the given percentiles, labelled "P5", "P12.5".
type percentileTicks []float64

// Ticks implements plot.Ticker.
func (t percentileTicks) Ticks(_, _ float64) []plot.Tick {
	ticks := make([]plot.Tick, len(t))
	for i, v := range t {
		ticks[i] = plot.Tick{Value: v, Label: "P" + numfmt.Value(v, 0)}
	}
	return ticks
}
