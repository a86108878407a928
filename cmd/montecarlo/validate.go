package main

import (
	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/scenario"
)

func validateCommand() *cli.Command {
	return &cli.Command{
		Name:      "validate",
		Usage:     "check a scenario without running it and show what its inputs imply",
		ArgsUsage: "[FILE|DIR ...]",
		UsageText: "montecarlo validate [FILE|DIR ...]",
		Description: `Parses and compiles FILE (a scenario YAML file or the name of a built-in scenario; without
FILE the default scenario ` + scenario.Default + `) and prints every input with its distribution as
written and what it implies: mean, P5, P50 and P95 (exact, from the distribution, no sampling),
unit, source and assumption; then the formulas, variants and outputs. Prints "ok" and exits 0 when the
scenario is valid; prints every error as file:line:col: message and exits 2 when it is not.

Read the implied percentiles: "3.5 to 4.5" is a 90% interval, so its P5 is 3.5 and its P95 4.5.

With several files or folders (each folder: its *.yaml) it validates every one, each under its
name, and exits 2 if any is invalid, after checking the rest.

Examples:
   montecarlo validate my.yaml
   montecarlo validate models/ other.yaml
   montecarlo validate openai-2024`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 1 {
				return job.ValidateAll(c.App.Writer, c.App.ErrWriter, c.Args().Slice())
			}
			return job.Validate(c.App.Writer, c.Args().First())
		},
	}
}
