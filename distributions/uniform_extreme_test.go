package distributions

import "testing"

// TestUniformHugeRange: the width of uniform(-1e308, 1e308) overflows; the
// old Quantile returned +Inf for p = 0.5 (and NaN at p = 0), the CDF 0 at 0.
// The exact values are the midpoint 0 and 1/2 by symmetry.
func TestUniformHugeRange(t *testing.T) {
	u := mustD(NewUniform(-1e308, 1e308))
	for _, c := range []struct{ p, want float64 }{{0, -1e308}, {0.5, 0}, {0.75, 5e307}, {1, 1e308}} {
		if got := u.Quantile(c.p); got != c.want {
			t.Errorf("Quantile(%g) = %g, want %g", c.p, got, c.want)
		}
	}
	if got := u.CDF(0); got != 0.5 {
		t.Errorf("CDF(0) = %g, want 0.5", got)
	}
	// Quantile(1) is max exactly (a guard: the old code also gave 0.7 here).
	v := mustD(NewUniform(0.1, 0.7))
	if got := v.Quantile(1); got != 0.7 {
		t.Errorf("uniform(0.1, 0.7).Quantile(1) = %.17g, want 0.7", got)
	}
}
