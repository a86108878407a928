// Package benchmarks measures the engine on the reference model
// (reference.yaml) against FusedReference, a hand-fused loop of the same
// model that is the ceiling of what any engine could reach. See README.md
// in this directory for the figures and the commands behind them.
package benchmarks
