package main

import (
	"bytes"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// resultFile is the name of the JSON result that --out writes.
const resultFile = "result.json"

// now returns the time recorded in a result's provenance; tests replace it.
var now = time.Now

// runDate is the date recorded in a result: SOURCE_DATE_EPOCH (seconds since
// 1970, the reproducible-builds.org convention) when set, else now.
func runDate() (time.Time, error) {
	if s, ok := os.LookupEnv("SOURCE_DATE_EPOCH"); ok && s != "" {
		sec, err := strconv.ParseInt(s, 10, 64)
		if err != nil {
			return time.Time{}, usagef("SOURCE_DATE_EPOCH=%q: want seconds since 1970-01-01 UTC", s)
		}
		return time.Unix(sec, 0).UTC(), nil
	}
	return now().UTC(), nil
}

func envs(name string) []string { return []string{"MONTECARLO_" + name} }

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "simulate a scenario and report its outputs",
		ArgsUsage: "[FILE]",
		UsageText: "montecarlo run [FILE] [--trials N] [--seed S] [--workers W] [--format table|json|csv]\n" +
			"               [--out DIR] [--nan fail|skip] [--quiet] [--variant NAME] [--set name=dist ...]",
		Description: `Simulates FILE (a scenario YAML file or the name of a built-in scenario; without FILE the
default scenario ` + scenario.Default + `) and prints, for every output, the mean, standard deviation,
percentiles P1 to P99 and exceedance probabilities, each with its Monte Carlo standard error.

Trials and seed default to the scenario's own, then to 1M trials and seed 1. Counts accept
1e6, 1M and 1_000_000. Results are bit-identical for a given scenario, seed and trials,
whatever the number of workers.

Examples:
   montecarlo run                                    # default scenario, 1M trials, all cores
   montecarlo run openai-2024 --trials 10M --seed 42
   montecarlo run my.yaml --set revenue="3 to 5" --set "costs=pert(7, 8.5, 10)"
   montecarlo run my.yaml --variant pessimistic
   montecarlo run my.yaml --format csv > stats.csv
   montecarlo run my.yaml --out results/             # also writes results/result.json
   MONTECARLO_TRIALS=100K montecarlo run my.yaml --quiet`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "trials", Aliases: []string{"n"}, Usage: "number of trials `N` (1e6, 1M, 1_000_000); default: the scenario's, else 1M", EnvVars: envs("TRIALS")},
			&cli.StringFlag{Name: "seed", Aliases: []string{"s"}, Usage: "master random `SEED` (unsigned integer); default: the scenario's, else 1", EnvVars: envs("SEED")},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU (results do not depend on it)", EnvVars: envs("WORKERS")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv", EnvVars: envs("FORMAT")},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "also write " + resultFile + " to directory `DIR` (created if needed; replaced atomically)", EnvVars: envs("OUT")},
			&cli.StringFlag{Name: "nan", Value: "fail", Usage: "`POLICY` for a NaN or infinite output: fail (stop, naming the formula) or skip (count and leave out the trial)", EnvVars: envs("NAN")},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar", EnvVars: envs("QUIET")},
			&cli.StringFlag{Name: "variant", Usage: "run the scenario's variant `NAME` (its input overrides; --set applies after it)", EnvVars: envs("VARIANT")},
			&cli.StringSliceFlag{Name: "set", Usage: "override an input: `name=dist`, e.g. revenue=\"3 to 5\" (repeatable; in MONTECARLO_SET separate with ;)", EnvVars: envs("SET")},
		},
		Action: runAction,
	}
}

func runAction(c *cli.Context) error {
	if c.NArg() > 1 {
		return usagef("run takes at most one scenario FILE, got %d arguments", c.NArg())
	}
	format := c.String("format")
	switch format {
	case "table", "json", "csv":
	default:
		return usagef("--format %q: want table, json or csv", format)
	}
	cfg := sim.DefaultConfig
	switch nan := c.String("nan"); nan {
	case "fail":
		cfg.NaN = sim.NaNFail
	case "skip":
		cfg.NaN = sim.NaNSkip
	default:
		return usagef("--nan %q: want fail or skip", nan)
	}
	if cfg.Workers = c.Int("workers"); cfg.Workers < 0 {
		return usagef("--workers %d: want 0 (one per CPU) or more", cfg.Workers)
	}
	overrides, err := parseOverrides(c.StringSlice("set"))
	if err != nil {
		return err
	}
	date, err := runDate()
	if err != nil {
		return err
	}

	l, err := loadScenario(c.Args().First())
	if err != nil {
		return err
	}
	variant := c.String("variant")
	if variant != "" {
		s, err := l.Variant(variant)
		if err != nil {
			return err
		}
		l.Scenario = s
	}
	if len(overrides) > 0 {
		s, err := l.With(overrides...)
		if err != nil {
			return err
		}
		l.Scenario = s
	}
	cfg = l.Config(cfg)
	if c.IsSet("trials") {
		n, err := scenario.ParseCount(c.String("trials"))
		if err != nil {
			return usagef("--trials %q: %v", c.String("trials"), err)
		}
		if n < 1 {
			return usagef("--trials %q: want at least 1 trial", c.String("trials"))
		}
		cfg.Trials = n
	}
	if c.IsSet("seed") {
		seed, err := strconv.ParseUint(c.String("seed"), 10, 64)
		if err != nil {
			return usagef("--seed %q: want an unsigned integer below 2^64", c.String("seed"))
		}
		cfg.Seed = seed
	}

	bar := newProgress(c.App.ErrWriter, cfg.Trials, c.Bool("quiet"))
	cfg.Progress = bar.callback()
	res, err := sim.Run(c.Context, l.Model, cfg)
	bar.finish()
	if err != nil {
		return err
	}

	r := &report.Run{
		Result:       res,
		Scenario:     l.name(),
		Description:  strings.TrimSpace(l.Description),
		File:         l.file,
		SourceSHA256: report.SourceHash(l.source),
		Engine:       engineVersion(),
		Date:         date,
		Variant:      variant,
	}
	for _, o := range overrides {
		r.Overrides = append(r.Overrides, report.Override{Name: o.Name, Dist: o.Dist})
	}

	if dir := c.String("out"); dir != "" {
		var buf bytes.Buffer
		if err := report.WriteJSON(&buf, r); err != nil {
			return err
		}
		if err := writeFileAtomic(c.Context, dir, resultFile, buf.Bytes()); err != nil {
			if c.Context.Err() != nil {
				return c.Context.Err()
			}
			return outError(dir, err)
		}
	}
	switch format {
	case "json":
		err = report.WriteJSON(c.App.Writer, r)
	case "csv":
		err = report.WriteCSV(c.App.Writer, r)
	default:
		err = report.WriteTable(c.App.Writer, r)
	}
	if err != nil {
		return fmt.Errorf("writing the report: %w", err)
	}
	return nil
}
