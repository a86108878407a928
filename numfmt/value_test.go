package numfmt

import (
	"fmt"
	"math"
	"testing"
)

func TestValue(t *testing.T) {
	for _, tc := range []struct {
		v, se float64
		want  string
	}{
		{4.82247, 0.00061, "4.8225"},
		{4.82247, 0.0061, "4.822"},
		{4.82247, 0.061, "4.82"},
		{4.82247, 0.61, "4.8"},
		{4.82247, 6.1, "5"},
		{5213.7, 42, "5210"},
		{5213.7, 420, "5200"},
		{-4.82247, 0.00061, "-4.8225"},
		{0.0003, 0.5, "0.0"},   // the SE supports one decimal
		{-0.0003, 0.5, "0.0"},  // never "-0.0"
		{-0.4, 7, "0"},         // never "-0"
		{-3, 70, "0"},          // rounds to a multiple of 10
		{1.5, 0.001, "1.500"},  // trailing zeros the SE supports are kept
		{0.25, 0.001, "0.250"}, // leading digit of the SE at 1e-3
		{0.123456, 0.001, "0.123"},
		{2.5, 1, "2"}, // ties: strconv's exact-binary rounding, half to even
		{3.5, 1, "4"},
		{1e-3, 1e-3, "0.001"},                 // exact powers of ten have the right exponent
		{1234, -5, "1234"},                    // a negative SE is read as its magnitude
		{math.Pi, 1e-300, "3.14159265358979"}, // capped at 15 significant digits
		// Beyond 12 decimals: exponent notation with the same digits.
		{1.5e-8, 1e-9, "0.000000015"},
		{2.74e-313, 2.7e-314, "2.7e-313"},
		{-4.2e-20, 1.1e-22, "-4.20e-20"},
		{3e-20, 1e-10, "0.0000000000"},
		{1e-30, 1e-25, "0"},
		{0, 1e-300, "0"},
		// se == 0: up to 6 significant digits, no trailing zeros
		{4.82247, 0, "4.82247"},
		{4.822471234, 0, "4.82247"},
		{1.5, 0, "1.5"},
		{100, 0, "100"},
		{1234567, 0, "1234570"},
		{999999.7, 0, "1000000"},
		{0, 0, "0"},
		{-0.0, 0, "0"},
		{-1e-9, 0, "-1e-09"},
		{0.000123456789, 0, "0.000123457"},
		{2e22, 0, "2e+22"},
		{1.25, math.NaN(), "1.25"},
		{1.25, math.Inf(1), "1.25"},
		{math.NaN(), 0.1, "NaN"},
		{math.Inf(1), 0.1, "+Inf"},
		{math.Inf(-1), 0, "-Inf"},
	} {
		if got := Value(tc.v, tc.se); got != tc.want {
			t.Errorf("Value(%v, %v) = %q, want %q", tc.v, tc.se, got, tc.want)
		}
	}
}

func TestSE(t *testing.T) {
	for _, tc := range []struct {
		se   float64
		want string
	}{
		{0.00061, "0.00061"},
		{0.000614, "0.00061"},
		{0.000615001, "0.00062"},
		{0.0996, "0.10"}, // 2 significant digits after rounding, not "0.100"
		{0.1, "0.10"},
		{1, "1.0"},
		{9.96, "10"},
		{12345, "12000"},
		{42, "42"},
		{2.7e-314, "2.7e-314"},
		{1.06e-15, "1.1e-15"},
		{0, "0"},
		{math.NaN(), "NaN"},
		{math.Inf(1), "+Inf"},
	} {
		if got := SE(tc.se); got != tc.want {
			t.Errorf("SE(%v) = %q, want %q", tc.se, got, tc.want)
		}
	}
}

func TestPercent(t *testing.T) {
	for _, tc := range []struct {
		p, se float64
		want  string
	}{
		{0.378123, 0.0048, "37.8%"},
		{0.378123, 0.00048, "37.81%"},
		{0.378123, 0.048, "38%"},
		{0.5, 0.0005, "50.00%"},
		{0, 0, "0%"},
		{1, 0, "100%"},
		{0.000001, 0.000001, "0.0001%"},
		{0.25, 0, "25%"},
	} {
		if got := Percent(tc.p, tc.se); got != tc.want {
			t.Errorf("Percent(%v, %v) = %q, want %q", tc.p, tc.se, got, tc.want)
		}
	}
}

func ExampleValue() {
	// A mean of 4.82247 with a Monte Carlo standard error of 0.00061:
	// only the digits down to the SE's leading digit are meaningful.
	fmt.Println(Value(4.82247, 0.00061), "±", SE(0.00061))
	fmt.Println(Percent(0.378123, 0.0048))
	// Output:
	// 4.8225 ± 0.00061
	// 37.8%
}
