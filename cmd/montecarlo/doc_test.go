package main

import (
	"os"
	"regexp"
	"strings"
	"testing"
)

// TestReadme keeps README.md honest: it starts with the two set-up
// commands, its example scenario validates, and every flag of run is
// documented with its environment variable.
func TestReadme(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := "```\ngo run ./cmd/montecarlo run "
	if !strings.HasPrefix(readme, start) || !strings.Contains(readme[:300], "\ngo test ./... ") {
		t.Errorf("README.md must start with the set-up commands `go run ./cmd/montecarlo run` and `go test ./...`")
	}

	m := regexp.MustCompile("(?s)```yaml\n(.*?)```").FindStringSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no yaml example")
	}
	path := writeFile(t, "readme.yaml", m[1])
	if out, stderr, code := mc(t, "validate", path); code != 0 || !strings.HasSuffix(out, "ok\n") {
		t.Errorf("README's example scenario: exit %d\n%s", code, stderr)
	}
	if _, stderr, code := mc(t, "run", path, "-n", "2048", "--variant", "cheap"); code != 0 {
		t.Errorf("README's example scenario, variant cheap: exit %d\n%s", code, stderr)
	}

	for _, f := range runCommand().Flags {
		name := f.Names()[0]
		if !strings.Contains(readme, "`--"+name) {
			t.Errorf("README.md does not document --%s", name)
		}
		if env := "MONTECARLO_" + strings.ToUpper(strings.ReplaceAll(name, "-", "_")); !strings.Contains(readme, env) {
			t.Errorf("README.md does not name %s", env)
		}
	}
}
