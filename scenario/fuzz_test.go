package scenario

import (
	"os"
	"path/filepath"
	"testing"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// FuzzParse checks that no input makes Parse panic, that every error has a
// position, and that every model Parse accepts passes the engine's checks.
// Run it with: go test ./scenario -run '^$' -fuzz FuzzParse -fuzztime 60s
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/bad/*.yaml")
	seeds = append(seeds, "../benchmarks/reference.yaml")
	builtins, _ := filepath.Glob("builtin/*.yaml")
	seeds = append(seeds, builtins...)
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Add([]byte("name: p\nperiods: 3\ninputs: { s: { dist: 1 to 2, per_period: true } }\nformulas: { c: lag(cumsum(s), 1, sum(s)) * period }\noutputs: [c]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		s, err := Parse("fuzz.yaml", src)
		if err != nil {
			list, ok := err.(ErrorList)
			if !ok || len(list) == 0 {
				t.Fatalf("error %T %v, want a non-empty ErrorList", err, err)
			}
			for _, e := range list {
				if e.Line < 1 || e.Col < 1 || e.Msg == "" {
					t.Fatalf("error without position or message: %#v", e)
				}
			}
			return
		}
		in := map[string][]float64{}
		for _, x := range s.Model.Inputs {
			v := make([]float64, 1)
			if x.PerPeriod {
				v = make([]float64, s.Model.Periods)
			}
			in[x.Name] = v
		}
		if s.Model.Periods*len(s.Model.Slots)*sim.BlockSize > 1e7 {
			return // too big to evaluate quickly
		}
		if _, err := sim.Evaluate(s.Model, in); err != nil {
			t.Fatalf("accepted model fails the engine's check: %v", err)
		}
	})
}
