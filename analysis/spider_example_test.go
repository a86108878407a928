package analysis_test

import (
	"fmt"
	"log"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// ExampleSpider computes the spider curve of y = 2a + b against its top
// driver, a: the median of y over each decile of a, with its 95% interval;
// the true medians are 2p + ½ = 0.6, 0.8, 1.0 at P5, P15, P25.
func ExampleSpider() {
	const n = 1000
	a, b, y := make([]float64, n), make([]float64, n), make([]float64, n)
	for i := range n {
		// Two independent-looking uniform grids on (0, 1).
		a[i] = (float64(i*7%n) + 0.5) / n
		b[i] = (float64(i*389%n) + 0.5) / n
		y[i] = 2*a[i] + b[i]
	}
	s := &sim.Sample{Names: []string{"a", "b", "y"}, Inputs: 2, Values: [][]float64{a, b, y}}
	ds, err := analysis.Drivers(s, "y")
	if err != nil {
		log.Fatal(err)
	}
	r, err := analysis.Spider(s, "y", []string{ds[0].Input}, 0)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Printf("median of y over all %d trials: %.2f\n", r.Trials, r.Median)
	l := r.Lines[0]
	for _, band := range l.Bands[:3] {
		fmt.Printf("%s at P%v (%.3f): median y %.2f, 95%% interval %.2f to %.2f (%d trials)\n",
			l.Input, band.Percentile, band.Input, band.Median, band.Lo, band.Hi, band.N)
	}
	// Output:
	// median of y over all 1000 trials: 1.50
	// a at P5 (0.050): median y 0.59, 95% interval 0.48 to 0.69 (100 trials)
	// a at P15 (0.149): median y 0.81, 95% interval 0.71 to 0.91 (100 trials)
	// a at P25 (0.249): median y 1.00, 95% interval 0.90 to 1.09 (100 trials)
}
