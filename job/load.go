package job

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/montecarlo-risk/montecarlo/scenario"
)

// Stdin is where Load reads the scenario "-"; tests replace it.
var Stdin io.Reader = os.Stdin

// UsageError marks an error as the invocation's fault (a bad argument or
// option, a missing file, nothing to compare) rather than a failed run:
// montecarlo exits with status 2 for it.
type UsageError struct{ Err error }

func (e UsageError) Error() string { return e.Err.Error() }
func (e UsageError) Unwrap() error { return e.Err }

// Usagef returns a UsageError with a formatted message.
func Usagef(format string, args ...any) error { return UsageError{fmt.Errorf(format, args...)} }

// Loaded is a scenario with where it came from.
type Loaded struct {
	*scenario.Scenario
	File string // path as given, or "builtin:NAME"
	Text []byte // the scenario's source bytes, hashed into provenance
}

// BuiltinPrefix begins the File of a built-in scenario.
const BuiltinPrefix = "builtin:"

// Load loads the scenario named by arg: the default built-in scenario
// (scenario.Default) when arg is empty, the file arg when it exists, else
// the built-in scenario of that name. A name that is neither is a
// UsageError; a scenario that does not parse or compile is returned as
// scenario's error (a scenario.ErrorList or *scenario.Error).
func Load(arg string) (*Loaded, error) {
	if arg == "" {
		return loadBuiltin(scenario.Default)
	}
	if arg == "-" {
		src, err := io.ReadAll(io.LimitReader(Stdin, 64<<20))
		if err != nil {
			return nil, fmt.Errorf("reading the scenario from stdin: %w", err)
		}
		s, err := scenario.Parse("<stdin>", src)
		if err != nil {
			return nil, err
		}
		return &Loaded{Scenario: s, File: "-", Text: src}, nil
	}
	if _, err := os.Stat(arg); err != nil && errors.Is(err, fs.ErrNotExist) && slices.Contains(scenario.Builtins(), arg) {
		return loadBuiltin(arg)
	} else if err != nil && errors.Is(err, fs.ErrNotExist) {
		return nil, Usagef("%s: no such file, and no built-in scenario of that name (built-in: %s)",
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
	return &Loaded{Scenario: s, File: arg, Text: src}, nil
}

func loadBuiltin(name string) (*Loaded, error) {
	s, err := scenario.Builtin(name)
	if err != nil {
		return nil, err
	}
	src, err := scenario.BuiltinSource(name)
	if err != nil {
		return nil, err
	}
	return &Loaded{Scenario: s, File: BuiltinPrefix + name, Text: src}, nil
}

// ParseOverrides parses --set values "name=distribution". A value that is
// not of that form is a UsageError; whether the input exists and the
// distribution parses is checked when the overrides are applied.
func ParseOverrides(sets []string) ([]scenario.Override, error) {
	var out []scenario.Override
	for _, kv := range sets {
		name, dist, ok := strings.Cut(kv, "=")
		name, dist = strings.TrimSpace(name), strings.TrimSpace(dist)
		if !ok || name == "" || dist == "" {
			return nil, Usagef("--set %q: want name=distribution, e.g. --set revenue=\"3 to 5\"", kv)
		}
		out = append(out, scenario.Override{Name: name, Dist: dist})
	}
	return out, nil
}

// DisplayName is the scenario's name, or its file (the built-in's name)
// when it has none.
func (l *Loaded) DisplayName() string {
	if l.Name != "" {
		return l.Name
	}
	return strings.TrimPrefix(l.File, BuiltinPrefix)
}

// Label labels the scenario as a member of a comparison of scenarios: its
// built-in name, or its file name without the extension.
func (l *Loaded) Label() string {
	if name, ok := strings.CutPrefix(l.File, BuiltinPrefix); ok {
		return name
	}
	base := filepath.Base(l.File)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

// Arg is the argument that loads the scenario again: its file, or its
// built-in name.
func (l *Loaded) Arg() string { return strings.TrimPrefix(l.File, BuiltinPrefix) }

func (l *Loaded) String() string { return fmt.Sprintf("%s (%s)", l.DisplayName(), l.File) }

// variantNames lists the names of s's variants, "none" when it has none.
func variantNames(s *scenario.Scenario) string {
	if len(s.Variants) == 0 {
		return "none"
	}
	var names []string
	for _, v := range s.Variants {
		names = append(names, v.Name)
	}
	return strings.Join(names, ", ")
}
