package job

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/scenario"
)

func TestParseSweep(t *testing.T) {
	axes, ovs, err := ParseSweep([]string{"revenue=3 to 4, 3.5 to 4.5", "price=pert(1, 2, 3), pert(2, 3, 4), 5", "training=3"})
	if err != nil {
		t.Fatal(err)
	}
	want := []SweepAxis{{"revenue", []string{"3 to 4", "3.5 to 4.5"}}, {"price", []string{"pert(1, 2, 3)", "pert(2, 3, 4)", "5"}}}
	if !reflect.DeepEqual(axes, want) || !reflect.DeepEqual(ovs, []scenario.Override{{Name: "training", Dist: "3"}}) {
		t.Errorf("axes %v, overrides %v", axes, ovs)
	}
	for _, tc := range []struct {
		sets []string
		want string
	}{
		{[]string{"training=3"}, "nothing to sweep"},
		{[]string{"revenue"}, "write name=dist"},
		{[]string{"revenue=3 to 4, "}, "an empty value"},
		{[]string{"a=1, 2, 3, 4, 5, 6, 7, 8", "b=1, 2, 3, 4, 5, 6, 7, 8, 9"}, "more than 64 points"},
	} {
		if _, _, err := ParseSweep(tc.sets); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("ParseSweep(%q) = %v, want %q", tc.sets, err, tc.want)
		}
	}
}

// TestSweep runs a 2×2 grid of the default scenario as one comparison: four
// members p1..p4 described by their values, the first the base, and the
// re-create command naming the sweep.
func TestSweep(t *testing.T) {
	axes, _, err := ParseSweep([]string{"revenue=3 to 4, 4 to 5", "training=2.5, 3.5"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	if err := Compare(context.Background(), Options{Sweep: axes, Trials: 4096, Format: JSON, Stdout: &out, Date: date, Engine: "test"}); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Provenance struct {
			Members []struct{ Label, Description string }
		}
		Outputs []struct {
			Name    string
			Members []struct{ Label string }
		}
	}
	if err := json.Unmarshal(out.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, m := range doc.Provenance.Members {
		got = append(got, m.Label+": "+m.Description)
	}
	want := []string{"p1: revenue=3 to 4, training=2.5", "p2: revenue=3 to 4, training=3.5", "p3: revenue=4 to 5, training=2.5", "p4: revenue=4 to 5, training=3.5"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members %q, want %q", got, want)
	}
	if err := Compare(context.Background(), Options{Sweep: axes, Variants: []string{"no-apple-deal"}, Trials: 2048, Stdout: &out}); err == nil {
		t.Error("a sweep with a variant ran")
	}
}

// TestSweepGrid: a sweep of two inputs tables each output's mean and
// P(> t) over the grid.
func TestSweepGrid(t *testing.T) {
	axes, _, err := ParseSweep([]string{"revenue=3 to 4, 4 to 5, 5 to 6", "training=2.5, 3.5"})
	if err != nil {
		t.Fatal(err)
	}
	var out bytes.Buffer
	dir := filepath.Join(t.TempDir(), "sweep")
	if err := Compare(context.Background(), Options{Sweep: axes, Trials: 4096, Stdout: &out, Out: dir}); err != nil {
		t.Fatal(err)
	}
	if _, err := os.Stat(filepath.Join(dir, "loss-grid.png")); err != nil {
		t.Errorf("no heatmap of the loss over the grid: %v", err)
	}
	for _, want := range []string{"mean across the grid (revenue down, training across)", "P(> 5) across the grid", "    5 to 6  "} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("the table lacks %q", want)
		}
	}
}
