// Package plots draws the charts of a montecarlo report with gonum.org/v1/plot:
// histograms with percentile markers and shaded tails, exceedance curves,
// tornado charts of drivers, fan charts of series and small multiples of the
// inputs.
//
// Charts take plain data (slices of float64, names and units) and know nothing
// of the engine. Every entry point validates its data first with one helper:
// empty, NaN or infinite data, mismatched lengths and data that cannot be drawn
// (for example decreasing bin edges or probabilities outside [0, 1]) return an
// error naming the chart, the series and the index; no chart panics on bad data.
//
// A chart is a *Chart value, written as PNG (1600x1000 pixels at the default
// size), SVG or PDF with Chart.Write or Chart.Save. PNG goes through the
// package's own encoder (png.go), several times faster than image/png on
// charts, and may be written from several goroutines at once. Charts use the
// colour-blind-safe Okabe–Ito palette, sans-serif fonts sized for print, a
// light grid and thin lines.
package plots
