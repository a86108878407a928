package main

import (
	"os"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/shard"
	"github.com/montecarlo-risk/montecarlo/stop"
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
		ArgsUsage: "[FILE...|DIR|-]",
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
   MONTECARLO_TRIALS=100K montecarlo run my.yaml --quiet
   montecarlo run a.yaml b.yaml models/ --out reports   # a batch: reports/NAME/ each, reports/index.html
   cat my.yaml | montecarlo run -`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "trials", Aliases: []string{"n"}, Usage: "number of trials `N` (1e6, 1M, 1_000_000); default: the scenario's, else 1M", EnvVars: envs("TRIALS")},
			&cli.StringFlag{Name: "seed", Aliases: []string{"s"}, Usage: "master random `SEED` (unsigned integer); default: the scenario's, else 1", EnvVars: envs("SEED")},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU (results do not depend on it)", EnvVars: envs("WORKERS")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv", EnvVars: envs("FORMAT")},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "also write the report folder `DIR`: report.md, report.html, summary.csv, " + resultFile + ", figures (replaced atomically)", EnvVars: envs("OUT")},
			&cli.StringFlag{Name: "plot-format", Value: "png", Usage: "`FORMAT` of the figure files in the --out folder: png, svg or pdf (report.html always embeds PNG)", EnvVars: envs("PLOT_FORMAT")},
			&cli.BoolFlag{Name: "log-exceedance", Usage: "draw the exceedance curves of the --out folder on a logarithmic probability scale, to show the upper tail (and on a logarithmic value scale too for an output that is never negative, such as a loss)", EnvVars: envs("LOG_EXCEEDANCE")},
			&cli.StringFlag{Name: "nan", Value: "fail", Usage: "`POLICY` for a NaN or infinite output: fail (stop, naming the formula) or skip (count and leave out the trial)", EnvVars: envs("NAN")},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar", EnvVars: envs("QUIET")},
			&cli.StringFlag{Name: "variant", Usage: "run the scenario's variant `NAME` (its input overrides; --set applies after it)", EnvVars: envs("VARIANT")},
			&cli.StringSliceFlag{Name: "set", Usage: "override an input: `name=dist`, e.g. revenue=\"3 to 5\" (repeatable; in MONTECARLO_SET separate with ;)", EnvVars: envs("SET")},
			&cli.StringFlag{Name: "precision", Usage: "stop at the first check where every `TARGET` is met, e.g. 'loss.mean=0.001,loss.p(>5)=1%' (standard errors; --trials is then the budget)", EnvVars: envs("PRECISION")},
			&cli.StringFlag{Name: "sampling", Usage: "sampling `DESIGN`: random (independent draws), lhs (Latin hypercube per block) or sobol (scrambled Sobol sequences); default: the scenario's sampling:, else random", EnvVars: envs("SAMPLING")},
			&cli.BoolFlag{Name: "fail-fast", Usage: "with several scenarios, stop at the first that fails (by default the others still run)", EnvVars: envs("FAIL_FAST")},
			&cli.BoolFlag{Name: "force", Usage: "run more than 1e11 trials in this process (at 10M trials/s, about 3 hours); shard bigger runs instead", EnvVars: envs("FORCE")},
			&cli.StringFlag{Name: "trials-out", Usage: "also write every trial (inputs and outputs, one column per period of a series) to `FILE`.csv, FILE.csv.gz or FILE.parquet, streamed; written only if the run succeeds", EnvVars: envs("TRIALS_OUT")},
			&cli.StringFlag{Name: "trials-columns", Usage: "write only these `NAMES` to --trials-out, comma-separated: inputs and outputs (every period of a series) or single periods (cash[3]); the trial column is always written", EnvVars: envs("TRIALS_COLUMNS")},
			&cli.StringFlag{Name: "trials-every", Usage: "write only every `K`-th trial (0, K, 2K, ...) to --trials-out; the figures still come from every trial", EnvVars: envs("TRIALS_EVERY")},
		}, shardFlags()...),
		Action: runAction,
	}
}

func runAction(c *cli.Context) error {
	opts, err := jobOptions(c)
	if err != nil {
		return err
	}
	batch := c.NArg() > 1
	for _, a := range c.Args().Slice() {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			batch = true
		}
	}
	if batch {
		if c.IsSet("shard") || c.IsSet("shard-from") || c.IsSet("precision") || c.IsSet("trials-out") || c.IsSet("trials-columns") || c.IsSet("trials-every") {
			return usagef("--shard, --precision and --trials-out (--trials-columns, --trials-every) take one scenario")
		}
		if v := c.String("variant"); v != "" {
			opts.Variants = []string{v}
		}
		opts.LogExceedance = c.Bool("log-exceedance")
		opts.Notes = c.App.ErrWriter
		return job.Batch(c.Context, opts, c.Bool("fail-fast"))
	}
	if v := c.String("variant"); v != "" {
		opts.Variants = []string{v}
	}
	opts.LogExceedance = c.Bool("log-exceedance")
	if p := c.String("precision"); p != "" {
		if opts.Precision, err = stop.Parse(p); err != nil {
			return usagef("--%v", err)
		}
	}
	if err := shardOptions(c, &opts); err != nil {
		return err
	}
	opts.TrialsOut = c.String("trials-out")
	if c.IsSet("trials-columns") {
		if opts.TrialsColumns = strings.Split(c.String("trials-columns"), ","); c.String("trials-columns") == "" {
			return usagef("--trials-columns needs the names of columns, e.g. --trials-columns revenue,loss")
		}
	}
	if c.IsSet("trials-every") {
		k, err := scenario.ParseCount(c.String("trials-every"))
		if err != nil {
			return usagef("--trials-every %q: %v", c.String("trials-every"), err)
		}
		if k < 1 {
			return usagef("--trials-every %q: want a positive number of trials", c.String("trials-every"))
		}
		opts.TrialsEvery = k
	}
	return job.Run(c.Context, opts)
}

func mergeCommand() *cli.Command {
	return &cli.Command{
		Name:      "merge",
		Usage:     "merge the partial files of a sharded run into its table and report",
		ArgsUsage: "PARTIAL... | DIR",
		UsageText: "montecarlo merge PARTIAL... | DIR [--format table|json|csv] [--out DIR] [--plot-format png|svg|pdf] [--allow-missing]",
		Description: `Merges the partial files (.mcpart) that the shards of one run wrote (montecarlo run
--shard K/N --partial-out DIR), in any order, and prints and writes what one process would have:
the same table, result.json, summary.csv and report folder, bit for bit. The shards of a
comparison or sweep (montecarlo compare|sweep ... --shard K/N) merge into its comparison folder. A folder argument takes
its *.mcpart files. Partials of other runs, a shard given twice or a missing one (unless
--allow-missing) are refused with exit status 2, naming them. The scenario is loaded again by
the name the partials record, and must not have changed.

Examples:
   montecarlo run model.yaml --trials 1e9 --shard 3/100 --partial-out parts/
   montecarlo run model.yaml --trials 1e9 --shard-from slurm --partial-out parts/
   montecarlo merge parts/ --out report/`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv", EnvVars: envs("FORMAT")},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "also write the report folder `DIR`", EnvVars: envs("OUT")},
			&cli.StringFlag{Name: "plot-format", Value: "png", Usage: "`FORMAT` of the figure files: png, svg or pdf", EnvVars: envs("PLOT_FORMAT")},
			&cli.BoolFlag{Name: "log-exceedance", Usage: "exceedance curves on a logarithmic probability scale", EnvVars: envs("LOG_EXCEEDANCE")},
			&cli.BoolFlag{Name: "allow-missing", Usage: "merge even if shards are missing: the result covers fewer trials, and says so"},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no notes on stderr", EnvVars: envs("QUIET")},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() == 0 {
				return usagef("merge needs the partial files, or the folder holding them")
			}
			date, err := job.RunDate(now())
			if err != nil {
				return err
			}
			o := job.MergeOptions{Paths: c.Args().Slice(), AllowMissing: c.Bool("allow-missing"), Options: job.Options{
				Format: c.String("format"), Out: c.String("out"), PlotFormat: c.String("plot-format"),
				LogExceedance: c.Bool("log-exceedance"), Engine: engineVersion(), Date: date, Stdout: c.App.Writer,
			}}
			if !c.Bool("quiet") {
				o.Notes = c.App.ErrWriter
			}
			return job.Merge(c.Context, o)
		},
	}
}

func checkCommand() *cli.Command {
	return &cli.Command{
		Name:      "check",
		Usage:     "run a regression suite: scenarios against their expected figures",
		ArgsUsage: "SUITE",
		UsageText: "montecarlo check SUITE [--junit FILE] [--update] [--workers W]",
		Description: `Runs every case of the suite file SUITE (scenarios with variants, trials, seeds and the
figures expected of them, with tolerances in standard errors or absolute: see the suite
package's documentation) and prints a pass/fail table with each figure, its expectation and
its z. Exits 1 if any expectation fails.

Examples:
   montecarlo check testdata/suites/known-answers.yaml
   montecarlo check models.yaml --junit check.xml
   montecarlo check models.yaml --update        # rewrite the expectations from this run`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "junit", Usage: "also write the outcomes as JUnit XML to `FILE`"},
			&cli.BoolFlag{Name: "update", Usage: "rewrite the suite's expected values from this run (comments and tolerances kept)"},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU", EnvVars: envs("WORKERS")},
		},
		Action: func(c *cli.Context) error {
			if c.NArg() != 1 {
				return usagef("check takes one SUITE file, got %d arguments", c.NArg())
			}
			return job.Check(c.Context, job.CheckOptions{Suite: c.Args().First(), JUnit: c.String("junit"),
				Update: c.Bool("update"), Workers: c.Int("workers"), Stdout: c.App.Writer})
		},
	}
}

// shardFlags are the flags of run, compare and sweep that make the command
// one shard of a bigger run.
func shardFlags() []cli.Flag {
	return []cli.Flag{
		&cli.StringFlag{Name: "shard", Usage: "run only shard `K/N` (K from 0) of the run's blocks and write its partial file to --partial-out; merge the partials with montecarlo merge", EnvVars: envs("SHARD")},
		&cli.StringFlag{Name: "shard-from", Usage: "read the shard index (and count, where the engine sets it) from batch `ENGINE`'s variables: slurm, k8s, aws-batch, gcp-batch, lsf, pbs, sge, htcondor (MONTECARLO_SHARD_INDEX), nomad", EnvVars: envs("SHARD_FROM")},
		&cli.IntFlag{Name: "shard-count", Usage: "the number of shards `N`, for --shard-from engines that do not set it (k8s, lsf, pbs, htcondor, nomad)", EnvVars: envs("SHARD_COUNT")},
		&cli.StringFlag{Name: "partial-out", Usage: "folder `DIR` for the shard's partial file (written atomically, part-K-of-N.mcpart)", EnvVars: envs("PARTIAL_OUT")},
	}
}

// shardOptions sets opts.Shard and opts.PartialOut from shardFlags, and
// opts.Workers from the CPUs a batch engine gave the task unless --workers
// is set.
func shardOptions(c *cli.Context, opts *job.Options) error {
	switch k, from := c.String("shard"), c.String("shard-from"); {
	case k != "" && from != "":
		return usagef("give --shard K/N or --shard-from ENGINE, not both")
	case k != "":
		spec, err := shard.Parse(k)
		if err != nil {
			return usagef("--%v", err)
		}
		opts.Shard = &spec
	case from != "":
		spec, err := shard.FromEnv(from, os.Getenv, c.Int("shard-count"))
		if err != nil {
			return usagef("%v", err)
		}
		opts.Shard = &spec
		if n := shard.CPUs(from, os.Getenv); n > 0 && !c.IsSet("workers") {
			opts.Workers = n // the CPUs the engine gave this task, not every core of the node
		}
	}
	opts.PartialOut = c.String("partial-out")
	if opts.PartialOut != "" && opts.Shard == nil {
		return usagef("--partial-out needs --shard K/N or --shard-from ENGINE")
	}
	return nil
}
