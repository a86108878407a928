package main

import (
	"fmt"
	"slices"
	"strings"

	"github.com/urfave/cli/v2"

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
			ew := &errWriter{w: c.App.Writer}
			tw := newAligned(ew)
			for _, name := range scenario.Builtins() {
				s, err := scenario.Builtin(name)
				if err != nil {
					return fmt.Errorf("built-in scenario %s: %w", name, err)
				}
				desc := firstSentence(oneLine(s.Description))
				if name == scenario.Default {
					desc += " (default)"
				}
				tw.row(name, desc)
			}
			tw.flush()
			return ew.err
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
				name := c.Args().First()
				if !slices.Contains(scenario.Builtins(), name) {
					return usagef("no built-in scenario %q (built-in: %s)", name, strings.Join(scenario.Builtins(), ", "))
				}
				src, err := scenario.BuiltinSource(name)
				if err != nil {
					return err
				}
				_, err = c.App.Writer.Write(src)
				return err
			},
		}},
	}
}

// firstSentence returns s up to the end of its first sentence.
func firstSentence(s string) string {
	if i := strings.Index(s, ". "); i >= 0 {
		return s[:i+1]
	}
	return s
}
