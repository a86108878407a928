// Package report renders what people read, and nothing else: the
// statistics come from package analysis (drivers, tails, comparisons,
// warnings); report turns a sim.Result and its analysis into aligned text
// tables, a documented JSON file (see SCHEMA.md), long-format CSV, and the
// memo-ready report folder (Folder, WriteFolder): report.md and a
// self-contained report.html rendered from one model (Memo) by text/template
// and html/template, summary.csv, result.json and the figures drawn by
// package plots.
//
// Every figure a report prints carries the digits its Monte Carlo standard
// error supports and no more, and money as a memo writes it (package
// numfmt: "27,700,000" in tables, "$27.7M" in prose and figures); the JSON
// and CSV outputs keep full float64 precision for machines. Output is
// deterministic: the same Run gives byte-identical bytes, figures included.
//
// Folder keeps every core busy: the drivers (from the run's bounded sample)
// are computed while the charts are drawn, and each chart is rendered on a
// pool of one goroutine per core as soon as it is drawn; only the tornado
// charts wait for the drivers. Its cost does not grow with the number of
// trials (benchmarks/README.md gives the figures).
//
// A Run is a sim.Result plus the provenance a reader needs to reproduce it
// (scenario, SHA-256 of its source, seed, trials, engine version, date,
// overrides, the command that re-creates the report). The number of workers
// is deliberately not recorded: results do not depend on it.
//
// A comparison (CompareRun) is a study of several members of one joint
// run: its report carries the comparison table and, member by member, what
// a run report shows of each (value at risk and expected shortfall,
// drivers and tornado charts, the assumptions table).
//
// Errors: data a figure cannot show (an output with no finite value, a
// non-finite sample) is an error naming the output or input and the figure,
// never a panic; WriteFolder leaves the previous folder intact on any error.
package report
