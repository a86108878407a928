package sim

import (
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/DataDog/sketches-go/ddsketch"
)

// The engine's quantile store was chosen by measurement: the exact-count
// log-bucketed histogram against DataDog's DDSketch, a relative-error
// sketch, at its usual 1% setting and at a setting as fine as ours.
//
//	go test ./sim -run '^$' -bench Aggregate
//
// reports ns per value and the largest relative quantile error against exact
// order statistics (P1..P99) as "max-rel-err".

func aggregateData() ([]float64, []float64) {
	rng := rand.New(rand.NewPCG(5, 6))
	xs := make([]float64, 1<<20)
	for i := range xs {
		xs[i] = 4.8 + 0.6*rng.NormFloat64() // shaped like the reference loss
	}
	sorted := slices.Clone(xs)
	slices.Sort(sorted)
	return xs, sorted
}

func maxRelErr(sorted []float64, q func(p float64) float64) float64 {
	worst := 0.0
	n := len(sorted)
	for _, p := range []float64{0.01, 0.05, 0.10, 0.25, 0.50, 0.75, 0.90, 0.95, 0.99} {
		r := p * float64(n-1)
		k := int(r)
		exact := sorted[k] + (r-float64(k))*(sorted[k+1]-sorted[k])
		worst = math.Max(worst, math.Abs(q(p)-exact)/math.Abs(exact))
	}
	return worst
}

func BenchmarkAggregate(b *testing.B) {
	xs, sorted := aggregateData()
	b.Run("histogram", func(b *testing.B) {
		var s Stats
		for b.Loop() {
			h := newHistogram()
			for i := 0; i < len(xs); i += BlockSize {
				h.addBlock(xs[i : i+BlockSize])
			}
			s = histStats(h)
		}
		b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/value")
		b.ReportMetric(maxRelErr(sorted, func(p float64) float64 { return s.Quantile(p).Value }), "max-rel-err")
	})
	for _, acc := range []float64{0.01, 1e-4} {
		b.Run("ddsketch-"+map[float64]string{0.01: "1%", 1e-4: "0.01%"}[acc], func(b *testing.B) {
			var sk *ddsketch.DDSketch
			for b.Loop() {
				var err error
				sk, err = ddsketch.NewDefaultDDSketch(acc)
				if err != nil {
					b.Fatal(err)
				}
				for _, x := range xs {
					if err := sk.Add(x); err != nil {
						b.Fatal(err)
					}
				}
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(xs)), "ns/value")
			b.ReportMetric(maxRelErr(sorted, func(p float64) float64 {
				v, _ := sk.GetValueAtQuantile(p)
				return v
			}), "max-rel-err")
		})
	}
}
