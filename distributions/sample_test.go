package distributions

import (
	"math"
	"math/rand/v2"
	"testing"
)

// hotFamilies are the distributions the engine samples most; each gets a
// zero-allocation test and a benchmark.
func hotFamilies() []struct {
	name string
	d    Distribution
} {
	return []struct {
		name string
		d    Distribution
	}{
		{"Normal", mustD(NewNormal(0, 1))},
		{"LogNormal", mustD(NewLogNormal(0, 1))},
		{"Range", mustD(NewRange(3.5, 4.5))},
		{"Uniform", mustD(NewUniform(0, 1))},
		{"Triangular", mustD(NewTriangular(0, 0.3, 1))},
		{"PERT", mustD(NewPERT(0, 0.3, 1))},
		{"Beta", mustD(NewBeta(2, 5))},
		{"Gamma", mustD(NewGamma(2, 1))},
		{"Exponential", mustD(NewExponential(1))},
		{"Weibull", mustD(NewWeibull(1.5, 1))},
		{"StudentT", mustD(NewStudentT(3, 0, 1))},
		{"Pareto", mustD(NewPareto(1, 3))},
		{"Poisson", mustD(NewPoisson(3))},
		{"PoissonLarge", mustD(NewPoisson(100))},
		{"Binomial", mustD(NewBinomial(100, 0.3))},
		{"NegBinomial", mustD(NewNegativeBinomial(2, 0.4))},
		{"NegBinomialSmallR", mustD(NewNegativeBinomial(0.1, 0.01))},
		{"Bernoulli", mustD(NewBernoulli(0.3))},
		{"Discrete", mustD(NewDiscrete([]float64{1, 2, 3, 4}, []float64{0.1, 0.2, 0.3, 0.4}))},
		{"Constant", Constant(1)},
		{"Mixture", mustD(NewMixture([]Distribution{mustD(NewNormal(0, 1)), mustD(NewRange(1, 2))}, []float64{0.3, 0.7}))},
		{"Truncated", mustD(NewTruncated(mustD(NewNormal(0, 1)), 0, math.Inf(1)))},
	}
}

// TestSampleAllocs requires Sample to allocate nothing.
func TestSampleAllocs(t *testing.T) {
	rng := rand.New(rand.NewPCG(*seed, 300))
	dst := make([]float64, 256)
	for _, h := range hotFamilies() {
		if a := testing.AllocsPerRun(20, func() { h.d.Sample(rng, dst) }); a != 0 {
			t.Errorf("%s.Sample allocates %v times per call", h.d, a)
		}
	}
}

// TestSampleReproducible: the same seed gives bit-identical draws, and
// filling one buffer equals filling it in two pieces.
func TestSampleReproducible(t *testing.T) {
	for i, h := range hotFamilies() {
		a := make([]float64, 100)
		b := make([]float64, 100)
		h.d.Sample(rand.New(rand.NewPCG(*seed, uint64(i))), a)
		rng := rand.New(rand.NewPCG(*seed, uint64(i)))
		h.d.Sample(rng, b[:37])
		h.d.Sample(rng, b[37:])
		for j := range a {
			if math.Float64bits(a[j]) != math.Float64bits(b[j]) {
				t.Errorf("%s: draw %d differs: %v vs %v", h.d, j, a[j], b[j])
				break
			}
		}
	}
}

// BenchmarkSample reports the cost per draw of each hot family, sampling
// blocks of 1024 as the engine does.
func BenchmarkSample(b *testing.B) {
	for _, h := range hotFamilies() {
		b.Run(h.name, func(b *testing.B) {
			rng := rand.New(rand.NewPCG(1, 2))
			dst := make([]float64, 1024)
			for b.Loop() {
				h.d.Sample(rng, dst)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dst)), "ns/draw")
		})
	}
}

// TestConcurrentSample shares every distribution between goroutines that own
// their generators (run with -race).
func TestConcurrentSample(t *testing.T) {
	hot := hotFamilies()
	done := make(chan []float64)
	for w := range 2 {
		go func() {
			rng := rand.New(rand.NewPCG(*seed, 400+uint64(w)))
			dst := make([]float64, 64)
			for _, h := range hot {
				h.d.Sample(rng, dst)
			}
			done <- dst
		}()
	}
	<-done
	<-done
}

// TestSamplePCG holds every PCGSampler to its promise: SamplePCG(pcg, dst)
// fills dst with Sample(rand.New(pcg), dst)'s values, bit for bit, and
// leaves pcg where Sample leaves it, over 200,000 draws in blocks of
// assorted lengths (the normals' rare ziggurat paths included: a block of
// 1024 holds about 16 of them).
func TestSamplePCG(t *testing.T) {
	cases := []struct {
		name string
		d    Distribution
	}{
		{"TriangularModeAtMin", mustD(NewTriangular(0, 0, 1))},
		{"TriangularModeAtMax", mustD(NewTriangular(0, 1, 1))},
		{"BernoulliZero", mustD(NewBernoulli(0))},
		{"BernoulliOne", mustD(NewBernoulli(1))},
		{"NormalWide", mustD(NewNormal(-1e300, 1e299))},
	}
	cases = append(cases, hotFamilies()...)
	lengths := []int{1, 3, 1024, 777}
	fast := 0
	for i, c := range cases {
		f, ok := c.d.(PCGSampler)
		if !ok {
			continue
		}
		fast++
		a, b := rand.NewPCG(*seed, 500+uint64(i)), rand.NewPCG(*seed, 500+uint64(i))
		rng := rand.New(a)
		want, got := make([]float64, 1024), make([]float64, 1024)
		for n, k := 0, 0; n < 200_000; k++ {
			m := lengths[k%len(lengths)]
			c.d.Sample(rng, want[:m])
			f.SamplePCG(b, got[:m])
			for j := range m {
				if math.Float64bits(got[j]) != math.Float64bits(want[j]) {
					t.Fatalf("%s: draw %d: SamplePCG %v, Sample %v", c.name, n+j, got[j], want[j])
				}
			}
			if *a != *b {
				t.Fatalf("%s: block %d: generators part ways", c.name, k)
			}
			n += m
		}
	}
	// Normal, LogNormal, Range, Uniform, Triangular, Bernoulli and the extra cases.
	if want := 6 + len(cases) - len(hotFamilies()); fast != want {
		t.Errorf("%d distributions implement PCGSampler, want %d", fast, want)
	}
}

// TestSamplePCGAllocs requires SamplePCG to allocate nothing.
func TestSamplePCGAllocs(t *testing.T) {
	pcg := rand.NewPCG(*seed, 301)
	dst := make([]float64, 256)
	for _, h := range hotFamilies() {
		if f, ok := h.d.(PCGSampler); ok {
			if a := testing.AllocsPerRun(20, func() { f.SamplePCG(pcg, dst) }); a != 0 {
				t.Errorf("%s.SamplePCG allocates %v times per call", h.d, a)
			}
		}
	}
}

// BenchmarkSamplePCG is BenchmarkSample for the families with SamplePCG.
func BenchmarkSamplePCG(b *testing.B) {
	for _, h := range hotFamilies() {
		f, ok := h.d.(PCGSampler)
		if !ok {
			continue
		}
		b.Run(h.name, func(b *testing.B) {
			pcg := rand.NewPCG(1, 2)
			dst := make([]float64, 1024)
			for b.Loop() {
				f.SamplePCG(pcg, dst)
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*len(dst)), "ns/draw")
		})
	}
}
