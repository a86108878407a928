package sim

// Evaluate runs the program of m for a single trial whose inputs take the
// given values (one value for a scalar input, Periods values for a
// per-period input; missing inputs are an error) and returns the values of
// every named slot (inputs and formulas), one per period for series.
// It is meant for tests and for explaining a trial, not for speed.
func Evaluate(m *Model, inputs map[string][]float64) (map[string][]float64, error) {
	panic("todo: being written by the engine owner")
}
