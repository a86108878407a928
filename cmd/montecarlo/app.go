package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"runtime/debug"
	"strings"
	"syscall"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/job"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// version is the engine version; release builds set it with
// -ldflags "-X main.version=v1.2.3". When empty, engineVersion falls back
// on the module version recorded in the binary, then "dev".
var version = ""

// engineVersion returns the version recorded in reports.
func engineVersion() string { return job.EngineVersion(version) }

// Exit statuses.
const (
	exitOK    = 0 // success
	exitFail  = 1 // a run failed: non-finite output, I/O error, interrupt
	exitUsage = 2 // bad usage or bad scenario
)

// usagef returns a job.UsageError: the invocation's fault, exit status 2.
func usagef(format string, args ...any) error { return job.Usagef(format, args...) }

// run runs the command line args (args[0] is the program name), writing
// results to stdout and messages to stderr, and returns the exit status.
// An interrupt (Ctrl-C) or SIGTERM cancels a run in progress.
func run(args []string, stdout, stderr io.Writer) int {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	return runContext(ctx, args, stdout, stderr)
}

// runContext is run with a caller-controlled context.
func runContext(ctx context.Context, args []string, stdout, stderr io.Writer) int {
	app := newApp(stdout, stderr)
	err := app.RunContext(ctx, interspersed(app, args))
	if err == nil {
		return exitOK
	}
	return printError(stderr, err)
}

// interspersed moves the flags of a leaf command before its positional
// arguments, so that "montecarlo run my.yaml --trials 1M" works: urfave/cli
// v2 stops parsing flags at the first positional argument, as package flag
// does. Positional arguments follow a "--", so a FILE starting with "-"
// still reads as a file. Flags after a "--" are left alone.
func interspersed(app *cli.App, args []string) []string {
	if len(args) < 3 {
		return args
	}
	cmd := app.Command(args[1])
	if cmd == nil || len(cmd.Subcommands) > 0 {
		return args
	}
	takesValue := make(map[string]bool)
	for _, f := range cmd.Flags {
		_, isBool := f.(*cli.BoolFlag)
		for _, n := range f.Names() {
			takesValue[n] = !isBool
		}
	}
	var flags, pos []string
	rest := args[2:]
	for i := 0; i < len(rest); i++ {
		a := rest[i]
		if a == "--" {
			pos = append(pos, rest[i+1:]...)
			break
		}
		if len(a) < 2 || a[0] != '-' {
			pos = append(pos, a)
			continue
		}
		flags = append(flags, a)
		name := strings.TrimLeft(a, "-")
		if !strings.Contains(name, "=") && takesValue[name] && i+1 < len(rest) {
			i++
			flags = append(flags, rest[i])
		}
	}
	out := append([]string{args[0], args[1]}, flags...)
	if len(pos) > 0 {
		out = append(append(out, "--"), pos...)
	}
	return out
}

// printError prints err on w and returns the exit status it calls for.
// Scenario errors are printed as they are, one "file:line:col: message"
// per line, like a compiler's; everything else as "montecarlo: message".
func printError(w io.Writer, err error) int {
	var list scenario.ErrorList
	var one *scenario.Error
	switch {
	case errors.As(err, &list), errors.As(err, &one):
		fmt.Fprintln(w, err)
		return exitUsage
	case errors.Is(err, context.Canceled):
		fmt.Fprintln(w, "montecarlo: interrupted")
		return exitFail
	}
	fmt.Fprintf(w, "montecarlo: %v\n", err)
	var u job.UsageError
	if errors.As(err, &u) {
		return exitUsage
	}
	return exitFail
}

// newApp builds the command-line application writing to stdout and stderr.
// It never exits the process: errors are returned by App.Run.
func newApp(stdout, stderr io.Writer) *cli.App {
	onUsage := func(c *cli.Context, err error, _ bool) error { return job.UsageError{Err: suggestFlag(c, err)} }
	app := &cli.App{
		Name:  "montecarlo",
		Usage: "Monte Carlo risk engine for uncertain business scenarios",
		UsageText: `montecarlo run [FILE] [flags]     simulate a scenario and print its risk table
montecarlo compare [FILE ...]     compare variants or scenarios side by side (common random numbers)
montecarlo validate [FILE]        check a scenario and show what its inputs imply
montecarlo scenarios [show NAME]  list or print the built-in scenarios
montecarlo completion SHELL      print a bash, zsh or fish completion script
montecarlo version                print the engine version`,
		Description: `A scenario is a YAML file of uncertain inputs ("revenue: 3.5 to 4.5", pert, lognormal, ...)
with their sources, and formulas that combine them. montecarlo samples millions of trials on
every core and reports the mean, percentiles and exceedance probabilities of every output,
each with its Monte Carlo standard error. Results are bit-identical for a given seed,
whatever the number of workers.

Without FILE, the embedded default scenario (` + scenario.Default + `) is used; FILE may also name a
built-in scenario (see 'montecarlo scenarios').

Examples:
   montecarlo run                               # the default scenario, 1M trials
   montecarlo run my.yaml --trials 10M --seed 7
   montecarlo run --set revenue="3 to 5" --format json --out results/
   montecarlo validate my.yaml

Every flag can also be set in the environment: MONTECARLO_TRIALS=1M, MONTECARLO_FORMAT=csv, ...

Exit status: 0 success, 1 failed run (non-finite output, I/O error, interrupt),
2 bad usage or bad scenario.`,
		Version:              engineVersion(),
		Writer:               stdout,
		ErrWriter:            stderr,
		ExitErrHandler:       func(*cli.Context, error) {}, // never os.Exit; run maps errors to statuses
		OnUsageError:         onUsage,
		SliceFlagSeparator:   ";", // distributions contain commas: pert(1, 2, 3)
		Action:               rootAction,
		Commands:             []*cli.Command{runCommand(), compareCommand(), mergeCommand(), checkCommand(), validateCommand(), scenariosCommand(), versionCommand(), completionCommand(), benchCommand(), sweepCommand()},
		Suggest:              true,
		EnableBashCompletion: true,
	}
	for _, c := range app.Commands {
		setUsageHandler(c, onUsage)
		switch c.Name {
		case "run", "compare", "validate":
			c.BashComplete = completeScenarios(c) // the shell adds file names
		}
	}
	cli.VersionPrinter = func(c *cli.Context) { printVersion(c.App.Writer) }
	return app
}

// completeScenarios completes c's flags and the built-in scenario names.
func completeScenarios(c *cli.Command) cli.BashCompleteFunc {
	flags := cli.DefaultCompleteWithFlags(c)
	return func(ctx *cli.Context) {
		flags(ctx)
		if a := ctx.Args(); a.Len() > 0 && strings.HasPrefix(a.Get(a.Len()-1), "-") {
			return // completing a flag
		}
		for _, name := range scenario.Builtins() {
			fmt.Fprintln(ctx.App.Writer, name)
		}
	}
}

func setUsageHandler(c *cli.Command, f cli.OnUsageErrorFunc) {
	c.OnUsageError = f
	for _, s := range c.Subcommands {
		setUsageHandler(s, f)
	}
}

// suggestFlag adds a "did you mean" to the error of an unknown flag
// (urfave/cli suggests only when it prints the usage error itself), with
// the scenario errors' rule for what is near enough.
func suggestFlag(c *cli.Context, err error) error {
	name, ok := strings.CutPrefix(err.Error(), "flag provided but not defined: ")
	if !ok {
		return err
	}
	flags := c.App.Flags
	if c.Command != nil && c.Command.Name != "" {
		flags = c.Command.Flags
	}
	var names []string
	for _, f := range flags {
		names = append(names, f.Names()...)
	}
	if s := scenario.Closest(strings.TrimLeft(name, "-"), names); s != "" {
		dash := "--"
		if len(s) == 1 {
			dash = "-"
		}
		return fmt.Errorf("%w; did you mean %s%s? (see --help)", err, dash, s)
	}
	return fmt.Errorf("%w (see --help)", err)
}

// rootAction runs when no command is given: help, or an error for an unknown command.
func rootAction(c *cli.Context) error {
	if c.NArg() > 0 {
		hint := ""
		if cli.SuggestCommand != nil {
			if s := cli.SuggestCommand(c.App.Commands, c.Args().First()); s != "" {
				hint = "; " + strings.ToLower(s[:1]) + s[1:] // urfave/cli's "Did you mean "run"?"
			}
		}
		return usagef("unknown command %q%s (commands: run, compare, merge, check, validate, scenarios, version, completion; see 'montecarlo --help')", c.Args().First(), hint)
	}
	return cli.ShowAppHelp(c)
}

func versionCommand() *cli.Command {
	return &cli.Command{
		Name:      "version",
		Usage:     "print the engine version",
		UsageText: "montecarlo version",
		Description: `Prints the engine version recorded in every JSON result ("engine"), the Go version and
the platform. Results are reproducible for a given engine version, scenario, seed and trials.`,
		Action: func(c *cli.Context) error {
			if c.NArg() > 0 {
				return usagef("version takes no arguments")
			}
			return printVersion(c.App.Writer)
		},
	}
}

// printVersion writes the line `montecarlo version` and `montecarlo
// --version` both print.
func printVersion(w io.Writer) error {
	bi, _ := debug.ReadBuildInfo()
	gover := "unknown"
	if bi != nil {
		gover = bi.GoVersion
	}
	_, err := fmt.Fprintf(w, "montecarlo %s (%s, %d-trial blocks)\n", engineVersion(), gover, sim.BlockSize)
	return err
}
