// Command montecarlo runs Monte Carlo risk scenarios written in YAML: it
// samples millions of trials on every core and reports percentiles,
// exceedance probabilities and provenance, each figure with its Monte Carlo
// standard error.
//
// Usage:
//
//	montecarlo run [FILE] [--trials N] [--seed S] [--workers W] [--format table|json|csv]
//	               [--out DIR] [--plot-format png|svg|pdf] [--log-exceedance] [--nan fail|skip]
//	               [--quiet] [--variant NAME] [--set name=dist ...]
//	montecarlo compare [FILE ...] [--variant NAME ... | --all-variants] [run's flags]
//	montecarlo validate [FILE]
//	montecarlo scenarios [show NAME]
//	montecarlo version
//
// With no FILE, montecarlo uses its embedded default scenario (OpenAI's 2024
// loss); FILE may also name a built-in scenario. With --out DIR, run also
// writes a report folder: report.md, a self-contained report.html,
// summary.csv, result.json and the figures, replaced atomically. Every flag can also be set
// with an environment variable MONTECARLO_<FLAG> (MONTECARLO_TRIALS=1M).
//
// Exit status: 0 on success, 1 when a run fails (a non-finite output, an I/O
// error, an interrupt), 2 on bad usage or a bad scenario.
//
// This package only wires: it defines the urfave/cli commands and flags,
// reads the flags (and MONTECARLO_* variables) into job.Options, draws the
// progress bar on a terminal through the callback it hands to job, prints
// errors and maps them to exit statuses (job.UsageError and scenario errors
// are 2), and prints help. What each command does (loading, overrides,
// variants, simulation, provenance, the re-create command, the printed
// output and the report folder) is package job's; run calls job.Run,
// compare job.Compare, validate job.Validate, scenarios job.Scenarios and
// job.ShowScenario. run is a function of arguments and writers that the
// tests call directly; main is one line.
package main

import (
	"fmt"
	"os"
)

func main() {
	if stdoutClosed() {
		fmt.Fprintln(os.Stderr, "montecarlo: standard output is closed, so the results would be lost; redirect it to a file (> results.txt) or to /dev/null")
		os.Exit(exitFail)
	}
	os.Exit(run(os.Args, os.Stdout, os.Stderr))
}
