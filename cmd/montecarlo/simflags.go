package main

import (
	"fmt"
	"strconv"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// sharedFlags are the flags run and compare both take, read and checked.
type sharedFlags struct {
	format, plotFormat string // --format, --plot-format
	cfg                sim.Config
	overrides          []scenario.Override // --set
	date               time.Time           // the date recorded in provenance
}

// readSharedFlags reads --format, --plot-format, --nan, --workers and --set,
// and the run date; errors are usage errors naming the flag.
func readSharedFlags(c *cli.Context) (sharedFlags, error) {
	var f sharedFlags
	f.format = c.String("format")
	if err := checkFormat(f.format); err != nil {
		return f, err
	}
	var err error
	if f.plotFormat, err = checkPlotFormat(c.String("plot-format")); err != nil {
		return f, err
	}
	if f.cfg, err = engineConfig(c); err != nil {
		return f, err
	}
	if f.overrides, err = parseOverrides(c.StringSlice("set")); err != nil {
		return f, err
	}
	f.date, err = runDate()
	return f, err
}

// checkFormat checks the --format of run and compare.
func checkFormat(format string) error {
	switch format {
	case "table", "json", "csv":
		return nil
	}
	return usagef("--format %q: want table, json or csv", format)
}

// checkPlotFormat checks --plot-format and returns it.
func checkPlotFormat(format string) (string, error) {
	switch format {
	case "png", "svg", "pdf":
		return format, nil
	}
	return "", usagef("--plot-format %q: want png, svg or pdf", format)
}

// engineConfig returns sim.DefaultConfig with --nan and --workers applied.
func engineConfig(c *cli.Context) (sim.Config, error) {
	cfg := sim.DefaultConfig
	switch nan := c.String("nan"); nan {
	case "fail":
		cfg.NaN = sim.NaNFail
	case "skip":
		cfg.NaN = sim.NaNSkip
	default:
		return cfg, usagef("--nan %q: want fail or skip", nan)
	}
	if cfg.Workers = c.Int("workers"); cfg.Workers < 0 {
		return cfg, usagef("--workers %d: want 0 (one per CPU) or more", cfg.Workers)
	}
	return cfg, nil
}

// countFlags applies --trials and --seed, which win over the scenario's
// values already in cfg.
func countFlags(c *cli.Context, cfg sim.Config) (sim.Config, error) {
	if c.IsSet("trials") {
		n, err := scenario.ParseCount(c.String("trials"))
		if err != nil {
			return cfg, usagef("--trials %q: %v", c.String("trials"), err)
		}
		if n < 1 {
			return cfg, usagef("--trials %q: want at least 1 trial", c.String("trials"))
		}
		cfg.Trials = n
	}
	if c.IsSet("seed") {
		seed, err := strconv.ParseUint(c.String("seed"), 10, 64)
		if err != nil {
			return cfg, usagef("--seed %q: want an unsigned integer below 2^64", c.String("seed"))
		}
		cfg.Seed = seed
	}
	return cfg, nil
}

// simulate runs m with cfg and a progress bar on stderr.
func simulate(c *cli.Context, m *model.Model, cfg sim.Config) (*sim.Result, error) {
	bar := newProgress(c.App.ErrWriter, cfg.Trials, c.Bool("quiet"))
	cfg.Progress = bar.callback()
	res, err := sim.Run(c.Context, m, cfg)
	bar.finish()
	return res, err
}

// writeFolder writes files as the folder dir (report.WriteFolder); what
// names the folder in errors. After Ctrl-C it returns the context's error,
// the previous folder intact.
func writeFolder(c *cli.Context, what, dir string, files []report.File) error {
	if err := report.WriteFolder(c.Context, dir, files); err != nil {
		if c.Context.Err() != nil {
			return c.Context.Err()
		}
		return fmt.Errorf("writing the %s %s: %w", what, dir, err)
	}
	return nil
}
