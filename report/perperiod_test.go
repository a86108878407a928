package report_test

import (
	"context"
	"math"
	"testing"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// TestDriversPerPeriod: a per-period input enters the drivers by its mean
// over the periods. The annual total of a monthly draw x depends on x only
// through that mean, so x's rank correlation with the total is 1 (and with
// its first month alone it would be about 1/sqrt(12)); a scalar input that
// adds a little noise ranks below it.
func TestDriversPerPeriod(t *testing.T) {
	src := `name: monthly
periods: 12
inputs:
  x: { dist: "normal(10, 1)", per_period: true }
  z: "normal(0, 0.1)"
formulas:
  total: sum(x)
  noisy: sum(x) + z
outputs: [total, noisy]
`
	s, err := scenario.Parse("monthly.yaml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	res, err := sim.Run(context.Background(), s.Model, sim.Config{Trials: 4096, Seed: 9, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	smp := &res.Sample
	if len(smp.PeriodMeans) != 2 || smp.PeriodMeans[0] == nil || smp.PeriodMeans[1] != nil {
		t.Fatalf("PeriodMeans: %d columns, want one for x only", len(smp.PeriodMeans))
	}
	// The mean over the periods times 12 is the total, to rounding.
	for i, m := range smp.PeriodMeans[0] {
		if tot := smp.Values[2][i]; math.Abs(12*m-tot) > 1e-12*math.Abs(tot) {
			t.Fatalf("trial %d: 12 × mean of x = %v, total = %v", i, 12*m, tot)
		}
	}
	ds, err := analysis.Drivers(smp, "total")
	if err != nil {
		t.Fatal(err)
	}
	if ds[0].Input != "x" || ds[0].Spearman != 1 {
		t.Errorf("drivers of total: %+v, want x first with Spearman 1", ds)
	}
	ds, err = analysis.Drivers(smp, "noisy")
	if err != nil {
		t.Fatal(err)
	}
	// sd of sum(x) is sqrt(12) ≈ 3.5 against z's 0.1: x explains nearly all.
	if ds[0].Input != "x" || ds[0].Spearman < 0.99 || math.Abs(ds[1].Spearman) > 0.1 {
		t.Errorf("drivers of noisy: %+v, want x with Spearman > 0.99, then z below 0.1", ds)
	}
}
