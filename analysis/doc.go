// Package analysis computes what a study reports from a run's results:
// risk measures at chosen Levels (percentiles, value at risk and expected
// shortfall), the drivers of every output (Spearman rank correlation, share
// of variance and median swing, from the run's bounded sample, with a radix
// sort), the paired comparison of the members of a joint run, and the
// Warnings that travel with the figures. It depends on sim and model and on
// nothing that renders: report turns an analysis into tables, memos and
// figures, and any other front end (a server, a stress test) can use it as
// it is.
//
// Errors: a statistic that cannot be computed (an output without finite
// values, too few trials for drivers) is an error value beside the others,
// never a panic; statements a reader should see before quoting a figure are
// Warnings.
package analysis
