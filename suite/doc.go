// Package suite checks scenarios against expected figures: the regression
// suites of a model library and the engine's known-answer tests.
//
// A suite file lists cases, each a scenario (a file, relative to the suite,
// or a built-in) with an optional variant, trials and seed, and the figures
// expected of it:
//
//	suite: model library
//	cases:
//	  - scenario: openai-2024
//	    trials: 1M
//	    expect:
//	      loss.mean: 4.469 ± 4se
//	      loss.p95: 5.215 ± 0.01
//	      loss.p(>5): 12.1% ± 4se
//
// A figure is OUTPUT.STAT, with STAT one of mean, sd, pN (the N-th
// percentile, e.g. p95 or p99.9), p(>T) (the chance of exceeding T) and
// es95/es99 (expected shortfall); a period of a series output is written
// OUTPUT[T].STAT. The error of sd is sd·√((κ − 1)/(4N)), with the
// kurtosis κ estimated from the run's histogram (sd/√(2N) for a normal
// output); for a heavy-tailed output that estimate is itself uncertain:
// give those an absolute tolerance.
// A tolerance is absolute ("± 0.01", "± 0.1%" for a
// probability) or in standard errors ("± 4se", "+- 4se").
//
// A tolerance in standard errors uses the combined error of the run and of
// the expectation: an expectation written by Update carries the error of
// the run that produced it, with the same trials, so the combined error is
// √2 times the run's. A case whose run and expectation differ only by
// Monte Carlo noise then has z ~ N(0, 1): at ± 4se a figure fails by chance
// with probability 6.3e-5, so a suite of 1,000 figures fails by chance in
// 6.1% of runs, less than once in 10. A case marked exact: true holds
// analytic values, whose error is zero: there the run's error alone counts.
// With the seed of the run that wrote
// the expectations, the same engine reproduces them to the bit (z = 0).
package suite
