package sampling

import (
	"fmt"
	"slices"

	"github.com/montecarlo-risk/montecarlo/model"
)

// Domain tags keep the streams of different designs apart: the stream an
// input's name keys under one design is unrelated to the one it keys under
// another (or under IID, which uses the bare name hash).
const (
	lhsDomain    = 0x4c48532d73747261 // "LHS-stra"
	sobolDomain  = 0x736f626f6c2d6f77 // "sobol-ow"
	icDomain     = 0x696d616e2d636f6e // "iman-con"
	copulaDomain = 0x636f70756c612d7a // "copula-z"
	chi2Domain   = 0x636869322d6d6978 // "chi2-mix"
)

// nameKey is the hash of an input's name under a design's domain tag.
func nameKey(name string, domain uint64) uint64 {
	return splitmix(stringHash(name) ^ domain)
}

// unitOpen maps 64 random bits to (0, 1): the midpoint of one of 2^52
// equal cells, so that 0 and 1 (where quantile functions are infinite or
// clamp) never occur. The largest value is 1 − 2^-53, exactly representable.
func unitOpen(x uint64) float64 {
	return (float64(x>>12) + 0.5) * 0x1p-52
}

// nameIndex maps every distinct input name of m to the positions of the
// inputs that carry it (a model joined for a comparison, model.Join, has
// one input per member whose distribution differs, all with one name).
func nameIndex(m *model.Model) map[string][]int {
	idx := map[string][]int{}
	for i, in := range m.Inputs {
		idx[in.Name] = append(idx[in.Name], i)
	}
	return idx
}

// correlatedInputs checks that every name of c is an input of m and that
// none of them is a per-period input, and returns, for each name of c in
// order, the positions of m's inputs that carry it.
func correlatedInputs(m *model.Model, c Correlation) ([][]int, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	idx := nameIndex(m)
	out := make([][]int, len(c.Names))
	var missing, periodic []string
	for k, name := range c.Names {
		pos, ok := idx[name]
		if !ok {
			missing = append(missing, name)
			continue
		}
		for _, i := range pos {
			if m.Inputs[i].PerPeriod {
				periodic = append(periodic, name)
				break
			}
		}
		out[k] = pos
	}
	if len(missing) > 0 {
		return nil, fmt.Errorf("correlation: %s %s not an input of the model", quoteList(missing), isAre(len(missing)))
	}
	if len(periodic) > 0 {
		return nil, fmt.Errorf("correlation: %s %s a per-period input; only scalar inputs (one value per trial) can be correlated",
			quoteList(periodic), isAre(len(periodic)))
	}
	return out, nil
}

func quoteList(names []string) string {
	s := ""
	for i, n := range names {
		switch {
		case i == 0:
		case i == len(names)-1:
			s += " and "
		default:
			s += ", "
		}
		s += fmt.Sprintf("%q", n)
	}
	return s
}

func isAre(n int) string {
	if n == 1 {
		return "is"
	}
	return "are"
}

// subIID is the IID sampler restricted to some of a model's inputs, so
// that a design which handles a few inputs itself (a copula) fills the
// others exactly as IID would: IID keys its streams by name, not position.
type subIID struct {
	iid *IID
	pos []int // positions in the full model of the inputs iid samples
}

func newSubIID(m *model.Model, skip func(i int) bool) subIID {
	s := subIID{iid: &IID{}}
	for i, in := range m.Inputs {
		if skip(i) {
			continue
		}
		s.iid.add(in)
		s.pos = append(s.pos, i)
	}
	return s
}

type subIIDWorker struct {
	w    Worker
	pos  []int
	cols [][][]float64
}

func (s subIID) newWorker() *subIIDWorker {
	return &subIIDWorker{w: s.iid.NewWorker(), pos: s.pos, cols: make([][][]float64, len(s.pos))}
}

func (w *subIIDWorker) fill(b Block, cols [][][]float64) {
	for k, i := range w.pos {
		w.cols[k] = cols[i]
	}
	w.w.Fill(b, w.cols)
}

// estimatedQuantile returns the names of the inputs of m (those with
// positions in only, if only is non-nil) whose quantile function is an
// estimate (a distributions.Compound), which a design that maps uniforms
// through the quantile cannot use.
func estimatedQuantile(m *model.Model, only func(i int) bool) []string {
	var names []string
	for i, in := range m.Inputs {
		if _, ok := in.Dist.(interface{ Estimated() }); ok && (only == nil || only(i)) && !slices.Contains(names, in.Name) {
			names = append(names, in.Name)
		}
	}
	return names
}

// refuseEstimated is the error of a design that needs exact quantiles
// for the inputs names.
func refuseEstimated(design string, names []string) error {
	what := "is a compound (frequency × severity) sum, whose quantile function has"
	if len(names) > 1 {
		what = "are compound (frequency × severity) sums, whose quantile functions have"
	}
	return fmt.Errorf("%s maps uniforms through each input's quantile function, and %s %s no closed form; "+
		"use random sampling (correlations by iman-conover work)", design, quoteList(names), what)
}
