package sampling

import (
	"fmt"

	"github.com/montecarlo-risk/montecarlo/model"
)

// Designs are the names Design accepts.
var Designs = []string{"random", "lhs", "sobol"}

// Design returns the sampler of m named by design for a run of the given
// trials: "random" (or "") for independent draws (NewIID), "lhs" for a
// Latin hypercube per block (NewLatinHypercube), "sobol" for scrambled
// Sobol sequences of SobolReplicate(trials) points each
// (NewSobolReplicated), so that the run has at least 32 independent
// replicates to take its errors from.
func Design(design string, m *model.Model, trials int64) (Sampler, error) {
	switch design {
	case "", "random":
		return NewIID(m), nil
	case "lhs", "sobol":
		if names := estimatedQuantile(m, nil); names != nil {
			return nil, fmt.Errorf("sampling %s: %w", design, refuseEstimated(map[string]string{"lhs": "Latin hypercube sampling", "sobol": "Sobol sampling"}[design], names))
		}
		if design == "lhs" {
			return NewLatinHypercube(m), nil
		}
		return NewSobolReplicated(m, SobolReplicate(trials))
	}
	return nil, fmt.Errorf("sampling %q: want random, lhs or sobol", design)
}

// SobolReplicate returns the points of each independently scrambled Sobol
// sequence of a run of the given trials under Design: the largest power of
// two not above trials/32, and at least 1,024 (one block of the engine),
// at most 2^32. A run of a million trials has 61 replicates of 16,384
// points: enough for an honest error, at the price of some of a single
// sequence's accuracy (see NewSobolReplicated).
func SobolReplicate(trials int64) int64 {
	r := int64(blockTrials)
	for r*2 <= trials/32 && r < 1<<32 {
		r *= 2
	}
	return r
}
