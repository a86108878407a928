package suite

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// FuzzParse checks that no input makes Parse panic or hang and that every
// error has a message naming the file.
// Run it with: go test ./suite -run '^$' -fuzz '^FuzzParse$' -fuzztime 3m -parallel 2
func FuzzParse(f *testing.F) {
	seeds, _ := filepath.Glob("../testdata/suites/*.yaml")
	for _, path := range seeds {
		src, err := os.ReadFile(path)
		if err != nil {
			f.Fatal(err)
		}
		f.Add(src)
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		_, err := Parse("fuzz.yaml", src)
		if err != nil && !strings.Contains(err.Error(), "fuzz.yaml") {
			t.Fatalf("error does not name the file: %v", err)
		}
	})
}
