package main

import (
	"slices"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/stop"
)

func sweepCommand() *cli.Command {
	cmp := compareCommand()
	var flags []cli.Flag
	for _, f := range cmp.Flags {
		if name := f.Names()[0]; name != "variant" && name != "all-variants" && name != "set" {
			flags = append(flags, f)
		}
	}
	flags = append(flags,
		&cli.StringSliceFlag{Name: "set", Usage: "`name=dist1, dist2, ...`: an axis of the grid (its values split at the commas outside parentheses), or name=dist to override every point (repeatable; in MONTECARLO_SET separate with ;)", EnvVars: envs("SET")},
		&cli.StringFlag{Name: "cases", Usage: "run the cases of `FILE` instead of a grid: a CSV whose header names the inputs (and optionally a name column) and whose rows are the points, or a YAML list of mappings (.yaml, .yml)", EnvVars: envs("CASES")})
	return &cli.Command{
		Name:      "sweep",
		Usage:     "run a scenario over a grid of input values, or a file of cases, as one comparison with common random numbers",
		ArgsUsage: "[FILE]",
		UsageText: "montecarlo sweep [FILE] --set 'name=dist1, dist2, ...' [--set ...] [flags]\nmontecarlo sweep [FILE] --cases CASES.csv [--set name=dist ...] [flags]",
		Description: `Runs every point of the grid the --set axes span (at most 64 points) as the members of one
joint run with common random numbers, the first point the base, and prints the comparison:
each output's figures at every point, with its difference from the base and the paired error
of that difference. --out writes the comparison folder (compare.md, compare.html, the figures).

--cases FILE runs the points a file lists instead of a grid, at most 64, the first the base.
A CSV file's header names the inputs, each row is one case, a value is a distribution as in
the scenario (a number, 3 to 4, "pert(1, 2, 3)" quoted for its commas) and an empty cell keeps
the scenario's own; an optional name column labels the cases (else p1, p2, ...). A .yaml or
.yml file is a list of mappings: - {name: low, revenue: 3 to 4}. With --cases, a --set of one
value sets that input in every case; a --set axis is refused (make it a column of the file).

Examples:
   montecarlo sweep --set 'revenue=3 to 4, 3.5 to 4.5, 4 to 5' --set 'a100_price=pert(1.2, 1.3, 1.5), pert(1.3, 1.45, 1.7)'
   montecarlo sweep my.yaml --set 'price=80, 100, 120' --format csv
   montecarlo sweep my.yaml --cases cases.csv --out sweep/`,
		Flags: flags,
		Action: func(c *cli.Context) error {
			sets := slices.Clone(c.StringSlice("set"))
			opts, err := jobOptions(c)
			if err != nil {
				return err
			}
			if f := c.String("cases"); f != "" {
				if opts.Cases, err = job.ReadCases(f); err != nil {
					return err
				}
				if opts.Overrides, err = job.ParseCaseSets(sets, f); err != nil {
					return err
				}
			} else if opts.Sweep, opts.Overrides, err = job.ParseSweep(sets); err != nil {
				return err
			}
			if p := c.String("precision"); p != "" {
				if opts.Precision, err = stop.Parse(p); err != nil {
					return usagef("--%v", err)
				}
			}
			opts.LogExceedance = c.Bool("log-exceedance")
			if err := shardOptions(c, &opts); err != nil {
				return err
			}
			return job.Compare(c.Context, opts)
		},
	}
}
