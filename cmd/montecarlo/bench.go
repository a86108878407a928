package main

import (
	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
)

func benchCommand() *cli.Command {
	return &cli.Command{
		Name:      "bench",
		Usage:     "time scenarios, in the Go benchmark format benchstat compares",
		ArgsUsage: "[FILE|DIR ...]",
		UsageText: "montecarlo bench [FILE|DIR ...] [--count N] [--trials N] [--workers W]",
		Description: `Runs each scenario (the default scenario without arguments; a folder means its *.yaml) --count
times as run would simulate it, and prints one line per run in the Go benchmark format, after
the goos/goarch/cpu header:

   BenchmarkScenario/openai-2024-2   1   540000000 ns/op   1.85e+06 trials/s   61 MB-peak

The time is the simulation's (no report); MB-peak the largest heap in use during the run.
Save the output of two engine versions and compare them with benchstat
(golang.org/x/perf/cmd/benchstat): it reports each scenario's change with its confidence.

Examples:
   montecarlo bench --count 10 > old.txt
   montecarlo bench openai-2024 cyber-risk testdata/ --count 10 --trials 2M > new.txt
   benchstat old.txt new.txt`,
		Flags: []cli.Flag{
			&cli.IntFlag{Name: "count", Value: 5, Usage: "runs `N` of each scenario (benchstat wants 5 or more)", EnvVars: envs("COUNT")},
			&cli.StringFlag{Name: "trials", Aliases: []string{"n"}, Usage: "number of trials `N` per run; default: the scenario's, else 1M", EnvVars: envs("TRIALS")},
			&cli.StringFlag{Name: "seed", Aliases: []string{"s"}, Usage: "master random `SEED`; default: the scenario's", EnvVars: envs("SEED")},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU", EnvVars: envs("WORKERS")},
			&cli.StringFlag{Name: "sampling", Usage: "sampling `DESIGN`: random, lhs or sobol; default: the scenario's", EnvVars: envs("SAMPLING")},
			&cli.StringFlag{Name: "format", Hidden: true, Value: "table"},
			&cli.StringFlag{Name: "plot-format", Hidden: true, Value: "png"},
			&cli.StringFlag{Name: "nan", Hidden: true, Value: "fail"},
			&cli.BoolFlag{Name: "quiet", Hidden: true, Value: true},
		},
		Action: func(c *cli.Context) error {
			opts, err := jobOptions(c)
			if err != nil {
				return err
			}
			return job.Bench(c.Context, opts, c.Int("count"), c.App.Writer)
		},
	}
}
