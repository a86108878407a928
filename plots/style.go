package plots

import (
	"image/color"
	"math"
	"strconv"
	"strings"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/text"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// The Okabe–Ito palette, safe for the common forms of colour blindness:
// M. Okabe and K. Ito, "Color Universal Design (CUD): How to make figures and
// presentations that are friendly to colorblind people" (2002, revised 2008),
// https://jfly.uni-koeln.de/color/ (RGB values from its Figure 16).
var (
	oiBlack         = color.RGBA{0x00, 0x00, 0x00, 0xff}
	oiOrange        = color.RGBA{0xE6, 0x9F, 0x00, 0xff}
	oiSkyBlue       = color.RGBA{0x56, 0xB4, 0xE9, 0xff}
	oiBluishGreen   = color.RGBA{0x00, 0x9E, 0x73, 0xff}
	oiYellow        = color.RGBA{0xF0, 0xE4, 0x42, 0xff}
	oiBlue          = color.RGBA{0x00, 0x72, 0xB2, 0xff}
	oiVermillion    = color.RGBA{0xD5, 0x5E, 0x00, 0xff}
	oiReddishPurple = color.RGBA{0xCC, 0x79, 0xA7, 0xff}
	seriesPalette   = []color.RGBA{oiBlue, oiOrange, oiBluishGreen, oiReddishPurple, oiSkyBlue, oiVermillion, oiBlack, oiYellow}
	textColor       = color.RGBA{0x22, 0x22, 0x22, 0xff}
	axisColor       = color.RGBA{0x55, 0x55, 0x55, 0xff}
	gridColor       = color.RGBA{0xE3, 0xE3, 0xE3, 0xff}
	markerColor     = color.RGBA{0x33, 0x33, 0x33, 0xff}
	labelBackColor  = color.RGBA{0xe6, 0xe6, 0xe6, 0xe6} // white at 90% opacity (premultiplied)
)

// SeriesColor returns the colour of the i-th series of an overlay chart:
// the Okabe–Ito colours in a fixed order, repeating after eight series.
func SeriesColor(i int) color.Color { return seriesPalette[i%len(seriesPalette)] }

// withAlpha returns c with opacity a in [0, 1] (premultiplied, as image/color requires).
func withAlpha(c color.RGBA, a float64) color.RGBA {
	m := func(v uint8) uint8 { return uint8(math.Round(float64(v) * a)) }
	return color.RGBA{m(c.R), m(c.G), m(c.B), uint8(math.Round(255 * a))}
}

// Font sizes in points. At the default 8 x 5 inch chart and 200 DPI a point is
// 2.78 pixels, so tick labels are about 30 px high in the 1600 px wide PNG, and
// about 9 pt when the chart is printed 6.5 inches wide in a memo.
const (
	titleSize  = 15
	labelSize  = 12.5
	tickSize   = 11
	annotSize  = 10.5
	legendSize = 11
)

// Titles use the regular weight: vgpdf of gonum plot v0.17.0 registers a
// bold face without its style and then fails to find it ("undefined font:
// liberationsans-bold B"), so a bold title would make PDF output fail.
var (
	sansFont  = font.Font{Typeface: "Liberation", Variant: "Sans"}
	titleFont = sansFont
)

func textStyle(f font.Font, size vg.Length, c color.Color, xa draw.XAlignment, ya draw.YAlignment) text.Style {
	return text.Style{Color: c, Font: font.From(f, size), XAlign: xa, YAlign: ya, Handler: plot.DefaultTextHandler}
}

// theme is the package's print style: scale multiplies every font size (for
// small multiples) and noHGrid leaves out horizontal grid lines (for charts
// with a nominal y axis).
type theme struct {
	scale   float64
	noHGrid bool
}

// newPlot returns a plot with the package's print style: sans-serif text,
// thin grey axes, outward ticks chosen by niceTicks and a light grid.
func (th theme) newPlot(title, xlabel, ylabel string) *plot.Plot {
	s := th.scale
	if s == 0 {
		s = 1
	}
	sz := func(pt float64) vg.Length { return vg.Length(pt * s) }
	p := plot.New()
	p.BackgroundColor = nil // Chart.Write paints the background once
	p.Title.Text = title
	p.Title.TextStyle = textStyle(titleFont, sz(titleSize), textColor, draw.XCenter, draw.YTop)
	p.Title.Padding = sz(10)
	for _, a := range []*plot.Axis{&p.X, &p.Y} {
		a.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
		a.Tick.LineStyle = draw.LineStyle{Color: axisColor, Width: vg.Points(0.8)}
		a.Tick.Length = sz(4)
		a.Label.TextStyle = textStyle(sansFont, sz(labelSize), textColor, draw.XCenter, draw.YBottom)
		a.Label.Padding = sz(6)
		a.Padding = sz(4)
	}
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Tick.Label = textStyle(sansFont, sz(tickSize), textColor, draw.XCenter, draw.YTop)
	p.Y.Tick.Label = textStyle(sansFont, sz(tickSize), textColor, draw.XRight, draw.YCenter)
	p.X.Tick.Marker = niceTicks{n: 8}
	p.Y.Tick.Marker = niceTicks{n: 6}
	p.Legend.TextStyle = textStyle(sansFont, sz(legendSize), textColor, draw.XLeft, draw.YCenter)
	p.Legend.ThumbnailWidth = sz(22)
	p.Legend.Padding = sz(3)
	p.Legend.Top = true
	g := plotter.NewGrid()
	g.Vertical = draw.LineStyle{Color: gridColor, Width: vg.Points(0.6)}
	g.Horizontal = g.Vertical
	if th.noHGrid {
		g.Horizontal.Color = nil
	}
	p.Add(g)
	return p
}

// niceTicks places about n major ticks at "nice" multiples (1, 2 or 5 times a
// power of ten) after P. S. Heckbert, "Nice numbers for graph labels",
// Graphics Gems (1990), with labels at the precision of the step. Suffix is
// appended to every label (e.g. "%"); scale multiplies the labelled value.
type niceTicks struct {
	n      int
	suffix string
	scale  float64
	unit   *numfmt.Unit // if set, labels are numfmt.Ticks in this unit ("$0.5B")
}

// valueTicks ticks an axis of values in unit (as a scenario writes it:
// "USD billions"), labelled as numfmt.Ticks labels them.
func valueTicks(n int, unit string) niceTicks {
	u := numfmt.ParseUnit(unit)
	return niceTicks{n: n, unit: &u}
}

// Ticks implements plot.Ticker.
func (t niceTicks) Ticks(lo, hi float64) []plot.Tick {
	if !(hi > lo) || math.IsInf(lo, 0) || math.IsInf(hi, 0) {
		return []plot.Tick{{Value: lo, Label: t.format(lo, 0)}}
	}
	step := niceStep((hi - lo) / float64(max(t.n-1, 1)))
	prec := max(0, -int(math.Floor(math.Log10(step)+1e-9)))
	var ticks []plot.Tick
	for k := math.Ceil(lo/step - 1e-9); k*step <= hi+step*1e-9; k++ {
		v := k * step
		if math.Abs(v) < step*1e-9 {
			v = 0
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: t.format(v, prec)})
	}
	if t.unit != nil {
		values := make([]float64, len(ticks))
		for i, tk := range ticks {
			values[i] = tk.Value
		}
		for i, l := range numfmt.Ticks(values, step, *t.unit) {
			ticks[i].Label = l
		}
	}
	return ticks
}

func (t niceTicks) format(v float64, prec int) string {
	if t.scale != 0 {
		v *= t.scale
	}
	return strconv.FormatFloat(v, 'f', prec, 64) + t.suffix
}

// niceStep rounds x > 0 to the nearest 1, 2 or 5 times a power of ten, as
// Heckbert's nicenum(x, round=true) does (Graphics Gems, 1990).
func niceStep(x float64) float64 {
	e := math.Pow10(int(math.Floor(math.Log10(x))))
	f := x / e
	switch {
	case f < 1.5:
		return e
	case f < 3:
		return 2 * e
	case f < 7:
		return 5 * e
	}
	return 10 * e
}

// logPercentTicks labels an axis of base-10 logarithms of probabilities:
// major ticks at the integers, labelled as percentages (100%, 10%, 1%, 0.1%),
// and unlabelled minor ticks at log10(m·10^k) for m = 2..9.
type logPercentTicks struct{}

// Ticks implements plot.Ticker.
func (logPercentTicks) Ticks(lo, hi float64) []plot.Tick {
	return logTicks(lo, hi, func(m int, x float64) string {
		if m != 1 {
			return ""
		}
		return formatPercent(x)
	})
}

// logValueTicks labels an axis of base-10 logarithms of values in a unit:
// major ticks at the integers labelled as the values they stand for ("$1M",
// "$10M", "$100M"), and at 2 and 5 times them when the axis spans less than
// two decades; unlabelled minor ticks at the other multiples 2..9.
type logValueTicks struct{ unit numfmt.Unit }

// Ticks implements plot.Ticker.
func (t logValueTicks) Ticks(lo, hi float64) []plot.Tick {
	few := hi-lo < 2
	bare := numfmt.Unit{Symbol: t.unit.Symbol, Scale: t.unit.Scale} // the name and "per" belong in the axis title
	return logTicks(lo, hi, func(m int, x float64) string {
		if m != 1 && !(few && (m == 2 || m == 5)) {
			return ""
		}
		return numfmt.Amount(x, bare)
	})
}

// logTicks places ticks on an axis of base-10 logarithms from lo to hi at
// log10(m·10^e) for m = 1..9, labelled label(m, m·10^e) ("" for none).
func logTicks(lo, hi float64, label func(m int, x float64) string) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(lo + 1e-9); e <= hi+1e-9; e++ {
		for m := 1; m < 10; m++ {
			v := e + math.Log10(float64(m))
			if v < lo-1e-9 || v > hi+1e-9 {
				continue
			}
			ticks = append(ticks, plot.Tick{Value: v, Label: label(m, float64(m)*math.Pow10(int(e)))})
		}
	}
	return ticks
}

// formatPercent formats a probability as a percentage with two significant
// figures below 10% and whole percents above ("38%", "4.2%", "0.15%").
func formatPercent(p float64) string {
	pc := 100 * p
	var s string
	switch {
	case pc == 0:
		return "0%"
	case pc >= 9.95:
		s = strconv.FormatFloat(pc, 'f', 0, 64)
	case pc >= 0.995:
		s = strconv.FormatFloat(pc, 'f', 1, 64)
	case pc >= 0.0995:
		s = strconv.FormatFloat(pc, 'f', 2, 64)
	default:
		s = strconv.FormatFloat(pc, 'g', 2, 64)
	}
	if strings.Contains(s, ".") && !strings.Contains(s, "e") {
		s = strings.TrimRight(strings.TrimRight(s, "0"), ".")
	}
	return s + "%"
}

// formatValue formats a data value in unit for a figure label, with three
// significant figures and the scale folded in ("$4.12B", "12.3", "150K").
func formatValue(v float64, unit string) string {
	return numfmt.Prose(v, 0, numfmt.ParseUnit(unit))
}

// formatLike formats v in unit as formatValue formats ref, the largest
// magnitude on the chart, rounded at the same position, so that the labels
// of one chart line up: $4.80B beside $4.87B, not $4.8B.
func formatLike(v, ref float64, unit string) string {
	se := 0.0
	if ref != 0 && !math.IsInf(ref, 0) && !math.IsNaN(ref) {
		se = math.Pow10(int(math.Floor(math.Log10(math.Abs(ref)))) - 2)
	}
	return numfmt.Prose(v, se, numfmt.ParseUnit(unit))
}
