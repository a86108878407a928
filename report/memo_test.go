package report

import (
	"fmt"
	"testing"
)

// TestFormatColumn: a column gets the most decimals any row's error
// supports, at most the cap, on every row.
func TestFormatColumn(t *testing.T) {
	for _, tc := range []struct {
		values, ses []float64
		most        int
		want        []string
	}{
		{[]float64{1, 0.88243, -0.651}, []float64{0.0005, 0.00061, 0.0042}, 4, []string{"1.0000", "0.8824", "-0.6510"}},
		{[]float64{0.5, 0.25}, []float64{0.000001, 0.03}, 4, []string{"0.5000", "0.2500"}},
		{[]float64{0.512, 0.2}, []float64{0.012, 0.04}, 4, []string{"0.51", "0.20"}},
		{[]float64{-0.00004, 0.3}, []float64{0.01, 0.01}, 4, []string{"0.00", "0.30"}},
	} {
		got := formatColumn(tc.values, tc.ses, tc.most)
		if fmt.Sprint(got) != fmt.Sprint(tc.want) {
			t.Errorf("formatColumn(%v, %v) = %v, want %v", tc.values, tc.ses, got, tc.want)
		}
	}
}
