package main

import (
	"strconv"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// jobOptions reads the flags run and compare share into job options:
// --trials, --seed, --workers, --nan, --set, --format, --out, --plot-format
// and --quiet (a progress bar on the terminal, and the line naming the
// folder written), with the run date and engine version. Flag errors are
// usage errors naming the flag; job checks --format, --plot-format and
// --workers.
func jobOptions(c *cli.Context) (job.Options, error) {
	opts := job.Options{
		Scenarios:  c.Args().Slice(),
		Workers:    c.Int("workers"),
		Format:     c.String("format"),
		Out:        c.String("out"),
		PlotFormat: c.String("plot-format"),
		Engine:     engineVersion(),
		Stdout:     c.App.Writer,
	}
	if c.IsSet("out") && opts.Out == "" {
		return opts, usagef("--out needs a folder name, e.g. --out montecarlo-report")
	}
	opts.Force = c.Bool("force")
	opts.Sampling = c.String("sampling")
	switch nan := c.String("nan"); nan {
	case "fail":
		opts.NaN = sim.NaNFail
	case "skip":
		opts.NaN = sim.NaNSkip
	default:
		return opts, usagef("--nan %q: want fail or skip", nan)
	}
	if c.IsSet("trials") {
		n, err := scenario.ParseCount(c.String("trials"))
		if err != nil {
			return opts, usagef("--trials %q: %v", c.String("trials"), err)
		}
		if n < 1 {
			return opts, usagef("--trials %q: want at least 1 trial", c.String("trials"))
		}
		opts.Trials = n
	}
	if c.IsSet("seed") {
		seed, err := strconv.ParseUint(c.String("seed"), 10, 64)
		if err != nil {
			return opts, usagef("--seed %q: want an unsigned integer below 2^64", c.String("seed"))
		}
		opts.Seed, opts.HasSeed = seed, true
	}
	var err error
	if c.Command.Name == "sweep" {
		// sweep reads its --set values as the axes of its grid.
	} else if opts.Overrides, err = job.ParseOverrides(c.StringSlice("set")); err != nil {
		return opts, err
	}
	if opts.Date, err = job.RunDate(now()); err != nil {
		return opts, err
	}
	if !c.Bool("quiet") {
		stderr := c.App.ErrWriter
		opts.Notes = stderr
		opts.Progress = func(total int64) (func(int64), func()) {
			bar := newProgress(stderr, total, false)
			return bar.callback(), bar.finish
		}
	}
	return opts, nil
}
