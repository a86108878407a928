package plots

import (
	"fmt"
	"math"
	"strings"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Bar is one input of a tornado chart: the output's statistic (e.g. median)
// when the input is in its bottom (Low) and top (High) decile.
type Bar struct {
	Name      string
	Low, High float64
}

// TornadoSpec describes a tornado chart of drivers.
type TornadoSpec struct {
	Title  string
	XLabel string // the output with its unit, e.g. "Operating loss (USD billions)"
	// Unit is the output's unit as a scenario writes it ("USD billions"):
	// tick and bar-end labels print in it ("$4.5B").
	Unit string
	// Base is the output's overall statistic (e.g. median) the bars start from.
	Base float64
	// BaseLabel names Base on the chart; default "Median".
	BaseLabel string
	// Bars are drawn in the order given, the first at the top: the order
	// of the drivers table the chart illustrates, so that the two rank
	// inputs by the same measure.
	Bars []Bar
	// LowLabel and HighLabel name the two bar colours in the legend; defaults
	// "Input in bottom 10%" and "Input in top 10%".
	LowLabel, HighLabel string
}

// Tornado returns a tornado chart: for each input a bar from Base to Low
// (blue) and one from Base to High (orange), so the inputs that move the output
// most are on top. The chart grows taller with the number of bars. It copies
// the data.
func Tornado(spec TornadoSpec) (*Chart, error) {
	if len(spec.Bars) == 0 {
		return nil, fmt.Errorf("plots: tornado: no bars")
	}
	names := []string{"base"}
	vals := []float64{spec.Base}
	for i, b := range spec.Bars {
		if b.Name == "" {
			return nil, fmt.Errorf("plots: tornado: bar %d has no name", i)
		}
		names = append(names, fmt.Sprintf("bar %q low", b.Name), fmt.Sprintf("bar %q high", b.Name))
		vals = append(vals, b.Low, b.High)
	}
	if err := validateScalars("tornado", names, vals); err != nil {
		return nil, err
	}
	if err := validate("tornado", column{"values", vals}); err != nil {
		return nil, err
	}
	bars := append([]Bar(nil), spec.Bars...)
	lowLabel, highLabel, baseLabel := spec.LowLabel, spec.HighLabel, spec.BaseLabel
	if lowLabel == "" {
		lowLabel = "Input in bottom 10%"
	}
	if highLabel == "" {
		highLabel = "Input in top 10%"
	}
	if baseLabel == "" {
		baseLabel = "Median"
	}
	n := len(bars)
	base := spec.Base
	lo, hi := base, base
	for _, b := range bars {
		lo, hi = math.Min(lo, math.Min(b.Low, b.High)), math.Max(hi, math.Max(b.Low, b.High))
	}
	if hi == lo {
		hi, lo = lo+1, lo-1
	}
	// Room for the value labels at the bar ends.
	pad := 0.12 * (hi - lo)
	const barH = 0.6 // in units of one bar slot

	ch := newChart(func(dc draw.Canvas) {
		p := theme{noHGrid: true}.newPlot(spec.Title, spec.XLabel, "")
		p.X.Tick.Marker = valueTicks(8, spec.Unit)
		p.X.Min, p.X.Max = lo-pad, hi+pad
		p.Y.Min = -2.1 // 1.5 empty slots below the last bar hold the legend
		p.Y.Padding = 0
		ticks := make([]plot.Tick, n)
		lowR := &rects{fill: oiBlue}
		highR := &rects{fill: oiOrange}
		var ends []pointLabel
		ref := math.Abs(base) // the largest magnitude: every label takes its decimals
		for _, b := range bars {
			ref = max(ref, math.Abs(b.Low), math.Abs(b.High))
		}
		for i, b := range bars {
			y := float64(n - 1 - i)
			ticks[i] = plot.Tick{Value: y, Label: shorten(b.Name, maxBarName)}
			// Draw the longer bar first so that a shorter one on the same
			// side stays visible.
			type seg struct {
				r   *rects
				end float64
			}
			segs := []seg{{lowR, b.Low}, {highR, b.High}}
			if math.Abs(b.High-base) > math.Abs(b.Low-base) {
				segs[0], segs[1] = segs[1], segs[0]
			}
			// Label each end that stands out from the base; when both
			// ends lie on the same side, only the farther one, so that two
			// labels never overwrite each other.
			sameSide := (b.Low-base)*(b.High-base) > 0
			for k, s := range segs {
				s.r.rs = append(s.r.rs, rect{base, s.end, y - barH/2, y + barH/2})
				if s.end == base || (sameSide && k == 1) {
					continue
				}
				ends = append(ends, pointLabel{x: s.end, y: y, label: formatLike(s.end, ref, spec.Unit), color: textColor})
			}
		}
		p.Y.Tick.Marker = plot.ConstantTicks(ticks)
		p.Y.Tick.Length = 0
		p.Y.LineStyle.Width = 0
		p.Add(lowR, highR, &endLabels{pts: ends, base: base, style: textStyle(sansFont, annotSize, textColor, draw.XLeft, draw.YCenter)})
		m := &vmarks{style: textStyle(sansFont, annotSize, markerColor, draw.XCenter, draw.YCenter)}
		m.marks = []vmark{{x: base, label: baseLabel + " = " + formatLike(base, ref, spec.Unit), text: textColor,
			line: draw.LineStyle{Color: textColor, Width: vg.Points(1.2)}}}
		legend := &boxLegend{at: bottomRight, style: textStyle(sansFont, legendSize, textColor, draw.XLeft, draw.YCenter),
			entries: []legendEntry{{lowLabel, lowR}, {highLabel, highR}}}
		p.Add(m, legend)
		// A left margin: long input names are the widest tick labels.
		dc = draw.Crop(dc, vg.Points(8), 0, 0, 0)
		reserveHeadroom(p, dc, m, float64(n)-1+0.5)
		p.Draw(dc)
	})
	ch.Height = max(DefaultHeight, vg.Inch*(1.6+0.42*vg.Length(n)))
	return ch, nil
}

// endLabels writes values just beyond the ends of tornado bars: to the right
// of ends above base, to the left of ends below it.
type endLabels struct {
	pts   []pointLabel
	base  float64
	style text.Style
}

// Plot implements plot.Plotter.
func (e *endLabels) Plot(c draw.Canvas, p *plot.Plot) {
	trX, trY := p.Transforms(&c)
	for _, pt := range e.pts {
		sty := e.style
		x := trX(pt.x)
		if pt.x >= e.base {
			sty.XAlign, x = draw.XLeft, x+4
		} else {
			sty.XAlign, x = draw.XRight, x-4
		}
		c.FillText(sty, vg.Point{X: x, Y: trY(pt.y)}, pt.label)
	}
}

// maxBarName is the most characters of a bar's name a tornado chart
// shows; a longer name (an input's label, say) ends in "…".
const maxBarName = 36

// shorten returns s cut to n runes, the last one an ellipsis.
func shorten(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return strings.TrimRight(string(r[:n-1]), " ,;:") + "…"
}
