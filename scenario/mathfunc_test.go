package scenario

import (
	"math"
	"strings"
	"testing"
)

// TestMathFunctions checks each of the usual functions, folded from
// constants and computed by the engine from inputs.
func TestMathFunctions(t *testing.T) {
	xy := func(x, y float64) map[string][]float64 { return map[string][]float64{"x": {x}, "y": {y}} }
	nan := math.NaN()
	tests := []struct {
		expr string
		in   map[string][]float64
		want float64
	}{
		{"sin(x)", xy(math.Pi/2, 0), 1},
		{"sin(0.5)", xy(0, 0), math.Sin(0.5)},
		{"cos(x)", xy(math.Pi, 0), -1},
		{"cos(0)", xy(0, 0), 1},
		{"tan(x)", xy(math.Pi/4, 0), math.Tan(math.Pi / 4)},
		{"asin(x)", xy(1, 0), math.Pi / 2},
		{"asin(0.5)", xy(0, 0), math.Asin(0.5)},
		{"acos(x)", xy(-1, 0), math.Pi},
		{"atan(x)", xy(1, 0), math.Pi / 4},
		{"atan2(x, y)", xy(1, -1), 3 * math.Pi / 4},
		{"atan2(-1, -1)", xy(0, 0), -3 * math.Pi / 4},
		{"log10(x)", xy(1000, 0), 3},
		{"log10(1e-3)", xy(0, 0), -3},
		{"log2(x)", xy(8, 0), 3},
		{"log2(0.25)", xy(0, 0), -2},
		{"floor(x)", xy(-2.5, 0), -3},
		{"floor(2.5)", xy(0, 0), 2},
		{"ceil(x)", xy(-2.5, 0), -2},
		{"ceil(2.1)", xy(0, 0), 3},
		{"round(x)", xy(2.5, 0), 3},
		{"round(x)", xy(-2.5, 0), -3},
		{"round(2.4)", xy(0, 0), 2},
		{"mod(x, y)", xy(7, 3), 1},
		{"mod(x, y)", xy(-7, 3), 2},
		{"mod(x, y)", xy(7, -3), -2},
		{"mod(-7, -3)", xy(0, 0), -1},
		{"mod(x, y)", xy(6, 3), 0},
		{"pow(x, y)", xy(2, 10), 1024},
		{"pow(2, 0.5)", xy(0, 0), math.Sqrt2},
		// Domain errors at run time are NaN (the engine's NaN policy then applies).
		{"asin(x)", xy(2, 0), nan},
		{"acos(x)", xy(-1.5, 0), nan},
		{"log10(x)", xy(-1, 0), nan},
		{"log2(x)", xy(-1, 0), nan},
		{"mod(x, y)", xy(1, 0), nan},
	}
	for _, tt := range tests {
		got, err := evalFormula(t, 1, tt.expr, tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if len(got) != 1 {
			t.Errorf("%s: %d values", tt.expr, len(got))
			continue
		}
		if math.IsNaN(tt.want) {
			if !math.IsNaN(got[0]) {
				t.Errorf("%s with %v = %v, want NaN", tt.expr, tt.in, got[0])
			}
			continue
		}
		if math.Abs(got[0]-tt.want) > 1e-12*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("%s with %v = %v, want %v", tt.expr, tt.in, got[0], tt.want)
		}
	}
}

// TestMathFunctionErrors checks positioned errors for constant domain
// errors and wrong argument counts.
func TestMathFunctionErrors(t *testing.T) {
	tests := []struct{ expr, want string }{
		{"x + asin(2)", "eval.yaml:6:11: asin of 2: it needs a number in [-1, 1]"},
		{"x + acos(-3)", "eval.yaml:6:11: acos of -3"},
		{"x + log10(-1)", "eval.yaml:6:11: log10 of -1: the logarithm needs a positive number"},
		{"x + log2(0)", "eval.yaml:6:11: log2 of 0"},
		{"x + mod(5, 0)", "eval.yaml:6:11: mod by zero"},
		{"atan2(x)", "atan2 takes"},
		{"mod(x, 1, 2)", "mod takes"},
		{"sin(x, 1)", "sin takes"},
		{"flor(x)", `did you mean "floor"?`},
	}
	for _, tt := range tests {
		_, err := evalFormula(t, 1, tt.expr, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want ...%s...", tt.expr, err, tt.want)
		}
	}
}
