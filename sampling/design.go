package sampling

import (
	"fmt"

	"github.com/montecarlo-risk/montecarlo/model"
)

// Designs are the names Design accepts.
var Designs = []string{"random", "lhs", "sobol"}

// Design returns the sampler of m named by design: "random" (or "") for
// independent draws (NewIID), "lhs" for a Latin hypercube per block
// (NewLatinHypercube), "sobol" for one scrambled Sobol sequence over the
// run (NewSobol).
func Design(design string, m *model.Model) (Sampler, error) {
	switch design {
	case "", "random":
		return NewIID(m), nil
	case "lhs":
		return NewLatinHypercube(m), nil
	case "sobol":
		return NewSobol(m)
	}
	return nil, fmt.Errorf("sampling %q: want random, lhs or sobol", design)
}
