package plots

import (
	"fmt"
	"image/color"
	"math"

	"gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg/draw"
)

// HeatmapSpec describes a heatmap of a statistic over a grid of two
// inputs: a sweep's mean or P(> t) at each point.
type HeatmapSpec struct {
	Title          string
	XLabel, YLabel string   // the two inputs
	XValues        []string // the columns' values, left to right
	YValues        []string // the rows' values, top to bottom
	// Z[r][c] is the statistic at row r and column c; Text[r][c] is what
	// its cell says ("4.47", "8.5%").
	Z    [][]float64
	Text [][]string
}

// Heatmap returns a heatmap: one cell per grid point, shaded from white
// (the least value) to blue (the greatest), each labelled with its value.
// It copies the data.
func Heatmap(spec HeatmapSpec) (*Chart, error) {
	nr, nc := len(spec.YValues), len(spec.XValues)
	if nr == 0 || nc == 0 {
		return nil, fmt.Errorf("plots: heatmap: %d rows and %d columns; want at least one of each", nr, nc)
	}
	if len(spec.Z) != nr || len(spec.Text) != nr {
		return nil, fmt.Errorf("plots: heatmap: %d rows of values and %d of text for %d row values", len(spec.Z), len(spec.Text), nr)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for r := range nr {
		if len(spec.Z[r]) != nc || len(spec.Text[r]) != nc {
			return nil, fmt.Errorf("plots: heatmap: row %d has %d values and %d texts, want %d", r, len(spec.Z[r]), len(spec.Text[r]), nc)
		}
		for c, z := range spec.Z[r] {
			if math.IsNaN(z) || math.IsInf(z, 0) {
				return nil, fmt.Errorf("plots: heatmap: value (%d, %d) is %v", r, c, z)
			}
			lo, hi = math.Min(lo, z), math.Max(hi, z)
		}
	}
	z := make([][]float64, nr)
	text := make([][]string, nr)
	for r := range nr {
		z[r], text[r] = append([]float64(nil), spec.Z[r]...), append([]string(nil), spec.Text[r]...)
	}
	xv, yv := append([]string(nil), spec.XValues...), append([]string(nil), spec.YValues...)
	shade := func(v float64) (fill, ink color.Color) {
		t := 0.0
		if hi > lo {
			t = (v - lo) / (hi - lo)
		}
		mix := func(a, b uint8) uint8 { return uint8(math.Round(float64(a) + t*(float64(b)-float64(a)))) }
		fill = color.RGBA{mix(0xff, oiBlue.R), mix(0xff, oiBlue.G), mix(0xff, oiBlue.B), 0xff}
		ink = textColor
		if t > 0.55 {
			ink = color.White
		}
		return fill, ink
	}
	return newChart(func(dc draw.Canvas) {
		p := theme{noHGrid: true}.newPlot(spec.Title, spec.XLabel, spec.YLabel)
		p.X.Min, p.X.Max = -0.5, float64(nc)-0.5
		p.Y.Min, p.Y.Max = -0.5, float64(nr)-0.5
		var xt, yt []plot.Tick
		for c, v := range xv {
			xt = append(xt, plot.Tick{Value: float64(c), Label: v})
		}
		for r, v := range yv {
			yt = append(yt, plot.Tick{Value: float64(nr - 1 - r), Label: v}) // the first row on top
		}
		p.X.Tick.Marker, p.Y.Tick.Marker = plot.ConstantTicks(xt), plot.ConstantTicks(yt)
		p.X.Tick.Length, p.Y.Tick.Length = 0, 0
		for r := range nr {
			for c := range nc {
				fill, ink := shade(z[r][c])
				y := float64(nr - 1 - r)
				cellR := &rects{fill: fill, line: draw.LineStyle{Color: color.White, Width: 2}}
				cellR.rs = []rect{{float64(c) - 0.5, float64(c) + 0.5, y - 0.5, y + 0.5}}
				lab, err := plotter.NewLabels(plotter.XYLabels{XYs: plotter.XYs{{X: float64(c), Y: y}}, Labels: []string{text[r][c]}})
				if err != nil {
					panic(err) // one label
				}
				lab.TextStyle[0] = textStyle(sansFont, annotSize, ink, draw.XCenter, draw.YCenter)
				p.Add(cellR, lab)
			}
		}
		p.Draw(dc)
	}), nil
}
