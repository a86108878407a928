package scenario

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
	"strings"
)

//go:embed builtin/*.yaml
var builtinFS embed.FS

// Default is the name of the built-in scenario used when none is given.
const Default = "openai-2024"

// Builtins returns the names of the embedded scenarios, sorted.
func Builtins() []string {
	entries, err := fs.ReadDir(builtinFS, "builtin")
	if err != nil {
		panic("scenario: embedded scenarios missing: " + err.Error()) // a build error
	}
	var names []string
	for _, e := range entries {
		if name, ok := strings.CutSuffix(e.Name(), ".yaml"); ok {
			names = append(names, name)
		}
	}
	sort.Strings(names)
	return names
}

// BuiltinSource returns the YAML text of the named embedded scenario.
func BuiltinSource(name string) ([]byte, error) {
	src, err := builtinFS.ReadFile("builtin/" + name + ".yaml")
	if err != nil || strings.ContainsAny(name, "/\\") {
		names := Builtins()
		return nil, fmt.Errorf("no built-in scenario %q%s (built-in: %s)", name, didYouMean(name, names), strings.Join(names, ", "))
	}
	return src, nil
}

// Builtin parses the named embedded scenario; its File is NAME.yaml.
func Builtin(name string) (*Scenario, error) {
	src, err := BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return Parse(name+".yaml", src)
}
