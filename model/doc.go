// Package model is the engine's instruction set: a Model is a compiled
// scenario (inputs with their distributions, a straight-line vector program
// over columns, the outputs to aggregate), independent of how it was written
// (the scenario package builds one from YAML) and of how it is run (the sim
// package runs one).
//
// Apply is the one scalar definition of every element-wise operation. The
// scenario compiler folds constants with it and the engine's vector loops
// are tested against it bit for bit, so a folded constant always equals what
// a run would have computed, NaN included.
//
// Join links several models into one, for comparisons with common random
// numbers; its handles (Output, Diff, ExceedDiff) say which of the joined
// model's outputs is which. A Model is immutable once built and may be
// shared by any number of concurrent runs.
package model
