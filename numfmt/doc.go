// Package numfmt writes numbers as a finance professional writes them, for
// every surface of a report: tables ("13,624,000", "4.8225 ± 0.00061"),
// prose and figure labels (money with its currency and scale folded in:
// "$13.4M", "−$4.0M", "€2.1B"; other units abbreviated where it helps:
// "1.20M A100-hours"), axis ticks ("$0.5B", "20K"), thresholds with every
// digit ("P(> 46,535.24)") and percentages ("12.10%"). It never prints
// scientific notation for the magnitudes a memo meets (1e-3 to 1e15).
//
// Digits follow the Monte Carlo error: an estimate is rounded where its
// standard error's leading digit lies (Value, SE), never finer, and prose
// keeps at most 3 significant digits (Prose). Separators are always "," and
// "." as English-language memos write them.
package numfmt
