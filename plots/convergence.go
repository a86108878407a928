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

// ConvergenceSpec describes a convergence chart: a running estimate
// against the number of trials, with its error band.
type ConvergenceSpec struct {
	Title  string
	YLabel string // the estimate with its unit
	// Unit is the estimate's unit as a scenario writes it ("USD
	// billions"): tick labels print in it ("$4.5B").
	Unit string
	// Trials are the x positions, strictly increasing and positive; Value
	// and SE the estimate and its standard error after that many trials.
	Trials, Value, SE []float64
}

// Convergence returns a convergence chart: the running estimate as a line
// over a logarithmic trials axis, its 95% band (±1.96 standard errors)
// around it, and the final estimate as a dashed line. It copies the data.
func Convergence(spec ConvergenceSpec) (*Chart, error) {
	cols := []column{{"trials", spec.Trials}, {"value", spec.Value}, {"SE", spec.SE}}
	if err := validate("convergence", cols...); err != nil {
		return nil, err
	}
	n := len(spec.Trials)
	if len(spec.Value) != n || len(spec.SE) != n {
		return nil, fmt.Errorf("plots: convergence: %d trial counts, %d values and %d errors; want one of each per point", n, len(spec.Value), len(spec.SE))
	}
	if n < 2 {
		return nil, fmt.Errorf("plots: convergence: %d points; want at least 2", n)
	}
	if err := increasing("convergence", "trials", spec.Trials, true); err != nil {
		return nil, err
	}
	if spec.Trials[0] <= 0 {
		return nil, fmt.Errorf("plots: convergence: trials start at %v; want positive counts (the axis is logarithmic)", spec.Trials[0])
	}
	for i, se := range spec.SE {
		if se < 0 {
			return nil, fmt.Errorf("plots: convergence: point %d has a negative standard error %v", i, se)
		}
	}
	x := append([]float64(nil), spec.Trials...)
	v := append([]float64(nil), spec.Value...)
	se := append([]float64(nil), spec.SE...)
	final := v[n-1]
	band := make(plotter.XYs, 0, 2*n)
	for i := range n {
		band = append(band, plotter.XY{X: x[i], Y: v[i] + 1.96*se[i]})
	}
	for i := n - 1; i >= 0; i-- {
		band = append(band, plotter.XY{X: x[i], Y: v[i] - 1.96*se[i]})
	}
	ymax := math.Inf(-1)
	for _, p := range band {
		ymax = math.Max(ymax, p.Y)
	}
	return newChart(func(dc draw.Canvas) {
		p := theme{}.newPlot(spec.Title, "Trials (logarithmic scale)", spec.YLabel)
		p.X.Scale = plot.LogScale{}
		p.X.Tick.Marker = trialTicks{}
		p.Y.Tick.Marker = valueTicks(6, spec.Unit)
		poly, err := plotter.NewPolygon(band)
		if err != nil {
			panic(err) // validated above
		}
		poly.Color, poly.LineStyle.Width = withAlpha(oiSkyBlue, 0.4), 0
		pts := make(plotter.XYs, n)
		for i := range n {
			pts[i] = plotter.XY{X: x[i], Y: v[i]}
		}
		line, err := plotter.NewLine(pts)
		if err != nil {
			panic(err)
		}
		line.LineStyle = draw.LineStyle{Color: oiBlue, Width: vg.Points(2.2)}
		end, err := plotter.NewLine(plotter.XYs{{X: x[0], Y: final}, {X: x[n-1], Y: final}})
		if err != nil {
			panic(err)
		}
		end.LineStyle = draw.LineStyle{Color: markerColor, Width: vg.Points(1), Dashes: []vg.Length{vg.Points(5), vg.Points(3)}}
		legend := &boxLegend{at: topRight, style: textStyle(sansFont, legendSize, textColor, draw.XLeft, draw.YCenter),
			entries: []legendEntry{{"Running estimate", line}, {"95% band (±1.96 SE)", poly}, {"Final estimate", end}}}
		p.Add(poly, end, line, legend)
		reserveTop(p, dc, legend.height(), ymax)
		p.Draw(dc)
	}), nil
}

// trialTicks ticks a logarithmic trials axis at powers of ten, labelled
// 1K, 10K, 1M, ...
type trialTicks struct{}

// Ticks implements plot.Ticker.
func (trialTicks) Ticks(min, max float64) []plot.Tick {
	var ticks []plot.Tick
	for e := math.Floor(math.Log10(min)); e <= math.Ceil(math.Log10(max)); e++ {
		v := math.Pow(10, e)
		if v < min*0.999 || v > max*1.001 {
			continue
		}
		ticks = append(ticks, plot.Tick{Value: v, Label: trialLabel(v)})
	}
	if len(ticks) < 2 { // a range within one decade: its ends
		ticks = []plot.Tick{{Value: min, Label: trialLabel(min)}, {Value: max, Label: trialLabel(max)}}
	}
	return ticks
}

// trialLabel writes a count as 1K, 10K, 1M, 1B.
func trialLabel(v float64) string {
	for _, u := range []struct {
		d float64
		s string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}} {
		if v >= u.d {
			return strconv.FormatFloat(v/u.d, 'g', 3, 64) + u.s
		}
	}
	return strconv.FormatFloat(v, 'g', 3, 64)
}
