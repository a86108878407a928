// Package job holds the use cases of the montecarlo command, one function
// each, free of flags and terminals: Run and Compare load scenarios (Load),
// apply variants and --set overrides (ParseOverrides), join the members of a
// comparison (model.Join), simulate, assemble the report input with its
// provenance (EngineVersion, RunDate, the SHA-256 of every source, the
// command line that re-creates the report), print the table, JSON or CSV on
// Options.Stdout and write the report folder (report.WriteFolder) when
// Options.Out is set. Validate, Scenarios and ShowScenario are the validate
// and scenarios commands.
//
// Run and Compare are one pipeline: a run is a member list of one, and both
// share the defaults and checks of Options, the trials and seed precedence
// (Options, then the first scenario, then sim.DefaultConfig), the progress
// callback, the re-creation command and the writing of folder and output.
// Only the members (one scenario and variant, or a base with variants, or
// several scenarios joined) and the report type (report.Run or
// report.CompareRun) differ.
//
// validate and scenarios live here too, not in cmd/montecarlo, because
// validate computes what each input implies (its exact mean and
// percentiles) and cmd keeps no statistics; scenarios goes with them so
// that every command but version has its use case in one package, testable
// without a command line. version only prints the engine version
// (EngineVersion), which needs no use case.
//
// Errors: the invocation's fault (a bad option, an unknown file, nothing to
// compare, members sharing no output) is a UsageError; a scenario that does
// not parse or compile, or a variant or override it rejects, is scenario's
// positioned error (scenario.ErrorList, *scenario.Error); a failed run is
// sim's or report's error, an I/O failure names the folder, and an
// interrupted run returns the context's error with the previous folder
// intact. Messages name the command's flags (--set, --variant), since job
// is that command's use case.
//
// job writes files only through report.WriteFolder, and prints only to the
// writers of Options (or the writer it is given); it never reads flags,
// the terminal or the clock except time.Now when Options.Date is zero.
package job
