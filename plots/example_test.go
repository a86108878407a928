package plots_test

import (
	"fmt"
	"log"
	"os"
	"path/filepath"

	"github.com/montecarlo-risk/montecarlo/plots"
)

func ExampleBin() {
	edges, counts, err := plots.Bin([]float64{1, 2, 2, 3, 3, 3, 4, 4, 5}, 4)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(edges, counts)
	// Output: [1 2 3 4 5] [1 2 3 3]
}

func ExampleHistogram() {
	edges := []float64{3, 3.5, 4, 4.5, 5, 5.5, 6, 6.5, 7}
	counts := []float64{40, 210, 380, 330, 220, 120, 60, 30} // e.g. from sim.Stats.Bins
	ch, err := plots.Histogram(plots.HistogramSpec{
		Title:      "2024 operating loss",
		XLabel:     "Operating loss (USD billions)",
		Series:     []plots.Series{{X: edges, Y: counts}},
		Markers:    []plots.Marker{{Label: "P5", Value: 3.7}, {Label: "P50", Value: 4.5}, {Label: "P95", Value: 6.1}},
		Thresholds: []plots.Threshold{{Value: 5, Probs: []float64{0.31}}}, // exact P(> 5) from the engine
	})
	if err != nil {
		log.Fatal(err)
	}
	dir, err := os.MkdirTemp("", "plots")
	if err != nil {
		log.Fatal(err)
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"loss.png", "loss.svg", "loss.pdf"} {
		if err := ch.Save(filepath.Join(dir, name)); err != nil {
			log.Fatal(err)
		}
	}
	fmt.Println("saved")
	// Output: saved
}

func ExampleExceedance() {
	ch, err := plots.Exceedance(plots.ExceedanceSpec{
		Title:      "Chance the 2024 loss exceeds x",
		XLabel:     "Operating loss (USD billions)",
		Series:     []plots.Series{{Name: "Base case", X: []float64{3, 4, 5, 6, 7}, Y: []float64{1, 0.8, 0.31, 0.08, 0.01}}},
		Thresholds: []plots.Threshold{{Value: 6}},
		LogY:       true,
	})
	if err != nil {
		log.Fatal(err)
	}
	if err := ch.Write(os.Stdout, "gif"); err != nil {
		fmt.Println(err)
	}
	// Output: plots: unknown format "gif" (want png, svg or pdf)
}

func ExampleTornado() {
	_, err := plots.Tornado(plots.TornadoSpec{
		Title:  "What drives the 2024 loss",
		XLabel: "Median operating loss (USD billions)",
		Base:   4.7,
		Bars:   []plots.Bar{{Name: "Revenue", Low: 5.3, High: 4.1}, {Name: "Compute cost", Low: 3.9, High: 5.6}},
	})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleFan() {
	_, err := plots.Fan(plots.FanSpec{
		Title: "Projected operating loss", XLabel: "Year", YLabel: "Operating loss (USD billions)",
		Periods: []float64{2024, 2025, 2026},
		P5:      []float64{4, 5, 6}, P25: []float64{4.5, 6, 7.5}, P50: []float64{5, 6.5, 8.5},
		P75: []float64{5.5, 7.2, 9.8}, P95: []float64{6.2, 8.4, 12},
	})
	fmt.Println(err)
	// Output: <nil>
}

func ExampleGrid() {
	var panels []plots.Panel
	for _, in := range []struct {
		name string
		xs   []float64
	}{{"Revenue", []float64{3.5, 3.7, 3.9, 4.0, 4.2}}, {"Compute cost", []float64{4, 5, 5, 6, 7}}} {
		edges, counts, err := plots.Bin(in.xs, 4)
		if err != nil {
			log.Fatal(err)
		}
		panels = append(panels, plots.Panel{Name: in.name, Unit: "USD billions", Edges: edges, Counts: counts})
	}
	ch, err := plots.Grid(plots.GridSpec{Title: "Inputs as assumed", Panels: panels})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("%.0f x %.0f px at %d DPI\n", ch.Width.Dots(float64(ch.DPI)), ch.Height.Dots(float64(ch.DPI)), ch.DPI)
	// Output: 1600 x 520 px at 200 DPI
}

func ExampleHistogram_invalid() {
	_, err := plots.Histogram(plots.HistogramSpec{Series: []plots.Series{{X: []float64{0, 1, 2}, Y: []float64{3, nan()}}}})
	fmt.Println(err)
	// Output: plots: histogram: counts[1] is NaN; every value must be finite
}

func nan() float64 { var z float64; return z / z }

func ExampleConvergence() {
	_, err := plots.Convergence(plots.ConvergenceSpec{
		Title: "Operating loss: convergence of the mean", YLabel: "Mean operating loss (USD billions)",
		Trials: []float64{1024, 4096, 16384, 65536},
		Value:  []float64{4.46, 4.472, 4.468, 4.469},
		SE:     []float64{0.0128, 0.0064, 0.0032, 0.0016},
	})
	fmt.Println(err)
	// Output: <nil>
}
