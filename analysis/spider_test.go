package analysis

import (
	"math"
	"math/big"
	"math/rand/v2"
	"reflect"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// spiderSample returns n trials of independent inputs: a and b uniform on
// [0, 1), d standard normal, u uniform and unrelated to the outputs, c
// constant 7 and flag 1 with probability 5% (else 0); and the outputs
// y = 2a + b, z = -3d + N(0, 1) and w = 10·flag + N(0, 1).
func spiderSample(n int, seed uint64) *sim.Sample {
	r := rand.New(rand.NewPCG(seed, 0x5b1de7))
	names := []string{"a", "b", "d", "u", "c", "flag", "y", "z", "w"}
	cols := make([][]float64, len(names))
	for j := range cols {
		cols[j] = make([]float64, n)
	}
	for i := range n {
		a, b, d, u := r.Float64(), r.Float64(), r.NormFloat64(), r.Float64()
		flag := 0.0
		if r.Float64() < 0.05 {
			flag = 1
		}
		for j, v := range []float64{a, b, d, u, 7, flag, 2*a + b, -3*d + r.NormFloat64(), 10*flag + r.NormFloat64()} {
			cols[j][i] = v
		}
	}
	return &sim.Sample{Names: names, Inputs: 6, Values: cols}
}

// refSpider is Spider by its definition, with full sorts: the trials used
// sorted by (input, trial index), cut into bands at floor(k·m/bands), each
// cut inside a run of ties moved to the run's nearer end (found by binary
// search), and each band's output sorted to read its median and interval
// (rank l from exact binomial sums). It does not merge small bands.
func refSpider(s *sim.Sample, out int, input int, bands int) []SpiderBand {
	var keep []int
	for i := range s.Values[out] {
		ok := !nonFinite(s.Values[out][i])
		for j := range s.Inputs {
			ok = ok && !nonFinite(s.Driver(j)[i])
		}
		if ok {
			keep = append(keep, i)
		}
	}
	x := s.Driver(input)
	order := slices.Clone(keep)
	sort.SliceStable(order, func(a, b int) bool { return x[order[a]] < x[order[b]] })
	m := len(order)
	v := make([]float64, m)
	for i, t := range order {
		v[i] = x[t]
	}
	pos, pct := []int{0}, []float64{0}
	for k := 1; k < bands; k++ {
		c, p := k*m/bands, 100*float64(k)/float64(bands)
		if v[c-1] == v[c] {
			s := sort.SearchFloat64s(v, v[c])
			e := sort.Search(m, func(i int) bool { return v[i] > v[c] })
			if c-s < e-c {
				c = s
			} else {
				c = e
			}
			p = 100 * float64(c) / float64(m)
		}
		if c > pos[len(pos)-1] && c < m {
			pos, pct = append(pos, c), append(pct, p)
		}
	}
	pos, pct = append(pos, m), append(pct, 100)
	var bs []SpiderBand
	for k := range len(pos) - 1 {
		lo, hi := pos[k], pos[k+1]
		var ys []float64
		for _, i := range order[lo:hi] {
			ys = append(ys, s.Values[out][i])
		}
		sort.Float64s(ys)
		nb := len(ys)
		med := ys[nb/2]
		if nb%2 == 0 {
			med = (ys[nb/2-1] + ys[nb/2]) / 2
		}
		l := refRank(nb, 0.025)
		p := (pct[k] + pct[k+1]) / 2
		bs = append(bs, SpiderBand{From: pct[k], To: pct[k+1], Percentile: p, Input: v[int(math.Ceil(p/100*float64(m)))-1],
			InputLo: v[lo], InputHi: v[hi-1], Median: med, Lo: ys[l-1], Hi: ys[nb-l], N: nb})
	}
	return bs
}

// refRank is the largest l with P(Binomial(n, ½) <= l-1) <= alpha, from
// exact sums of binomial coefficients.
func refRank(n int, alpha float64) int {
	total := new(big.Int).Lsh(big.NewInt(1), uint(n))
	limit := new(big.Rat).Mul(new(big.Rat).SetFloat64(alpha), new(big.Rat).SetInt(total))
	cum := new(big.Int)
	l := 0
	for i := 0; i <= n; i++ {
		cum.Add(cum, new(big.Int).Binomial(int64(n), int64(i)))
		if new(big.Rat).SetInt(cum).Cmp(limit) > 0 {
			break
		}
		l = i + 1 // P(B <= i) <= alpha: rank i+1 qualifies
	}
	return l
}

func mustSpider(t *testing.T, s *sim.Sample, output string, inputs []string, bands int) *SpiderResult {
	t.Helper()
	r, err := Spider(s, output, inputs, bands)
	if err != nil {
		t.Fatal(err)
	}
	return r
}

func line(t *testing.T, r *SpiderResult, input string) SpiderLine {
	t.Helper()
	for _, l := range r.Lines {
		if l.Input == input {
			return l
		}
	}
	t.Fatalf("no line for %q in %+v", input, r.Lines)
	return SpiderLine{}
}

// TestSpiderKnownAnswer: with y = 2a + b, a and b independent uniforms on
// [0, 1), the median of y over the trials with a in the band around its
// percentile p is 2p + ½ (2a and b are symmetric about 2p and ½), and over
// the band of b around q it is 1 + q. The bands' intervals must cover these
// about 95% of the time, be about as wide as the asymptotic 1.96 standard
// errors of a median, and each band's input quantile must be near p.
func TestSpiderKnownAnswer(t *testing.T) {
	const n = 20000
	s := spiderSample(n, 1)
	r := mustSpider(t, s, "y", []string{"a", "b"}, 0)
	if r.Trials != n || len(r.Lines) != 2 || r.Lines[0].Input != "a" || r.Lines[1].Input != "b" {
		t.Fatalf("trials %d, lines %+v; want %d trials and lines a, b", r.Trials, r.Lines, n)
	}
	for _, tc := range []struct {
		input   string
		want    func(p float64) float64 // p in [0, 1]
		density float64                 // of y at the band's median
	}{
		{"a", func(p float64) float64 { return 2*p + 0.5 }, 1}, // U(2p-0.1, 2p+0.1) + U(0, 1)
		{"b", func(p float64) float64 { return 1 + p }, 0.5},   // U(0, 2) + U(q-0.05, q+0.05)
	} {
		t.Run(tc.input, func(t *testing.T) {
			l := line(t, r, tc.input)
			if len(l.Bands) != DefaultSpiderBands {
				t.Fatalf("%d bands, want %d", len(l.Bands), DefaultSpiderBands)
			}
			covered := 0
			for k, b := range l.Bands {
				if want := float64(10*k + 5); b.Percentile != want || b.From != want-5 || b.To != want+5 {
					t.Errorf("band %d: P%v to P%v, centre %v; want P%v to P%v, centre %v", k, b.From, b.To, b.Percentile, want-5, want+5, want)
				}
				p := b.Percentile / 100
				if math.Abs(b.Input-p) > 0.02 || !(b.InputLo <= b.Input && b.Input <= b.InputHi) {
					t.Errorf("band %d: input quantile %v (band %v..%v), want about %v", k, b.Input, b.InputLo, b.InputHi, p)
				}
				if math.Abs(b.InputLo-(p-0.05)) > 0.02 || math.Abs(b.InputHi-(p+0.05)) > 0.02 {
					t.Errorf("band %d: input from %v to %v, want about %v to %v", k, b.InputLo, b.InputHi, p-0.05, p+0.05)
				}
				if !(b.Lo <= b.Median && b.Median <= b.Hi) {
					t.Errorf("band %d: median %v outside its interval [%v, %v]", k, b.Median, b.Lo, b.Hi)
				}
				// Half the interval is about 1.96/(2 f sqrt(N)).
				se := 1 / (2 * tc.density * math.Sqrt(float64(b.N)))
				if half := (b.Hi - b.Lo) / 2; half < 0.7*1.96*se || half > 1.4*1.96*se {
					t.Errorf("band %d: interval half-width %v, want about %v", k, half, 1.96*se)
				}
				want := tc.want(p)
				if b.Lo <= want && want <= b.Hi {
					covered++
				}
				if d := math.Abs(b.Median - want); d > 2*1.96*se {
					t.Errorf("band %d: median %v, want %v within %v", k, b.Median, want, 2*1.96*se)
				}
			}
			if covered < 8 {
				t.Errorf("intervals cover the true median in %d of %d bands, want about 95%%", covered, len(l.Bands))
			}
		})
	}
}

// TestSpiderShapes: a decreasing driver gives a decreasing curve, an
// unrelated input a flat one within its intervals, a constant input no
// line, and a discrete input a flat curve over its common value.
func TestSpiderShapes(t *testing.T) {
	s := spiderSample(20000, 2)
	for _, tc := range []struct {
		name, output string
		inputs       []string
		bands        int
		check        func(t *testing.T, r *SpiderResult)
	}{
		{"decreasing", "z", []string{"d"}, 0, func(t *testing.T, r *SpiderResult) {
			bs := line(t, r, "d").Bands
			for k := 1; k < len(bs); k++ {
				if !(bs[k].Median < bs[k-1].Median) || !(bs[k].Hi < bs[k-1].Lo) {
					t.Errorf("band %d: median %v [%v, %v] not clearly below band %d's %v [%v, %v]",
						k, bs[k].Median, bs[k].Lo, bs[k].Hi, k-1, bs[k-1].Median, bs[k-1].Lo, bs[k-1].Hi)
				}
			}
		}},
		{"unrelated", "y", []string{"u"}, 0, func(t *testing.T, r *SpiderResult) {
			covered := 0
			for k, b := range line(t, r, "u").Bands {
				if b.Lo <= r.Median && r.Median <= b.Hi {
					covered++
				}
				if d := math.Abs(b.Median - r.Median); d > b.Hi-b.Lo {
					t.Errorf("band %d: median %v is %v from the overall %v, more than its interval's width %v", k, b.Median, d, r.Median, b.Hi-b.Lo)
				}
			}
			if covered < 8 {
				t.Errorf("the overall median is in %d of 10 bands' intervals; want a flat curve", covered)
			}
		}},
		{"constant", "y", []string{"c", "a"}, 0, func(t *testing.T, r *SpiderResult) {
			if len(r.Lines) != 1 || r.Lines[0].Input != "a" || !slices.Equal(r.Constant, []string{"c"}) {
				t.Errorf("lines %v, constant %v; want only a's line and c constant", r.Lines, r.Constant)
			}
		}},
		{"discrete", "w", []string{"flag"}, 0, func(t *testing.T, r *SpiderResult) {
			// 5% of trials have flag 1: two bands, the zeros (P0 to about
			// P95) and the ones, whose medians are Drivers' Low and High.
			bs := line(t, r, "flag").Bands
			if len(bs) != 2 {
				t.Fatalf("%d bands, want 2: %+v", len(bs), bs)
			}
			zeros := 0
			for _, v := range s.Values[5] {
				if v == 0 {
					zeros++
				}
			}
			cut := 100 * float64(zeros) / float64(r.Trials)
			for k, want := range []struct {
				value, from, to, median float64
				n                       int
			}{{0, 0, cut, 0, zeros}, {1, cut, 100, 10, r.Trials - zeros}} {
				b := bs[k]
				if b.InputLo != want.value || b.InputHi != want.value || b.Input != want.value || b.From != want.from || b.To != want.to || b.N != want.n {
					t.Errorf("band %d: %+v, want input %v, P%v to P%v, %d trials", k, b, want.value, want.from, want.to, want.n)
				}
				if math.Abs(b.Median-want.median) > 0.2 {
					t.Errorf("band %d: median %v, want about %v", k, b.Median, want.median)
				}
			}
			ds, err := Drivers(s, "w")
			if err != nil {
				t.Fatal(err)
			}
			for _, d := range ds {
				if d.Input == "flag" && (math.Float64bits(d.Low) != math.Float64bits(bs[0].Median) || math.Float64bits(d.High) != math.Float64bits(bs[1].Median)) {
					t.Errorf("band medians %v, %v; Drivers' Low and High %v, %v", bs[0].Median, bs[1].Median, d.Low, d.High)
				}
			}
		}},
		{"quartiles", "y", []string{"a"}, 4, func(t *testing.T, r *SpiderResult) {
			var ps []float64
			for _, b := range line(t, r, "a").Bands {
				ps = append(ps, b.Percentile)
			}
			if !slices.Equal(ps, []float64{12.5, 37.5, 62.5, 87.5}) {
				t.Errorf("centres %v, want 12.5 37.5 62.5 87.5", ps)
			}
		}},
	} {
		t.Run(tc.name, func(t *testing.T) { tc.check(t, mustSpider(t, s, tc.output, tc.inputs, tc.bands)) })
	}
}

// TestSpiderReference: Spider agrees bit for bit with its definition
// computed by full sorts, on continuous, tied and per-period inputs,
// band counts that do not divide the trials, and trials with NaN and Inf,
// and its median is Drivers' base.
func TestSpiderReference(t *testing.T) {
	grid := spiderSample(1237, 3)
	// Round a to a grid of 7 values, so that ties straddle the cuts.
	for i, v := range grid.Values[0] {
		grid.Values[0][i] = math.Floor(7*v) / 7
	}
	perPeriod := spiderSample(600, 4)
	pm := make([]float64, 600)
	for i := range pm {
		pm[i] = perPeriod.Values[1][i] + perPeriod.Values[3][i]
	}
	perPeriod.PeriodMeans = [][]float64{nil, pm}
	dirty := spiderSample(2000, 5)
	for _, row := range [][]float64{
		{math.NaN(), 0.5, 0, 0.5, 7, 0, 1, 1, 1},
		{0.5, 0.5, 0, math.Inf(1), 7, 0, 1, 1, 1}, // an input not asked for
		{0.5, 0.5, 0, 0.5, 7, 0, math.Inf(-1), 1, 1},
	} {
		for j := range dirty.Values {
			dirty.Values[j] = append(dirty.Values[j][:1000:1000], append([]float64{row[j]}, dirty.Values[j][1000:]...)...)
		}
	}
	for _, tc := range []struct {
		name   string
		s      *sim.Sample
		output string
		inputs []string
		bands  int
	}{
		{"continuous", spiderSample(5003, 6), "y", []string{"a", "b", "d", "u"}, 0},
		{"ties", grid, "y", []string{"a", "flag"}, 10},
		{"odd bands", grid, "y", []string{"a", "b"}, 7},
		{"per-period", perPeriod, "y", []string{"b", "a"}, 5},
		{"non-finite", dirty, "y", []string{"a", "d"}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r := mustSpider(t, tc.s, tc.output, tc.inputs, tc.bands)
			bands := cmpOr(tc.bands, DefaultSpiderBands)
			out := sampleColumns(tc.s)[tc.output]
			for i, name := range tc.inputs {
				j := slices.Index(tc.s.Names, name)
				want := refSpider(tc.s, out, j, bands)
				if got := r.Lines[i].Bands; !sameBands(got, want) {
					t.Errorf("%s: got\n%+v\nwant\n%+v", name, got, want)
				}
			}
			_, base, err := newDriverCache(tc.s).drivers(tc.output)
			if err != nil {
				t.Fatal(err)
			}
			if math.Float64bits(r.Median) != math.Float64bits(base) {
				t.Errorf("median %v, Drivers' base %v", r.Median, base)
			}
			sum := 0
			for k, b := range r.Lines[0].Bands {
				sum += b.N
				if k > 0 && !(r.Lines[0].Bands[k-1].InputHi < b.InputLo) {
					t.Errorf("bands %d and %d share the input value %v", k-1, k, b.InputLo)
				}
			}
			if sum != r.Trials {
				t.Errorf("bands hold %d trials, %d used", sum, r.Trials)
			}
		})
	}
	// The non-finite trials are left out: the same as the clean sample.
	clean := mustSpider(t, spiderSample(2000, 5), "y", []string{"a", "d"}, 0)
	if got := mustSpider(t, dirty, "y", []string{"a", "d"}, 0); !reflect.DeepEqual(got, clean) {
		t.Errorf("with non-finite trials\n%+v\nwithout\n%+v", got, clean)
	}
}

// TestSpiderCuts: cuts inside runs of ties move to the runs' nearer ends,
// empty bands go, and bands below MinSpiderBandTrials merge into their
// smaller neighbour.
func TestSpiderCuts(t *testing.T) {
	run := func(v float64, n int) []float64 { return slices.Repeat([]float64{v}, n) }
	seq := func(from, n int) []float64 {
		var v []float64
		for i := range n {
			v = append(v, float64(from+i))
		}
		return v
	}
	for _, tc := range []struct {
		name  string
		x     []float64 // sorted
		bands int
		pos   []int
		pct   []float64
	}{
		{"distinct", seq(0, 100), 10, []int{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}, []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}},
		{"uneven", seq(0, 105), 10, []int{0, 10, 21, 31, 42, 52, 63, 73, 84, 94, 105}, []float64{0, 10, 20, 30, 40, 50, 60, 70, 80, 90, 100}},
		// Runs [0, 45) and [55, 100) around ten distinct values: cuts at 45,
		// 50 and 55 leave two bands of 5, the first merged upwards.
		{"merge up", slices.Concat(run(-1, 45), seq(0, 10), run(100, 45)), 10, []int{0, 45, 55, 100}, []float64{0, 45, 55, 100}},
		// A run of 97 then 3 distinct values: the last band has 3 trials and
		// merges down into the run's band, which is all there is.
		{"merge down", slices.Concat(run(0, 97), seq(1, 3)), 10, []int{0, 100}, []float64{0, 100}},
		// A cut in the middle of a run moves to its end: the run goes up.
		{"tie goes up", slices.Concat(run(0, 10), run(1, 20), run(2, 20), run(3, 20), run(4, 20), run(5, 10)), 5,
			[]int{0, 30, 50, 70, 90, 100}, []float64{0, 30, 50, 70, 90, 100}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			order := make([]int, len(tc.x))
			for i := range order {
				order[i] = i
			}
			pos, pct := spiderCuts(tc.x, order, tc.bands)
			if !slices.Equal(pos, tc.pos) || !slices.Equal(pct, tc.pct) {
				t.Errorf("cuts %v at %v%%, want %v at %v%%", pos, pct, tc.pos, tc.pct)
			}
		})
	}
}

func cmpOr(a, b int) int {
	if a != 0 {
		return a
	}
	return b
}

// sameBands compares bands bit for bit.
func sameBands(a, b []SpiderBand) bool {
	if len(a) != len(b) {
		return false
	}
	eq := func(x, y float64) bool { return math.Float64bits(x) == math.Float64bits(y) }
	for i := range a {
		x, y := a[i], b[i]
		if !eq(x.Percentile, y.Percentile) || !eq(x.Input, y.Input) || !eq(x.InputLo, y.InputLo) || !eq(x.InputHi, y.InputHi) ||
			!eq(x.Median, y.Median) || !eq(x.Lo, y.Lo) || !eq(x.Hi, y.Hi) || x.N != y.N {
			return false
		}
	}
	return true
}

// TestSpiderDeterministic: the same sample gives the same result, bit for
// bit, and Spider does not modify the sample.
func TestSpiderDeterministic(t *testing.T) {
	s := spiderSample(3000, 7)
	before := make([][]float64, len(s.Values))
	for j, c := range s.Values {
		before[j] = slices.Clone(c)
	}
	inputs := []string{"a", "flag", "b", "d"}
	r1 := mustSpider(t, s, "w", inputs, 0)
	r2 := mustSpider(t, s, "w", inputs, 0)
	for i := range r1.Lines {
		if !sameBands(r1.Lines[i].Bands, r2.Lines[i].Bands) {
			t.Errorf("%s: two calls differ", r1.Lines[i].Input)
		}
	}
	if !reflect.DeepEqual(before, s.Values) {
		t.Error("Spider modified the sample")
	}
}

// TestSpiderRank: the interval's rank is the exact binomial one, and the
// interval of a band is the order statistics of that rank.
func TestSpiderRank(t *testing.T) {
	r := rand.New(rand.NewPCG(8, 8))
	for _, n := range []int{6, 7, 10, 11, 17, 25, 50, 99, 100, 101, 257, 1000} {
		v := make([]float64, n)
		for i := range v {
			v[i] = math.Round(10 * r.NormFloat64()) // with ties
		}
		srt := slices.Clone(v)
		slices.Sort(srt)
		med := median(v)
		lo, hi := medianInterval(v, 0.025)
		l := refRank(n, 0.025)
		if lo != srt[l-1] || hi != srt[n-l] {
			t.Errorf("n=%d: interval [%v, %v], want order statistics %d and %d: [%v, %v]", n, lo, hi, l, n+1-l, srt[l-1], srt[n-l])
		}
		if !(lo <= med && med <= hi) {
			t.Errorf("n=%d: median %v outside [%v, %v]", n, med, lo, hi)
		}
	}
	if l := refRank(10, 0.025); l != 2 {
		t.Errorf("rank for 10 trials: %d, want 2 (P(B <= 1) = 11/1024)", l)
	}
}

func TestSpiderErrors(t *testing.T) {
	good := spiderSample(200, 9)
	small := spiderSample(99, 9)
	for _, tc := range []struct {
		name   string
		s      *sim.Sample
		output string
		inputs []string
		bands  int
		want   string
	}{
		{"nil sample", nil, "y", []string{"a"}, 0, "empty sample"},
		{"empty sample", &sim.Sample{}, "y", []string{"a"}, 0, "empty sample"},
		{"malformed", &sim.Sample{Names: []string{"a", "y"}, Inputs: 1, Values: [][]float64{{1}}}, "y", []string{"a"}, 0, "malformed"},
		{"ragged", &sim.Sample{Names: []string{"a", "y"}, Inputs: 1, Values: [][]float64{{1, 2}, {1}}}, "y", []string{"a"}, 0, `column "y" has 1 trials`},
		{"period means", &sim.Sample{Names: []string{"a", "y"}, Inputs: 1, Values: [][]float64{{1}, {1}}, PeriodMeans: [][]float64{{1, 2}}}, "y", []string{"a"}, 0, "period means"},
		{"no inputs in sample", &sim.Sample{Names: []string{"y"}, Values: [][]float64{{1}}}, "y", []string{"a"}, 0, "no inputs"},
		{"unknown output", good, "v", []string{"a"}, 0, `no output "v"`},
		{"output is an input", good, "a", []string{"b"}, 0, `"a" is an input`},
		{"input is an output", good, "y", []string{"z"}, 0, `"z" is an output`},
		{"unknown input", good, "y", []string{"q"}, 0, `no input "q"`},
		{"twice", good, "y", []string{"a", "a"}, 0, "listed twice"},
		{"none", good, "y", nil, 0, "no inputs asked for"},
		{"negative bands", good, "y", []string{"a"}, -1, "-1 bands"},
		{"too few trials", small, "y", []string{"a"}, 0, "99 of 99 trials"},
		{"too few for the bands", good, "y", []string{"a"}, 21, "21 bands need at least 210"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			r, err := Spider(tc.s, tc.output, tc.inputs, tc.bands)
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "analysis: spider: ") {
				t.Fatalf("error %v, want one starting analysis: spider: and containing %q", err, tc.want)
			}
			if r != nil {
				t.Errorf("result %+v with an error", r)
			}
		})
	}
	// 100 trials make 10 bands of 10: enough.
	if _, err := Spider(spiderSample(100, 9), "y", []string{"a"}, 0); err != nil {
		t.Errorf("100 trials: %v", err)
	}
}

// TestAnalysisSpider: the spider chart of an Analysis, which reuses the
// columns its drivers sorted, is the package function's, bit for bit.
func TestAnalysisSpider(t *testing.T) {
	s := spiderSample(20000, 7)
	res := &sim.Result{Trials: 20000, Sample: *s}
	for _, name := range s.Names[s.Inputs:] {
		res.Outputs = append(res.Outputs, sim.OutputResult{Output: model.Output{Name: name}, Periods: []sim.Stats{{}}})
	}
	a := Analyze(res, DefaultLevels)
	inputs := s.Names[:3]
	want, err := Spider(s, s.Names[s.Inputs], inputs, 0)
	if err != nil {
		t.Fatal(err)
	}
	got, err := a.Spider(s.Names[s.Inputs], inputs, 0)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("Analysis.Spider differs from Spider on the same sample")
	}
	if _, err := (&Analysis{}).Spider("y", inputs, 0); err == nil {
		t.Error("an Analysis without a sample gave a spider chart")
	}
}
