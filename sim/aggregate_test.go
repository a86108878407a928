package sim

import (
	"context"
	"errors"
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// splits returns k contiguous block ranges covering [0, blocks), cut at
// random points.
// roundTrip returns a as read back from its binary form.
func roundTrip(t *testing.T, a *Aggregate) *Aggregate {
	t.Helper()
	data, err := a.MarshalBinary()
	if err != nil {
		t.Fatal(err)
	}
	var back Aggregate
	if err := back.UnmarshalBinary(data); err != nil {
		t.Fatalf("read back: %v", err)
	}
	return &back
}

func splits(rng *rand.Rand, blocks int64, k int) []BlockRange {
	cuts := []int64{0, blocks}
	for len(cuts) < k+1 {
		c := 1 + rng.Int64N(blocks-1)
		if !slices.Contains(cuts, c) {
			cuts = append(cuts, c)
		}
	}
	slices.Sort(cuts)
	var rs []BlockRange
	for i := range k {
		rs = append(rs, BlockRange{cuts[i], cuts[i+1]})
	}
	return rs
}

// TestSplitMergeBitIdentical splits a run into 1, 2, 3 and 7 contiguous
// block ranges, runs each on its own (with its own worker count), saves and
// restores each aggregate, merges them in shuffled orders, and checks the
// result against one run, bit for bit: every statistic, the sample and the
// serialised aggregate.
func TestSplitMergeBitIdentical(t *testing.T) {
	ctx := context.Background()
	rng := rand.New(rand.NewPCG(1, 2))
	lhs := func(m *model.Model) sampling.Sampler { return sampling.NewLatinHypercube(m) }
	sobol := func(m *model.Model) sampling.Sampler {
		s, err := sampling.NewSobolReplicated(m, 4*BlockSize)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	for _, tc := range []struct {
		name    string
		model   *model.Model
		trials  int64
		sampler func(*model.Model) sampling.Sampler // nil: IID
	}{
		{"scalar", lossModel(), 90*BlockSize + 17, nil},
		{"periodic", periodicModel(), 40*BlockSize + 3, nil},
		{"many periods (coarse histograms)", manyPeriodsModel(260), 6*BlockSize + 5, nil},
		{"scalar, Latin hypercube (replicate groups)", lossModel(), 90*BlockSize + 17, lhs},
		{"periodic, Sobol (replicate groups)", periodicModel(), 40*BlockSize + 3, sobol},
	} {
		cfg := Config{Trials: tc.trials, Seed: 11, Workers: 2}
		if tc.sampler != nil {
			cfg.Sampler = tc.sampler(tc.model)
		}
		whole, err := RunAggregate(ctx, tc.model, cfg)
		if err != nil {
			t.Fatal(err)
		}
		want := whole.Result()
		wantBytes, _ := whole.MarshalBinary()
		for _, k := range []int{1, 2, 3, 7} {
			if testing.Short() && k == 2 {
				continue
			}
			var parts []*Aggregate
			for i, r := range splits(rng, Blocks(tc.trials), k) {
				c := cfg
				c.Blocks, c.Workers = r, 1+i%3
				a, err := RunAggregate(ctx, tc.model, c)
				if err != nil {
					t.Fatal(err)
				}
				parts = append(parts, roundTrip(t, a))
			}
			// Merged as encoded, into an empty aggregate of the run: the
			// same bits as decoding each part and merging it.
			streamed, err := NewAggregate(tc.model, cfg)
			if err != nil {
				t.Fatal(err)
			}
			for _, p := range parts {
				data, _ := p.MarshalBinary()
				if err := streamed.MergeBinary(data); err != nil {
					t.Fatalf("%s, %d parts: MergeBinary: %v", tc.name, k, err)
				}
			}
			if !reflect.DeepEqual(streamed.Result(), want) {
				t.Errorf("%s, %d parts: merged as encoded, the result differs from one run", tc.name, k)
			}
			if b, _ := streamed.MarshalBinary(); !slices.Equal(b, wantBytes) {
				t.Errorf("%s, %d parts: merged as encoded, the aggregate encodes differently", tc.name, k)
			}
			for order := range 3 {
				rng.Shuffle(len(parts), func(i, j int) { parts[i], parts[j] = parts[j], parts[i] })
				// Merge as a tree of partials of partials: fold pairs.
				level := slices.Clone(parts)
				for len(level) > 1 {
					var next []*Aggregate
					for i := 0; i < len(level); i += 2 {
						if i+1 == len(level) {
							next = append(next, level[i])
							continue
						}
						m, err := NewAggregate(tc.model, cfg)
						if err != nil {
							t.Fatal(err)
						}
						for _, p := range level[i : i+2] {
							if err := m.Merge(p); err != nil {
								t.Fatal(err)
							}
						}
						next = append(next, m)
					}
					level = next
				}
				got := level[0]
				if !got.Complete() {
					t.Fatalf("%s, %d parts: merged aggregate covers %v", tc.name, k, got.Ranges())
				}
				if !reflect.DeepEqual(got.Result(), want) {
					t.Errorf("%s, %d parts, order %d: merged result differs from one run", tc.name, k, order)
				}
				if b, _ := got.MarshalBinary(); !slices.Equal(b, wantBytes) {
					t.Errorf("%s, %d parts, order %d: merged aggregate encodes differently", tc.name, k, order)
				}
			}
		}
	}
}

func TestMergeRefusesMismatches(t *testing.T) {
	ctx := context.Background()
	m := lossModel()
	cfg := Config{Trials: 10 * BlockSize, Seed: 3}
	part := func(c Config, lo, hi int64) *Aggregate {
		c.Blocks = BlockRange{lo, hi}
		a, err := RunAggregate(ctx, m, c)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	other := cfg
	other.Seed = 4
	bigger := cfg
	bigger.Trials *= 2
	for _, tc := range []struct {
		name string
		a, b *Aggregate
		want string
	}{
		{"overlap", part(cfg, 0, 5), part(cfg, 4, 10), "twice"},
		{"duplicate", part(cfg, 0, 5), part(cfg, 0, 5), "twice"},
		{"seed", part(cfg, 0, 5), part(other, 5, 10), "seeds"},
		{"trials", part(cfg, 0, 5), part(bigger, 5, 10), "trials"},
		{"model", part(cfg, 0, 5), func() *Aggregate {
			a, _ := RunAggregate(ctx, periodicModel(), Config{Trials: cfg.Trials, Seed: 3, Blocks: BlockRange{5, 10}})
			return a
		}(), "different models"},
	} {
		data, _ := tc.b.MarshalBinary()
		if err := roundTrip(t, tc.a).MergeBinary(data); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: MergeBinary = %v, want an error with %q", tc.name, err, tc.want)
		}
		if err := tc.a.Merge(tc.b); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: Merge = %v, want an error with %q", tc.name, err, tc.want)
		}
	}
	a := part(cfg, 0, 5)
	data, _ := part(cfg, 5, 10).MarshalBinary()
	data[len(data)/2] ^= 1
	if err := a.MergeBinary(data); err == nil || !strings.Contains(err.Error(), "checksum") {
		t.Errorf("MergeBinary of corrupt data = %v", err)
	}
}

// TestExactSum checks the superaccumulator against exact rational sums,
// over values of every magnitude (subnormals included), in shuffled orders
// and split into merged parts.
func TestExactSum(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	xs := []float64{math.SmallestNonzeroFloat64, -math.SmallestNonzeroFloat64 * 3, math.MaxFloat64, -math.MaxFloat64 / 2,
		1e-310, 1, -1, 0.1, 1e300, -1e300, math.Copysign(0, -1)}
	for range 2000 {
		xs = append(xs, math.Ldexp(rng.NormFloat64(), rng.IntN(2000)-1000))
	}
	exact := new(big.Rat)
	for _, x := range xs {
		exact.Add(exact, new(big.Rat).SetFloat64(x))
	}
	want, _ := new(big.Float).SetPrec(53).SetRat(new(big.Rat).Quo(exact, big.NewRat(3, 1))).Float64()
	for trial := range 5 {
		rng.Shuffle(len(xs), func(i, j int) { xs[i], xs[j] = xs[j], xs[i] })
		var a, b exactSum
		cut := len(xs) * trial / 5
		for _, x := range xs[:cut] {
			a.add(x)
		}
		for _, x := range xs[cut:] {
			b.add(x)
		}
		a.carry() // also exercises carrying mid-way
		a.merge(&b)
		if got := a.quo(3); got != want {
			t.Errorf("order %d: sum/3 = %v, want %v", trial, got, want)
		}
	}
	var s exactSum
	s.add(math.Inf(1))
	s.add(1)
	if v := s.quo(1); !math.IsInf(v, 1) {
		t.Errorf("sum with +Inf = %v", v)
	}
	s.add(math.Inf(-1))
	if v := s.quo(1); !math.IsNaN(v) {
		t.Errorf("sum with +Inf and -Inf = %v", v)
	}
}

// TestMomentsAccuracy: the mean and standard deviation from the exact sums
// match a high-precision computation, also far from zero where the spread
// is tiny next to the location.
func TestMomentsAccuracy(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, loc := range []float64{0, 1e6, -1e9, 1e12} {
		var c accumulator
		c.hist = newHistogram()
		xs := make([]float64, 5*BlockSize+300)
		for i := range xs {
			xs[i] = loc + 10*rng.NormFloat64()
		}
		for i := 0; i < len(xs); i += BlockSize {
			blk := xs[i:min(i+BlockSize, len(xs))]
			c.n += int64(len(blk))
			c.addMoments(blk, nil)
		}
		mean, sd := c.moments()
		prec := uint(400)
		sum := new(big.Float).SetPrec(prec)
		for _, x := range xs {
			sum.Add(sum, big.NewFloat(x))
		}
		mu := new(big.Float).SetPrec(prec).Quo(sum, big.NewFloat(float64(len(xs))))
		ss := new(big.Float).SetPrec(prec)
		for _, x := range xs {
			d := new(big.Float).SetPrec(prec).Sub(big.NewFloat(x), mu)
			ss.Add(ss, d.Mul(d, d))
		}
		wantMean, _ := mu.Float64()
		v, _ := ss.Float64()
		wantSD := math.Sqrt(v / float64(len(xs)-1))
		if math.Abs(mean-wantMean) > 0.5*ulp(wantMean) {
			t.Errorf("location %g: mean %v, want %v (within half an ulp)", loc, mean, wantMean)
		}
		if math.Abs(sd-wantSD) > 4e-15*wantSD {
			t.Errorf("location %g: sd %v, want %v", loc, sd, wantSD)
		}
	}
}

// TestUnmarshalCorrupt: truncated, altered or foreign data is refused with
// an error, never a panic.
func TestUnmarshalCorrupt(t *testing.T) {
	a, err := RunAggregate(context.Background(), periodicModel(), Config{Trials: 3 * BlockSize, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	data, _ := a.MarshalBinary()
	var back Aggregate
	for _, n := range []int{0, 5, 8, 20, len(data) / 2, len(data) - 1} {
		if err := back.UnmarshalBinary(data[:n]); err == nil {
			t.Errorf("truncated to %d bytes: no error", n)
		}
	}
	for _, i := range []int{7, 30, len(data) / 3, len(data) - 2} {
		bad := slices.Clone(data)
		bad[i] ^= 0x10
		if err := back.UnmarshalBinary(bad); err == nil {
			t.Errorf("byte %d altered: no error", i)
		}
	}
	bad := slices.Clone(data)
	bad[len(aggregateMagic)] = 99
	if err := back.UnmarshalBinary(bad); err == nil || !strings.Contains(err.Error(), "version") {
		t.Errorf("other version: %v", err)
	}
}

// FuzzUnmarshalAggregate: no input makes UnmarshalBinary panic, and what
// it accepts encodes back to the same bytes.
func FuzzUnmarshalAggregate(f *testing.F) {
	a, _ := RunAggregate(context.Background(), lossModel(), Config{Trials: 100, Seed: 1})
	data, _ := a.MarshalBinary()
	f.Add(data)
	f.Fuzz(func(t *testing.T, data []byte) {
		var a Aggregate
		if a.UnmarshalBinary(data) != nil {
			return
		}
		if b, _ := a.MarshalBinary(); !slices.Equal(b, data) {
			t.Error("accepted data does not encode back to itself")
		}
	})
}

// TestStopper: a run that stops at a precision target stops at the same
// block for any worker count, and its result is that of a run of exactly
// that many trials.
func TestStopper(t *testing.T) {
	ctx := context.Background()
	m := lossModel()
	target := 0.004
	var asked []int64
	stop := StopFunc(func(r *Result) bool {
		asked = append(asked, r.Trials)
		return r.Outputs[0].Final().MeanSE < target
	})
	var first *Result
	workers := []int{1, 2, 3, 8}
	if testing.Short() {
		workers = []int{1, 3}
	}
	for _, w := range workers {
		asked = nil
		r, err := Run(ctx, m, Config{Trials: 1000 * BlockSize, Seed: 5, Workers: w, Stopper: stop, CheckEvery: 8})
		if err != nil {
			t.Fatal(err)
		}
		if r.Trials%(8*BlockSize) != 0 || r.Trials == 1000*BlockSize || r.Outputs[0].Final().MeanSE >= target {
			t.Fatalf("%d workers: stopped after %d trials, SE %v", w, r.Trials, r.Outputs[0].Final().MeanSE)
		}
		if want := slices.Collect(func(yield func(int64) bool) {
			for n := int64(8 * BlockSize); n <= r.Trials; n += 8 * BlockSize {
				yield(n)
			}
		}); !slices.Equal(asked, want) {
			t.Errorf("%d workers: asked at %v, want %v", w, asked, want)
		}
		if first == nil {
			first = r
			full := run(t, m, r.Trials, 5, 2)
			if !reflect.DeepEqual(r, full) {
				t.Error("stopped run differs from a run of as many trials")
			}
		} else if !reflect.DeepEqual(r, first) {
			t.Errorf("%d workers: stopped run differs from 1 worker's", w)
		}
	}
}

// recorder is a Sink that records the blocks it sees.
type recorder struct {
	order []int64
	sum   float64 // of the first output, in trial order
	fail  int64   // block at which to fail; -1 never
}

func (r *recorder) Consume(b *Block) error {
	if b.Index == r.fail {
		return errors.New("disk full")
	}
	r.order = append(r.order, b.Index)
	for _, x := range b.Outputs[0][len(b.Outputs[0])-1][:b.N] {
		r.sum += x
	}
	return nil
}

func TestSinkSeesBlocksInOrder(t *testing.T) {
	ctx := context.Background()
	m := periodicModel()
	const trials = 37*BlockSize + 5
	var want *recorder
	for _, w := range []int{1, 2, 5} {
		rec := &recorder{fail: -1}
		if _, err := Run(ctx, m, Config{Trials: trials, Seed: 2, Workers: w, Sinks: []Sink{rec}}); err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(rec.order, slices.Collect(func(yield func(int64) bool) {
			for b := range Blocks(trials) {
				yield(b)
			}
		})) {
			t.Fatalf("%d workers: blocks delivered in order %v", w, rec.order)
		}
		if want == nil {
			want = rec
		} else if rec.sum != want.sum {
			t.Errorf("%d workers: sink saw other values (sum %v, want %v)", w, rec.sum, want.sum)
		}
	}
	// A sink's error stops the run with it.
	rec := &recorder{fail: 9}
	if _, err := Run(ctx, m, Config{Trials: trials, Seed: 2, Workers: 2, Sinks: []Sink{rec}}); err == nil || err.Error() != "disk full" {
		t.Errorf("failing sink: %v", err)
	}
}

// TestAggregateIsASink: feeding an Aggregate by hand, block by block in
// any order, gives the engine's aggregate.
func TestAggregateIsASink(t *testing.T) {
	ctx := context.Background()
	m := periodicModel()
	cfg := Config{Trials: 6*BlockSize + 9, Seed: 4}
	var blocks []*Block
	copyBlock := SinkFunc(func(b *Block) error {
		c := *b
		clone := func(x [][][]float64) [][][]float64 {
			out := make([][][]float64, len(x))
			for i, ps := range x {
				for _, p := range ps {
					out[i] = append(out[i], slices.Clone(p[:b.N]))
				}
			}
			return out
		}
		c.Inputs, c.Outputs = clone(b.Inputs), clone(b.Outputs)
		blocks = append(blocks, &c)
		return nil
	})
	c := cfg
	c.Sinks = []Sink{copyBlock}
	want, err := RunAggregate(ctx, m, c)
	if err != nil {
		t.Fatal(err)
	}
	got, err := NewAggregate(m, cfg)
	if err != nil {
		t.Fatal(err)
	}
	for _, i := range []int{3, 0, 6, 1, 5, 2, 4} {
		if err := got.Consume(blocks[i]); err != nil {
			t.Fatal(err)
		}
	}
	if !reflect.DeepEqual(got.Result(), want.Result()) {
		t.Error("an aggregate fed by hand differs from the engine's")
	}
	if err := got.Consume(blocks[2]); err == nil {
		t.Error("a block consumed twice: no error")
	}
}

func ulp(x float64) float64 { return math.Nextafter(math.Abs(x), math.Inf(1)) - math.Abs(x) }

// manyPeriodsModel is periodicModel with the given number of periods.
func manyPeriodsModel(periods int) *model.Model {
	m := periodicModel()
	m.Periods = periods
	return m
}

// TestCoarseHistograms: a model with more output periods than
// MaxFineHistograms counts the periods of its series before the last in
// coarse histograms, whose percentiles stay within their stated 2e-3
// relative error of the fine ones, and its final period stays fine.
func TestCoarseHistograms(t *testing.T) {
	m := manyPeriodsModel(300)
	r := run(t, m, 20*BlockSize, 1, 2)
	a, err := RunAggregate(context.Background(), m, Config{Trials: 20 * BlockSize, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if a.accs[0].hist.fine != nil || a.accs[299].hist.fine == nil {
		t.Fatal("the periods before the last should be coarse and the last fine")
	}
	// The same period counted fine, in a model small enough for that.
	small := manyPeriodsModel(10)
	rs := run(t, small, 20*BlockSize, 1, 2)
	for _, p := range []float64{0.05, 0.5, 0.95} {
		coarse := r.Outputs[0].Periods[4].Quantile(p)
		fine := rs.Outputs[0].Periods[4].Quantile(p)
		if math.Abs(coarse.Value-fine.Value) > 2e-3*math.Abs(fine.Value) {
			t.Errorf("P%v of period 5: coarse %v, fine %v", 100*p, coarse.Value, fine.Value)
		}
		if coarse.SE < fine.SE {
			t.Errorf("P%v of period 5: coarse SE %v below the fine one %v", 100*p, coarse.SE, fine.SE)
		}
	}
}

// TestBucketsExactSize: a Result keeps every period's buckets, so the
// slice is made to size, for fine and coarse histograms, with point masses.
func TestBucketsExactSize(t *testing.T) {
	for _, h := range []*histogram{newHistogram(), newCoarseHistogram()} {
		xs := make([]float64, 5000)
		for i := range xs {
			xs[i] = float64(i%7) + 1e-3*float64(i) - 2 // integers (exact) and others, both signs
		}
		h.addBlock(xs)
		if bs := h.buckets(); cap(bs) != len(bs) {
			t.Errorf("%d-bit histogram: %d buckets in a slice of capacity %d", h.bits(), len(bs), cap(bs))
		}
	}
}
