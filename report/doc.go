// Package report turns a sim.Result into what people read: aligned text
// tables, a documented JSON file (see SCHEMA.md) and long-format CSV.
//
// Every figure a report prints carries the digits its Monte Carlo standard
// error supports and no more (FormatValue, FormatSE, FormatProb); the JSON
// and CSV outputs keep full float64 precision for machines. Output is
// deterministic: the same Run gives byte-identical bytes.
//
// A Run is a sim.Result plus the provenance a reader needs to reproduce it
// (scenario, SHA-256 of its source, seed, trials, engine version, date,
// overrides). The number of workers is deliberately not recorded: results do
// not depend on it.
package report
