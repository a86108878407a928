package plots

import (
	"fmt"
	"image/color"
	"math"
	"slices"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// ExceedanceSpec describes exceedance curves, P(X > x) against x.
type ExceedanceSpec struct {
	Title  string
	XLabel string // with the unit
	// Unit is the values' unit as a scenario writes it ("USD billions"):
	// tick and threshold labels print in it ("$4.5B").
	Unit   string
	YLabel string // default "Probability of exceeding"
	// Series holds the curves: X non-decreasing values, Y the probabilities
	// P(X > x) in [0, 1], non-increasing. Several series overlay with a legend.
	Series []Series
	// Thresholds are marked with a vertical line and each curve's probability
	// at the threshold annotated.
	Thresholds []Threshold
	// LogY draws the probability on a log scale, to show the tail; points
	// with probability 0 are then left out.
	LogY bool
	// LogX draws the values on a log scale (the loss-exceedance curve of
	// FAIR and riskquant); every value must then be positive, and
	// thresholds at or below 0 are left out.
	LogX bool
}

// Exceedance returns a chart of exceedance curves. It copies the data.
func Exceedance(spec ExceedanceSpec) (*Chart, error) {
	if len(spec.Series) == 0 {
		return nil, fmt.Errorf("plots: exceedance: no series")
	}
	ss := make([]Series, len(spec.Series))
	minPos := 1.0
	for i, s := range spec.Series {
		what := seriesName("exceedance", spec.Series, i)
		if err := validate(what, column{"values", s.X}, column{"probabilities", s.Y}); err != nil {
			return nil, err
		}
		if len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("plots: %s: %d values for %d probabilities; want equal lengths", what, len(s.X), len(s.Y))
		}
		if err := increasing(what, "values", s.X, false); err != nil {
			return nil, err
		}
		for j, p := range s.Y {
			if p < 0 || p > 1 {
				return nil, fmt.Errorf("plots: %s: probabilities[%d] = %v is outside [0, 1]", what, j, p)
			}
			if j > 0 && p > s.Y[j-1] {
				return nil, fmt.Errorf("plots: %s: probabilities must not increase, but probabilities[%d] = %v follows %v", what, j, p, s.Y[j-1])
			}
			if p > 0 {
				minPos = math.Min(minPos, p)
			}
		}
		if spec.LogX && s.X[0] <= 0 {
			return nil, fmt.Errorf("plots: %s: values start at %v, which a log scale cannot show; want positive values", what, s.X[0])
		}
		if spec.LogY && s.Y[0] == 0 {
			return nil, fmt.Errorf("plots: %s: every probability is 0, which a log scale cannot show", what)
		}
		ss[i] = Series{Name: s.Name, X: append([]float64(nil), s.X...), Y: append([]float64(nil), s.Y...)}
	}
	if err := validateMarkers("exceedance", nil, spec.Thresholds, len(ss)); err != nil {
		return nil, err
	}
	ths := copyThresholds(spec.Thresholds)
	if spec.LogX {
		ths = slices.DeleteFunc(ths, func(t Threshold) bool { return t.Value <= 0 })
	}
	for k := range ths {
		if ths[k].Probs == nil {
			ths[k].Probs = make([]float64, len(ss))
			for i, s := range ss {
				ths[k].Probs[i] = interpolate(s.X, s.Y, ths[k].Value)
			}
		}
	}
	names := seriesNames(ss)
	ylabel := spec.YLabel
	if ylabel == "" {
		ylabel = "Probability of exceeding"
	}
	// y maps a probability to the plotted coordinate: its base-10 logarithm
	// on a log axis (drawn on a linear axis with logPercentTicks, because
	// gonum places a log axis' label by the arithmetic mean of its range),
	// a percentage on a linear one.
	ymin := 0.0
	if spec.LogY {
		ymin = math.Floor(math.Log10(minPos) + 1e-9)
	}
	y := func(p float64) float64 {
		if spec.LogY {
			return math.Max(math.Log10(p), ymin)
		}
		return 100 * p
	}
	// x maps a value to the plotted coordinate: its base-10 logarithm on a
	// log axis (drawn as the y axis is), the value itself on a linear one.
	x := func(v float64) float64 {
		if spec.LogX {
			return math.Log10(v)
		}
		return v
	}
	single := len(ss) == 1

	return newChart(func(dc draw.Canvas) {
		p := theme{}.newPlot(spec.Title, spec.XLabel, ylabel)
		p.X.Tick.Marker = valueTicks(8, spec.Unit)
		if spec.LogX {
			p.X.Tick.Marker = logValueTicks{unit: numfmt.ParseUnit(spec.Unit)}
		}
		if spec.LogY {
			p.Y.Tick.Marker = logPercentTicks{}
			p.Y.Min, p.Y.Max = ymin, 0
		} else {
			p.Y.Tick.Marker = niceTicks{n: 6, suffix: "%"}
			p.Y.Min, p.Y.Max = 0, 100
		}
		for _, t := range ths {
			p.Add(&vline{x: x(t.Value), line: draw.LineStyle{Color: markerColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}})
		}
		legend := &boxLegend{style: textStyle(sansFont, legendSize, textColor, draw.XLeft, draw.YCenter)}
		labels := &pointLabels{style: textStyle(sansFont, annotSize, textColor, draw.XLeft, draw.YBottom)}
		for i, s := range ss {
			var xy plotter.XYs
			for j := range s.X {
				if spec.LogY && s.Y[j] <= 0 {
					break // non-increasing: the rest is 0 too
				}
				xy = append(xy, plotter.XY{X: x(s.X[j]), Y: y(s.Y[j])})
			}
			c := color.Color(oiBlue)
			if !single {
				c = SeriesColor(i)
			}
			l, err := plotter.NewLine(xy)
			if err != nil {
				panic(err) // validated above
			}
			l.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(2)}
			p.Add(l)
			if !single {
				legend.entries = append(legend.entries, legendEntry{names[i], l})
			}
			for _, t := range ths {
				label := "P(> " + numfmt.Amount(t.Value, numfmt.ParseUnit(spec.Unit)) + ") = " + formatPercent(t.Probs[i])
				if !single {
					label = names[i] + ": " + label
				}
				labels.pts = append(labels.pts, pointLabel{x: x(t.Value), y: y(t.Probs[i]), label: label, color: c, dot: !(spec.LogY && t.Probs[i] <= 0)})
			}
		}
		if !single {
			ytop := 100.0
			if spec.LogY {
				ytop = 0
			}
			legend.at = quietCorner(ss, labels.pts, x, y, p.X.Min, p.X.Max, ymin, ytop, len(ss))
		}
		p.Add(labels, legend)
		p.Draw(dc)
	}), nil
}

// quietCorner chooses where the legend of an exceedance chart goes: top
// right or bottom left (the two corners a falling curve may leave empty),
// whichever covers fewer curve points and threshold labels. Positions are
// fractions of the data area; the legend takes about 40% of its width and
// 8% of its height per entry, a label about 35% by 6% right of its point.
func quietCorner(ss []Series, pts []pointLabel, x, y func(float64) float64, x0, x1, y0, y1 float64, entries int) corner {
	if !(x1 > x0) || !(y1 > y0) {
		return topRight
	}
	w, h := 0.4, math.Min(0.7, 0.06+0.08*float64(entries))
	type box struct{ xa, xb, ya, yb float64 }
	regions := map[corner]box{topRight: {1 - w, 1, 1 - h, 1}, bottomLeft: {0, w, 0, h}}
	score := map[corner]int{}
	for c, r := range regions {
		for _, s := range ss {
			for j := range s.X {
				fx, fy := (x(s.X[j])-x0)/(x1-x0), (y(s.Y[j])-y0)/(y1-y0)
				if fx >= r.xa && fx <= r.xb && fy >= r.ya && fy <= r.yb {
					score[c]++
				}
			}
		}
		for _, pt := range pts {
			fx, fy := (pt.x-x0)/(x1-x0), (pt.y-y0)/(y1-y0)
			if fx <= r.xb && fx+0.35 >= r.xa && fy <= r.yb && fy+0.06 >= r.ya {
				score[c] += 50 // a hidden label costs more than a hidden stretch of curve
			}
		}
	}
	if score[bottomLeft] < score[topRight] {
		return bottomLeft
	}
	return topRight
}

// interpolate returns the linear interpolation of (xs, ys) at x, holding the
// end values beyond the data; xs is non-decreasing.
func interpolate(xs, ys []float64, x float64) float64 {
	if x <= xs[0] {
		return ys[0]
	}
	n := len(xs)
	if x >= xs[n-1] {
		return ys[n-1]
	}
	j := 1
	for xs[j] < x {
		j++
	}
	if xs[j] == xs[j-1] {
		return ys[j]
	}
	return ys[j-1] + (ys[j]-ys[j-1])*(x-xs[j-1])/(xs[j]-xs[j-1])
}

// vline is a vertical line across the data area.
type vline struct {
	x    float64
	line draw.LineStyle
}

// Plot implements plot.Plotter.
func (v *vline) Plot(c draw.Canvas, p *plot.Plot) {
	trX, _ := p.Transforms(&c)
	if x := trX(v.x); x >= c.Min.X && x <= c.Max.X {
		c.StrokeLine2(v.line, x, c.Min.Y, x, c.Max.Y)
	}
}

// DataRange implements plot.DataRanger: the line keeps its x in view.
func (v *vline) DataRange() (xmin, xmax, ymin, ymax float64) {
	return v.x, v.x, math.Inf(1), math.Inf(-1)
}

// pointLabel is an annotated point: a dot and a label above and to the right.
type pointLabel struct {
	x, y  float64
	label string
	color color.Color
	dot   bool
}

// pointLabels draws dots with labels, moving a label up (or to the left of
// its dot near the right edge) until it overlaps no earlier label.
type pointLabels struct {
	pts   []pointLabel
	style text.Style
}

// Plot implements plot.Plotter.
func (pl *pointLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	var placed []vg.Rectangle
	h := pl.style.Height("Pg")
	for _, pt := range pl.pts {
		x, y := trX(pt.x), trY(pt.y)
		if pt.dot {
			c.FillPolygon(pt.color, circle(x, y, vg.Points(3.5)))
			c.StrokeLines(draw.LineStyle{Color: color.White, Width: vg.Points(1)}, append(circle(x, y, vg.Points(3.5)), circle(x, y, vg.Points(3.5))[0]))
		}
		w := pl.style.Width(pt.label) + 2*labelPad
		r := vg.Rectangle{Min: vg.Point{X: x + 5, Y: y + 4}, Max: vg.Point{X: x + 5 + w, Y: y + 4 + h + labelPad}}
		if r.Max.X > c.Max.X {
			r.Min.X, r.Max.X = x-5-w, x-5
		}
		for tries := 0; tries < 20 && overlapsAny(r, placed); tries++ {
			r.Min.Y += h
			r.Max.Y += h
		}
		if r.Max.Y > c.Max.Y { // keep inside: below the point instead
			r.Max.Y, r.Min.Y = y-4, y-4-h-labelPad
		}
		placed = append(placed, r)
		c.FillPolygon(labelBackColor, []vg.Point{r.Min, {X: r.Max.X, Y: r.Min.Y}, r.Max, {X: r.Min.X, Y: r.Max.Y}})
		sty := pl.style
		sty.Color = darkenColor(pt.color)
		sty.XAlign, sty.YAlign = draw.XCenter, draw.YCenter
		c.FillText(sty, vg.Point{X: (r.Min.X + r.Max.X) / 2, Y: (r.Min.Y + r.Max.Y) / 2}, pt.label)
	}
}

func overlapsAny(r vg.Rectangle, rs []vg.Rectangle) bool {
	for _, o := range rs {
		if r.Min.X < o.Max.X && o.Min.X < r.Max.X && r.Min.Y < o.Max.Y && o.Min.Y < r.Max.Y {
			return true
		}
	}
	return false
}

// circle returns a polygon approximating a circle of radius r around (x, y).
func circle(x, y, r vg.Length) []vg.Point {
	const n = 24
	pts := make([]vg.Point, n)
	for i := range pts {
		a := 2 * math.Pi * float64(i) / n
		pts[i] = vg.Point{X: x + r*vg.Length(math.Cos(a)), Y: y + r*vg.Length(math.Sin(a))}
	}
	return pts
}

// darkenColor darkens Okabe–Ito colours for text; other colours are kept.
func darkenColor(c color.Color) color.Color {
	if rgba, ok := c.(color.RGBA); ok && rgba != oiBlack && rgba != textColor && rgba != markerColor {
		return darken(rgba)
	}
	return c
}
