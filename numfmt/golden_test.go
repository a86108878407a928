package numfmt

import (
	"flag"
	"fmt"
	"os"
	"regexp"
	"strings"
	"testing"
)

// exponentRE matches exponent notation ("1.2e+06", "3E-4").
var exponentRE = regexp.MustCompile(`\d[eE][+-]?\d`)

var update = flag.Bool("update", false, "rewrite testdata/magnitudes.golden")

// TestMagnitudesGolden fixes the formatting of numbers across magnitudes
// (1e-3 to 1e15, both signs) and units on every surface: a table cell, its
// error, prose, a threshold in prose and an axis tick.
func TestMagnitudesGolden(t *testing.T) {
	var exponentRows []string
	units := []string{"", "USD", "USD millions", "EUR billions", "GBP per month", "A100-hours"}
	var b strings.Builder
	fmt.Fprintf(&b, "%-22s %-14s %-26s %-12s %-26s %-24s %s\n", "value", "unit", "table", "± se", "prose", "amount", "tick")
	for e := -3; e <= 15; e++ {
		for _, v := range []float64{1.2345678, -4.5} {
			x := v * pow10(e)
			se := x / 3e3
			if se < 0 {
				se = -se
			}
			for _, u := range units {
				pu := ParseUnit(u)
				if a := x * pu.Scale; a > 2e15 || a < -2e15 {
					continue // beyond the magnitudes a memo meets
				}
				step := pow10(e) / 2 // ticks as an axis places them: 0, 0.5, 1, 1.5 times 10^e
				if x < 0 {
					step = -step
				}
				tick := Ticks(sorted(0, step, 2*step, 3*step), 0, pu)
				cells := []string{Table(x, se), TableSE(se), Prose(x, se, pu), Amount(x, pu), strings.Join(tick, " | ")}
				for _, c := range cells {
					if exponentRE.MatchString(c) {
						exponentRows = append(exponentRows, fmt.Sprintf("%g %q: %q", x, u, c))
					}
				}
				fmt.Fprintf(&b, "%-22.8g %-14q %-26s %-12s %-26s %-24s %s\n", x, u, Table(x, se), TableSE(se), Prose(x, se, pu), Amount(x, pu), strings.Join(tick, " | "))
			}
		}
	}
	for _, line := range exponentRows {
		t.Errorf("exponent notation for a magnitude a memo meets: %s", line)
	}
	got := b.String()
	const path = "testdata/magnitudes.golden"
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test ./numfmt -update to create it)", err)
	}
	if got != string(want) {
		gl, wl := strings.Split(got, "\n"), strings.Split(string(want), "\n")
		for i := range min(len(gl), len(wl)) {
			if gl[i] != wl[i] {
				t.Fatalf("line %d:\n got %s\nwant %s\n(go test ./numfmt -update rewrites the golden file after a deliberate change)", i+1, gl[i], wl[i])
			}
		}
		t.Fatalf("got %d lines, want %d", len(gl), len(wl))
	}
}

func sorted(v ...float64) []float64 {
	if v[0] > v[len(v)-1] {
		for i, j := 0, len(v)-1; i < j; i, j = i+1, j-1 {
			v[i], v[j] = v[j], v[i]
		}
	}
	return v
}

func pow10(e int) float64 {
	x := 1.0
	for ; e > 0; e-- {
		x *= 10
	}
	for ; e < 0; e++ {
		x /= 10
	}
	return x
}

func TestAmount(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		unit string
		want string
	}{
		{5, "USD billions", "$5B"},
		{2.5, "USD billions", "$2.5B"},
		{0.1, "USD billions", "$100M"},
		{10000000, "USD", "$10M"},
		{46535.24, "USD", "$46,535.24"},
		{46535.24, "", "46,535.24"},
		{1500, "people", "1,500 people"},
		{200000, "", "200K"},
		{-4, "USD millions", "−$4M"},
		{0, "USD", "$0"},
		{0.25, "", "0.25"},
		{1.25, "USD per A100-hour", "$1.25 per A100-hour"},
	} {
		if got := Amount(tc.v, ParseUnit(tc.unit)); got != tc.want {
			t.Errorf("Amount(%v, %q) = %q, want %q", tc.v, tc.unit, got, tc.want)
		}
	}
}

func TestTicks(t *testing.T) {
	for _, tc := range []struct {
		values []float64
		unit   string
		want   string
	}{
		{[]float64{0, 0.5, 1, 1.5}, "USD billions", "$0 $0.5B $1.0B $1.5B"},
		{[]float64{0, 2e8, 4e8, 6e8}, "USD", "$0 $200M $400M $600M"},
		{[]float64{-2, -1, 0, 1}, "USD millions", "−$2M −$1M $0 $1M"},
		{[]float64{0, 20000, 40000}, "", "0 20K 40K"},
		{[]float64{0, 2000, 4000}, "people", "0 2,000 4,000"},
		{[]float64{4.8, 4.9, 5}, "", "4.8 4.9 5.0"},
		{[]float64{1.2, 1.25, 1.3}, "USD per A100-hour", "$1.20 $1.25 $1.30"},
		{[]float64{0, 0.001, 0.002}, "", "0 0.001 0.002"},
		{[]float64{5e14, 1e15}, "USD", "$500T $1,000T"},
		{[]float64{0.0015}, "", "0.00150"},
		{[]float64{1234.5}, "USD", "$1.23K"},
	} {
		if got := strings.Join(Ticks(tc.values, 0, ParseUnit(tc.unit)), " "); got != tc.want {
			t.Errorf("Ticks(%v, %q) = %q, want %q", tc.values, tc.unit, got, tc.want)
		}
	}
}

func TestThreshold(t *testing.T) {
	for _, tc := range []struct {
		v    float64
		want string
	}{
		{46535.24, "46,535.24"},
		{10000000, "10,000,000"},
		{0.5, "0.5"},
		{-1234.5, "-1,234.5"},
		{0, "0"},
		{1e-7, "1e-07"},
		{1.25e15, "1,250,000,000,000,000"},
	} {
		if got := Threshold(tc.v); got != tc.want {
			t.Errorf("Threshold(%v) = %q, want %q", tc.v, got, tc.want)
		}
	}
}

func ExampleTicks() {
	fmt.Println(Ticks([]float64{0, 0.5, 1, 1.5}, 0.5, ParseUnit("USD billions")))
	fmt.Println(Amount(46535.24, ParseUnit("USD")), Amount(5, ParseUnit("USD billions")))
	// Output:
	// [$0 $0.5B $1.0B $1.5B]
	// $46,535.24 $5B
}
