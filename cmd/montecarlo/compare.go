package main

import (
	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/stop"
)

func compareCommand() *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "compare variants of a scenario, or several scenarios, side by side with common random numbers",
		ArgsUsage: "[FILE ...]",
		UsageText: "montecarlo compare [FILE] (--variant NAME ... | --all-variants) [flags]\n" +
			"montecarlo compare FILE1 FILE2 ... [flags]\n" +
			"flags: [--trials N] [--seed S] [--workers W] [--format table|json|csv] [--out DIR] [--plot-format png|svg|pdf]\n" +
			"       [--nan fail|skip] [--shard K/N | --shard-from ENGINE] [--partial-out DIR]\n" +
			"       [--quiet] [--set name=dist ...]",
		Description: `Runs a scenario (FILE, a built-in name, or the default ` + scenario.Default + `) and its variants, or
several scenarios, in one joint run with common random numbers: every member draws the same random
numbers for inputs of the same name, so a difference between them reflects the assumptions, not
sampling noise. For each output they share it prints the mean, P5, P50, P95 and P(> t) of every
member with its difference from the first (the base) and that difference's Monte Carlo error:
exact (paired) for the mean and P(> t), approximate for percentiles (marked *).

With one scenario, --variant NAME (repeatable) or --all-variants chooses the variants to compare
with the scenario itself ("base"). With several scenarios each is labelled by its built-in name or
file name, and they are compared on the outputs they share (an error if none). --set applies to
every member. Trials and seed default to the first scenario's own, then to 1M and 1.

With --out DIR it also writes a comparison report folder: compare.md, compare.html, summary.csv,
compare.json and overlaid histograms and exceedance curves per shared output, as PNG, SVG or PDF
(--plot-format; compare.html always embeds PNG), replaced atomically.

Examples:
   montecarlo compare --all-variants                          # the default scenario's variants
   montecarlo compare openai-2024 --variant no-apple-deal --variant h2-sales-miss
   montecarlo compare openai-2024 anthropic-2024 --out ai-labs
   montecarlo compare my.yaml --variant pessimistic --set "revenue=3 to 5" --format csv`,
		Flags: append([]cli.Flag{
			&cli.StringFlag{Name: "trials", Aliases: []string{"n"}, Usage: "number of trials `N` (1e6, 1M, 1_000_000); default: the scenario's, else 1M", EnvVars: envs("TRIALS")},
			&cli.StringFlag{Name: "seed", Aliases: []string{"s"}, Usage: "master random `SEED` shared by every member; default: the scenario's, else 1", EnvVars: envs("SEED")},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU (results do not depend on it)", EnvVars: envs("WORKERS")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv", EnvVars: envs("FORMAT")},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "also write the comparison report folder `DIR` (replaced atomically)", EnvVars: envs("OUT")},
			&cli.StringFlag{Name: "plot-format", Value: "png", Usage: "`FORMAT` of the figure files in the --out folder: png, svg or pdf (compare.html always embeds PNG)", EnvVars: envs("PLOT_FORMAT")},
			&cli.StringFlag{Name: "sampling", Usage: "sampling `DESIGN`: random, lhs or sobol; default: the scenarios' sampling:, else random", EnvVars: envs("SAMPLING")},
			&cli.StringFlag{Name: "precision", Usage: "stop at the first check where every `TARGET` is met: MEMBER.OUTPUT.STAT for a member's figure, diff.MEMBER.OUTPUT.STAT for its difference from the base, e.g. 'diff.no-apple-deal.loss.mean=0.002' (--trials is then the budget)", EnvVars: envs("PRECISION")},
			&cli.BoolFlag{Name: "log-exceedance", Usage: "draw the exceedance curves of the --out folder on a logarithmic probability scale", EnvVars: envs("LOG_EXCEEDANCE")},
			&cli.StringFlag{Name: "nan", Value: "fail", Usage: "`POLICY` for a NaN or infinite output: fail or skip", EnvVars: envs("NAN")},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar", EnvVars: envs("QUIET")},
			&cli.StringSliceFlag{Name: "variant", Usage: "compare the scenario's variant `NAME` with its base (repeatable)"},
			&cli.BoolFlag{Name: "all-variants", Usage: "compare every variant of the scenario with its base"},
			&cli.StringSliceFlag{Name: "set", Usage: "override an input in every member: `name=dist` (repeatable; in MONTECARLO_SET separate with ;)", EnvVars: envs("SET")},
		}, shardFlags()...),
		Action: compareAction,
	}
}

func compareAction(c *cli.Context) error {
	opts, err := jobOptions(c)
	if err != nil {
		return err
	}
	opts.Variants = c.StringSlice("variant")
	opts.AllVariants = c.Bool("all-variants")
	opts.LogExceedance = c.Bool("log-exceedance")
	if p := c.String("precision"); p != "" {
		if opts.Precision, err = stop.Parse(p); err != nil {
			return usagef("--%v", err)
		}
	}
	if err := shardOptions(c, &opts); err != nil {
		return err
	}
	return job.Compare(c.Context, opts)
}
