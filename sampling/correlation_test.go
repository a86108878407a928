package sampling_test

import (
	"math"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sampling"
)

// TestRepair: the nearest correlation matrix of published examples, to
// 1e-6 (the references give 8 decimals).
func TestRepair(t *testing.T) {
	tests := []struct {
		name      string
		in, want  [][]float64
		maxChange float64
	}{
		{
			// The 3×3 example of Higham (2002): the nearest correlation matrix to this
			// unit-diagonal matrix with an eigenvalue −0.4142 (values as
			// in the test data of mikecroucher/nearest_correlation).
			name: "Higham 2002 3x3",
			in:   [][]float64{{1, 1, 0}, {1, 1, 1}, {0, 1, 1}},
			want: [][]float64{
				{1, 0.76068985, 0.15729811},
				{0.76068985, 1, 0.76068985},
				{0.15729811, 0.76068985, 1},
			},
			maxChange: 0.23931015,
		},
		{
			// NAG Library Mark 24, g02aa example (from Higham 2002): a
			// matrix with 2 on the diagonal.
			name: "NAG g02aa 4x4",
			in:   [][]float64{{2, -1, 0, 0}, {-1, 2, -1, 0}, {0, -1, 2, -1}, {0, 0, -1, 2}},
			want: [][]float64{
				{1, -0.8084125, 0.1915875, 0.10677505},
				{-0.8084125, 1, -0.65623269, 0.1915875},
				{0.1915875, -0.65623269, 1, -0.8084125},
				{0.10677505, 0.1915875, -0.8084125, 1},
			},
			maxChange: 1,
		},
		{
			name:      "valid matrix unchanged",
			in:        [][]float64{{1, 0.5, 0.2}, {0.5, 1, 0.3}, {0.2, 0.3, 1}},
			want:      [][]float64{{1, 0.5, 0.2}, {0.5, 1, 0.3}, {0.2, 0.3, 1}},
			maxChange: 0,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			names := []string{"a", "b", "c", "d"}[:len(tt.in)]
			got, change, err := sampling.Correlation{Names: names, Matrix: tt.in}.Repair()
			if err != nil {
				t.Fatal(err)
			}
			for i := range tt.want {
				for j := range tt.want {
					if d := math.Abs(got.Matrix[i][j] - tt.want[i][j]); d > 1e-6 {
						t.Errorf("(%d, %d): got %.8f, want %.8f", i, j, got.Matrix[i][j], tt.want[i][j])
					}
				}
			}
			if math.Abs(change-tt.maxChange) > 1e-6 {
				t.Errorf("largest change %.8f, want %.8f", change, tt.maxChange)
			}
			if err := got.Validate(); err != nil {
				t.Errorf("the repaired matrix is not valid: %v", err)
			}
			if &got.Matrix[0][0] == &tt.in[0][0] {
				t.Error("Repair returned the caller's matrix")
			}
		})
	}
}

// TestCorrelationValidate: each kind of invalid matrix is refused with an
// error that names what is wrong.
func TestCorrelationValidate(t *testing.T) {
	ab := []string{"a", "b"}
	tests := []struct {
		name string
		c    sampling.Correlation
		want string // substring of the error; "" for valid
	}{
		{"valid", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 0.3}, {0.3, 1}}}, ""},
		{"perfect", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 1}, {1, 1}}}, ""},
		{"empty", sampling.Correlation{}, "no inputs"},
		{"duplicate name", sampling.Correlation{Names: []string{"a", "a"}, Matrix: [][]float64{{1, 0}, {0, 1}}}, `"a" is named twice`},
		{"rows", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 0}}}, "1 rows"},
		{"ragged", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 0}, {0}}}, "row 2 (b) has 1 entries"},
		{"asymmetric", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 0.3}, {0.2, 1}}}, "not symmetric"},
		{"diagonal", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 0.3}, {0.3, 0.9}}}, "diagonal entry of b"},
		{"range", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, 1.2}, {1.2, 1}}}, "outside [-1, 1]"},
		{"NaN", sampling.Correlation{Names: ab, Matrix: [][]float64{{1, math.NaN()}, {math.NaN(), 1}}}, "is NaN"},
		{"not PSD", sampling.Correlation{Names: []string{"a", "b", "c"},
			Matrix: [][]float64{{1, 0.9, -0.9}, {0.9, 1, 0.9}, {-0.9, 0.9, 1}}}, "not positive semidefinite"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.c.Validate()
			switch {
			case tt.want == "" && err != nil:
				t.Errorf("unexpected error: %v", err)
			case tt.want != "" && (err == nil || !strings.Contains(err.Error(), tt.want)):
				t.Errorf("error %v, want one containing %q", err, tt.want)
			}
		})
	}
}
