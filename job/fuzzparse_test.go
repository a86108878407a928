package job

import (
	"strings"
	"testing"
)

// FuzzParseCases checks that ParseCases never panics or hangs and that every
// error has a message.
// Run it with: go test ./job -run '^$' -fuzz '^FuzzParseCases$' -fuzztime 3m -parallel 2
func FuzzParseCases(f *testing.F) {
	f.Add("cases.csv", []byte("a,b\n1,2\n3,4\n"))
	f.Add("cases.yaml", []byte("- {a: 1, b: 2}\n- {a: 3, b: 4}\n"))
	f.Fuzz(func(t *testing.T, file string, src []byte) {
		if _, err := ParseCases(file, src); err != nil && strings.TrimSpace(err.Error()) == "" {
			t.Fatal("error without a message")
		}
	})
}

// FuzzParseOverrides checks that ParseOverrides and ParseSweep never panic
// and that every error has a message.
// Run it with: go test ./job -run '^$' -fuzz '^FuzzParseOverrides$' -fuzztime 3m -parallel 2
func FuzzParseOverrides(f *testing.F) {
	f.Add("rate: 0.5")
	f.Add("rate: 0.1, 0.2, 0.3")
	f.Add("x: normal(0, 1)")
	f.Fuzz(func(t *testing.T, s string) {
		sets := strings.Split(s, "\n")
		if _, err := ParseOverrides(sets); err != nil && strings.TrimSpace(err.Error()) == "" {
			t.Fatal("ParseOverrides: error without a message")
		}
		if _, _, err := ParseSweep(sets); err != nil && strings.TrimSpace(err.Error()) == "" {
			t.Fatal("ParseSweep: error without a message")
		}
	})
}
