package scenario

import (
	"reflect"
	"testing"
)

const correlatedSrc = `name: correlated
inputs:
  revenue: 3.5 to 4.5
  price: triangular(1.2, 1.3, 1.6)
  hours: 2.8 to 3.4
correlations:
  revenue, price: 0.6
  " hours ,revenue": { rho: -25%, assumption: cheap hours come with high sales }
correlation_method: t(4)
sampling: random
formulas:
  cost: price * hours - revenue
outputs:
  cost: {}
variants:
  decoupled:
    correlations:
      price, revenue: 0
      hours, price: 0.3
`

// TestCorrelations parses a scenario's correlations, method and design,
// and a variant's changes to them.
func TestCorrelations(t *testing.T) {
	s, err := Parse("c.yaml", []byte(correlatedSrc))
	if err != nil {
		t.Fatal(err)
	}
	if s.Sampling != "random" || s.Method != (Method{Name: StudentT, Nu: 4}) || s.Method.String() != "t(4)" {
		t.Errorf("sampling %q, method %+v", s.Sampling, s.Method)
	}
	want := []Correlation{{A: "revenue", B: "price", Rho: 0.6, Line: 7, Col: 3},
		{A: "hours", B: "revenue", Rho: -0.25, Assumption: "cheap hours come with high sales", Line: 8, Col: 3}}
	if !reflect.DeepEqual(s.Correlations, want) {
		t.Errorf("correlations %+v, want %+v", s.Correlations, want)
	}
	c, ok := s.RankCorrelation()
	wantM := [][]float64{{1, 0.6, -0.25}, {0.6, 1, 0}, {-0.25, 0, 1}}
	if !ok || !reflect.DeepEqual(c.Names, []string{"revenue", "price", "hours"}) || !reflect.DeepEqual(c.Matrix, wantM) {
		t.Errorf("matrix %v %v", c.Names, c.Matrix)
	}
	v, err := s.Variant("decoupled")
	if err != nil {
		t.Fatal(err)
	}
	got := [][3]any{}
	for _, p := range v.Correlations {
		got = append(got, [3]any{p.A, p.B, p.Rho})
	}
	if w := [][3]any{{"price", "revenue", 0.0}, {"hours", "revenue", -0.25}, {"hours", "price", 0.3}}; !reflect.DeepEqual(got, w) {
		t.Errorf("variant correlations %v, want %v", got, w)
	}
	if len(s.Correlations) != 2 || s.Correlations[0].Rho != 0.6 {
		t.Errorf("the variant changed the base: %+v", s.Correlations)
	}
}

func TestParseMethod(t *testing.T) {
	for _, tc := range []struct {
		in   string
		want Method
		ok   bool
	}{
		{"", Method{Name: ImanConover}, true},
		{"Iman-Conover", Method{Name: ImanConover}, true},
		{"gaussian", Method{Name: Gaussian}, true},
		{"t(4)", Method{Name: StudentT, Nu: 4}, true},
		{"student-t( 2.5 )", Method{Name: StudentT, Nu: 2.5}, true},
		{"t(0)", Method{}, false},
		{"t(4", Method{}, false},
		{"t()", Method{}, false},
		{"clayton", Method{}, false},
	} {
		got, err := parseMethod(tc.in)
		if (err == nil) != tc.ok || got != tc.want {
			t.Errorf("parseMethod(%q) = %+v, %v", tc.in, got, err)
		}
	}
}
