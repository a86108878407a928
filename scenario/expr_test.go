package scenario

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func TestPrecedence(t *testing.T) {
	tests := []struct{ in, want string }{
		{"a + b * c", "(a + (b * c))"},
		{"a - b - c", "((a - b) - c)"},
		{"a / b / c", "((a / b) / c)"},
		{"-a ^ b", "(-(a ^ b))"},
		{"a ^ b ^ c", "(a ^ (b ^ c))"},
		{"a ^ -b", "(a ^ (-b))"},
		{"a < b + c", "(a < (b + c))"},
		{"a or b and c", "(a or (b and c))"},
		{"a || b && !c", "(a or (b and (not c)))"},
		{"not a == b", "(not (a == b))"},
		{"+a", "a"},
		{"--a", "(-(-a))"},
		{"if(a > 1, b, c) * 2", "(if((a > 1), b, c) * 2)"},
		{"(a + b) * c", "((a + b) * c)"},
		{"1.5K + 5%", "(1500 + 0.05)"},
	}
	for _, tt := range tests {
		n, err := parseExpr(tt.in)
		if err != nil {
			t.Errorf("parseExpr(%q): %v", tt.in, err)
			continue
		}
		if got := n.String(); got != tt.want {
			t.Errorf("parseExpr(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
}

func TestExprSyntaxErrors(t *testing.T) {
	tests := []struct {
		in   string
		off  int
		want string
	}{
		{"", 0, "empty formula"},
		{"a +", 3, "unexpected end of formula"},
		{"a b", 2, `unexpected "b"; expected an operator`},
		{"(a", 2, `expected ")"`},
		{"a)", 1, `unmatched ")"`},
		{"1 < 2 < 3", 6, "cannot be chained"},
		{"a = b", 2, `write "=="`},
		{"a & b", 2, `write "&&"`},
		{"2 ** 3", 2, `write "^"`},
		{"3 to 4", 2, "`to` makes a distribution"},
		{"5x", 0, `bad number "5x"`},
		{"1e", 0, `bad number "1e"`},
		{"a # b", 2, `unexpected character '#'`},
		{"f(a b)", 4, `expected "," or ")"`},
		{"and", 0, `unexpected "and"`},
		{strings.Repeat("(", 300) + "1" + strings.Repeat(")", 300), 0, "nested too deeply"},
	}
	for _, tt := range tests {
		_, err := parseExpr(tt.in)
		se, ok := err.(*syntaxError)
		if !ok {
			t.Errorf("parseExpr(%q) error = %v, want a syntax error", tt.in, err)
			continue
		}
		if !strings.Contains(se.msg, tt.want) || se.off != tt.off && !strings.Contains(tt.want, "nested") {
			t.Errorf("parseExpr(%q) = %d: %s, want %d: ...%s...", tt.in, se.off, se.msg, tt.off, tt.want)
		}
	}
}

// evalFormula compiles `r: expr` in a scenario with scalar inputs x and y
// and, if periods > 1, a per-period input s, then evaluates it with sim.Evaluate.
func evalFormula(t *testing.T, periods int, expr string, in map[string][]float64) ([]float64, error) {
	t.Helper()
	src := "name: eval\n"
	if periods > 1 {
		src += fmt.Sprintf("periods: %d\n", periods)
	}
	src += "inputs:\n  x: 0\n  y: 0\n"
	if periods > 1 {
		src += "  s: { dist: 0, per_period: true }\n"
	}
	src += "formulas:\n  r: " + strconv.Quote(expr) + "\noutputs: [r]\n"
	sc, err := Parse("eval.yaml", []byte(src))
	if err != nil {
		return nil, err
	}
	out, err := sim.Evaluate(sc.Model, in)
	if err != nil {
		t.Fatalf("%s: sim.Evaluate: %v", expr, err)
	}
	return out["r"], nil
}

func TestFormulaSemantics(t *testing.T) {
	xy := func(x, y float64) map[string][]float64 { return map[string][]float64{"x": {x}, "y": {y}} }
	tests := []struct {
		expr string
		in   map[string][]float64
		want float64
	}{
		// Constants (folded at compile time) and the same with variables
		// (computed by the engine) must agree.
		{"-2^2", xy(0, 0), -4},
		{"-x^2", xy(2, 0), -4},
		{"2^3^2", xy(0, 0), 512},
		{"x^y^2", xy(2, 3), 512},
		{"2^-1", xy(0, 0), 0.5},
		{"x^-y", xy(2, 1), 0.5},
		{"2*3+4", xy(0, 0), 10},
		{"x*y+4", xy(2, 3), 10},
		{"2*(3+4)", xy(0, 0), 14},
		{"10-4-3", xy(0, 0), 3},
		{"x-4-y", xy(10, 3), 3},
		{"64/4/2", xy(0, 0), 8},
		{"x/y/2", xy(64, 4), 8},
		{"x - -y", xy(1, 2), 3},
		{"1 < 2", xy(0, 0), 1},
		{"x < y", xy(2, 1), 0},
		{"x <= y", xy(2, 2), 1},
		{"x > y", xy(2, 1), 1},
		{"x >= y", xy(1, 2), 0},
		{"x == y", xy(2, 2), 1},
		{"x != y", xy(2, 2), 0},
		{"x == 3 and y != 3", xy(3, 4), 1},
		{"x == 3 && y != 3", xy(3, 3), 0},
		{"x > 5 or y > 5", xy(3, 6), 1},
		{"x > 5 || y > 5", xy(3, 4), 0},
		{"not x > 5", xy(3, 0), 1},
		{"!x", xy(0, 0), 1},
		{"!(x > 1)", xy(3, 0), 0},
		{"if(x > 2, 10, 20)", xy(3, 0), 10},
		{"if(x > 2, 10, 20)", xy(1, 0), 20},
		{"if(x, y, -y)", xy(0, 5), -5},
		{"if(1, x, y)", xy(7, 8), 7},
		{"if(0, x, y)", xy(7, 8), 8},
		{"min(x, y, 1)", xy(3, 2), 1},
		{"min(x, y)", xy(3, 2), 2},
		{"max(x, 2, y)", xy(1, 0), 2},
		{"max(x, y, 4, 5)", xy(9, 0), 9},
		{"min(3, 1, 2)", xy(0, 0), 1},
		{"clamp(x, 0, 2)", xy(3, 0), 2},
		{"clamp(x, 0, 2)", xy(-1, 0), 0},
		{"clamp(x, y, 2)", xy(1, 1.5), 1.5},
		{"abs(-x)", xy(3, 0), 3},
		{"abs(x - y)", xy(1, 4), 3},
		{"exp(0)", xy(0, 0), 1},
		{"exp(x)", xy(1, 0), math.E},
		{"log(x)", xy(math.E, 0), 1},
		{"sqrt(x)", xy(9, 0), 3},
		{"sqrt(16)", xy(0, 0), 4},
		{"5% * x", xy(200, 0), 10},
		{"1.5K + x", xy(1, 0), 1501},
		{"2B / 1M", xy(0, 0), 2000},
		{"1_000 * x", xy(2, 0), 2000},
		{"x", xy(4, 0), 4},
		{"3", xy(0, 0), 3},
		{"x * 2 + y * 2 + x * y", xy(2, 3), 16},
	}
	for _, tt := range tests {
		got, err := evalFormula(t, 1, tt.expr, tt.in)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if len(got) != 1 || math.Abs(got[0]-tt.want) > 1e-12*math.Max(1, math.Abs(tt.want)) {
			t.Errorf("%s with %v = %v, want %v", tt.expr, tt.in, got, tt.want)
		}
	}
}

func TestPeriodicSemantics(t *testing.T) {
	in := map[string][]float64{"x": {10}, "y": {2}, "s": {1, 2, 3, 4}}
	tests := []struct {
		expr string
		want []float64
	}{
		{"period", []float64{1, 2, 3, 4}},
		{"s", []float64{1, 2, 3, 4}},
		{"cumsum(s)", []float64{1, 3, 6, 10}},
		{"cumsum(period)", []float64{1, 3, 6, 10}},
		{"lag(s, 1)", []float64{0, 1, 2, 3}},
		{"lag(s, 2, x)", []float64{10, 10, 1, 2}},
		{"lag(s, 3, s * 100)", []float64{100, 200, 300, 1}},
		{"sum(s)", []float64{10}},
		{"mean(s)", []float64{2.5}},
		{"sum(s) + x", []float64{20}},
		{"mean(s * period)", []float64{7.5}},
		{"s * x", []float64{10, 20, 30, 40}},
		{"x + period", []float64{11, 12, 13, 14}},
		{"x ^ 0 * y", []float64{2}},
		{"if(period > 2, s, 0)", []float64{0, 0, 3, 4}},
		{"if(x > 5, s, -s)", []float64{1, 2, 3, 4}},
		{"max(s, 2.5)", []float64{2.5, 2.5, 3, 4}},
		{"clamp(x, s, 3)", []float64{3, 3, 3, 3}},
		{"sum(cumsum(s)) / y", []float64{10}},
		{"s - lag(s, 1, s)", []float64{0, 1, 1, 1}},
	}
	for _, tt := range tests {
		got, err := evalFormula(t, 4, tt.expr, in)
		if err != nil {
			t.Errorf("%s: %v", tt.expr, err)
			continue
		}
		if fmt.Sprint(got) != fmt.Sprint(tt.want) {
			t.Errorf("%s = %v, want %v", tt.expr, got, tt.want)
		}
	}
}

func TestFormulaErrors(t *testing.T) {
	tests := []struct {
		periods int
		expr    string
		want    string
	}{
		{1, "period * 2", "eval.yaml:6:7: `period` needs a periodic scenario: add `periods: 12` at the top level"},
		{1, "sum(x)", "eval.yaml:6:7: sum needs a periodic scenario"},
		{1, "lag(x, 1)", "eval.yaml:6:7: lag needs a periodic scenario"},
		{4, "sum(x)", "eval.yaml:8:7: sum needs a series"},
		{4, "cumsum(x + 1)", "eval.yaml:8:7: cumsum needs a series"},
		{4, "lag(s, 4)", "eval.yaml:8:14: lag: k must be a whole number from 0 to 3"},
		{4, "lag(s, 1.5)", "eval.yaml:8:14: lag: k must"},
		{4, "lag(s, x)", "eval.yaml:8:14: lag: k must"},
		{1, "xx + 1", `eval.yaml:6:7: unknown name "xx"; did you mean "x"?`},
		{4, "perid", `unknown name "perid"; did you mean "period"?`},
		{1, "1/0", "division by zero: the divisor is the constant 0; write a non-zero divisor"},
		{1, "x + sqrt(-1)", "eval.yaml:6:11: sqrt of -1"},
		{1, "r + 1", "cycle: r -> r"},
	}
	for _, tt := range tests {
		_, err := evalFormula(t, tt.periods, tt.expr, nil)
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want ...%s...", tt.expr, err, tt.want)
		}
	}
}

func TestConstantFoldingAndTemporaries(t *testing.T) {
	sc, err := Parse("f.yaml", []byte(`name: f
inputs: { x: 1 to 2 }
formulas:
  a: x * (2 * 3 + 1) + 12 / 4 - 7 + 7 * 1
  b: a
  c: 2 ^ 10
  d: (x + 1) * (x + 2) * (x + 3) * (x + 4)
outputs: [a, b, c, d]
`))
	if err != nil {
		t.Fatal(err)
	}
	m := sc.Model
	var consts []float64
	temps := 0
	for _, s := range m.Slots {
		switch {
		case s.Const:
			consts = append(consts, s.Value)
		case s.Name == "":
			temps++
		}
	}
	// a: x*7 + 3 - 7 + 7 needs constants 7 and 3 (7 shared); c folds to 1024;
	// d needs 1, 2, 3, 4.
	if fmt.Sprint(consts) != "[7 3 1024 1 2 4]" {
		t.Errorf("constants %v, want [7 3 1024 1 2 4] (deduplicated, folded)", consts)
	}
	// d's four sums and three products need at most three temporaries at once.
	if temps > 3 {
		t.Errorf("%d temporaries, want <= 3 (dead ones reused)", temps)
	}
	for _, in := range m.Code {
		if in.Dst == m.Formulas[1].Slot && in.Op != model.OpCopy {
			t.Errorf("b: a compiles to %v, want OpCopy", in.Op)
		}
	}
	out, err := sim.Evaluate(m, map[string][]float64{"x": {2}})
	if err != nil {
		t.Fatal(err)
	}
	if got := fmt.Sprint(out["a"], out["b"], out["c"], out["d"]); got != "[17] [17] [1024] [360]" {
		t.Errorf("values %s, want [17] [17] [1024] [360]", got)
	}
}
