package job

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/shard"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// identity is the run identity of a planned run.
func identity(opts *Options, p *runPlan, count int) shard.Identity {
	id := baseIdentity(opts, p.cfg, p.design, count)
	id.ScenarioSHA256, id.Scenario, id.Variant = report.SourceHash(p.m.l.Text), p.m.l.Arg(), p.m.variant
	return id
}

// baseIdentity is what the identities of runs and comparisons share.
func baseIdentity(opts *Options, cfg sim.Config, design string, count int) shard.Identity {
	id := shard.Identity{
		Seed:       cfg.Seed,
		Trials:     cfg.Trials,
		ShardCount: count,
		Engine:     opts.Engine,
		Sampling:   design,
		NaN:        "fail",
	}
	if cfg.NaN == sim.NaNSkip {
		id.NaN = "skip"
	}
	for _, o := range opts.Overrides {
		id.Overrides = append(id.Overrides, o.Name+"="+o.Dist)
	}
	return id
}

// compareSpec is what makes a comparison's members, recorded in its
// partials (shard.Identity.Compare) so that Merge can make them again: the
// options that choose them, and each member's scenario SHA-256.
type compareSpec struct {
	Scenarios   []string    `json:"scenarios"`
	SHA256      []string    `json:"sha256"` // per member
	Variants    []string    `json:"variants,omitempty"`
	AllVariants bool        `json:"all_variants,omitempty"`
	Sweep       []SweepAxis `json:"sweep,omitempty"`
	Cases       *SweepCases `json:"cases,omitempty"`
}

// compareIdentity is the run identity of a planned comparison.
func compareIdentity(opts *Options, cp *comparePlan) shard.Identity {
	spec := compareSpec{Scenarios: opts.Scenarios, Variants: opts.Variants, AllVariants: opts.AllVariants, Sweep: opts.Sweep, Cases: opts.Cases}
	if len(spec.Scenarios) == 0 {
		spec.Scenarios = []string{cp.members[0].l.Arg()}
	}
	for _, m := range cp.members {
		spec.SHA256 = append(spec.SHA256, report.SourceHash(m.l.Text))
	}
	b, err := json.Marshal(spec)
	if err != nil {
		panic(err) // strings, bools and ints only
	}
	id := baseIdentity(opts, cp.cfg, cp.design, opts.Shard.Count)
	id.ScenarioSHA256, id.Scenario, id.Compare = spec.SHA256[0], spec.Scenarios[0], string(b)
	return id
}

// runShard simulates one shard's blocks of m and writes its partial file;
// weight is the number of members m joins (1 for a run), for checkSize.
func runShard(ctx context.Context, opts *Options, m *model.Model, cfg sim.Config, weight int64, id shard.Identity) error {
	spec := *opts.Shard
	if opts.PartialOut == "" {
		return Usagef("--shard needs --partial-out DIR, the folder the shard's partial file goes to")
	}
	if opts.Out != "" {
		return Usagef("a shard writes a partial file, not a report: merge the partials (montecarlo merge --out DIR) for the report")
	}
	if len(opts.Precision) > 0 {
		return Usagef("--precision does not shard: its stopping check needs every block run so far, which a split of the blocks cannot give; run it in one process")
	}
	if err := os.MkdirAll(opts.PartialOut, 0o755); err != nil {
		return err
	}
	cfg.Blocks = spec.Blocks(cfg.Trials)
	trials := min(cfg.Trials, cfg.Blocks.Hi*sim.BlockSize) - cfg.Blocks.Lo*sim.BlockSize
	if err := checkSize(opts, trials*weight); err != nil {
		return err
	}
	var agg *sim.Aggregate
	var err error
	if cfg.Blocks.Len() == 0 { // more shards than blocks: an empty part
		agg, err = sim.NewAggregate(m, cfg)
	} else {
		var done func()
		if opts.Progress != nil {
			cfg.Progress, done = opts.Progress(trials)
		}
		agg, err = sim.RunAggregate(ctx, m, cfg)
		if done != nil {
			done()
		}
	}
	if err != nil {
		return explainParams(err, opts.params)
	}
	part := &shard.Partial{Identity: id, Shards: []int{spec.Index}, Aggregate: agg}
	path := filepath.Join(opts.PartialOut, shard.FileName(spec))
	if err := part.WriteFile(path); err != nil {
		return fmt.Errorf("writing the partial file: %w", err)
	}
	if opts.Notes != nil {
		fmt.Fprintf(opts.Notes, "shard %s: blocks %d to %d (%d trials) -> %s\n", spec, cfg.Blocks.Lo, cfg.Blocks.Hi, agg.Trials(), path)
	}
	return nil
}

// MergeOptions are Merge's options: the partial files (or folders of
// *.mcpart files), whether missing shards are allowed, and the output
// options of Run (Format, Out, PlotFormat, LogExceedance, Date, Engine,
// Stdout, Notes).
type MergeOptions struct {
	Paths        []string
	AllowMissing bool
	Options
}

// Merge merges the partial files of a sharded run (in any order, partials
// of partials included) and prints and writes its report as Run would have
// for the whole run in one process: the same table, result.json,
// summary.csv and figures, bit for bit. The scenario is loaded again by the
// name the partials record and must have the recorded SHA-256. Partials of
// different runs, duplicate shards and missing ones (unless AllowMissing)
// are UsageErrors.
func Merge(ctx context.Context, o MergeOptions) error {
	opts := o.Options
	if err := check(&opts); err != nil {
		return err
	}
	var paths []string
	for _, p := range o.Paths {
		if st, err := os.Stat(p); err == nil && st.IsDir() {
			found, _ := filepath.Glob(filepath.Join(p, "*.mcpart"))
			if len(found) == 0 {
				return Usagef("merge: %s holds no .mcpart files", p)
			}
			paths = append(paths, found...)
			continue
		}
		paths = append(paths, p)
	}
	part, err := shard.MergeFiles(paths, o.AllowMissing)
	if err != nil {
		var pe *os.PathError
		if errors.As(err, &pe) {
			return err
		}
		return UsageError{err}
	}
	id := part.Identity
	if id.Engine != opts.Engine {
		return Usagef("merge: the partials were made by engine %s, this is %s; merge with the engine that ran them", id.Engine, opts.Engine)
	}
	opts.Trials, opts.Seed, opts.HasSeed = id.Trials, id.Seed, true
	if opts.Overrides, err = ParseOverrides(id.Overrides); err != nil {
		return err
	}
	opts.Sampling = id.Sampling
	if id.NaN == "skip" {
		opts.NaN = sim.NaNSkip
	}
	if id.Compare != "" {
		return mergeCompare(ctx, &opts, part)
	}
	opts.Scenarios = []string{id.Scenario}
	if id.Variant != "" {
		opts.Variants = []string{id.Variant}
	}
	p, err := plan(&opts)
	if err != nil {
		return err
	}
	if sum := report.SourceHash(p.m.l.Text); sum != id.ScenarioSHA256 {
		return Usagef("merge: %s has changed since the shards ran (sha256 %s, the partials record %s)", id.Scenario, short(sum), short(id.ScenarioSHA256))
	}
	res := part.Aggregate.Result()
	if missing := part.Missing(); len(missing) > 0 {
		p.cfg.Trials = res.Trials
		if opts.Notes != nil {
			fmt.Fprintf(opts.Notes, "merge: %d of %d shards missing; the result covers %d of %d trials\n", len(missing), id.ShardCount, res.Trials, id.Trials)
		}
	}
	return report1(ctx, &opts, p, res)
}

// mergeCompare makes the members of the comparison part's shards ran
// again, checks that their scenarios have not changed, and prints and
// writes the comparison as Compare would have.
func mergeCompare(ctx context.Context, opts *Options, part *shard.Partial) error {
	id := part.Identity
	var spec compareSpec
	if err := json.Unmarshal([]byte(id.Compare), &spec); err != nil || len(spec.Scenarios) == 0 {
		return Usagef("merge: the partials' description of their comparison is unreadable; merge them with the engine that ran them")
	}
	opts.Scenarios, opts.Variants, opts.AllVariants, opts.Sweep, opts.Cases = spec.Scenarios, spec.Variants, spec.AllVariants, spec.Sweep, spec.Cases
	cp, err := planCompare(opts)
	if err != nil {
		return err
	}
	for i, m := range cp.members {
		if sum := report.SourceHash(m.l.Text); i >= len(spec.SHA256) || sum != spec.SHA256[i] {
			return Usagef("merge: %s has changed since the shards ran (sha256 %s); merge the shards of the scenario they ran", m.l.Arg(), short(sum))
		}
	}
	if len(cp.members) != len(spec.SHA256) {
		return Usagef("merge: the comparison has %d members now, the partials record %d; merge the shards of the scenarios they ran", len(cp.members), len(spec.SHA256))
	}
	res := part.Aggregate.Result()
	if missing := part.Missing(); len(missing) > 0 {
		cp.cfg.Trials = res.Trials
		if opts.Notes != nil {
			fmt.Fprintf(opts.Notes, "merge: %d of %d shards missing; the result covers %d of %d trials\n", len(missing), id.ShardCount, res.Trials, id.Trials)
		}
	}
	return reportCompare(ctx, opts, cp, res)
}

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
