package scenario

import (
	"errors"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite the expected errors in testdata/bad/*.err")

// TestBadFiles parses every file in testdata/bad and compares the error
// with NAME.err. The .err files are what users read: review them by eye
// after go test -run TestBadFiles -update.
func TestBadFiles(t *testing.T) {
	files, err := filepath.Glob("../testdata/bad/*.yaml")
	if err != nil || len(files) == 0 {
		t.Fatalf("no bad files: %v", err)
	}
	for _, path := range files {
		name := filepath.Base(path)
		t.Run(strings.TrimSuffix(name, ".yaml"), func(t *testing.T) {
			src, err := os.ReadFile(path)
			if err != nil {
				t.Fatal(err)
			}
			_, perr := Parse(name, src)
			if perr == nil {
				t.Fatalf("%s parsed without error", name)
			}
			var list ErrorList
			if !errors.As(perr, &list) {
				t.Fatalf("error is %T, want ErrorList", perr)
			}
			for _, e := range list {
				if e.File != name || e.Line < 1 || e.Col < 1 {
					t.Errorf("error without a position: %#v", e)
				}
			}
			got := perr.Error() + "\n"
			golden := strings.TrimSuffix(path, ".yaml") + ".err"
			if *update {
				if err := os.WriteFile(golden, []byte(got), 0o644); err != nil {
					t.Fatal(err)
				}
				return
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -run TestBadFiles -update)", err)
			}
			if got != string(want) {
				t.Errorf("%s:\ngot:\n%s\nwant:\n%s", name, got, want)
			}
		})
	}
}
