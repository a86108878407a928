package job

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"

	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/shard"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// identity is the run identity of a planned run.
func identity(opts *Options, p *runPlan, count int) shard.Identity {
	id := shard.Identity{
		ScenarioSHA256: report.SourceHash(p.m.l.Text),
		Scenario:       p.m.l.Arg(),
		Seed:           p.cfg.Seed,
		Trials:         p.cfg.Trials,
		ShardCount:     count,
		Engine:         opts.Engine,
		Variant:        p.m.variant,
		Sampling:       p.design,
		NaN:            "fail",
	}
	if p.cfg.NaN == sim.NaNSkip {
		id.NaN = "skip"
	}
	for _, o := range opts.Overrides {
		id.Overrides = append(id.Overrides, o.Name+"="+o.Dist)
	}
	return id
}

// runShard simulates one shard's blocks and writes its partial file.
func runShard(ctx context.Context, opts *Options, p *runPlan) error {
	spec := *opts.Shard
	if opts.PartialOut == "" {
		return Usagef("--shard needs --partial-out DIR, the folder the shard's partial file goes to")
	}
	if opts.Out != "" || len(opts.Precision) > 0 {
		return Usagef("a shard writes a partial file, not a report: merge the partials (montecarlo merge) for the report; precision targets do not shard yet")
	}
	if err := os.MkdirAll(opts.PartialOut, 0o755); err != nil {
		return err
	}
	cfg := p.cfg
	cfg.Blocks = spec.Blocks(cfg.Trials)
	if err := checkSize(opts, min(cfg.Trials, cfg.Blocks.Hi*sim.BlockSize)-cfg.Blocks.Lo*sim.BlockSize); err != nil {
		return err
	}
	var agg *sim.Aggregate
	var err error
	if cfg.Blocks.Len() == 0 { // more shards than blocks: an empty part
		agg, err = sim.NewAggregate(p.m.s.Model, cfg)
	} else {
		var done func()
		if opts.Progress != nil {
			cfg.Progress, done = opts.Progress(min(cfg.Trials, cfg.Blocks.Hi*sim.BlockSize) - cfg.Blocks.Lo*sim.BlockSize)
		}
		agg, err = sim.RunAggregate(ctx, p.m.s.Model, cfg)
		if done != nil {
			done()
		}
	}
	if err != nil {
		return err
	}
	part := &shard.Partial{Identity: identity(opts, p, spec.Count), Shards: []int{spec.Index}, Aggregate: agg}
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
	opts.Scenarios = []string{id.Scenario}
	opts.Trials, opts.Seed, opts.HasSeed = id.Trials, id.Seed, true
	if id.Variant != "" {
		opts.Variants = []string{id.Variant}
	}
	if opts.Overrides, err = ParseOverrides(id.Overrides); err != nil {
		return err
	}
	opts.Sampling = id.Sampling
	if id.NaN == "skip" {
		opts.NaN = sim.NaNSkip
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

func short(h string) string {
	if len(h) > 12 {
		return h[:12]
	}
	return h
}
