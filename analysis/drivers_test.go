package analysis

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// linearSample returns n trials of independent standard normal inputs a, b, d,
// a constant input c and the output y = 3a + b - 2d + e with e ~ N(0, 1).
func linearSample(n int, seed uint64) *sim.Sample {
	r := rand.New(rand.NewPCG(seed, 0x5eed))
	cols := make([][]float64, 5)
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	for i := range n {
		a, b, d := r.NormFloat64(), r.NormFloat64(), r.NormFloat64()
		cols[0][i], cols[1][i], cols[2][i], cols[3][i] = a, b, 7, d
		cols[4][i] = 3*a + b - 2*d + r.NormFloat64()
	}
	return &sim.Sample{Names: []string{"a", "b", "c", "d", "y"}, Inputs: 4, Values: cols}
}

// normalSpearman is Spearman's correlation of a bivariate normal pair with
// Pearson correlation rho: (6/pi) asin(rho/2) (K. Pearson, 1907; see
// W. H. Kruskal, "Ordinal measures of association", JASA 53, 1958, eq. 3.4).
func normalSpearman(rho float64) float64 { return 6 / math.Pi * math.Asin(rho/2) }

func TestDriversLinear(t *testing.T) {
	const n, seed = 20000, 1
	s := linearSample(n, seed)
	got, err := Drivers(s, "y")
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt(9 + 1 + 4 + 1)
	want := map[string]float64{
		"a": normalSpearman(3 / sd), "b": normalSpearman(1 / sd),
		"c": 0, "d": normalSpearman(-2 / sd),
	}
	// The standard error of Spearman's rho is below 1/sqrt(n) = 0.007 here;
	// allow about 3 of them.
	const tol = 0.02
	order := []string{"a", "d", "b", "c"}
	sum := 0.0
	for i, d := range got {
		if d.Input != order[i] {
			t.Errorf("rank %d: input %q, want %q", i, d.Input, order[i])
		}
		if math.Abs(d.Spearman-want[d.Input]) > tol {
			t.Errorf("%s: Spearman %.4f, want %.4f ± %v", d.Input, d.Spearman, want[d.Input], tol)
		}
		if d.Swing != d.High-d.Low {
			t.Errorf("%s: Swing %v != High-Low %v", d.Input, d.Swing, d.High-d.Low)
		}
		sum += d.VarianceShare
	}
	if math.Abs(sum-1) > 1e-12 {
		t.Errorf("variance shares sum to %v, want 1", sum)
	}
	byName := map[string]Driver{}
	for _, d := range got {
		byName[d.Input] = d
	}
	if d := byName["a"]; !(d.Swing > 0) {
		t.Errorf("a: swing %v, want > 0 for a positive driver", d.Swing)
	}
	if d := byName["d"]; !(d.Swing < 0) {
		t.Errorf("d: swing %v, want < 0 for a negative driver", d.Swing)
	}
	// y | a in its top decile has median about 3 E[a | a > z_0.9] = 3*1.755.
	if d := byName["a"]; math.Abs(d.High-3*1.755) > 0.3 {
		t.Errorf("a: High %v, want about %v", d.High, 3*1.755)
	}
	if c, ok := byName["c"]; ok {
		t.Errorf("constant input c is a driver: %+v; a constant drives nothing", c)
	}
	if a := byName["a"]; !(a.VarianceShare > byName["d"].VarianceShare && byName["d"].VarianceShare > byName["b"].VarianceShare) {
		t.Errorf("variance shares not in the order a > d > b: %+v", got)
	}
}

func TestDriversSkipsNonFinite(t *testing.T) {
	s := linearSample(500, 2)
	clean, err := Drivers(s, "y")
	if err != nil {
		t.Fatal(err)
	}
	// Append three trials with a NaN input, an Inf output and a -Inf input:
	// the result must not change.
	bad := [][]float64{
		{math.NaN(), 1, 7, 0, 1},
		{1, 1, 7, 0, math.Inf(1)},
		{1, math.Inf(-1), 7, 0, 1},
	}
	for _, row := range bad {
		for j := range s.Values {
			s.Values[j] = append(s.Values[j], row[j])
		}
	}
	dirty, err := Drivers(s, "y")
	if err != nil {
		t.Fatal(err)
	}
	for i := range clean {
		if clean[i] != dirty[i] {
			t.Errorf("driver %d: %+v with non-finite trials, %+v without", i, dirty[i], clean[i])
		}
	}
}

func TestRanks(t *testing.T) {
	for _, tc := range []struct{ in, want []float64 }{
		{[]float64{10, 30, 20}, []float64{1, 3, 2}},
		{[]float64{1, 2, 2, 3}, []float64{1, 2.5, 2.5, 4}},
		{[]float64{5, 5, 5}, []float64{2, 2, 2}},
		{[]float64{-1, 4, -1, 4, 0}, []float64{1.5, 4.5, 1.5, 4.5, 3}},
	} {
		got := ranks(tc.in)
		for i := range got {
			if got[i] != tc.want[i] {
				t.Errorf("ranks(%v) = %v, want %v", tc.in, got, tc.want)
				break
			}
		}
	}
}

// medianSort is median as it was before selection (sort.Float64s, then the
// middle), kept as the reference.
func medianSort(v []float64) float64 {
	sort.Float64s(v)
	n := len(v)
	if n%2 == 1 {
		return v[n/2]
	}
	return (v[n/2-1] + v[n/2]) / 2
}

func TestMedian(t *testing.T) {
	r := rand.New(rand.NewPCG(11, 0x5eed))
	sizes := []int{1, 2, 3, 4, 15, 16, 17, 18, 33, 100, 101, 1000, 1001, 6553, 6554}
	for range 40 { // random sizes: where partitioning ends varies
		sizes = append(sizes, 17+r.IntN(3000))
	}
	for _, kind := range testKinds {
		for _, n := range sizes {
			for rep := range 3 {
				v := testColumn(kind, n, r)
				if rep == 2 { // a few values repeated many times
					for i := range v {
						v[i] = v[r.IntN(min(n, 5))]
					}
				}
				want := medianSort(slices.Clone(v))
				w := slices.Clone(v)
				got := median(w)
				if math.Float64bits(got) != math.Float64bits(want) {
					t.Errorf("%s, n=%d, rep %d: median %v (%#x), sort gives %v (%#x)",
						kind, n, rep, got, math.Float64bits(got), want, math.Float64bits(want))
				}
				slices.Sort(w)
				slices.Sort(v)
				if !slices.Equal(w, v) && kind != "specials" && kind != "mixed" && kind != "nan" {
					t.Errorf("%s, n=%d: median did not permute its argument", kind, n)
				}
			}
		}
	}
}

// TestSelectNthWorstCase runs selectNth on inputs that defeat a
// median-of-three pivot (D. R. Musser 1997) and on ones where every
// round is cut short, checking the selected value against a sort.
func TestSelectNthWorstCase(t *testing.T) {
	for _, n := range []int{64, 1000, 4096} {
		for _, tc := range []struct {
			name string
			v    []float64
		}{
			{"median-of-3 killer", medianOf3Killer(n)},
			{"sawtooth", func() []float64 {
				v := make([]float64, n)
				for i := range v {
					v[i] = float64(i % 8)
				}
				return v
			}()},
		} {
			for _, k := range []int{0, n / 3, n / 2, n - 1} {
				v := slices.Clone(tc.v)
				selectNth(v, k)
				s := slices.Sorted(slices.Values(tc.v))
				if v[k] != s[k] {
					t.Errorf("%s, n=%d: selectNth(v, %d) put %v at %d, want %v", tc.name, n, k, v[k], k, s[k])
				}
				for i := range v {
					if (i < k && v[i] > v[k]) || (i > k && v[i] < v[k]) {
						t.Errorf("%s, n=%d, k=%d: v[%d] = %v on the wrong side of %v", tc.name, n, k, i, v[i], v[k])
						break
					}
				}
			}
		}
	}
}

// medianOf3Killer is Musser's (1997) median-of-3 killer sequence of even
// length n, which makes a median-of-three quicksort take quadratic time.
func medianOf3Killer(n int) []float64 {
	k := n / 2
	v := make([]float64, n)
	for i := 1; i <= k; i++ {
		if i%2 == 1 {
			v[i-1] = float64(i)
			v[i] = float64(k + i)
		}
		v[k+i-1] = float64(2 * i)
	}
	return v
}

func TestRanksMedian(t *testing.T) {
	r := rand.New(rand.NewPCG(13, 0x5eed))
	for _, kind := range []string{"lognormal", "normal", "integers", "zeros", "constant", "sorted", "organ"} {
		for _, n := range []int{1, 2, 3, 4, 300, 301, 5000, 5001, 998, 999, 1000, 1001} {
			y := testColumn(kind, n, r)
			if kind == "integers" && n > 2 { // zeros of both signs in the middle
				for i := range y {
					if y[i] == 0 && r.IntN(2) == 0 {
						y[i] = math.Copysign(0, -1)
					}
				}
			}
			if kind == "normal" && n > 2 { // a third of the values zeros of random sign, the median among them
				for i := range y {
					if r.IntN(3) == 0 {
						y[i] = math.Copysign(0, float64(r.IntN(2))-0.5)
					}
				}
			}
			gotR, gotM := ranksMedian(y)
			wantR, wantM := ranks(y), medianSort(slices.Clone(y))
			if !slices.Equal(gotR, wantR) {
				t.Errorf("%s, n=%d: ranksMedian ranks differ from ranks", kind, n)
			}
			if math.Float64bits(gotM) != math.Float64bits(wantM) {
				t.Errorf("%s, n=%d: ranksMedian median %v (%#x), want %v (%#x)", kind, n, gotM, math.Float64bits(gotM), wantM, math.Float64bits(wantM))
			}
		}
	}
}

func TestDriversErrors(t *testing.T) {
	ok := linearSample(50, 3)
	nan := linearSample(50, 3)
	for i := range nan.Values[4] {
		nan.Values[4][i] = math.NaN()
	}
	for _, tc := range []struct {
		name   string
		s      *sim.Sample
		output string
		want   string
	}{
		{"nil", nil, "y", "empty sample"},
		{"no columns", &sim.Sample{}, "y", "empty sample"},
		{"no trials", &sim.Sample{Names: []string{"a", "y"}, Inputs: 1, Values: [][]float64{{}, {}}}, "y", "empty sample"},
		{"unknown output", ok, "loss", `no output "loss"`},
		{"input as output", ok, "a", `"a" is an input`},
		{"ragged", &sim.Sample{Names: []string{"a", "y"}, Inputs: 1, Values: [][]float64{{1, 2}, {1}}}, "y", "malformed"},
		{"names vs columns", &sim.Sample{Names: []string{"a", "y"}, Inputs: 1, Values: [][]float64{{1, 2}}}, "y", "malformed"},
		{"all NaN", nan, "y", "need at least 2"},
		{"no inputs", &sim.Sample{Names: []string{"y"}, Inputs: 0, Values: [][]float64{{1, 2}}}, "y", "no inputs"},
	} {
		_, err := Drivers(tc.s, tc.output)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", tc.name, err, tc.want)
		}
	}
}

func ExampleDrivers() {
	// Ten trials of two inputs and the output cost = 2*units - discount.
	// Two trials share the lowest discount, 1: Low is the median of both.
	units := []float64{1, 2, 3, 4, 5, 6, 7, 8, 9, 10}
	discount := []float64{3, 1, 4, 1, 5, 9, 2, 6, 5, 3}
	cost := make([]float64, len(units))
	for i := range cost {
		cost[i] = 2*units[i] - discount[i]
	}
	s := &sim.Sample{Names: []string{"units", "discount", "cost"}, Inputs: 2, Values: [][]float64{units, discount, cost}}
	ds, err := Drivers(s, "cost")
	if err != nil {
		fmt.Println(err)
		return
	}
	for _, d := range ds {
		fmt.Printf("%-8s rho=%+.2f share=%.2f low=%g high=%g\n", d.Input, d.Spearman, d.VarianceShare, d.Low, d.High)
	}
	// Output:
	// units    rho=+0.91 share=1.00 low=-1 high=17
	// discount rho=+0.00 share=0.00 low=5 high=3
}

// BenchmarkSortedIndex sorts a 65,536-trial lognormal column (the drivers'
// sample size) with the radix sort and with the pdqsort it replaced.
//
//	go test ./report -run '^$' -bench 'SortedIndex|Median|Drivers' -benchtime 20x
func BenchmarkSortedIndex(b *testing.B) {
	r := rand.New(rand.NewPCG(1, 2))
	for _, n := range []int{1 << 16, radixMinLen} {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Exp(0.5 * r.NormFloat64())
		}
		for _, f := range []struct {
			name string
			sort func([]float64) []int
		}{{"radix", sortedIndex}, {"pdqsort", sortedIndexPdq}} {
			b.Run(fmt.Sprintf("%s/n=%d", f.name, n), func(b *testing.B) {
				for b.Loop() {
					f.sort(v)
				}
			})
		}
	}
}

// BenchmarkMedian takes the median of a decile of a 65,536-trial sample
// (6,553 values) by selection and by the sort it replaced.
func BenchmarkMedian(b *testing.B) {
	r := rand.New(rand.NewPCG(3, 4))
	v := make([]float64, 6553)
	for i := range v {
		v[i] = math.Exp(0.5 * r.NormFloat64())
	}
	w := make([]float64, len(v))
	for _, f := range []struct {
		name   string
		median func([]float64) float64
	}{{"select", median}, {"sort", medianSort}} {
		b.Run(f.name, func(b *testing.B) {
			for b.Loop() {
				copy(w, v)
				f.median(w)
			}
		})
	}
}

// BenchmarkDrivers computes the drivers of one output over a 65,536-trial
// sample of four inputs, sorting every input column.
func BenchmarkDrivers(b *testing.B) {
	s := linearSample(1<<16, 1)
	for b.Loop() {
		if _, err := Drivers(s, "y"); err != nil {
			b.Fatal(err)
		}
	}
}

// TestDecileGroups: the bottom and top groups of an input take whole runs
// of tied values, and step past the minimum (maximum) when the top (bottom)
// cut falls on it.
func TestDecileGroups(t *testing.T) {
	for _, tc := range []struct {
		name      string
		x         []float64
		k         int
		low, high []float64 // the x values of the groups, in order
	}{
		{"no ties", []float64{5, 1, 4, 2, 3, 9, 8, 7, 6, 10}, 2, []float64{1, 2}, []float64{9, 10}},
		{"tie at the cuts", []float64{1, 2, 2, 2, 5, 6, 8, 8, 9, 9}, 3, []float64{1, 2, 2, 2}, []float64{8, 8, 9, 9}},
		{"rare one", []float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1}, 2,
			[]float64{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0}, []float64{1}},
		{"rare zero", []float64{0, 1, 1, 1, 1, 1, 1, 1, 1, 1}, 2, []float64{0}, []float64{1, 1, 1, 1, 1, 1, 1, 1, 1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			order := sortedIndex(tc.x)
			low, high := decileGroups(tc.x, order, tc.k)
			if got := gather(tc.x, low); !slices.Equal(got, tc.low) {
				t.Errorf("low group %v, want %v", got, tc.low)
			}
			if got := gather(tc.x, high); !slices.Equal(got, tc.high) {
				t.Errorf("high group %v, want %v", got, tc.high)
			}
		})
	}
}

// ExampleAnalyze computes the drivers and warnings of a small run.
func ExampleAnalyze() {
	b := linearSample(5000, 1)
	res := &sim.Result{Trials: 5000, Sample: *b,
		Outputs: []sim.OutputResult{{Output: model.Output{Name: "y"}, Periods: []sim.Stats{{N: 5000}}}}}
	a := Analyze(res, DefaultLevels)
	for _, d := range a.Drivers[0][:2] {
		fmt.Printf("%s: rank correlation %.1f\n", d.Input, d.Spearman)
	}
	fmt.Println(a.Warnings[0])
	// Output:
	// a: rank correlation 0.8
	// d: rank correlation -0.5
	// P1, P99 of y rest on fewer than 100 trials beyond them (50 of 5,000)
}

func TestWarnings(t *testing.T) {
	b := linearSample(1000, 2)
	out := func(n, nonFinite int64) sim.OutputResult {
		return sim.OutputResult{Output: model.Output{Name: "y"}, Periods: []sim.Stats{{N: n, NonFinite: nonFinite}}}
	}
	for _, tc := range []struct {
		res  *sim.Result
		want []string
	}{
		{&sim.Result{Trials: 1000, Sample: *b, Outputs: []sim.OutputResult{out(1_000_000, 0)}}, nil},
		{&sim.Result{Trials: 1000, Sample: *b, Outputs: []sim.OutputResult{out(5000, 0)}}, []string{"P1, P99 of y rest on fewer than 100 trials beyond them (50 of 5,000)"}},
		{&sim.Result{Trials: 10_000_000, Sample: *b, Outputs: []sim.OutputResult{out(1_000_000, 7)}},
			[]string{"y: 7 trials were NaN or infinite and are left out (--nan=skip)", "the drivers rest on the first 1,000 of 10,000,000 trials"}},
	} {
		var got []string
		for _, w := range Warnings(tc.res, DefaultLevels) {
			got = append(got, w.Error())
		}
		if !slices.Equal(got, tc.want) {
			t.Errorf("Warnings = %q, want %q", got, tc.want)
		}
	}
}
