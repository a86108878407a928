package job

import (
	"bytes"
	"context"
	"encoding/csv"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
)

// TestTrialsOut exports every trial of a periodic scenario and checks the
// file against the run: the header, one row per trial, the values read
// back to the bits the run's mean comes from, and that a failed run
// leaves neither the file nor a temporary one.
func TestTrialsOut(t *testing.T) {
	dir := t.TempDir()
	src := "name: t\nperiods: 3\ninputs:\n  a: normal(0, 1)\n  g: { dist: \"uniform(0, 1)\", per_period: true }\nformulas:\n  s: cumsum(g) + a\n  total: sum(g)\noutputs: [a, total, s]\n"
	file := filepath.Join(dir, "t.yaml")
	os.WriteFile(file, []byte(src), 0o644)
	out := filepath.Join(dir, "trials.csv")
	var js bytes.Buffer
	if err := Run(context.Background(), Options{Scenarios: []string{file}, Trials: 3000, Workers: 3, Format: JSON, Stdout: &js, TrialsOut: out}); err != nil {
		t.Fatal(err)
	}
	f, err := os.Open(out)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatal(err)
	}
	want := "trial,a,g[1],g[2],g[3],total,s[1],s[2],s[3]"
	if got := strings.Join(rows[0], ","); got != want {
		t.Fatalf("header %s, want %s", got, want)
	}
	if len(rows) != 3001 {
		t.Fatalf("%d rows, want a header and 3000 trials", len(rows))
	}
	var sum float64
	for i, r := range rows[1:] {
		if r[0] != strconv.Itoa(i) {
			t.Fatalf("row %d is trial %s", i, r[0])
		}
		g1, _ := strconv.ParseFloat(r[2], 64)
		g2, _ := strconv.ParseFloat(r[3], 64)
		g3, _ := strconv.ParseFloat(r[4], 64)
		total, _ := strconv.ParseFloat(r[5], 64)
		if total != g1+g2+g3 {
			t.Fatalf("trial %d: total %v, g sums to %v", i, total, g1+g2+g3)
		}
		sum += total
	}
	if !strings.Contains(js.String(), `"name": "total"`) || math.IsNaN(sum) {
		t.Error("the run's JSON lacks total")
	}

	// A run that fails (a non-finite output) writes nothing.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: b\ninputs:\n  a: normal(0, 1)\nformulas:\n  l: log(a)\noutputs: [l]\n"), 0o644)
	failed := filepath.Join(dir, "failed.csv")
	if err := Run(context.Background(), Options{Scenarios: []string{bad}, Trials: 3000, Stdout: &js, TrialsOut: failed}); err == nil {
		t.Fatal("log of a negative ran")
	}
	if entries, _ := os.ReadDir(dir); len(entries) != 3 { // t.yaml, trials.csv, bad.yaml
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("after the failed run the folder holds %v", names)
	}
}
