package numfmt

import (
	"fmt"
	"math"
	"strings"
	"testing"
)

func TestProse(t *testing.T) {
	for _, tc := range []struct {
		v, se float64
		unit  string
		want  string
	}{
		{13.4e6, 1e4, "USD", "$13.4M"},
		{-4e6, 1e3, "USD", "−$4.00M"},
		{-4e6, 2e5, "USD", "−$4.0M"},
		{4.469, 0.00045, "USD billions", "$4.47B"},
		{2.1, 0.01, "EUR billions", "€2.10B"},
		{950, 3, "GBP", "£950"},
		{13.6, 0.2, "USD millions", "$13.6M"},
		{0.5, 0.01, "USD millions", "$500K"},
		{1.2e6, 1e3, "A100-hours", "1.20M A100-hours"},
		{8500, 10, "people", "8,500 people"},
		{1.3, 0.001, "USD per A100-hour", "$1.30 per A100-hour"},
		{0.21, 0.0001, "USD billions per month", "$210M per month"},
		{math.NaN(), 0, "USD", "NaN"},
		{46535.24, 0.5, "", "46.5K"},
		{0.0042, 0.0001, "", "0.0042"},
		{0.0004, 1e-5, "USD", "$0.00040"},
		{-0.0001, 0.01, "USD", "$0.00"},
		{3e14, 1e10, "USD", "$300T"},
	} {
		if got := Prose(tc.v, tc.se, ParseUnit(tc.unit)); got != tc.want {
			t.Errorf("Prose(%v ± %v, %q) = %q, want %q", tc.v, tc.se, tc.unit, got, tc.want)
		}
	}
}

func TestTable(t *testing.T) {
	for _, tc := range []struct {
		v, se float64
		want  string
	}{
		{13624000, 1000, "13,624,000"},
		{13624012.3456, 0.01, "13,624,012.35"},
		{-1234567.8, 100, "-1,234,600"},
		{4.82247, 0.00061, "4.8225"},
		{999.5, 0, "999.5"},
		{1e15, 1e10, "1,000,000,000,000,000"},
		{0.001234, 0.00001, "0.00123"},
	} {
		if got := Table(tc.v, tc.se); got != tc.want {
			t.Errorf("Table(%v ± %v) = %q, want %q", tc.v, tc.se, got, tc.want)
		}
	}
}

// TestNoScientificNotation: magnitudes from 1e-3 to 1e15 never print in
// exponent notation, whatever their error.
func TestNoScientificNotation(t *testing.T) {
	for v := 1e-3; v <= 1e15; v *= 3.7 {
		for _, se := range []float64{0, v * 1e-6, v * 0.1, v} {
			for _, s := range []string{Table(v, se), Prose(v, se, ParseUnit("USD")), Prose(v, se, ParseUnit(""))} {
				for _, c := range s {
					if c == 'e' || c == 'E' {
						t.Fatalf("%v ± %v printed %q", v, se, s)
					}
				}
			}
		}
	}
}

func TestPercentPlain(t *testing.T) {
	for p := 1e-5; p <= 1; p *= 1.9 {
		for _, se := range []float64{0, p * 1e-3, p / 3} {
			if s := Percent(p, se); strings.ContainsAny(s, "eE") {
				t.Fatalf("Percent(%v, %v) = %q", p, se, s)
			}
		}
	}
}

func TestParseUnit(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Unit
	}{
		{"USD", Unit{Symbol: "$", Scale: 1}},
		{"USD billions", Unit{Symbol: "$", Scale: 1e9}},
		{"eur millions", Unit{Symbol: "€", Scale: 1e6}},
		{"$", Unit{Symbol: "$", Scale: 1}},
		{"USD per A100-hour", Unit{Symbol: "$", Scale: 1, Per: "per A100-hour"}},
		{"USD billions per month", Unit{Symbol: "$", Scale: 1e9, Per: "per month"}},
		{"EUR bn", Unit{Symbol: "€", Scale: 1e9}},
		{"USD of 2024", Unit{Scale: 1, Name: "USD of 2024"}},
		{"USD per", Unit{Scale: 1, Name: "USD per"}},
		{"month (13 = not in 2024)", Unit{Scale: 1, Name: "month (13 = not in 2024)"}},
		{"  people  ", Unit{Scale: 1, Name: "people"}},
		{"", Unit{Scale: 1}},
	} {
		if got := ParseUnit(tc.in); got != tc.want {
			t.Errorf("ParseUnit(%q) = %+v, want %+v", tc.in, got, tc.want)
		}
	}
}

func ExampleProse() {
	fmt.Println(Prose(13.4e6, 1e4, ParseUnit("USD")))
	fmt.Println(Prose(-4.0, 0.2, ParseUnit("USD millions")))
	fmt.Println(Prose(1.2e6, 1e3, ParseUnit("A100-hours")))
	fmt.Println(Table(13624000, 1000), Percent(0.121, 0.00033))
	// Output:
	// $13.4M
	// −$4.0M
	// 1.20M A100-hours
	// 13,624,000 12.10%
}

// TestProseCarry: a value whose rounding carries into the next scale is
// written in that scale, never as 1,000 of the smaller one.
func TestProseCarry(t *testing.T) {
	for _, tc := range []struct {
		v, se float64
		unit  string
		want  string
	}{
		{-0.5, 2.24, "EUR millions", "€0"},
		{999.7e3, 1e3, "USD", "$1.00M"},
		{999.96, 0.5, "USD thousands", "$1.00M"},
		{0.9996, 0.001, "USD billions", "$1.00B"},
		{99999, 10, "people", "100K people"},
	} {
		if got := Prose(tc.v, tc.se, ParseUnit(tc.unit)); got != tc.want {
			t.Errorf("Prose(%v ± %v, %q) = %q, want %q", tc.v, tc.se, tc.unit, got, tc.want)
		}
	}
}
