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
	return newChart(func(dc draw.Canvas) {
		p := theme{}.newPlot(spec.Title, spec.XLabel, "Share of trials")
		p.Y.Min, p.Y.Max = 0, 1.12 // room for the labels above a bar at 100%
		p.Y.Tick.Marker = percentTicks{}
		p.X.Min, p.X.Max = -0.6, float64(n)-0.4
		bars := &rects{fill: oiBlue}
		ticks := make([]plot.Tick, n)
		var xys plotter.XYs
		var texts []string
		for i, s := range shares {
			x := float64(i)
			bars.rs = append(bars.rs, rect{x - 0.3, x + 0.3, 0, s})
			ticks[i] = plot.Tick{Value: x, Label: labels[i]}
			t := percentLabel(s, 0, 0)
			if ses != nil {
				t = percentLabel(s, ses[i], 0) + " ± " + percentLabel(ses[i], ses[i], 1)
			}
			xys = append(xys, plotter.XY{X: x, Y: s})
			texts = append(texts, t)
		}
		p.X.Tick.Marker = plot.ConstantTicks(ticks)
		p.X.Tick.Length = 0
		lab, err := plotter.NewLabels(plotter.XYLabels{XYs: xys, Labels: texts})
		if err != nil {
			panic(err) // one label per bar
		}
		for i := range lab.TextStyle {
			lab.TextStyle[i] = textStyle(sansFont, annotSize, textColor, draw.XCenter, draw.YBottom)
			lab.Offset = vg.Point{Y: vg.Points(6)}
		}
		p.Add(bars, lab)
		p.Draw(dc)
	}), nil
}

// percentTicks ticks a [0, 1] axis every 25%, labelled as percentages.
type percentTicks struct{}

// Ticks implements plot.Ticker.
func (percentTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for v := 0.0; v <= math.Min(max, 1)+1e-9; v += 0.25 {
		if v >= min-1e-9 {
			ticks = append(ticks, plot.Tick{Value: v, Label: strconv.Itoa(int(math.Round(v*100))) + "%"})
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
