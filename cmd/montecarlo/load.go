package main

import (
	"errors"
	"fmt"
	"io/fs"
	"os"
	"slices"
	"strings"

	"github.com/montecarlo-risk/montecarlo/scenario"
)

// loaded is a scenario with where it came from.
type loaded struct {
	*scenario.Scenario
	file   string // path as given, or "builtin:NAME"
	source []byte // the scenario's source bytes
}

// loadScenario loads the scenario named by the optional argument arg: the
// default built-in scenario when arg is empty, the file arg when it exists,
// else the built-in scenario of that name.
func loadScenario(arg string) (*loaded, error) {
	if arg == "" {
		arg = scenario.Default
		return loadBuiltin(arg)
	}
	if _, err := os.Stat(arg); err != nil && errors.Is(err, fs.ErrNotExist) && slices.Contains(scenario.Builtins(), arg) {
		return loadBuiltin(arg)
	} else if err != nil && errors.Is(err, fs.ErrNotExist) {
		return nil, usagef("%s: no such file, and no built-in scenario of that name (built-in: %s)",
			arg, strings.Join(scenario.Builtins(), ", "))
	}
	s, err := scenario.Load(arg)
	if err != nil {
		return nil, err
	}
	src := s.Source
	if src == nil {
		// The scenario helper's Load keeps the source; read it if it did not.
		if src, err = os.ReadFile(arg); err != nil {
			return nil, err
		}
	}
	return &loaded{Scenario: s, file: arg, source: src}, nil
}

func loadBuiltin(name string) (*loaded, error) {
	s, err := scenario.Builtin(name)
	if err != nil {
		return nil, err
	}
	src, err := scenario.BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return &loaded{Scenario: s, file: "builtin:" + name, source: src}, nil
}

// parseOverrides parses --set values "name=distribution".
func parseOverrides(sets []string) ([]scenario.Override, error) {
	var out []scenario.Override
	for _, kv := range sets {
		name, dist, ok := strings.Cut(kv, "=")
		name, dist = strings.TrimSpace(name), strings.TrimSpace(dist)
		if !ok || name == "" || dist == "" {
			return nil, usagef("--set %q: want name=distribution, e.g. --set revenue=\"3 to 5\"", kv)
		}
		out = append(out, scenario.Override{Name: name, Dist: dist})
	}
	return out, nil
}

// scenarioName is a scenario's name, or its file when it has none.
func (l *loaded) name() string {
	if l.Name != "" {
		return l.Name
	}
	return strings.TrimPrefix(l.file, "builtin:")
}

func (l *loaded) String() string { return fmt.Sprintf("%s (%s)", l.name(), l.file) }
