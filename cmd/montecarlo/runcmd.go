package main

import (
	"time"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
)

// resultFile is the name of the JSON result in the --out folder.
const resultFile = report.ResultFile

// now returns the time recorded in a result's provenance (unless
// SOURCE_DATE_EPOCH is set); tests replace it.
var now = time.Now

func envs(name string) []string { return []string{"MONTECARLO_" + name} }

func runCommand() *cli.Command {
	return &cli.Command{
		Name:      "run",
		Usage:     "simulate a scenario and report its outputs",
		ArgsUsage: "[FILE]",
		UsageText: "montecarlo run [FILE] [--trials N] [--seed S] [--workers W] [--format table|json|csv]\n" +
			"               [--out DIR] [--plot-format png|svg|pdf] [--log-exceedance] [--nan fail|skip] [--quiet] [--variant NAME]\n" +
			"               [--set name=dist ...]",
		Description: `Simulates FILE (a scenario YAML file or the name of a built-in scenario; without FILE the
default scenario ` + scenario.Default + `) and prints, for every output, the mean, standard deviation,
percentiles P1 to P99 and exceedance probabilities, each with its Monte Carlo standard error.

With --out DIR it also writes a report folder: report.md and report.html (headline, risk,
drivers and assumptions tables, figures, provenance and the command that re-creates it),
summary.csv, result.json and the figures. The folder is replaced atomically; an existing
DIR must be empty or a previous report.

Trials and seed default to the scenario's own, then to 1M trials and seed 1. Counts accept
1e6, 1M and 1_000_000. Results are bit-identical for a given scenario, seed and trials,
whatever the number of workers.

Examples:
   montecarlo run                                    # default scenario, 1M trials, all cores
   montecarlo run openai-2024 --trials 10M --seed 42
   montecarlo run my.yaml --set revenue="3 to 5" --set "costs=pert(7, 8.5, 10)"
   montecarlo run my.yaml --variant pessimistic
   montecarlo run my.yaml --format csv > stats.csv
   montecarlo run my.yaml --out my-report            # also writes the report folder my-report/
   MONTECARLO_TRIALS=100K montecarlo run my.yaml --quiet`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "trials", Aliases: []string{"n"}, Usage: "number of trials `N` (1e6, 1M, 1_000_000); default: the scenario's, else 1M", EnvVars: envs("TRIALS")},
			&cli.StringFlag{Name: "seed", Aliases: []string{"s"}, Usage: "master random `SEED` (unsigned integer); default: the scenario's, else 1", EnvVars: envs("SEED")},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU (results do not depend on it)", EnvVars: envs("WORKERS")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv", EnvVars: envs("FORMAT")},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "also write the report folder `DIR`: report.md, report.html, summary.csv, " + resultFile + ", figures (replaced atomically)", EnvVars: envs("OUT")},
			&cli.StringFlag{Name: "plot-format", Value: "png", Usage: "`FORMAT` of the figure files in the --out folder: png, svg or pdf (report.html always embeds PNG)", EnvVars: envs("PLOT_FORMAT")},
			&cli.BoolFlag{Name: "log-exceedance", Usage: "draw the exceedance curves of the --out folder on a logarithmic probability scale, to show the upper tail", EnvVars: envs("LOG_EXCEEDANCE")},
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
	opts, err := jobOptions(c)
	if err != nil {
		return err
	}
	if v := c.String("variant"); v != "" {
		opts.Variants = []string{v}
	}
	opts.LogExceedance = c.Bool("log-exceedance")
	return job.Run(c.Context, opts)
}
