package sim

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"reflect"
	"slices"
	"strconv"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
)

// testDist is a self-contained distribution for engine tests, so that sim's
// tests do not depend on the distributions package: uniform on [lo, hi).
type testDist struct{ lo, hi float64 }

func (d testDist) Sample(rng *rand.Rand, dst []float64) {
	for i := range dst {
		dst[i] = d.lo + (d.hi-d.lo)*rng.Float64()
	}
}
func (d testDist) Quantile(p float64) float64 { return d.lo + p*(d.hi-d.lo) }
func (d testDist) CDF(x float64) float64      { return math.Min(1, math.Max(0, (x-d.lo)/(d.hi-d.lo))) }
func (d testDist) Mean() float64              { return (d.lo + d.hi) / 2 }
func (d testDist) String() string             { return "test" }

// builder assembles small models by hand.
type builder struct{ m model.Model }

func newBuilder(periods int) *builder { return &builder{m: model.Model{Periods: periods}} }

func (b *builder) slot(name string, series bool) int {
	b.m.Slots = append(b.m.Slots, model.Slot{Name: name, Series: series})
	return len(b.m.Slots) - 1
}

func (b *builder) konst(v float64) int {
	b.m.Slots = append(b.m.Slots, model.Slot{Const: true, Value: v})
	return len(b.m.Slots) - 1
}

func (b *builder) input(name string, lo, hi float64, perPeriod bool) int {
	s := b.slot(name, perPeriod)
	b.m.Inputs = append(b.m.Inputs, model.Input{Name: name, Dist: testDist{lo, hi}, Slot: s, PerPeriod: perPeriod})
	return s
}

func (b *builder) op(name string, series bool, op model.Op, a, x, c int) int {
	d := b.slot(name, series)
	b.m.Code = append(b.m.Code, model.Instr{Op: op, Dst: d, A: a, B: x, C: c})
	if name != "" {
		b.m.Formulas = append(b.m.Formulas, model.Named{Name: name, Slot: d})
	}
	return d
}

func (b *builder) output(name string, slot int, thresholds ...float64) {
	b.m.Outputs = append(b.m.Outputs, model.Output{Name: name, Label: name, Slot: slot, Thresholds: thresholds})
}

// lossModel: loss = a * b - c, a scalar model with one threshold, plus a
// periodic twin with a per-period input and a cumulative series output.
func lossModel() *model.Model {
	b := newBuilder(1)
	a := b.input("a", 1, 3, false)
	x := b.input("b", 2, 4, false)
	c := b.input("c", 0, 5, false)
	ab := b.op("", false, model.OpMul, a, x, 0)
	loss := b.op("loss", false, model.OpSub, ab, c, 0)
	b.output("loss", loss, 3, 6)
	b.m.Outputs[0].Below = []float64{1, 4}
	return &b.m
}

func periodicModel() *model.Model {
	b := newBuilder(12)
	g := b.input("growth", 0, 0.1, true)
	base := b.input("base", 1, 2, false)
	one := b.konst(1)
	gp := b.op("", true, model.OpAdd, one, g, 0)
	rev := b.op("revenue", true, model.OpMul, base, gp, 0)
	cum := b.op("cum", true, model.OpCumSum, rev, 0, 0)
	total := b.op("total", false, model.OpSum, rev, 0, 0)
	b.output("cum", cum, 10)
	b.output("total", total, 15)
	return &b.m
}

func run(t *testing.T, m *model.Model, trials int64, seed uint64, workers int) *Result {
	t.Helper()
	r, err := Run(context.Background(), m, Config{Trials: trials, Seed: seed, Workers: workers})
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func TestWorkerCountInvariance(t *testing.T) {
	for _, tc := range []struct {
		name   string
		model  *model.Model
		trials int64
	}{
		{"scalar", lossModel(), 50*BlockSize + 17},
		{"periodic", periodicModel(), 20*BlockSize + 3},
		{"less than a block", lossModel(), 100},
	} {
		t.Run(tc.name, func(t *testing.T) {
			want := run(t, tc.model, tc.trials, 7, 1)
			for _, w := range []int{2, 3, 7} {
				got := run(t, tc.model, tc.trials, 7, w)
				if !reflect.DeepEqual(got, want) {
					t.Errorf("%d workers: result differs from 1 worker", w)
				}
			}
			other := run(t, tc.model, tc.trials, 8, 2)
			if reflect.DeepEqual(other, want) {
				t.Error("a different seed gave the same result")
			}
		})
	}
}

func TestCommonRandomNumbers(t *testing.T) {
	base := lossModel()
	edited := lossModel()
	edited.Inputs[2].Dist = testDist{10, 20} // change c only
	r1 := run(t, base, 3*BlockSize, 1, 2)
	r2 := run(t, edited, 3*BlockSize, 1, 3)
	for j := range 2 { // a and b keep their draws
		if !slices.Equal(r1.Sample.Values[j], r2.Sample.Values[j]) {
			t.Errorf("input %s changed when only c was edited", r1.Sample.Names[j])
		}
	}
	if slices.Equal(r1.Sample.Values[2], r2.Sample.Values[2]) {
		t.Error("edited input c kept its draws")
	}
}

func TestStatisticsMatchExactComputation(t *testing.T) {
	const trials = 30*BlockSize + 5
	r := run(t, lossModel(), trials, 3, 2)
	// The sample holds every trial here, so exact statistics can be computed from it.
	if len(r.Sample.Values[0]) != trials {
		t.Fatalf("sample has %d trials, want %d", len(r.Sample.Values[0]), trials)
	}
	loss := r.Sample.Values[3]
	var sum float64
	for _, x := range loss {
		sum += x
	}
	mean := sum / trials
	var m2 float64
	for _, x := range loss {
		m2 += (x - mean) * (x - mean)
	}
	sd := math.Sqrt(m2 / (trials - 1))
	s := r.Outputs[0].Final()
	if s.N != trials || math.Abs(s.Mean-mean) > 1e-12*math.Abs(mean) || math.Abs(s.StdDev-sd) > 1e-10*sd {
		t.Errorf("N, mean, sd = %d, %v, %v; want %d, %v, %v", s.N, s.Mean, s.StdDev, trials, mean, sd)
	}
	for k, th := range []float64{3, 6} {
		var c int
		for _, x := range loss {
			if x > th {
				c++
			}
		}
		if got, want := s.Exceedances[k].Prob, float64(c)/trials; got != want {
			t.Errorf("P(loss > %v) = %v, want exactly %v", th, got, want)
		}
	}
	sorted := slices.Clone(loss)
	slices.Sort(sorted)
	if s.Min != sorted[0] || s.Max != sorted[len(sorted)-1] {
		t.Errorf("min, max = %v, %v; want %v, %v", s.Min, s.Max, sorted[0], sorted[len(sorted)-1])
	}
}

// TestQuantileAccuracy holds histogram percentiles to exact order
// statistics within 1e-4 relative (the engine's accuracy contract), for
// data that is positive, negative and mixed in sign.
func TestQuantileAccuracy(t *testing.T) {
	n := 200_000
	if testing.Short() {
		n = 50_000
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for _, tc := range []struct {
		name string
		draw func() float64
	}{
		{"lognormal", func() float64 { return math.Exp(1.5 + 0.4*rng.NormFloat64()) }},
		{"normal around 4.8", func() float64 { return 4.8 + 0.6*rng.NormFloat64() }},
		{"negative", func() float64 { return -100 - 20*rng.ExpFloat64() }},
		{"both signs", func() float64 { return 3 * rng.NormFloat64() }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs := make([]float64, n)
			h := newHistogram()
			for i := range xs {
				xs[i] = tc.draw()
			}
			h.addBlock(xs)
			s := histStats(h)
			slices.Sort(xs)
			scale := math.Max(math.Abs(xs[0]), math.Abs(xs[n-1]))
			for _, p := range []float64{0.001, 0.01, 0.05, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999} {
				// Hyndman & Fan's definition 7.
				r := p * float64(n-1)
				k := int(r)
				exact := xs[k] + (r-float64(k))*(xs[k+1]-xs[k])
				got := s.Quantile(p).Value
				// Relative to the value, or to the data's scale near zero.
				tol := 1e-4 * math.Max(math.Abs(exact), 1e-3*scale)
				if math.Abs(got-exact) > tol {
					t.Errorf("P%v = %v, exact order statistic %v (rel err %.2g)", p*100, got, exact, math.Abs(got-exact)/math.Abs(exact))
				}
			}
			if got := s.CDF(xs[n/2]); math.Abs(got-0.5) > 1e-3 {
				t.Errorf("CDF(median) = %v", got)
			}
		})
	}
}

func TestTailMeanAndBins(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := make([]float64, 100_000)
	for i := range xs {
		xs[i] = 10 + rng.NormFloat64()
	}
	h := newHistogram()
	h.addBlock(xs)
	s := histStats(h)
	slices.Sort(xs)
	var sum float64
	for _, x := range xs[95_000:] {
		sum += x
	}
	if got, want := s.TailMean(0.95), sum/5000; math.Abs(got-want) > 1e-4*want {
		t.Errorf("TailMean(0.95) = %v, exact %v", got, want)
	}
	edges, counts := s.Bins(4, 16, 24)
	var total float64
	for k, c := range counts {
		total += c
		var exact int
		for _, x := range xs {
			if x >= edges[k] && x < edges[k+1] {
				exact++
			}
		}
		if math.Abs(c-float64(exact)) > 0.01*float64(exact)+2 {
			t.Errorf("bin [%v, %v): %v, exact %d", edges[k], edges[k+1], c, exact)
		}
	}
	if math.Abs(total-100_000) > 1 {
		t.Errorf("bins hold %v values, want all 100000", total)
	}
}

// TestBinsZeros: values of exactly zero sit in a bucket only a few
// subnormals wide; Bins must split it without overflowing (an output that
// is mostly 0, like a rare loss event, drew a bar of +Inf).
func TestBinsZeros(t *testing.T) {
	for _, tc := range []struct {
		name string
		xs   []float64
	}{
		{"zeros and ones", []float64{0, 0, 0, 0, 0, 0, 0, 1, 1, 0}},
		{"rare event", append(make([]float64, 999), 1e6)},
		{"signed zeros", []float64{-0.0, 0, -3, 2, 0}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs := slices.Clone(tc.xs)
			for i, x := range tc.xs { // -0.0 in a literal is +0
				if x == 0 && i%2 == 0 {
					xs[i] = math.Copysign(0, -1)
				}
			}
			h := newHistogram()
			h.addBlock(xs)
			s := histStats(h)
			lo, hi := slices.Min(xs), slices.Max(xs)
			_, counts := s.Bins(lo, hi, 10)
			total := 0.0
			for k, c := range counts {
				if math.IsNaN(c) || math.IsInf(c, 0) || c < 0 {
					t.Fatalf("counts[%d] = %v", k, c)
				}
				total += c
			}
			if math.Abs(total-float64(len(xs))) > 1e-9 {
				t.Errorf("bins hold %v values, want %d", total, len(xs))
			}
		})
	}
}

// TestZeroPointMass: zeros are a point mass, not spread over the bucket
// that holds them: an output that is 0 in 99% of trials has P50 exactly 0
// (it was 1.4e-313, interpolated across that subnormally narrow bucket),
// and CDF(0) counts the zeros, of either sign.
func TestZeroPointMass(t *testing.T) {
	xs := make([]float64, 10_000)
	for i := range xs {
		switch {
		case i%100 == 99:
			xs[i] = float64(i + 1) // 1%: 100, 200, ..., 10000
		case i%2 == 0:
			xs[i] = math.Copysign(0, -1)
		}
	}
	h := newHistogram()
	h.addBlock(xs)
	s := histStats(h)
	for _, p := range []float64{0.01, 0.5, 0.98} {
		if q := s.Quantile(p).Value; q != 0 {
			t.Errorf("Quantile(%v) = %v, want 0", p, q)
		}
	}
	if q := s.Quantile(0.999).Value; !(q >= 100) {
		t.Errorf("Quantile(0.999) = %v, want among the positive values", q)
	}
	if c := s.CDF(0); c != 0.99 {
		t.Errorf("CDF(0) = %v, want 0.99", c)
	}
}

// TestDiscretePercentiles: values at a bucket's bound nearest zero
// (integers, zeros, round prices) are point masses, so a discrete output
// has exact percentiles (P50 of {1, 2, 3} was 2.00016, "± 0.0000004") and
// CDF; values spread in the same bucket still order after (before, for
// negatives) the point mass.
func TestDiscretePercentiles(t *testing.T) {
	for _, tc := range []struct {
		name  string
		vals  []float64 // repeated in turn
		probs map[float64]float64
		cdf   map[float64]float64
	}{
		{"counts", []float64{1, 2, 2, 3, 3}, map[float64]float64{0.1: 1, 0.3: 2, 0.5: 2, 0.9: 3},
			map[float64]float64{1: 0.2, 2: 0.6, 2.5: 0.6, 3: 1}},
		{"negative", []float64{-3, -2, -2, -1, -1}, map[float64]float64{0.1: -3, 0.3: -2, 0.5: -2, 0.9: -1},
			map[float64]float64{-3: 0.2, -2: 0.6, -1.5: 0.6, -1: 1}},
		// 2 and 2.0001 share a bucket: the 2s first, then the spread ones.
		{"bound and spread", []float64{2, 2, 2.0001, 2.0001, 5}, map[float64]float64{0.1: 2, 0.3: 2},
			map[float64]float64{2: 0.4, 2.0003: 0.8}}, // the bucket ends at 2 + 2^-12
		{"negative bound and spread", []float64{-5, -2.0001, -2.0001, -2, -2}, map[float64]float64{0.7: -2, 0.9: -2},
			map[float64]float64{-2.0003: 0.2, math.Nextafter(-2, -3): 0.6, -2: 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			xs := make([]float64, 10_000)
			for i := range xs {
				xs[i] = tc.vals[i%len(tc.vals)]
			}
			h := newHistogram()
			h.addBlock(xs)
			s := histStats(h)
			for p, want := range tc.probs {
				if got := s.Quantile(p).Value; got != want {
					t.Errorf("Quantile(%v) = %v, want %v", p, got, want)
				}
			}
			for x, want := range tc.cdf {
				if got := s.CDF(x); math.Abs(got-want) > 1e-12 {
					t.Errorf("CDF(%v) = %v, want %v", x, got, want)
				}
			}
		})
	}
}

func TestNonFinite(t *testing.T) {
	b := newBuilder(1)
	x := b.input("x", -1, 1, false)
	lg := b.op("logx", false, model.OpLog, x, 0, 0)
	two := b.konst(2)
	y := b.op("y", false, model.OpMul, lg, two, 0)
	b.output("y", y)
	m := &b.m

	var first *NonFiniteError
	for _, w := range []int{1, 2, 5} {
		_, err := Run(context.Background(), m, Config{Trials: 10 * BlockSize, Seed: 1, Workers: w})
		var nf *NonFiniteError
		if !errors.As(err, &nf) {
			t.Fatalf("%d workers: got %v, want a NonFiniteError", w, err)
		}
		if nf.Formula != "logx" || nf.Output != "y" || len(nf.Inputs) != 1 || nf.Inputs[0].Value >= 0 {
			t.Errorf("error names formula %q output %q inputs %v", nf.Formula, nf.Output, nf.Inputs)
		}
		if first == nil {
			first = nf
		} else if nf.Trial != first.Trial {
			t.Errorf("%d workers: first bad trial %d, 1 worker said %d", w, nf.Trial, first.Trial)
		}
	}

	r, err := Run(context.Background(), m, Config{Trials: 10 * BlockSize, Seed: 1, NaN: NaNSkip})
	if err != nil {
		t.Fatal(err)
	}
	s := r.Outputs[0].Final()
	if s.NonFinite == 0 || s.N+s.NonFinite != 10*BlockSize || math.IsNaN(s.Mean) {
		t.Errorf("skip: N=%d NonFinite=%d mean=%v", s.N, s.NonFinite, s.Mean)
	}
	// About half of x is negative.
	if frac := float64(s.NonFinite) / (10 * BlockSize); math.Abs(frac-0.5) > 0.05 {
		t.Errorf("skipped fraction %v, want about 0.5", frac)
	}
}

func TestCancel(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	calls := 0
	cfg := Config{Trials: 1 << 40, Seed: 1, Workers: 2, Progress: func(int64) {
		calls++
		if calls == 3 {
			cancel()
		}
	}}
	_, err := Run(ctx, lossModel(), cfg)
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("got %v, want context.Canceled", err)
	}
}

func TestPeriodic(t *testing.T) {
	r := run(t, periodicModel(), 4*BlockSize, 5, 2)
	cum, total := r.Outputs[0], r.Outputs[1]
	if !cum.Series || len(cum.Periods) != 12 || total.Series || len(total.Periods) != 1 {
		t.Fatalf("shapes: cum series=%v periods=%d, total series=%v periods=%d", cum.Series, len(cum.Periods), total.Series, len(total.Periods))
	}
	// The cumulative sum's last period is the total, trial by trial.
	if a, b := cum.Final().Mean, total.Final().Mean; math.Abs(a-b) > 1e-9*b {
		t.Errorf("mean of cum[12] = %v, mean of total = %v", a, b)
	}
	// E[revenue_t] = 1.5 * 1.05, so E[cum_t] = 1.575 t.
	for p, s := range cum.Periods {
		want := 1.575 * float64(p+1)
		if math.Abs(s.Mean-want) > 4*s.MeanSE+1e-9 {
			t.Errorf("E[cum[%d]] = %v ± %v, want %v", p+1, s.Mean, s.MeanSE, want)
		}
	}
}

func TestEvaluateOps(t *testing.T) {
	b := newBuilder(3)
	x := b.input("x", 0, 1, false)
	y := b.input("y", 0, 1, false)
	s := b.input("s", 0, 1, true)
	one := b.konst(1)
	for _, c := range []struct {
		name    string
		op      model.Op
		a, b, c int
	}{
		{"add", model.OpAdd, x, y, 0}, {"sub", model.OpSub, x, y, 0}, {"mul", model.OpMul, x, y, 0}, {"div", model.OpDiv, x, y, 0},
		{"pow", model.OpPow, x, y, 0}, {"neg", model.OpNeg, x, 0, 0}, {"lt", model.OpLT, x, y, 0}, {"ge", model.OpGE, x, y, 0},
		{"eq", model.OpEQ, x, x, 0}, {"and", model.OpAnd, x, one, 0}, {"not", model.OpNot, x, 0, 0}, {"if", model.OpIf, one, x, y},
		{"min", model.OpMin, x, y, 0}, {"max", model.OpMax, x, y, 0}, {"clamp", model.OpClamp, x, one, y}, {"sqrt", model.OpSqrt, x, 0, 0},
		{"ksub", model.OpSub, one, x, 0}, {"subk", model.OpSub, x, one, 0},
	} {
		b.op(c.name, false, c.op, c.a, c.b, c.c)
	}
	b.op("period", true, model.OpPeriod, 0, 0, 0)
	b.op("cums", true, model.OpCumSum, s, 0, 0)
	b.op("lag1", true, model.OpLag, s, x, 0)
	b.m.Code[len(b.m.Code)-1].K = 1
	b.op("mean", false, model.OpMean, s, 0, 0)
	b.op("bcast", true, model.OpMul, s, x, 0)
	b.output("add", 0)
	got, err := Evaluate(&b.m, map[string][]float64{"x": {9}, "y": {2}, "s": {1, 2, 4}})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string][]float64{
		"add": {11}, "sub": {7}, "mul": {18}, "div": {4.5}, "pow": {81}, "neg": {-9}, "lt": {0}, "ge": {1},
		"eq": {1}, "and": {1}, "not": {0}, "if": {9}, "min": {2}, "max": {9}, "clamp": {2}, "sqrt": {3},
		"ksub": {-8}, "subk": {8},
		"period": {1, 2, 3}, "cums": {1, 3, 7}, "lag1": {9, 1, 2}, "mean": {7.0 / 3}, "bcast": {9, 18, 36},
		"x": {9}, "y": {2}, "s": {1, 2, 4},
	}
	for k, w := range want {
		if !slices.EqualFunc(got[k], w, func(a, b float64) bool { return math.Abs(a-b) <= 1e-15*math.Abs(b) }) {
			t.Errorf("%s = %v, want %v", k, got[k], w)
		}
	}
	if _, err := Evaluate(&b.m, map[string][]float64{"x": {1}}); err == nil {
		t.Error("missing inputs: no error")
	}
}

func TestMalformedModel(t *testing.T) {
	m := lossModel()
	m.Code[0].A = 99
	if _, err := Run(context.Background(), m, Config{Trials: 10}); err == nil {
		t.Error("malformed model ran")
	}
	if _, err := Run(context.Background(), lossModel(), Config{Trials: 0}); err == nil {
		t.Error("zero trials ran")
	}
}

// TestMemoryFlat checks that a run's allocations do not grow with trials.
func TestMemoryFlat(t *testing.T) {
	allocs := func(trials int64) float64 {
		return testing.AllocsPerRun(2, func() {
			if _, err := Run(context.Background(), lossModel(), Config{Trials: trials, Seed: 1, Workers: 2}); err != nil {
				t.Fatal(err)
			}
		})
	}
	small, large := allocs(100*BlockSize), allocs(1000*BlockSize)
	if large > small*1.2+50 {
		t.Errorf("allocations grow with trials: %v for 100 blocks, %v for 1000", small, large)
	}
}

// TestExpectedShortfallError checks the standard error of the expected
// shortfall against the spread of independent estimates.
func TestExpectedShortfallError(t *testing.T) {
	const reps, n = 40, 20_000
	rng := rand.New(rand.NewPCG(9, 9))
	var ests, ses []float64
	for range reps {
		h := newHistogram()
		xs := make([]float64, n)
		for i := range xs {
			xs[i] = rng.NormFloat64()
		}
		h.addBlock(xs)
		s := histStats(h)
		es, se := s.ExpectedShortfall(0.95)
		ests, ses = append(ests, es), append(ses, se)
	}
	var mean, m2, seMean float64
	for i, e := range ests {
		mean += e / reps
		seMean += ses[i] / reps
	}
	for _, e := range ests {
		m2 += (e - mean) * (e - mean)
	}
	spread := math.Sqrt(m2 / (reps - 1))
	// ES of the standard normal's worst 5%: φ(1.6449)/0.05 = 2.0627.
	if math.Abs(mean-2.0627) > 4*spread/math.Sqrt(reps) {
		t.Errorf("mean ES = %v, want 2.0627", mean)
	}
	if r := seMean / spread; r < 0.7 || r > 1.4 {
		t.Errorf("reported SE %v, observed spread %v (ratio %v)", seMean, spread, r)
	}
}

// TestNonFiniteFirstTrialAcrossOutputs: the error names the lowest failing
// trial over all outputs and periods, not the first failure of the first
// output that has one.
func TestNonFiniteFirstTrialAcrossOutputs(t *testing.T) {
	b := newBuilder(1)
	x := b.input("x", 0, 1, false)
	// a is -Inf only where x < 0.001 (rare: first at a late trial); c is NaN
	// where x > 0.5 (first within a few trials). Output a comes first.
	lim := b.konst(0.001)
	half := b.konst(0.5)
	nan := b.konst(math.NaN())
	one := b.konst(1)
	ninf := b.konst(math.Inf(-1))
	ca := b.op("", false, model.OpLT, x, lim, 0)
	a := b.op("a", false, model.OpIf, ca, ninf, one)
	cc := b.op("", false, model.OpGT, x, half, 0)
	c := b.op("c", false, model.OpIf, cc, nan, one)
	b.output("a", a)
	b.output("c", c)
	m := &b.m
	r, err := Run(context.Background(), m, Config{Trials: 4 * BlockSize, Seed: 1, NaN: NaNSkip})
	if err != nil {
		t.Fatal(err)
	}
	// The expected trial: the first whose x < 0.001 or x > 0.5.
	sample := r.Sample.Values[0]
	want := int64(-1)
	for i, v := range sample {
		if v < 0.001 || v > 0.5 {
			want = int64(i)
			break
		}
	}
	_, err = Run(context.Background(), m, Config{Trials: 4 * BlockSize, Seed: 1})
	var nf *NonFiniteError
	if !errors.As(err, &nf) {
		t.Fatalf("got %v, want a NonFiniteError", err)
	}
	if nf.Trial != want || nf.Output != "c" {
		t.Errorf("error names trial %d of %q, want trial %d of \"c\"", nf.Trial, nf.Output, want)
	}
}

func TestExceedanceSE(t *testing.T) {
	for _, tc := range []struct {
		x, n     int64
		lo, hi   float64
		describe string
	}{
		{0, 1_000_000, 1e-6, 2e-6, "no trial above: positive, about sqrt(2)/n"},
		{1_000_000, 1_000_000, 1e-6, 2e-6, "every trial above"},
		{377_850, 1_000_000, 0.999 * math.Sqrt(0.37785*0.62215/1e6), 1.001 * math.Sqrt(0.37785*0.62215/1e6), "body: the plain binomial SE"},
	} {
		if se := exceedanceSE(tc.x, tc.n); se < tc.lo || se > tc.hi {
			t.Errorf("%s: exceedanceSE(%d, %d) = %g, want in [%g, %g]", tc.describe, tc.x, tc.n, se, tc.lo, tc.hi)
		}
	}
}

// histStats summarises a histogram alone (the moments are not set).
func histStats(h *histogram) Stats {
	c := accumulator{n: int64(h.n), hist: h}
	s := c.stats(nil, nil)
	s.Mean, s.StdDev, s.MeanSE = math.NaN(), math.NaN(), math.NaN()
	return s
}

// TestNoFiniteTrial: under NaNSkip, an output that is non-finite in every
// trial is an error naming it, not a table of NaN.
func TestNoFiniteTrial(t *testing.T) {
	b := newBuilder(3)
	x := b.input("x", 1, 2, false)
	zero := b.konst(0)
	per := b.op("per", true, model.OpPeriod, 0, 0, 0)
	two := b.konst(2)
	ge := b.op("late", true, model.OpGE, per, two, 0)
	d := b.op("ratio", true, model.OpDiv, x, zero, 0) // +Inf in every trial and period
	y := b.op("y", true, model.OpIf, ge, d, x)        // finite in period 1 only
	b.output("y", y)
	_, err := Run(context.Background(), &b.m, Config{Trials: 3000, Seed: 1, NaN: NaNSkip})
	var nf *NoFiniteError
	if !errors.As(err, &nf) || nf.Output != "y[2]" || nf.Trials != 3000 {
		t.Fatalf("got %v, want a NoFiniteError for y[2]", err)
	}
}

// TestConstantOutputIsExact: a constant output's statistics are exact
// (its mean once printed 4.19999999999992).
func TestConstantOutputIsExact(t *testing.T) {
	for _, v := range []float64{4.2, 0.1, -1e9 / 3, 1e-7} {
		b := newBuilder(1)
		b.input("x", 0, 1, false)
		c := b.konst(v)
		y := b.op("y", false, model.OpCopy, c, 0, 0)
		b.output("y", y)
		r := run(t, &b.m, 10*BlockSize+7, 1, 2)
		s := r.Outputs[0].Final()
		if s.Mean != v || s.StdDev != 0 || s.Min != v || s.Max != v {
			t.Errorf("constant %v: mean %v sd %v min %v max %v", v, s.Mean, s.StdDev, s.Min, s.Max)
		}
		for _, p := range []float64{0.01, 0.5, 0.99} {
			if q := s.Quantile(p); q.Value != v || q.SE != 0 {
				t.Errorf("constant %v: P%v = %v ± %v", v, 100*p, q.Value, q.SE)
			}
		}
	}
}

// sumModel: total = x0 + x1 + ... of n uniform inputs.
func sumModel(n int) *model.Model {
	b := newBuilder(1)
	sum := b.input("x0", 0, 1, false)
	for i := 1; i < n; i++ {
		sum = b.op("", false, model.OpAdd, sum, b.input("x"+strconv.Itoa(i), 0, 1, false), 0)
	}
	b.output("total", sum)
	return &b.m
}

// TestSampleBoundedByBytes checks that a model with many inputs keeps fewer
// trials in its sample, so that the sample's memory stays near SampleBytes,
// and the same number whatever the worker count.
func TestSampleBoundedByBytes(t *testing.T) {
	for _, tc := range []struct {
		inputs int
		trials int64
		keep   int
	}{
		{3, SampleSize + 5, SampleSize},
		{126, SampleSize + 5, SampleSize},            // 127 columns fit
		{1000, SampleSize, SampleBytes / (8 * 1001)}, // 8,380 trials
		{10000, 3 * BlockSize, BlockSize},            // never fewer than a block
	} {
		if testing.Short() && tc.inputs > 1000 {
			continue // seconds under the race detector
		}
		m := sumModel(tc.inputs)
		for _, workers := range []int{1, 3} {
			r := run(t, m, tc.trials, 1, workers)
			if got := len(r.Sample.Values[0]); got != tc.keep {
				t.Errorf("%d inputs, %d workers: sample keeps %d trials, want %d", tc.inputs, workers, got, tc.keep)
			}
			if c := cap(r.Sample.Values[0]); c != tc.keep {
				t.Errorf("%d inputs: sample column capacity %d, want %d", tc.inputs, c, tc.keep)
			}
		}
	}
}

// TestWideModelRoundTrip: the aggregate of a model whose sample is bounded
// by bytes reads back as written (its sample size follows from its columns).
func TestWideModelRoundTrip(t *testing.T) {
	a, err := RunAggregate(context.Background(), sumModel(200), Config{Trials: SampleSize, Seed: 4, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	if got, want := roundTrip(t, a).Result(), a.Result(); !reflect.DeepEqual(got, want) {
		t.Errorf("read back: sample of %d trials, want %d", len(got.Sample.Values[0]), len(want.Sample.Values[0]))
	}
}

// TestBinary: an output is an event when its values are 0 and 1 only,
// both present.
func TestBinary(t *testing.T) {
	for _, tc := range []struct {
		name string
		lo   float64 // the output is input > lo, for a uniform input on [0, 1]
		op   model.Op
		want bool
	}{
		{"an event", 0.3, model.OpGT, true},
		{"never", 2, model.OpGT, false},
		{"always", -1, model.OpGT, false},
		{"a value", 0.3, model.OpAdd, false},
	} {
		b := newBuilder(1)
		a := b.input("a", 0, 1, false)
		out := b.op("out", false, tc.op, a, b.konst(tc.lo), 0)
		b.output("out", out)
		res := run(t, &b.m, 5000, 1, 2)
		if got := res.Outputs[0].Final().Binary(); got != tc.want {
			t.Errorf("%s: Binary() = %v", tc.name, got)
		}
	}
	if (&Stats{N: 10}).Binary() {
		t.Error("a Stats without its histogram is binary")
	}
}

// TestBelow counts P(X < t) exactly, against a count over every trial,
// and Under agrees for a level that is not declared.
func TestBelow(t *testing.T) {
	m := lossModel()
	var vals []float64
	sink := SinkFunc(func(b *Block) error { vals = append(vals, b.Outputs[0][0][:b.N]...); return nil })
	res, err := Run(context.Background(), m, Config{Trials: 20_000, Seed: 4, Workers: 3, Sinks: []Sink{sink}})
	if err != nil {
		t.Fatal(err)
	}
	s := res.Outputs[0].Final()
	for k, lvl := range []float64{1, 4} {
		n := 0
		for _, x := range vals {
			if x < lvl {
				n++
			}
		}
		if e := s.Below[k]; e.Threshold != lvl || e.Prob != float64(n)/float64(len(vals)) || !(e.SE > 0) {
			t.Errorf("below %v: %+v, want %d of %d", lvl, e, n, len(vals))
		}
		if u := s.Under(lvl); u != s.Below[k] {
			t.Errorf("Under(%v) = %+v, Below %+v", lvl, u, s.Below[k])
		}
	}
	if u := s.Under(2.5); math.Abs(u.Prob-s.CDF(2.5)) > 1e-3 {
		t.Errorf("Under(2.5) = %v, CDF %v", u.Prob, s.CDF(2.5))
	}
}
