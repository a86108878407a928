package job

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestCorrelatedRun runs a scenario whose correlations are not a valid
// matrix: the JSON carries the requested, repaired and achieved
// coefficients and the warning, validate shows both matrices, and a
// comparison with a variant that changes the correlations is refused.
func TestCorrelatedRun(t *testing.T) {
	const file = "testdata/correlated.yaml"
	var out bytes.Buffer
	err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 50_000, Format: JSON, Stdout: &out, Date: date, Engine: "test"})
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Correlations struct {
			Method string
			Pairs  []struct {
				A, B                      string
				Requested, Used, Achieved float64
			}
		}
		Outputs []struct {
			Final struct{ Replicates int }
		}
		Warnings []string
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	c := doc.Correlations
	if c.Method != "iman-conover" || len(c.Pairs) != 3 {
		t.Fatalf("correlations %+v", c)
	}
	for _, p := range c.Pairs {
		if math.Abs(p.Used) >= math.Abs(p.Requested) || math.Abs(p.Achieved-p.Used) > 0.03 {
			t.Errorf("%s, %s: requested %v, used %v, achieved %v", p.A, p.B, p.Requested, p.Used, p.Achieved)
		}
	}
	if doc.Outputs[0].Final.Replicates != 32 {
		t.Errorf("Iman–Conover run has %d replicate groups, want 32", doc.Outputs[0].Final.Replicates)
	}
	if len(doc.Warnings) == 0 || !strings.Contains(doc.Warnings[0], "nearest valid matrix") {
		t.Errorf("warnings %q", doc.Warnings)
	}

	var v bytes.Buffer
	if err := Validate(&v, file); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"rank correlations (iman-conover, 3 pairs)", "not positive semidefinite", "the run uses the nearest valid matrix instead"} {
		if !strings.Contains(v.String(), want) {
			t.Errorf("validate lacks %q:\n%s", want, v.String())
		}
	}

	err = Compare(context.Background(), Options{Scenarios: []string{file}, Variants: []string{"independent"}, Trials: 2048, Stdout: &out})
	if err == nil || !strings.Contains(err.Error(), "which correlates them by") {
		t.Errorf("compare of members with different correlations: %v", err)
	}
	err = Run(context.Background(), Options{Scenarios: []string{file}, Variants: []string{"independent"}, Trials: 2048, Format: JSON, Stdout: &out})
	if err != nil {
		t.Errorf("the variant does not run: %v", err)
	}
}
