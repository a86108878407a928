package stop

import (
	"math"
	"strings"
	"testing"
)

// FuzzParse checks that Parse never panics, that accepted targets have a
// figure and a finite positive error, and that every error has a message.
// Run it with: go test ./stop -run '^$' -fuzz '^FuzzParse$' -fuzztime 3m -parallel 2
func FuzzParse(f *testing.F) {
	for _, s := range []string{"loss.mean=1%", "mean=0.01,p95=2%", "a=", "=1", "x=NaN", "x=-1%", "x=1e400"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		ts, err := Parse(s)
		if err != nil {
			if strings.TrimSpace(err.Error()) == "" {
				t.Fatal("error without a message")
			}
			return
		}
		for _, x := range ts {
			if x.Figure == "" || !(x.Error > 0) || math.IsInf(x.Error, 0) {
				t.Fatalf("Parse(%q) accepted %+v", s, x)
			}
		}
	})
}
