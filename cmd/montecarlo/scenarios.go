package main

import (
	"strings"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/scenario"
)

func scenariosCommand() *cli.Command {
	return &cli.Command{
		Name:      "scenarios",
		Usage:     "list the built-in scenarios, or print one",
		UsageText: "montecarlo scenarios\nmontecarlo scenarios show NAME",
		Description: `Lists the scenarios embedded in montecarlo with their one-line descriptions. Any of them can be
run by name (montecarlo run NAME), and printed as YAML to start a scenario of your own.

Examples:
   montecarlo scenarios
   montecarlo scenarios show ` + scenario.Default + ` > my.yaml`,
		Action: func(c *cli.Context) error {
			// "list" is what many tools call this; accept it.
			if c.NArg() > 0 && (c.NArg() > 1 || c.Args().First() != "list") {
				return usagef("unknown scenarios command %q (did you mean 'montecarlo scenarios show %s'?)", c.Args().First(), c.Args().First())
			}
			return job.Scenarios(c.App.Writer)
		},
		Subcommands: []*cli.Command{{
			Name:      "show",
			Usage:     "print a built-in scenario's YAML",
			ArgsUsage: "NAME",
			UsageText: "montecarlo scenarios show NAME",
			Action: func(c *cli.Context) error {
				if c.NArg() != 1 {
					return usagef("scenarios show takes one scenario NAME (built-in: %s)", strings.Join(scenario.Builtins(), ", "))
				}
				return job.ShowScenario(c.App.Writer, c.Args().First())
			},
		}},
	}
}
