package distributions

import (
	"math"
	"math/rand/v2"
	"slices"

	"testing"

	"gonum.org/v1/gonum/mathext"
)

// TestQuantileTable checks the table against the exact quantile at 100,001
// points, for beta, PERT and gamma shapes from skewed to symmetric, with
// singular ends (shapes below 1) and at large location and small scale.
func TestQuantileTable(t *testing.T) {
	for _, tc := range []struct {
		name string
		d    Distribution
	}{
		{"pert(1, 2, 5)", mustD(NewPERT(1, 2, 5))},
		{"pert(0, 1, 3)", mustD(NewPERT(0, 1, 3))},
		{"pert(1e9, 1e9+1, 1e9+10)", mustD(NewPERT(1e9, 1e9+1, 1e9+10))},
		{"pert(3.5, 3.9, 4.0)", mustD(NewPERT(3.5, 3.9, 4.0))},
		{"beta(0.5, 0.5)", mustD(NewBeta(0.5, 0.5))},
		{"beta(0.1, 3)", mustD(NewBeta(0.1, 3))},
		{"beta(200, 300)", mustD(NewBeta(200, 300))},
		{"gamma(2, 1)", mustD(NewGamma(2, 1))},
		{"gamma(0.3, 5)", mustD(NewGamma(0.3, 5))},
		{"gamma(1e4, 1e-3)", mustD(NewGamma(1e4, 1e-3))},
	} {
		tab := NewQuantileTable(tc.d)
		if tab.nodes == nil {
			t.Fatalf("%s: no table", tc.name)
		}
		scale := tc.d.Quantile(0.75) - tc.d.Quantile(0.25)
		// The share of (0, 1) left to the exact quantile.
		exact := 0.0
		for c, e := range tab.exact {
			switch {
			case !e:
			case tab.fine[c] == nil:
				exact += 1.0 / tableCells
			default:
				for _, se := range tab.fine[c].exact {
					if se {
						exact += 1.0 / tableCells / tableSub
					}
				}
			}
		}
		var worst float64
		const n = 100_000
		for k := 0; k <= n; k++ {
			p := (float64(k) + 0.37) / (n + 1)
			got, want := tab.Quantile(p), tc.d.Quantile(p)
			if err := math.Abs(got-want) / (scale + math.Abs(want)); err > worst {
				worst = err
			}
		}
		if worst > 1e-10 {
			t.Errorf("%s: worst error %.3g of the scale (%.2g of (0, 1) exact)", tc.name, worst, exact)
		}
		if exact > 0.01 {
			t.Errorf("%s: %.2g of (0, 1) falls back to the exact quantile", tc.name, exact)
		}
	}
	if NewQuantileTable(mustD(NewNormal(0, 1))).nodes != nil {
		t.Error("the normal, whose quantile is fast, got a table")
	}
}

// TestQuantiles: the batch gives Quantile's values bit for bit, for the
// families it writes out inline and for the tabulated and other ones,
// in place too.
func TestQuantiles(t *testing.T) {
	ds := []Distribution{mustD(NewNormal(10, 2)), mustD(NewLogNormal(0, 0.5)), mustD(NewUniform(-1, 3)),
		mustD(NewUniform(-1e308, 1e308)), mustD(NewTriangular(1, 2, 4)), mustD(NewTriangular(0, 0, 1)),
		mustD(NewPERT(1, 2, 5)), mustD(NewGamma(2, 1)), mustD(NewExponential(3))}
	ps := []float64{0, 1, 0.5, 1e-300, 1 - 0x1p-53, 0.025, 0.975}
	for i := range 10000 {
		ps = append(ps, (float64(i)+0.5)/10000)
	}
	for _, d := range ds {
		tab := NewQuantileTable(d)
		got := make([]float64, len(ps))
		tab.Quantiles(got, ps)
		inPlace := slices.Clone(ps)
		tab.Quantiles(inPlace, inPlace)
		for i, p := range ps {
			want := tab.Quantile(p)
			if math.Float64bits(got[i]) != math.Float64bits(want) || math.Float64bits(inPlace[i]) != math.Float64bits(want) {
				t.Fatalf("%v: Quantiles at %v = %v (in place %v), Quantile %v", d, p, got[i], inPlace[i], want)
			}
		}
	}
}

// TestScoreTable checks the score table against Score at 50,000 normal
// scores and at the ends, for beta, PERT and gamma shapes (singular ends
// among them): within twice the build's tolerance (1e-10 of the
// interquartile range plus the value's magnitude, checked only at the
// cells' midpoints), and interpolated for nearly every score, so that the
// erfc is skipped.
func TestScoreTable(t *testing.T) {
	rng := rand.New(rand.NewPCG(7, 8))
	for _, d := range []Distribution{mustD(NewPERT(1, 2, 5)), mustD(NewPERT(0, 1, 3)), mustD(NewGamma(2, 1)),
		mustD(NewGamma(0.5, 3)), mustD(NewBeta(0.5, 0.5)), mustD(NewBeta(2, 5)), mustD(NewPERT(1e6, 1e6+1, 1e6+5))} {
		qt := NewQuantileTable(d)
		st := NewScoreTable(qt)
		zs := []float64{-40, -8.1, -8, -7.99, 7.99, 8, 8.1, 40, 0, math.Inf(1), math.Inf(-1)}
		for range 50000 {
			zs = append(zs, rng.NormFloat64()*2)
		}
		got := make([]float64, len(zs))
		st.Values(got, zs)
		scale := d.Quantile(0.75) - d.Quantile(0.25)
		worst := 0.0
		for i, z := range zs {
			score := st.Score(z)
			e := math.Abs(got[i]-score) / (scale + math.Abs(score))
			worst = max(worst, e)
			if !(e <= 2*tableTol) {
				t.Fatalf("%v: Values at z=%v = %v, Score %v (relative %.3g)", d, z, got[i], score, e)
			}
		}
		interp := 0
		for _, e := range st.exact {
			if !e {
				interp++
			}
		}
		if float64(interp) < 0.9*scoreCells {
			t.Errorf("%v: only %d of %d cells interpolated", d, interp, scoreCells)
		}
		t.Logf("%v: worst %.2g of the tolerance, %d of %d cells interpolated", d, worst/tableTol, interp, scoreCells)
	}
	if NewScoreTable(NewQuantileTable(mustD(NewNormal(0, 1)))) != nil {
		t.Error("a score table for a closed-form quantile")
	}
}

// TestSharedQuantileTable: a beta, PERT or gamma distribution gets one
// table however often it is asked for, with the values of a fresh one,
// and one score table; other families get fresh (free) tables.
func TestSharedQuantileTable(t *testing.T) {
	d := mustD(NewPERT(1, 2, 7))
	a, b := SharedQuantileTable(d), SharedQuantileTable(mustD(NewPERT(1, 2, 7)))
	if a != b {
		t.Error("the same PERT got two tables")
	}
	if a.Scores() == nil || a.Scores() != b.Scores() {
		t.Error("the shared table's score table is missing or rebuilt")
	}
	fresh := NewQuantileTable(d)
	for p := 0.0005; p < 1; p += 0.001 {
		if a.Quantile(p) != fresh.Quantile(p) {
			t.Fatalf("shared and fresh tables differ at %v", p)
		}
	}
	if n := mustD(NewNormal(0, 1)); SharedQuantileTable(n) == SharedQuantileTable(n) {
		t.Error("a normal's table was kept")
	}
}

// TestNormalQuantiles: the two-pass AS241 gives gonum's NormalQuantile bit
// for bit, across the central region's edges, in both tails and at 0 and 1.
func TestNormalQuantiles(t *testing.T) {
	rng := rand.New(rand.NewPCG(9, 10))
	ps := []float64{0, 1, 0.5, 0.075, 0.925, math.Nextafter(0.075, 0), math.Nextafter(0.925, 1), 1e-300, 1 - 0x1p-53, 0x1p-53}
	for range 200000 {
		ps = append(ps, rng.Float64())
	}
	got := make([]float64, len(ps))
	normalQuantiles(got, ps)
	for i, p := range ps {
		if want := mathext.NormalQuantile(p); math.Float64bits(got[i]) != math.Float64bits(want) {
			t.Fatalf("normalQuantiles(%v) = %v, NormalQuantile %v", p, got[i], want)
		}
	}
}
