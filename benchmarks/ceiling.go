package benchmarks

import (
	"math"
	"math/rand/v2"
	"sync"

	"gonum.org/v1/gonum/stat/distuv"
)

// z95 is the standard normal 95th percentile, Φ⁻¹(0.95).
const z95 = 1.6448536269514722

// lognormal90 returns the (mu, sigma) of the lognormal whose 5th and 95th
// percentiles are lo and hi: what "lo to hi" means in a scenario.
func lognormal90(lo, hi float64) (mu, sigma float64) {
	return (math.Log(lo) + math.Log(hi)) / 2, (math.Log(hi) - math.Log(lo)) / (2 * z95)
}

// FusedReference runs the reference model (reference.yaml) as one
// hand-written loop per worker, with every input sampled inline, and returns
// the mean loss. It is the throughput ceiling the engine is measured
// against: no interpretation, no columns, no aggregation beyond a sum.
// Worker w draws from its own PCG stream seeded by (seed, w).
func FusedReference(trials int64, workers int, seed uint64) float64 {
	revMu, revSigma := lognormal90(3.5, 4.5)
	hoursMu, hoursSigma := lognormal90(2.8, 3.4)
	upMu, upSigma := lognormal90(0.05, 0.30)
	trainMu, trainSigma := lognormal90(2.5, 3.5)
	// triangular(1.2, 1.3, 1.6) by its inverse CDF.
	const tMin, tMode, tMax = 1.2, 1.3, 1.6
	tCut := (tMode - tMin) / (tMax - tMin)

	return fused(trials, workers, seed, func(rng *rand.Rand, n int64) (sum float64) {
		for range n {
			revenue := math.Exp(revMu + revSigma*rng.NormFloat64())
			u := rng.Float64()
			var price float64
			if u < tCut {
				price = tMin + math.Sqrt(u*(tMax-tMin)*(tMode-tMin))
			} else {
				price = tMax - math.Sqrt((1-u)*(tMax-tMin)*(tMax-tMode))
			}
			hours := math.Exp(hoursMu + hoursSigma*rng.NormFloat64())
			launch := 0.0
			if rng.Float64() < 0.7 {
				launch = 1
			}
			uplift := math.Exp(upMu + upSigma*rng.NormFloat64())
			months := 2 + 2*rng.Float64()
			training := math.Exp(trainMu + trainSigma*rng.NormFloat64())
			headcount := 1500 + 100*rng.NormFloat64()
			costPerHead := 0.001 + 0.0001*rng.NormFloat64()
			inference := price * hours * (1 + launch*uplift*months/12)
			sum += inference + training + headcount*costPerHead - revenue
		}
		return sum
	})
}

// fused runs loop on each of workers goroutines, worker w with its own PCG
// stream seeded by (seed, w) and its share of the trials, and returns the
// mean of what the loops summed.
func fused(trials int64, workers int, seed uint64, loop func(rng *rand.Rand, n int64) float64) float64 {
	sums := make([]float64, workers)
	var wg sync.WaitGroup
	for w := range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			n := trials / int64(workers)
			if int64(w) < trials%int64(workers) {
				n++
			}
			sums[w] = loop(rand.New(rand.NewPCG(seed, uint64(w))), n)
		}()
	}
	wg.Wait()
	var total float64
	for _, s := range sums {
		total += s
	}
	return total / float64(trials)
}

// FusedDefault runs the default scenario, openai-2024 (12 months), as one
// hand-written loop per worker: every input sampled inline with the same
// distributions (PERT through gonum's Beta, as the engine does), the monthly
// formulas evaluated trial by trial, and only the annual loss summed. It is
// the ceiling BenchmarkDefaultRatio measures the engine against.
func FusedDefault(trials int64, workers int, seed uint64) float64 {
	revMu, revSigma := lognormal90(3.5, 4.5)
	h1Mu, h1Sigma := lognormal90(1.3, 1.6)
	upMu, upSigma := lognormal90(0.05, 0.30)
	trainMu, trainSigma := lognormal90(2.7, 3.3)
	cphMu, cphSigma := lognormal90(0.9, 1.1)
	pert := func(lo, mode, hi float64) (a, b, w float64) {
		return 1 + 4*(mode-lo)/(hi-lo), 1 + 4*(hi-mode)/(hi-lo), hi - lo
	}
	rentA, rentB, rentW := pert(3.5, 3.9, 4.0)
	priceA, priceB, priceW := pert(1.15, 1.30, 1.55)
	// discrete(9: 10%, 10: 20%, 11: 20%, 12: 25%, 13: 25%) by its CDF.
	launchCDF := [...]float64{0.1, 0.3, 0.5, 0.75, 1}

	return fused(trials, workers, seed, func(rng *rand.Rand, n int64) (sum float64) {
		rent := distuv.Beta{Alpha: rentA, Beta: rentB, Src: rng}
		price := distuv.Beta{Alpha: priceA, Beta: priceB, Src: rng}
		for range n {
			revenue := math.Exp(revMu + revSigma*rng.NormFloat64())
			h1 := math.Exp(h1Mu + h1Sigma*rng.NormFloat64())
			msRent := 3.5 + rentW*rent.Rand()
			a100Price := 1.15 + priceW*price.Rand()
			u := rng.Float64()
			launch := 9.0
			for _, c := range launchCDF {
				if u < c {
					break
				}
				launch++
			}
			uplift := math.Exp(upMu + upSigma*rng.NormFloat64())
			training := math.Exp(trainMu + trainSigma*rng.NormFloat64())
			headcount := 1500 + 75*rng.NormFloat64()
			hiring := 0.01 + 0.03*rng.Float64()
			costPerHead := math.Exp(cphMu + cphSigma*rng.NormFloat64())
			hours := msRent / 1.30
			var cumulative float64
			for period := 1.0; period <= 12; period++ {
				live := 0.0
				if period >= launch {
					live = 1
				}
				inference := hours / 12 * a100Price * (1 + live*uplift)
				staff := headcount / 1000 * math.Pow(1+hiring, period-7) * costPerHead / 12
				monthlyRevenue := (revenue - h1) / 6
				if period <= 6 {
					monthlyRevenue = h1 / 6
				}
				cumulative += inference + training/12 + staff - monthlyRevenue
			}
			sum += cumulative // the annual loss
		}
		return sum
	})
}
