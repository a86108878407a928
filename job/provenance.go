package job

import (
	"os"
	"runtime/debug"
	"strconv"
	"strings"
	"time"

	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// EngineVersion returns the engine version recorded in reports: set when it
// is not empty (a release build sets the command's version with -ldflags),
// else the module version recorded in the binary, else "dev".
func EngineVersion(set string) string {
	if set != "" {
		return set
	}
	bi, ok := debug.ReadBuildInfo()
	if !ok {
		return "dev"
	}
	if bi.Main.Version != "" && bi.Main.Version != "(devel)" {
		return bi.Main.Version
	}
	// A build from a source checkout: its VCS revision, and whether the
	// tree had uncommitted changes.
	var rev string
	dirty := false
	for _, s := range bi.Settings {
		switch s.Key {
		case "vcs.revision":
			rev = s.Value
		case "vcs.modified":
			dirty = s.Value == "true"
		}
	}
	if rev == "" {
		return "dev"
	}
	v := "devel+" + rev[:min(12, len(rev))]
	if dirty {
		v += "-dirty"
	}
	return v
}

// RunDate returns the date recorded in a result: SOURCE_DATE_EPOCH (seconds
// since 1970, the reproducible-builds.org convention) when it is set, else
// now, in UTC and truncated to whole seconds. A SOURCE_DATE_EPOCH that is
// not an integer is a UsageError.
func RunDate(now time.Time) (time.Time, error) {
	if s, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok && s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, Usagef("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", s)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	// Whole seconds: the date is recorded to the second, and
	// SOURCE_DATE_EPOCH re-creates it exactly.
	return now.UTC().Truncate(time.Second), nil
}

// recreate is what the command line re-creating a report records.
type recreate struct {
	verb      string   // "run" or "compare"
	files     []string // scenario arguments, in order; repeats are dropped
	cfg       sim.Config
	date      time.Time
	all       bool     // --all-variants
	variants  []string // --variant values, when not all
	overrides []scenario.Override
	plot      string // plot format
	logExc    bool   // --log-exceedance
	sampling  string // --sampling
	dir       string // --out
	sweep     []SweepAxis
	cases     string // --cases FILE
}

// command returns the command line that re-creates a report bit for bit
// with the same engine version: the date, scenarios, trials, seed,
// variants, overrides, NaN policy, plot format, exceedance scale and folder,
// shell-quoted. Options at their defaults are left out.
func (rc recreate) command() string {
	args := []string{"SOURCE_DATE_EPOCH=" + strconv.FormatInt(rc.date.Unix(), 10), "montecarlo", rc.verb}
	seen := map[string]bool{}
	for _, f := range rc.files {
		if !seen[f] {
			seen[f] = true
			args = append(args, ShellQuote(f))
		}
	}
	args = append(args, "--trials", strconv.FormatInt(rc.cfg.Trials, 10), "--seed", strconv.FormatUint(rc.cfg.Seed, 10))
	if rc.all {
		args = append(args, "--all-variants")
	} else {
		for _, v := range rc.variants {
			args = append(args, "--variant", ShellQuote(v))
		}
	}
	for _, o := range rc.overrides {
		args = append(args, "--set", ShellQuote(o.Name+"="+o.Dist))
	}
	for _, a := range rc.sweep {
		args = append(args, "--set", ShellQuote(a.Name+"="+strings.Join(a.Values, ", ")))
	}
	if rc.cases != "" {
		args = append(args, "--cases", ShellQuote(rc.cases))
	}
	if rc.cfg.NaN == sim.NaNSkip {
		args = append(args, "--nan", "skip")
	}
	if rc.plot != "" && rc.plot != "png" {
		args = append(args, "--plot-format", rc.plot)
	}
	if rc.logExc {
		args = append(args, "--log-exceedance")
	}
	if rc.sampling != "" && rc.sampling != "random" {
		args = append(args, "--sampling", rc.sampling)
	}
	return strings.Join(append(args, "--out", ShellQuote(rc.dir)), " ")
}

// ShellQuote quotes s for a POSIX shell when it holds anything but safe
// characters: letters, digits and _-./:=,+@%.
func ShellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
