package plots

import (
	"fmt"
	"math"
	"strconv"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// SharesSpec describes a bar chart of the shares of trials in a few
// categories: "no" and "yes" for an event.
type SharesSpec struct {
	Title  string
	XLabel string // what the categories are, e.g. "Cash runs out before month 18"
	// Labels name the categories; Shares are their shares of the trials
	// (each in [0, 1]) and SE the standard errors of the shares (or nil).
	Labels     []string
	Shares, SE []float64
}

// Shares returns a bar chart with one bar per category, each labelled with
// its share of the trials (and its error), on a 0–100% axis: the figure of
// an event output, whose histogram would hide the trials at 0.
func Shares(spec SharesSpec) (*Chart, error) {
	n := len(spec.Labels)
	if n == 0 {
		return nil, fmt.Errorf("plots: shares: no categories")
	}
	if len(spec.Shares) != n || spec.SE != nil && len(spec.SE) != n {
		return nil, fmt.Errorf("plots: shares: %d labels, %d shares and %d errors; want one of each per category", n, len(spec.Shares), len(spec.SE))
	}
	if err := validate("shares", column{"shares", spec.Shares}); err != nil {
		return nil, err
	}
	for i, s := range spec.Shares {
		if s < 0 || s > 1 {
			return nil, fmt.Errorf("plots: shares: share %d is %v, outside [0, 1]", i, s)
		}
	}
	labels := append([]string(nil), spec.Labels...)
	shares := append([]float64(nil), spec.Shares...)
	var ses []float64
	if spec.SE != nil {
		ses = append(ses, spec.SE...)
	}
	top := 0.0
	for _, x := range shares {
		top = math.Max(top, x)
	}
	return newChart(func(dc draw.Canvas) {
		p := theme{}.newPlot(spec.Title, spec.XLabel, "Share of trials")
		p.Y.Min, p.Y.Max = 0, 1.12 // room for the labels above a bar at 100%
		if n > 2 {
			p.Y.Max = math.Min(1.12, top*1.2+0.02) // many bars: the axis fits the tallest
		}
		p.Y.Tick.Marker = percentTicks{}
		p.X.Min, p.X.Max = -0.6, float64(n)-0.4
		bars := &rects{fill: oiBlue}
		// Past a dozen bars, every k-th is named (and the last), and only
		// the tallest and the last carry their share: labels would overlap.
		k := (n + 11) / 12
		tallest := 0
		for i, x := range shares {
			if x > shares[tallest] {
				tallest = i
			}
		}
		var ticks []plot.Tick
		var xys plotter.XYs
		var texts []string
		for i, x := range shares {
			pos := float64(i)
			bars.rs = append(bars.rs, rect{pos - 0.3, pos + 0.3, 0, x})
			if i%k == 0 || i == n-1 {
				ticks = append(ticks, plot.Tick{Value: pos, Label: labels[i]})
			}
			if n > 12 && i != tallest && i != n-1 {
				continue
			}
			t := percentLabel(x, 0, 0)
			if ses != nil {
				t = percentLabel(x, ses[i], 0) + " ± " + percentLabel(ses[i], ses[i], 1)
			}
			xys = append(xys, plotter.XY{X: pos, Y: x})
			texts = append(texts, t)
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Tick.Length = 0
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			panic(err) // one label per point
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i] = textStyle(sansFont, annotSize, textColor, draw.XCenter, draw.YBottom)
			lab.Offset = vg.Point{Y: vg.Points(6)}
		}
		p.Add(bars, lab)
		p.Draw(dc)
	}), nil
}

// percentTicks ticks a share axis at round percentages, 4 to 8 of them
// (every 25% of a full axis, every 5% of one that ends near 25%).
type percentTicks struct{}

// Ticks implements plot.Ticker.
func (percentTicks) Ticks(min, max float64) []plot.Tick {
	step := 0.25
	for _, s := range []float64{0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1, 0.25} {
		if (math.Min(max, 1)-math.Max(min, 0))/s <= 8 {
			step = s
			break
		}
	}
	var ticks []plot.Tick
	for i := 0; float64(i)*step <= math.Min(max, 1)+1e-9; i++ {
		v := float64(i) * step
		if v >= min-1e-9 {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.FormatFloat(math.Round(1e4*v)/100, 'f', -1, 64) + "%"})
		}
	}
	return ticks
}

// percentLabel writes a share as a percentage rounded at the leading digit
// of its error se, plus extra digits (1 writes an error to two
// significant digits); one decimal without an error; at most 4.
func percentLabel(x, se float64, extra int) string {
	dec := 1
	if se > 0 {
		dec = min(4, max(0, -int(math.Floor(math.Log10(100*se))))+extra)
	}
	return strconv.FormatFloat(100*x, 'f', dec, 64) + "%"
}
