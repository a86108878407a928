package job

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/shard"
	"github.com/montecarlo-risk/montecarlo/sim"
	"github.com/montecarlo-risk/montecarlo/stop"
)

// Output formats of Run and Compare on Options.Stdout.
const (
	Table = "table"
	JSON  = "json"
	CSV   = "csv"
)

// Options are the options of Run and Compare. The zero value runs the
// default scenario with its own trials and seed (else sim.DefaultConfig's),
// failing on a NaN output, and prints the table on Stdout.
type Options struct {
	// Scenarios are files or built-in names (see Load); none means the
	// default scenario. Run takes at most one; Compare compares several.
	Scenarios []string
	// Trials is the number of trials; 0 means the first scenario's, else
	// sim.DefaultConfig's.
	Trials int64
	// Seed is the master seed when HasSeed; else the first scenario's,
	// else sim.DefaultConfig's.
	Seed    uint64
	HasSeed bool
	Workers int           // goroutines; 0 means one per CPU (results do not depend on it)
	NaN     sim.NaNPolicy // what to do with a NaN or infinite output

	// Variants are the scenario's variants to apply: Run applies at most
	// one; Compare compares each with the base. AllVariants (Compare only)
	// compares every variant of the scenario.
	Variants    []string
	AllVariants bool
	// Overrides apply to every member, after its variant.
	Overrides []scenario.Override

	Format        string // Table, JSON or CSV on Stdout; "" means Table
	Out           string // the report folder to write; "" for none
	PlotFormat    string // figure files in Out: "png" (or ""), "svg" or "pdf"
	LogExceedance bool   // Run only: exceedance curves on a log probability scale

	// Progress, if not nil, is called once before the simulation with its
	// number of trials; update (if not nil) then receives the trials done
	// so far (as sim.Config.Progress), and finish (if not nil) is called
	// once the simulation ends, however it ends.
	Progress func(total int64) (update func(done int64), finish func())

	// Date is the date recorded in provenance; the zero value means
	// RunDate(time.Now()).
	Date time.Time
	// Engine is the engine version recorded in provenance; "" means
	// EngineVersion("").
	Engine string

	// Shard, if set, makes Run simulate only that shard's blocks and
	// write its partial file (shard.FileName) into PartialOut instead of
	// a report; Merge combines the partials.
	Shard      *shard.Spec
	PartialOut string
	// TrialsOut, if set, is a .csv, .csv.gz or .parquet file that Run
	// writes every trial to (its inputs and outputs, one column per period
	// of a series), streamed, renamed into place when the run succeeds. A
	// Parquet file records the run's provenance in its key/value metadata.
	TrialsOut string
	// TrialsColumns, if not empty, are the columns TrialsOut keeps, in the
	// file's order whatever theirs: inputs and outputs (every period of a
	// series) or single periods (cash[3]). The trial column is always
	// kept. An unknown name is a UsageError.
	TrialsColumns []string
	// TrialsEvery, if above 1, makes TrialsOut keep only the trials whose
	// index is a multiple of it (0, k, 2k, ...). The run's figures still
	// come from every trial.
	TrialsEvery int64
	// Sweep, if set, makes Compare run the grid of these inputs' values
	// (ParseSweep) as its members, the first point the base.
	Sweep []SweepAxis
	// Cases, if set, makes Compare run these cases (ReadCases) as its
	// members instead, the first the base; Sweep must then be empty.
	Cases *SweepCases
	// Precision, if set, stops Run at the first check (every
	// sim.DefaultCheckEvery blocks) where every target is met; Trials is
	// then the budget. The reason is written on Notes.
	Precision []stop.Target
	// Force allows a process to run more than MaxTrials trials.
	Force bool
	// Sampling is the sampling design: "random" (or ""), "lhs" or
	// "sobol" (see sampling.Design).
	Sampling string

	Stdout io.Writer // the table, JSON or CSV; nil discards it
	Notes  io.Writer // a line naming the folder written; nil for none

	// params maps the inputs of the run with parameters that vary by
	// trial to their distributions, for the error of an invalid draw.
	params map[string]string
}

// member is a loaded member of a run or comparison.
type member struct {
	label   string
	desc    string // what the member is, when not its variant's description (a sweep's point)
	variant string
	l       *Loaded
	s       *scenario.Scenario // with the variant and overrides applied
}

// document is what Run and Compare write: a report.Run or report.CompareRun.
type document interface {
	setCommand(string)
	folder(opts *Options) ([]report.File, error)
	write(w io.Writer, format string) error
	kind() string                      // "report" or "comparison", in messages
	note(dir string, files int) string // the line written on Notes
}

// Run simulates one scenario (Options.Scenarios[0], else the default) with
// at most one variant and the overrides, prints its statistics on
// opts.Stdout in opts.Format, and writes the report folder opts.Out when it
// is set. Bad options, names and scenarios are UsageErrors or scenario
// errors; a failed simulation returns sim's error, an interrupted one the
// context's error, the previous folder intact.
func Run(ctx context.Context, opts Options) error {
	if err := check(&opts); err != nil {
		return err
	}
	switch {
	case len(opts.Scenarios) > 1:
		return Usagef("run takes at most one scenario FILE, got %d arguments", len(opts.Scenarios))
	case len(opts.Variants) > 1, opts.AllVariants:
		return Usagef("run takes at most one --variant; to run several, compare them")
	}
	p, err := plan(&opts)
	if err != nil {
		return err
	}
	switch {
	case opts.TrialsOut == "" && len(opts.TrialsColumns) > 0:
		return Usagef("--trials-columns chooses the columns of --trials-out FILE; give it too")
	case opts.TrialsOut == "" && opts.TrialsEvery > 1:
		return Usagef("--trials-every thins the trials of --trials-out FILE; give it too")
	case opts.TrialsEvery < 0:
		return Usagef("--trials-every %d: want a positive number of trials", opts.TrialsEvery)
	}
	if opts.Shard != nil {
		if opts.TrialsOut != "" {
			return Usagef("--trials-out writes the trials of a whole run; a shard writes a partial file (run without --shard to export the trials)")
		}
		return runShard(ctx, &opts, p.m.s.Model, p.cfg, 1, identity(&opts, p, opts.Shard.Count))
	}
	if err := checkSize(&opts, p.cfg.Trials); err != nil {
		return err
	}
	var stopper *stop.Stopper
	if len(opts.Precision) > 0 {
		stopper = &stop.Stopper{Targets: opts.Precision}
		p.cfg.Stopper = stopper
	}
	var trials *trialsOut
	if opts.TrialsOut != "" {
		if trials, err = newTrialsOut(opts.TrialsOut, p.m.s.Model, opts.TrialsColumns, opts.TrialsEvery); err != nil {
			return err
		}
		p.cfg.Sinks = append(p.cfg.Sinks, trials)
	}
	res, err := simulate(ctx, &opts, p.m.s.Model, p.cfg)
	if trials != nil {
		if err != nil {
			trials.abort()
		} else if err = trials.commit(trialsMeta(&opts, p, res)); err != nil {
			return err
		}
	}
	if err != nil {
		return err
	}
	if stopper != nil {
		if err := stopper.Check(); err != nil {
			return UsageError{fmt.Errorf("--precision: %w", err)}
		}
		if opts.Notes != nil {
			fmt.Fprintln(opts.Notes, stopper.Reason(res, p.cfg.Trials))
		}
		// The re-create command runs exactly the trials this run ran.
		p.cfg.Trials = res.Trials
	}
	return report1(ctx, &opts, p, res)
}

// MaxTrials is the most trials one process runs without Options.Force:
// about three hours at 10M trials per second. Bigger runs shard.
const MaxTrials = 100_000_000_000

// checkSize refuses a run of more than MaxTrials trials in this process
// unless forced.
func checkSize(opts *Options, trials int64) error {
	if trials > MaxTrials && !opts.Force {
		return Usagef("%d trials would take this process hours or days (the limit is %.0e without --force); "+
			"split the run into shards (--shard K/N) or pass --force", trials, float64(MaxTrials))
	}
	return nil
}

// runPlan is a run's scenario, with its variant and overrides, and its
// configuration.
type runPlan struct {
	m      member
	cfg    sim.Config
	design string      // the sampling design: the flag's, else the file's, else "random"
	corr   *correlated // the scenario's correlations, or nil
}

// plan loads opts's scenario, applies its variant and overrides, and
// makes its configuration.
func plan(opts *Options) (*runPlan, error) {
	l, err := Load(first(opts.Scenarios))
	if err != nil {
		return nil, err
	}
	m := member{l: l, s: l.Scenario}
	if len(opts.Variants) == 1 {
		m.variant = opts.Variants[0]
		if m.s, err = l.Variant(m.variant); err != nil {
			return nil, err
		}
	}
	ms, err := override([]member{m}, opts.Overrides)
	if err != nil {
		return nil, err
	}
	cfg := config(opts, ms[0].s)
	d, corr, err := samplerFor(opts.Sampling, ms[0].s, ms[0].s.Model, &cfg)
	if err != nil {
		return nil, err
	}
	opts.params = map[string]string{}
	for _, in := range ms[0].s.Inputs {
		if in.Parametric {
			opts.params[in.Name] = in.Dist
		}
	}
	return &runPlan{m: ms[0], cfg: cfg, design: d, corr: corr}, nil
}

// report1 prints and writes the report of a run's result.
func report1(ctx context.Context, opts *Options, p *runPlan, res *sim.Result) error {
	l, m := p.m.l, p.m
	r := &report.Run{
		Result:       res,
		Scenario:     l.DisplayName(),
		Description:  strings.TrimSpace(l.Description),
		File:         l.File,
		SourceSHA256: report.SourceHash(l.Text),
		Engine:       opts.Engine,
		Date:         opts.Date,
		Variant:      m.variant,
		Overrides:    reportOverrides(opts.Overrides),
	}
	if p.design != "random" {
		r.Sampling = p.design
	}
	if p.corr != nil {
		r.Correlations, r.CorrelationMethod = p.corr.rows(res), p.corr.method.String()
		if w := p.corr.warning(); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
	}
	r.Inputs = reportInputs(m.s)
	r.PeriodNames = m.s.PeriodNames
	rc := recreate{verb: "run", files: []string{l.Arg()}, cfg: p.cfg, date: opts.Date, sampling: opts.Sampling,
		overrides: opts.Overrides, plot: opts.PlotFormat, logExc: opts.LogExceedance, dir: opts.Out}
	if m.variant != "" {
		rc.variants = []string{m.variant}
	}
	return finish(ctx, opts, runDoc{r}, rc)
}

// Compare runs a scenario and its variants (Options.Variants or
// AllVariants), or several scenarios (Options.Scenarios), as one joint run
// with common random numbers (model.Join), prints the comparison on
// opts.Stdout in opts.Format, and writes the comparison folder opts.Out
// when it is set. Errors are as Run's; members that share no output are a
// UsageError.
func Compare(ctx context.Context, opts Options) error {
	if err := check(&opts); err != nil {
		return err
	}

	cp, err := planCompare(&opts)
	if err != nil {
		return err
	}
	if opts.Shard != nil {
		return runShard(ctx, &opts, cp.joint.Model, cp.cfg, int64(len(cp.members)), compareIdentity(&opts, cp))
	}
	if err := checkSize(&opts, cp.cfg.Trials*int64(len(cp.members))); err != nil {
		return err
	}
	var stopper *stop.Stopper
	if len(opts.Precision) > 0 {
		stopper = &stop.Stopper{Targets: opts.Precision}
		cp.cfg.Stopper = stopper
	}
	res, err := simulate(ctx, &opts, cp.joint.Model, cp.cfg)
	if err != nil {
		return err
	}
	if stopper != nil {
		if err := stopper.Check(); err != nil {
			return UsageError{fmt.Errorf("--precision: %w (a comparison names a member's figure MEMBER.OUTPUT.STAT and its difference from the base diff.MEMBER.OUTPUT.STAT)", err)}
		}
		if opts.Notes != nil {
			fmt.Fprintln(opts.Notes, stopper.Reason(res, cp.cfg.Trials))
		}
		cp.cfg.Trials = res.Trials // the re-create command runs exactly these trials
	}
	return reportCompare(ctx, &opts, cp, res)
}

// comparePlan is a comparison ready to simulate: its members, their joint
// model, and the simulation's configuration and design.
type comparePlan struct {
	members []member
	joint   *model.Joint
	cfg     sim.Config
	design  string
	corr    *correlated
}

// planCompare loads the members of a comparison, joins them and plans
// their joint run.
func planCompare(opts *Options) (*comparePlan, error) {
	members, err := compareMembers(opts)
	if err != nil {
		return nil, err
	}
	if members, err = override(members, opts.Overrides); err != nil {
		return nil, err
	}
	jm := make([]model.Member, len(members))
	for i, m := range members {
		jm[i] = model.Member{Label: m.label, Model: m.s.Model}
	}
	joint, err := model.Join(jm)
	if err != nil {
		return nil, UsageError{err}
	}
	cp := &comparePlan{members: members, joint: joint, cfg: config(opts, members[0].s)}
	if cp.design, cp.corr, err = compareSampler(opts, members, joint.Model, &cp.cfg); err != nil {
		return nil, err
	}
	return cp, nil
}

// reportCompare prints and writes the comparison of a joint run's result.
func reportCompare(ctx context.Context, opts *Options, cp *comparePlan, res *sim.Result) error {
	members, joint, cfg, d, corr := cp.members, cp.joint, cp.cfg, cp.design, cp.corr
	r := &report.CompareRun{
		Result: res, Joint: joint,
		Engine: opts.Engine, Date: opts.Date,
		Overrides: reportOverrides(opts.Overrides),
	}
	if d != "random" {
		r.Sampling = d
	}
	for _, a := range opts.Sweep {
		r.Grid = append(r.Grid, report.GridAxis{Name: a.Name, Values: a.Values})
	}
	if corr != nil {
		r.Correlations, r.CorrelationMethod = corr.rows(res), corr.method.String()
		if w := corr.warning(); w != "" {
			r.Warnings = append(r.Warnings, w)
		}
	}
	verb := "compare"
	if len(opts.Sweep) > 0 || opts.Cases != nil {
		verb = "sweep"
	}
	rc := recreate{verb: verb, sweep: opts.Sweep, cases: casesFile(opts.Cases), cfg: cfg, date: opts.Date, all: opts.AllVariants, sampling: opts.Sampling,
		overrides: opts.Overrides, plot: opts.PlotFormat, logExc: opts.LogExceedance, dir: opts.Out}
	for _, m := range members {
		desc := strings.TrimSpace(m.l.Description)
		if m.desc != "" {
			desc = m.desc
		}
		if m.variant != "" {
			for _, v := range m.l.Variants {
				if v.Name == m.variant {
					desc = v.Description
				}
			}
			rc.variants = append(rc.variants, m.variant)
		}
		r.Members = append(r.Members, report.CompareMember{
			Label: m.label, Point: m.desc, Scenario: m.l.DisplayName(), Description: desc, File: m.l.File,
			SourceSHA256: report.SourceHash(m.l.Text), Variant: m.variant, Inputs: reportInputs(m.s),
		})
		rc.files = append(rc.files, m.l.Arg())
	}
	cmp, err := report.Compare(r)
	if err != nil {
		return err
	}
	return finish(ctx, opts, compareDoc{r, cmp}, rc)
}

// compareMembers loads the members of a comparison: the scenarios, or the
// scenario's base and its variants.
func compareMembers(opts *Options) ([]member, error) {
	if opts.Cases != nil {
		if len(opts.Sweep) > 0 {
			return nil, Usagef("--cases lists the points of the sweep; give each input as a column of %s rather than as a --set axis (a --set of one value still sets every case)", opts.Cases.File)
		}
		if len(opts.Scenarios) > 1 || len(opts.Variants) > 0 || opts.AllVariants {
			return nil, Usagef("a sweep varies the inputs of one scenario; give one FILE and no --variant")
		}
		l, err := Load(first(opts.Scenarios))
		if err != nil {
			return nil, err
		}
		return casesMembers(l, opts.Cases, opts.Overrides)
	}
	if len(opts.Sweep) > 0 {
		if len(opts.Scenarios) > 1 || len(opts.Variants) > 0 || opts.AllVariants {
			return nil, Usagef("a sweep varies the inputs of one scenario; give one FILE and no --variant")
		}
		l, err := Load(first(opts.Scenarios))
		if err != nil {
			return nil, err
		}
		return sweepMembers(l, opts.Sweep)
	}
	variants := opts.Variants
	if len(opts.Scenarios) > 1 {
		if len(variants) > 0 || opts.AllVariants {
			return nil, Usagef("--variant and --all-variants compare variants of one scenario; to compare several scenarios, name them without --variant")
		}
		var members []member
		for _, a := range opts.Scenarios {
			l, err := Load(a)
			if err != nil {
				return nil, err
			}
			members = append(members, member{label: l.Label(), l: l, s: l.Scenario})
		}
		return members, nil
	}
	l, err := Load(first(opts.Scenarios))
	if err != nil {
		return nil, err
	}
	if opts.AllVariants {
		if len(variants) > 0 {
			return nil, Usagef("give either --variant or --all-variants, not both")
		}
		if len(l.Variants) == 0 {
			return nil, Usagef("%s has no variants to compare; add a `variants:` section (see scenario/FORMAT.md) or name a second scenario", l.File)
		}
		for _, v := range l.Variants {
			variants = append(variants, v.Name)
		}
	}
	if len(variants) == 0 {
		return nil, Usagef("nothing to compare: give --variant NAME (variants of %s: %s), --all-variants, or a second scenario",
			l.Label(), variantNames(l.Scenario))
	}
	members := []member{{label: "base", l: l, s: l.Scenario}}
	for _, v := range variants {
		vs, err := l.Variant(v)
		if err != nil {
			return nil, err
		}
		members = append(members, member{label: v, variant: v, l: l, s: vs})
	}
	return members, nil
}

// check checks opts and fills in its defaults: format, plot format, date
// and engine.
func check(opts *Options) error {
	switch opts.Format {
	case "":
		opts.Format = Table
	case Table, JSON, CSV:
	default:
		return Usagef("--format %q: want table, json or csv", opts.Format)
	}
	switch opts.PlotFormat {
	case "":
		opts.PlotFormat = "png"
	case "png", "svg", "pdf":
	default:
		return Usagef("--plot-format %q: want png, svg or pdf", opts.PlotFormat)
	}
	if opts.Workers < 0 {
		return Usagef("--workers %d: want 0 (one per CPU) or more", opts.Workers)
	}
	if opts.Trials < 0 {
		return Usagef("--trials %d: want at least 1 trial", opts.Trials)
	}
	if opts.Date.IsZero() {
		d, err := RunDate(time.Now())
		if err != nil {
			return err
		}
		opts.Date = d
	}
	opts.Engine = EngineVersion(opts.Engine)
	if opts.Stdout == nil {
		opts.Stdout = io.Discard
	}
	return nil
}

// override applies the overrides to every member.
func override(members []member, overrides []scenario.Override) ([]member, error) {
	if len(overrides) == 0 {
		return members, nil
	}
	for i := range members {
		s, err := members[i].s.With(overrides...)
		if err != nil {
			return nil, err
		}
		members[i].s = s
	}
	return members, nil
}

// config is the simulation's configuration: opts's trials and seed win
// over the scenario's, which win over sim.DefaultConfig's.
func config(opts *Options, s *scenario.Scenario) sim.Config {
	base := sim.DefaultConfig
	base.NaN = opts.NaN
	base.Workers = opts.Workers
	cfg := s.Config(base)
	if opts.Trials > 0 {
		cfg.Trials = opts.Trials
	}
	if opts.HasSeed {
		cfg.Seed = opts.Seed
	}
	return cfg
}

// simulate runs m with cfg, reporting progress to opts.Progress.
func simulate(ctx context.Context, opts *Options, m *model.Model, cfg sim.Config) (*sim.Result, error) {
	var done func()
	if opts.Progress != nil {
		cfg.Progress, done = opts.Progress(cfg.Trials)
	}
	res, err := sim.Run(ctx, m, cfg)
	if done != nil {
		done()
	}
	return res, explainParams(err, opts.params)
}

// explainParams rewrites the error of a trial in which an input with
// parameters that vary by trial got invalid ones (its formula is NaN):
// it names the input, its distribution and the trial's values.
func explainParams(err error, dists map[string]string) error {
	var nf *sim.NonFiniteError
	if !errors.As(err, &nf) {
		return err
	}
	dist, ok := dists[nf.Formula]
	if !ok {
		return err
	}
	var vals []string
	for _, v := range nf.Inputs {
		if v.Name != nf.Formula {
			vals = append(vals, fmt.Sprintf("%s=%v", v.Name, v.Value))
		}
	}
	return fmt.Errorf("input %q, %s, has invalid parameters in trial %d (the trial's inputs: %s): %s; "+
		"bound the parameter in a formula (max(0, ...), clamp(...)), or pass --nan=skip to count and leave out such trials",
		nf.Formula, dist, nf.Trial+1, strings.Join(vals, " "), scenario.ParamRule(dist))
}

// finish records the re-creation command, renders the document (and the
// folder opts.Out when it is set), writes the folder, then prints the
// document on opts.Stdout: what Run and Compare share after the simulation.
// Rendering is abandoned as soon as ctx is done, so an interrupt during the
// analysis, the figures or the writing returns ctx.Err() at once, with
// nothing printed and no folder written.
func finish(ctx context.Context, opts *Options, doc document, rc recreate) error {
	var files []report.File
	if dir := opts.Out; dir != "" {
		doc.setCommand(rc.command())
		var err error
		files, err = await(ctx, func() ([]report.File, error) { return doc.folder(opts) })
		if err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			return fmt.Errorf("writing the %s folder %s: %w", doc.kind(), dir, err)
		}
	}
	text, err := await(ctx, func() ([]byte, error) {
		if opts.Stdout == nil {
			return nil, nil
		}
		var b bytes.Buffer
		err := doc.write(&b, opts.Format)
		return b.Bytes(), err
	})
	if err != nil {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		return fmt.Errorf("writing the %s: %w", doc.kind(), err)
	}
	if dir := opts.Out; dir != "" {
		if err := report.WriteFolder(ctx, dir, files); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			var nr *report.NotReplaceableError
			if errors.As(err, &nr) {
				return UsageError{err}
			}
			return fmt.Errorf("writing the %s folder %s: %w", doc.kind(), dir, err)
		}
		if opts.Notes != nil {
			fmt.Fprintln(opts.Notes, doc.note(dir, len(files)))
		}
	} else if err := ctx.Err(); err != nil {
		return err
	}
	// Once the folder is in place the run is complete: an interrupt now
	// no longer undoes it.
	if opts.Stdout != nil {
		if _, err := opts.Stdout.Write(text); err != nil {
			return fmt.Errorf("writing the %s: %w", doc.kind(), err)
		}
	}
	return nil
}

// await returns f's result, or ctx.Err() as soon as ctx is done, leaving f
// to finish in the background; f must not write files or print. It is how
// the long, pure steps after a simulation (analysis, figures, rendering)
// honour an interrupt within milliseconds.
func await[T any](ctx context.Context, f func() (T, error)) (T, error) {
	var zero T
	if err := ctx.Err(); err != nil {
		return zero, err
	}
	type result struct {
		v   T
		err error
	}
	done := make(chan result, 1)
	go func() {
		v, err := f()
		done <- result{v, err}
	}()
	select {
	case r := <-done:
		return r.v, r.err
	case <-ctx.Done():
		return zero, ctx.Err()
	}
}

func reportOverrides(os []scenario.Override) []report.Override {
	var out []report.Override
	for _, o := range os {
		out = append(out, report.Override{Name: o.Name, Dist: o.Dist})
	}
	return out
}

func first(args []string) string {
	if len(args) == 0 {
		return ""
	}
	return args[0]
}

// reportInputs lists a scenario's inputs for the assumptions table.
func reportInputs(s *scenario.Scenario) []report.Input {
	var out []report.Input
	for _, in := range s.Inputs {
		out = append(out, report.Input{Name: in.Name, Label: in.Label, Dist: in.Dist, Unit: in.Unit, Source: in.Source,
			Assumption: in.Assumption, PerPeriod: in.PerPeriod, Distribution: in.Distribution})
	}
	return out
}

// runDoc is a run's document.
type runDoc struct{ r *report.Run }

func (d runDoc) setCommand(c string) { d.r.Command = c }
func (d runDoc) kind() string        { return "report" }

func (d runDoc) folder(opts *Options) ([]report.File, error) {
	return report.Folder(d.r, report.Options{PlotFormat: opts.PlotFormat, LogExceedance: opts.LogExceedance})
}

func (d runDoc) write(w io.Writer, format string) error {
	switch format {
	case JSON:
		return report.WriteJSON(w, d.r)
	case CSV:
		return report.WriteCSV(w, d.r)
	}
	return report.WriteTable(w, d.r)
}

func (d runDoc) note(dir string, files int) string {
	return fmt.Sprintf("report: %s (report.html, report.md, summary.csv, %s and %d figures)", dir, report.ResultFile, files-4)
}

// compareDoc is a comparison's document.
type compareDoc struct {
	r   *report.CompareRun
	cmp *report.Comparison
}

func (d compareDoc) setCommand(c string) { d.r.Command = c }
func (d compareDoc) kind() string        { return "comparison" }

func (d compareDoc) folder(opts *Options) ([]report.File, error) {
	return report.CompareFolder(d.r, d.cmp, report.Options{PlotFormat: opts.PlotFormat, LogExceedance: opts.LogExceedance})
}

func (d compareDoc) write(w io.Writer, format string) error {
	switch format {
	case JSON:
		return report.WriteCompareJSON(w, d.r, d.cmp)
	case CSV:
		return report.WriteCompareCSV(w, d.r, d.cmp)
	}
	return report.WriteCompareTable(w, d.r, d.cmp)
}

func (d compareDoc) note(dir string, files int) string {
	return fmt.Sprintf("comparison report: %s (%s, %s, %s, %s and %d figures)", dir,
		report.CompareHTMLFile, report.CompareMarkdownFile, report.CompareSummaryFile, report.CompareFile, files-4)
}
