package model_test

import (
	"context"
	"math"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// openaiMembers returns openai-2024 and the named variants as members.
func openaiMembers(t *testing.T, variants ...string) []model.Member {
	t.Helper()
	base, err := scenario.Builtin("openai-2024")
	if err != nil {
		t.Fatal(err)
	}
	ms := []model.Member{{"base", base.Model}}
	for _, v := range variants {
		vs, err := base.Variant(v)
		if err != nil {
			t.Fatal(err)
		}
		ms = append(ms, model.Member{v, vs.Model})
	}
	return ms
}

func run(t *testing.T, m *model.Model, trials int64, seed uint64) *sim.Result {
	t.Helper()
	res, err := sim.Run(context.Background(), m, sim.Config{Trials: trials, Seed: seed, Workers: 2})
	if err != nil {
		t.Fatal(err)
	}
	return res
}

// TestJointEqualsSeparateRuns: every member of a joint run has exactly the
// statistics of its own run with the same seed (common random numbers
// reproduce the separate runs bit for bit), and the diff outputs are the
// differences of the members.
func TestJointEqualsSeparateRuns(t *testing.T) {
	ms := openaiMembers(t, "no-apple-deal", "h2-sales-miss", "compute-price-up-20pct")
	j, err := model.Join(ms)
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(j.Shared, " "); got != "loss revenue inference training staff costs cumulative_loss" {
		t.Errorf("shared outputs %s", got)
	}
	const trials, seed = 5000, 7
	joint := run(t, j.Model, trials, seed)
	for k, m := range ms {
		sep := run(t, m.Model, trials, seed)
		for jj := range j.Shared {
			got := &joint.Outputs[j.Output(k, jj)]
			want := &sep.Outputs[jj] // the builtins list their outputs in Shared's order
			if got.Name != m.Label+"."+want.Name || len(got.Periods) != len(want.Periods) {
				t.Fatalf("%s: output %s, want %s with %d periods", m.Label, got.Name, want.Name, len(want.Periods))
			}
			for p := range want.Periods {
				g, w := &got.Periods[p], &want.Periods[p]
				if g.Mean != w.Mean || g.StdDev != w.StdDev || g.Min != w.Min || g.Max != w.Max {
					t.Errorf("%s %s period %d: joint mean %v sd %v, separate %v %v", m.Label, want.Name, p+1, g.Mean, g.StdDev, w.Mean, w.StdDev)
				}
				for i := range w.Percentiles {
					if g.Percentiles[i] != w.Percentiles[i] {
						t.Errorf("%s %s: %v, separate %v", m.Label, want.Name, g.Percentiles[i], w.Percentiles[i])
					}
				}
				for _, e := range w.Exceedances {
					found := false
					for _, ge := range g.Exceedances {
						if ge.Threshold == e.Threshold {
							found = true
							if ge != e {
								t.Errorf("%s %s: P(> %g) %v, separate %v", m.Label, want.Name, e.Threshold, ge, e)
							}
						}
					}
					if !found {
						t.Errorf("%s %s: threshold %g missing", m.Label, want.Name, e.Threshold)
					}
				}
			}
			if k == 0 {
				continue
			}
			d := joint.Outputs[j.Diff(k, jj)].Final()
			want0 := joint.Outputs[j.Output(0, jj)].Final().Mean
			if diff := got.Final().Mean - want0; math.Abs(d.Mean-diff) > 1e-9*(1+math.Abs(diff)) {
				t.Errorf("%s %s: mean of diff %v, difference of means %v", m.Label, want.Name, d.Mean, diff)
			}
			for t2, th := range j.Thresholds[jj] {
				pd := joint.Outputs[j.ExceedDiff(k, jj, t2)].Final()
				pk, p0 := exceedAt(got.Final(), th), exceedAt(joint.Outputs[j.Output(0, jj)].Final(), th)
				if math.Abs(pd.Mean-(pk-p0)) > 1e-12 {
					t.Errorf("%s %s: mean indicator difference %v, P difference %v", m.Label, want.Name, pd.Mean, pk-p0)
				}
			}
		}
	}
}

func exceedAt(s *sim.Stats, th float64) float64 {
	for _, e := range s.Exceedances {
		if e.Threshold == th {
			return e.Prob
		}
	}
	return math.NaN()
}

// TestJointCRN: common random numbers make the Monte Carlo error of the
// difference between a variant that changes one input (the A100 price) and
// its base far smaller than independent runs would. The paired standard
// error (MeanSE of the diff output) must be at least 5 times smaller than
// sqrt(se_a² + se_b²), the error of the difference of two independent runs;
// for this model the ratio is about 12.
func TestJointCRN(t *testing.T) {
	j, err := model.Join(openaiMembers(t, "compute-price-up-20pct"))
	if err != nil {
		t.Fatal(err)
	}
	res := run(t, j.Model, 20000, 3)
	a, b := res.Outputs[j.Output(1, 0)].Final(), res.Outputs[j.Output(0, 0)].Final()
	paired := res.Outputs[j.Diff(1, 0)].Final().MeanSE
	indep := math.Hypot(a.MeanSE, b.MeanSE)
	t.Logf("loss: paired SE %.5f, independent SE %.5f, ratio %.1f", paired, indep, indep/paired)
	if !(indep/paired > 5) {
		t.Errorf("paired SE %v vs independent %v: CRN ratio %.1f, want > 5", paired, indep, indep/paired)
	}
}

// TestJointCRNReplicates checks the claim directly: over 30 replicate
// seeds, the estimated mean difference of loss varies far less when base
// and variant share a seed (CRN) than when they are run with different
// seeds (independent streams). The standard deviation across replicates
// must be at least 4 times smaller with CRN (expected ratio ~12; with 30
// replicates each standard deviation is within ~25% at 2 sigma).
func TestJointCRNReplicates(t *testing.T) {
	if testing.Short() {
		t.Skip("replicated runs")
	}
	ms := openaiMembers(t, "compute-price-up-20pct")
	const reps, trials = 30, 5000
	var crn, ind []float64
	for r := range uint64(reps) {
		b := run(t, ms[0].Model, trials, 100+r).Outputs[0].Final().Mean
		v := run(t, ms[1].Model, trials, 100+r).Outputs[0].Final().Mean
		v2 := run(t, ms[1].Model, trials, 10_000+r).Outputs[0].Final().Mean
		crn = append(crn, v-b)
		ind = append(ind, v2-b)
	}
	sc, si := sd(crn), sd(ind)
	t.Logf("sd of the estimated difference over %d seeds: CRN %.5f, independent %.5f, ratio %.1f", reps, sc, si, si/sc)
	if !(si/sc > 4) {
		t.Errorf("CRN sd %v, independent sd %v: ratio %.1f, want > 4", sc, si, si/sc)
	}
}

func sd(xs []float64) float64 {
	var m float64
	for _, x := range xs {
		m += x
	}
	m /= float64(len(xs))
	var v float64
	for _, x := range xs {
		v += (x - m) * (x - m)
	}
	return math.Sqrt(v / float64(len(xs)-1))
}

// TestJointShared: different scenarios compare on the outputs they share,
// with the union of their thresholds; none shared is an error.
func TestJointShared(t *testing.T) {
	oa, err := scenario.Builtin("openai-2024")
	if err != nil {
		t.Fatal(err)
	}
	an, err := scenario.Builtin("anthropic-2024")
	if err != nil {
		t.Fatal(err)
	}
	j, err := model.Join([]model.Member{{"openai-2024", oa.Model}, {"anthropic-2024", an.Model}})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(j.Shared, " "); got != "loss revenue costs cumulative_loss" {
		t.Errorf("shared %q", got)
	}
	if got := j.Thresholds[0]; len(got) != 4 || got[0] != 1 || got[3] != 5 {
		t.Errorf("loss thresholds %v, want [1 2 2.5 5]", got)
	}
	res := run(t, j.Model, 2048, 1)
	if d := res.Outputs[j.Diff(1, 0)].Final().Mean; !(d < -1) {
		t.Errorf("anthropic - openai loss %v, want well below 0", d)
	}

	x, _ := scenario.Parse("x.yaml", []byte("name: x\nperiods: 12\ninputs: {a: 1 to 2}\noutputs: [a]\n"))
	for _, tc := range []struct {
		members []model.Member
		want    string
	}{
		{[]model.Member{{"openai", oa.Model}, {"x", x.Model}}, "share no output name"},
		{[]model.Member{{"openai", oa.Model}}, "at least two"},
		{[]model.Member{{"a", oa.Model}, {"a", oa.Model}}, "appears twice"},
		{[]model.Member{{"a", oa.Model}, {"b", x.Model}, {"c", an.Model}}, "share no output"},
	} {
		if _, err := model.Join(tc.members); err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("Join: %v, want %q", err, tc.want)
		}
	}
	y, _ := scenario.Parse("y.yaml", []byte("name: y\nperiods: 4\ninputs: {loss: 1 to 2}\noutputs: [loss]\n"))
	z, _ := scenario.Parse("z.yaml", []byte("name: z\ninputs: {loss: 1 to 2}\noutputs: [loss]\n"))
	if _, err := model.Join([]model.Member{{"y", y.Model}, {"z", z.Model}}); err == nil || !strings.Contains(err.Error(), "periods") {
		t.Errorf("different periods: %v", err)
	}
}
