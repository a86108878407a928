// Package scenario reads scenario files: small YAML documents that describe
// an uncertain quantity as inputs (probability distributions, each with its
// source) and formulas that combine them. It parses and checks a file,
// compiles it to a model.Model, and embeds the built-in scenarios.
//
// A scenario file looks like this (scenario/FORMAT.md is the full reference):
//
//	name: P1 reference
//	unit: USD billions
//	seed: 42
//	trials: 1M
//	inputs:
//	  revenue:    { dist: 3.5 to 4.5, source: "Revenue is expected to land between $3.5 to $4.5 billion" }
//	  a100_price: { dist: "triangular(1.2, 1.3, 1.6)", unit: USD per A100-hour }
//	  training:   2.5 to 3.5
//	formulas:
//	  loss: a100_price * 3 + training - revenue
//	outputs:
//	  loss: { label: Operating loss, thresholds: [5] }
//
// Top-level keys: name (required), description, unit, seed, trials,
// periods, inputs (required), formulas, outputs (required), variants.
// An input is a distribution, or a mapping with keys dist (required), unit,
// source, assumption, label and per_period. Inputs and formulas share one
// namespace; formulas may come in any order.
//
// Numbers may be written 1e6, 1_000_000, 1M (suffixes K, M, B, T) or 5%.
// A distribution is a number, a 90% interval "A to B" (lognormal when
// 0 < A < B, normal otherwise), or a family call such as normal(10, 2),
// normal(p5=8, p95=12), lognormal(mean=5, sd=1), pert(1, 2, 5),
// discrete(0: 30%, 1: 70%), mixture(0.8: 1 to 2, 0.2: 5 to 10) or
// truncate(normal(0, 1), 0, inf).
//
// Expressions use + - * / ^ (right-associative and tighter than unary minus:
// -2^2 = -4), comparisons, and/or/not, and the functions if, min, max, abs,
// exp, log, sqrt and clamp. A scenario with `periods: T` computes series of
// T values; there formulas may also use `period` (1..T), sum, mean, cumsum
// and lag, and inputs marked per_period draw anew for every period. Scalars
// broadcast over periods.
//
// Compilation gives every input and formula a named slot, constants one
// shared slot per value, and sub-expressions temporaries (dead ones are
// reused). Constant sub-expressions are folded with the engine's semantics.
// Model.Formulas lists formulas in evaluation order (each after what it
// uses, ties in file order) and Model.Outputs follows the file, so a file
// always compiles to the same Model.
//
// Error contract: Parse never panics. It collects every problem it finds
// into an ErrorList sorted by position; each *Error names the file, line
// and column (inside an expression: the column of the offending token) and
// says what to do, e.g.
//
//	reference.yaml:12:23: unknown name "a100_hour"; did you mean "a100_hours"?
//	bad.yaml:7:3: cycle: loss -> staff -> loss; a formula cannot depend on itself
//
// Errors of the distributions constructors are reported at the family name
// of the distribution they concern.
package scenario
