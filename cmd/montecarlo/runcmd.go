package main

import (
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

// resultFile is the name of the JSON result in the --out folder.
const resultFile = report.ResultFile

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
	// Whole seconds: the date is recorded to the second, and
	// SOURCE_DATE_EPOCH re-creates it exactly.
	return now().UTC().Truncate(time.Second), nil
}

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
	f, err := readSharedFlags(c)
	if err != nil {
		return err
	}
	format, plotFormat, cfg, overrides, date := f.format, f.plotFormat, f.cfg, f.overrides, f.date

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
	if cfg, err = countFlags(c, l.Config(cfg)); err != nil {
		return err
	}
	res, err := simulate(c, l.Model, cfg)
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
	for _, in := range l.Inputs {
		r.Inputs = append(r.Inputs, report.Input{Name: in.Name, Dist: in.Dist, Unit: in.Unit, Source: in.Source,
			Assumption: in.Assumption, PerPeriod: in.PerPeriod, Distribution: in.Distribution})
	}

	if dir := c.String("out"); dir != "" {
		r.Command = recreateCommand(l, cfg, date, variant, overrides, c.String("nan"), plotFormat, c.Bool("log-exceedance"), dir)
		files, err := report.Folder(r, report.Options{PlotFormat: plotFormat, LogExceedance: c.Bool("log-exceedance")})
		if err != nil {
			return fmt.Errorf("writing the report folder %s: %w", dir, err)
		}
		if err := writeFolder(c, "report folder", dir, files); err != nil {
			return err
		}
		if !c.Bool("quiet") {
			fmt.Fprintf(c.App.ErrWriter, "report: %s (report.html, report.md, summary.csv, %s and %d figures)\n",
				dir, resultFile, len(files)-4)
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

// recreateCommand returns the command line that re-creates a report bit for
// bit with the same engine version: the date, scenario, trials, seed,
// variant, overrides, NaN policy, plot format, exceedance scale and folder,
// shell-quoted.
func recreateCommand(l *loaded, cfg sim.Config, date time.Time, variant string, overrides []scenario.Override, nan, plotFormat string, logExceedance bool, dir string) string {
	file := l.file
	if name, ok := strings.CutPrefix(file, "builtin:"); ok {
		file = name
	}
	args := []string{"SOURCE_DATE_EPOCH=" + strconv.FormatInt(date.Unix(), 10), "montecarlo", "run", shellQuote(file),
		"--trials", strconv.FormatInt(cfg.Trials, 10), "--seed", strconv.FormatUint(cfg.Seed, 10)}
	if variant != "" {
		args = append(args, "--variant", shellQuote(variant))
	}
	for _, o := range overrides {
		args = append(args, "--set", shellQuote(o.Name+"="+o.Dist))
	}
	if nan != "fail" {
		args = append(args, "--nan", nan)
	}
	if plotFormat != "png" {
		args = append(args, "--plot-format", plotFormat)
	}
	if logExceedance {
		args = append(args, "--log-exceedance")
	}
	return strings.Join(append(args, "--out", shellQuote(dir)), " ")
}

// shellQuote quotes s for a POSIX shell when it holds anything but safe characters.
func shellQuote(s string) string {
	if s != "" && strings.Trim(s, "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-./:=,+@%") == "" {
		return s
	}
	return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
}
