package sampling

import (
	"math/rand/v2"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"github.com/montecarlo-risk/montecarlo/model"
)

// IID draws every input and every period independently. Input x of block b
// draws from its own PCG stream seeded by (seed, hash of x's name, b),
// period after period.
//
// Common random numbers: the draws of an input depend on its name, the seed
// and the block only, not on its position, on the other inputs or on its
// distribution's parameters beyond what its Sample does with the same
// stream. Two models (or a scenario and its variant) that share an input
// name therefore draw the same random numbers for it in every trial, which
// is what model.Join relies on.
type IID struct {
	dists []distributions.Distribution
	fast  []distributions.PCGSampler // dists[i] as a PCGSampler, or nil
	names []uint64                   // hash of each input's name
}

var _ Sampler = (*IID)(nil)

// NewIID returns the independent sampler of m's inputs.
func NewIID(m *model.Model) *IID {
	s := &IID{}
	for _, in := range m.Inputs {
		s.add(in)
	}
	return s
}

// add appends input in to those s samples.
func (s *IID) add(in model.Input) {
	s.dists = append(s.dists, in.Dist)
	f, _ := in.Dist.(distributions.PCGSampler)
	s.fast = append(s.fast, f)
	s.names = append(s.names, stringHash(in.Name))
}

// NewWorker returns a worker with its own generator.
func (s *IID) NewWorker() Worker {
	w := &iidWorker{s: s, pcg: &new(paddedPCG).PCG}
	w.rng = rand.New(w.pcg)
	return w
}

type iidWorker struct {
	s   *IID
	pcg *rand.PCG
	rng *rand.Rand
}

// paddedPCG keeps a generator's 16 bytes of state, written on every draw,
// off the cache lines of any other allocation: two workers' generators
// allocated side by side (16-byte objects share a size class) would share a
// line and slow sampling down two- to three-fold (false sharing).
type paddedPCG struct {
	_ [64]byte
	rand.PCG
	_ [64]byte
}

// Fill draws every input's columns from its stream, through SamplePCG
// where the distribution has it (the same values, without rand.Rand's
// interface call per draw).
func (w *iidWorker) Fill(b Block, cols [][][]float64) {
	for i, d := range w.s.dists {
		w.pcg.Seed(streamSeed(b.Seed, w.s.names[i], uint64(b.Index)))
		f := w.s.fast[i]
		for _, col := range cols[i] {
			if f != nil {
				f.SamplePCG(w.pcg, col[:b.N])
			} else {
				d.Sample(w.rng, col[:b.N])
			}
		}
	}
}

// streamSeed derives the PCG seed of one stream (an input, say) in one
// block from the master seed, a hash of the stream's name and the block
// index, so that streams depend on neither the worker count nor each other.
func streamSeed(seed, name, block uint64) (uint64, uint64) {
	h := splitmix(seed ^ splitmix(name))
	h = splitmix(h ^ splitmix(block+0x632be59bd9b4e019))
	return h, splitmix(h ^ 0x9e3779b97f4a7c15)
}

// splitmix is the finaliser of SplitMix64 (Steele, Lea & Flood, "Fast
// splittable pseudorandom number generators", OOPSLA 2014): a bijective
// 64-bit mixer whose outputs pass BigCrush for sequential inputs.
func splitmix(x uint64) uint64 {
	x += 0x9e3779b97f4a7c15
	x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9
	x = (x ^ (x >> 27)) * 0x94d049bb133111eb
	return x ^ (x >> 31)
}

// stringHash is 64-bit FNV-1a (Fowler, Noll & Vo), a stable hash of a name.
func stringHash(s string) uint64 {
	h := uint64(14695981039346656037)
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= 1099511628211
	}
	return h
}
