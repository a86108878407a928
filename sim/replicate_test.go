package sim

import (
	"context"
	"math"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sampling"
)

// TestReplicateErrorsHonest runs lossModel under each design with 30 seeds
// and checks that every figure's reported standard error matches the
// spread of its estimates across the seeds (within ±45%: the spread of 30
// values is itself uncertain by about ±13%). Under Latin hypercube and
// Sobol sampling the iid errors overstate the mean's error many times
// over, so this fails unless the errors come from the replicate groups.
func TestReplicateErrorsHonest(t *testing.T) {
	seeds := 30
	if testing.Short() {
		seeds = 16
	}
	const trials = 64 * BlockSize
	m := lossModel()
	for _, tc := range []struct {
		name    string
		sampler sampling.Sampler
		groups  int
	}{
		{"random", sampling.NewIID(m), 0},
		{"lhs", sampling.NewLatinHypercube(m), ReplicateGroups},
		{"sobol", must(sampling.NewSobolReplicated(m, 2*BlockSize)), ReplicateGroups},
	} {
		type figure struct{ vals, ses []float64 }
		figs := map[string]*figure{}
		add := func(name string, v, se float64) {
			f := figs[name]
			if f == nil {
				f = &figure{}
				figs[name] = f
			}
			f.vals, f.ses = append(f.vals, v), append(f.ses, se)
		}
		for seed := range seeds {
			res, err := Run(context.Background(), m, Config{Trials: trials, Seed: uint64(seed), Workers: 3, Sampler: tc.sampler})
			if err != nil {
				t.Fatal(err)
			}
			s := res.Outputs[0].Final()
			if s.Replicates != tc.groups {
				t.Fatalf("%s: %d replicate groups, want %d", tc.name, s.Replicates, tc.groups)
			}
			add("mean", s.Mean, s.MeanSE)
			q := s.Quantile(0.9)
			add("P90", q.Value, q.SE)
			e := s.Exceedances[0]
			add("P(>3)", e.Prob, e.SE)
			es, ese := s.ExpectedShortfall(0.9)
			add("ES90", es, ese)
			add("sd", s.StdDev, s.StdDevSE())
		}
		for name, f := range figs {
			spread := sdOf(f.vals)
			var ms float64
			for _, se := range f.ses {
				ms += se * se
			}
			rms := math.Sqrt(ms / float64(len(f.ses)))
			if r := rms / spread; !(r > 0.55 && r < 1.45) {
				t.Errorf("%s %s: reported SE %.3g against a spread of %.3g over %d seeds (ratio %.2f)", tc.name, name, rms, spread, seeds, r)
			}
		}
	}
}

func must[T any](v T, err error) T {
	if err != nil {
		panic(err)
	}
	return v
}

func sdOf(xs []float64) float64 {
	var mean float64
	for _, x := range xs {
		mean += x
	}
	mean /= float64(len(xs))
	var ss float64
	for _, x := range xs {
		ss += (x - mean) * (x - mean)
	}
	return math.Sqrt(ss / float64(len(xs)-1))
}

// TestReplicateGroupsOnlyForDependentTrials checks which designs count
// replicate groups, and that a run too short for two groups keeps the iid
// errors rather than reporting none.
func TestReplicateGroupsOnlyForDependentTrials(t *testing.T) {
	m := lossModel()
	corr := sampling.Correlation{Names: []string{"a", "b"}, Matrix: [][]float64{{1, 0.5}, {0.5, 1}}}
	for _, tc := range []struct {
		name    string
		sampler func(*model.Model) sampling.Sampler
		trials  int64
		want    int
	}{
		{"iid", func(m *model.Model) sampling.Sampler { return sampling.NewIID(m) }, 40 * BlockSize, 0},
		{"gaussian copula", func(m *model.Model) sampling.Sampler {
			return must(sampling.NewCopula(m, corr, sampling.GaussianCopula, 0))
		}, 40 * BlockSize, 0},
		{"iman-conover", func(m *model.Model) sampling.Sampler { return must(sampling.NewImanConover(m, corr, nil)) }, 40 * BlockSize, ReplicateGroups},
		{"lhs", func(m *model.Model) sampling.Sampler { return sampling.NewLatinHypercube(m) }, 40 * BlockSize, ReplicateGroups},
		{"lhs, 3 blocks", func(m *model.Model) sampling.Sampler { return sampling.NewLatinHypercube(m) }, 3 * BlockSize, 3},
		{"lhs, one block", func(m *model.Model) sampling.Sampler { return sampling.NewLatinHypercube(m) }, BlockSize, 0},
	} {
		res, err := Run(context.Background(), m, Config{Trials: tc.trials, Seed: 3, Sampler: tc.sampler(m)})
		if err != nil {
			t.Fatal(err)
		}
		s := res.Outputs[0].Final()
		if s.Replicates != tc.want {
			t.Errorf("%s: %d replicate groups, want %d", tc.name, s.Replicates, tc.want)
		}
		if !(s.MeanSE > 0) || !(s.Quantile(0.5).SE > 0) {
			t.Errorf("%s: errors %v, %v", tc.name, s.MeanSE, s.Quantile(0.5).SE)
		}
	}
}
