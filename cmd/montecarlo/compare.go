package main

import (
	"fmt"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/urfave/cli/v2"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

func compareCommand() *cli.Command {
	return &cli.Command{
		Name:      "compare",
		Usage:     "compare variants of a scenario, or several scenarios, side by side with common random numbers",
		ArgsUsage: "[FILE ...]",
		UsageText: "montecarlo compare [FILE] (--variant NAME ... | --all-variants) [flags]\n" +
			"montecarlo compare FILE1 FILE2 ... [flags]\n" +
			"flags: [--trials N] [--seed S] [--workers W] [--format table|json|csv] [--out DIR] [--plot-format png|svg|pdf]\n" +
			"       [--nan fail|skip]\n" +
			"       [--quiet] [--set name=dist ...]",
		Description: `Runs a scenario (FILE, a built-in name, or the default ` + scenario.Default + `) and its variants, or
several scenarios, in one joint run with common random numbers: every member draws the same random
numbers for inputs of the same name, so a difference between them reflects the assumptions, not
sampling noise. For each output they share it prints the mean, P5, P50, P95 and P(> t) of every
member with its difference from the first (the base) and that difference's Monte Carlo error:
exact (paired) for the mean and P(> t), approximate for percentiles (marked *).

With one scenario, --variant NAME (repeatable) or --all-variants chooses the variants to compare
with the scenario itself ("base"). With several scenarios each is labelled by its built-in name or
file name, and they are compared on the outputs they share (an error if none). --set applies to
every member. Trials and seed default to the first scenario's own, then to 1M and 1.

With --out DIR it also writes a comparison report folder: compare.md, compare.html, summary.csv,
compare.json and overlaid histograms and exceedance curves per shared output, as PNG, SVG or PDF
(--plot-format; compare.html always embeds PNG), replaced atomically.

Examples:
   montecarlo compare --all-variants                          # the default scenario's variants
   montecarlo compare openai-2024 --variant no-apple-deal --variant h2-sales-miss
   montecarlo compare openai-2024 anthropic-2024 --out ai-labs
   montecarlo compare my.yaml --variant pessimistic --set "revenue=3 to 5" --format csv`,
		Flags: []cli.Flag{
			&cli.StringFlag{Name: "trials", Aliases: []string{"n"}, Usage: "number of trials `N` (1e6, 1M, 1_000_000); default: the scenario's, else 1M", EnvVars: envs("TRIALS")},
			&cli.StringFlag{Name: "seed", Aliases: []string{"s"}, Usage: "master random `SEED` shared by every member; default: the scenario's, else 1", EnvVars: envs("SEED")},
			&cli.IntFlag{Name: "workers", Aliases: []string{"w"}, Usage: "worker goroutines `W`; 0 means one per CPU (results do not depend on it)", EnvVars: envs("WORKERS")},
			&cli.StringFlag{Name: "format", Aliases: []string{"f"}, Value: "table", Usage: "output `FORMAT`: table, json or csv", EnvVars: envs("FORMAT")},
			&cli.StringFlag{Name: "out", Aliases: []string{"o"}, Usage: "also write the comparison report folder `DIR` (replaced atomically)", EnvVars: envs("OUT")},
			&cli.StringFlag{Name: "plot-format", Value: "png", Usage: "`FORMAT` of the figure files in the --out folder: png, svg or pdf (compare.html always embeds PNG)", EnvVars: envs("PLOT_FORMAT")},
			&cli.StringFlag{Name: "nan", Value: "fail", Usage: "`POLICY` for a NaN or infinite output: fail or skip", EnvVars: envs("NAN")},
			&cli.BoolFlag{Name: "quiet", Aliases: []string{"q"}, Usage: "no progress bar", EnvVars: envs("QUIET")},
			&cli.StringSliceFlag{Name: "variant", Usage: "compare the scenario's variant `NAME` with its base (repeatable)"},
			&cli.BoolFlag{Name: "all-variants", Usage: "compare every variant of the scenario with its base"},
			&cli.StringSliceFlag{Name: "set", Usage: "override an input in every member: `name=dist` (repeatable; in MONTECARLO_SET separate with ;)", EnvVars: envs("SET")},
		},
		Action: compareAction,
	}
}

// compareMember is a loaded member of a comparison.
type compareMember struct {
	label   string
	variant string
	l       *loaded
	s       *scenario.Scenario // with the variant and overrides applied
}

func compareAction(c *cli.Context) error {
	f, err := readSharedFlags(c)
	if err != nil {
		return err
	}
	format, plotFormat, cfg, overrides, date := f.format, f.plotFormat, f.cfg, f.overrides, f.date
	variants := c.StringSlice("variant")
	all := c.Bool("all-variants")
	args := c.Args().Slice()

	var members []compareMember
	switch {
	case len(args) > 1:
		if len(variants) > 0 || all {
			return usagef("--variant and --all-variants compare variants of one scenario; to compare several scenarios, name them without --variant")
		}
		for _, a := range args {
			l, err := loadScenario(a)
			if err != nil {
				return err
			}
			members = append(members, compareMember{label: memberLabel(l), l: l, s: l.Scenario})
		}
	default:
		l, err := loadScenario(c.Args().First())
		if err != nil {
			return err
		}
		if all {
			if len(variants) > 0 {
				return usagef("give either --variant or --all-variants, not both")
			}
			if len(l.Variants) == 0 {
				return usagef("%s has no variants to compare; add a `variants:` section (see scenario/FORMAT.md) or name a second scenario", l.file)
			}
			for _, v := range l.Variants {
				variants = append(variants, v.Name)
			}
		}
		if len(variants) == 0 {
			return usagef("nothing to compare: give --variant NAME (variants of %s: %s), --all-variants, or a second scenario",
				memberLabel(l), variantNames(l.Scenario))
		}
		members = append(members, compareMember{label: "base", l: l, s: l.Scenario})
		for _, v := range variants {
			vs, err := l.Variant(v)
			if err != nil {
				return err
			}
			members = append(members, compareMember{label: v, variant: v, l: l, s: vs})
		}
	}
	if len(overrides) > 0 {
		for i := range members {
			s, err := members[i].s.With(overrides...)
			if err != nil {
				return err
			}
			members[i].s = s
		}
	}
	jm := make([]model.Member, len(members))
	for i, m := range members {
		jm[i] = model.Member{Label: m.label, Model: m.s.Model}
	}
	joint, err := model.Join(jm)
	if err != nil {
		return usageError{err}
	}

	if cfg, err = countFlags(c, members[0].s.Config(cfg)); err != nil {
		return err
	}
	res, err := simulate(c, joint.Model, cfg)
	if err != nil {
		return err
	}

	r := &report.CompareRun{
		Result: res, Joint: joint,
		Engine: engineVersion(), Date: date,
	}
	for _, m := range members {
		desc := strings.TrimSpace(m.l.Description)
		if m.variant != "" {
			for _, v := range m.l.Variants {
				if v.Name == m.variant {
					desc = v.Description
				}
			}
		}
		r.Members = append(r.Members, report.CompareMember{
			Label: m.label, Scenario: m.l.name(), Description: desc, File: m.l.file,
			SourceSHA256: report.SourceHash(m.l.source), Variant: m.variant,
		})
	}
	for _, o := range overrides {
		r.Overrides = append(r.Overrides, report.Override{Name: o.Name, Dist: o.Dist})
	}
	cmp, err := report.Compare(r)
	if err != nil {
		return err
	}

	if dir := c.String("out"); dir != "" {
		r.Command = compareCommandLine(members, all, cfg, date, overrides, c.String("nan"), plotFormat, dir)
		files, err := report.CompareFolder(r, cmp, report.Options{PlotFormat: plotFormat})
		if err != nil {
			return fmt.Errorf("writing the comparison folder %s: %w", dir, err)
		}
		if err := writeFolder(c, "comparison folder", dir, files); err != nil {
			return err
		}
		if !c.Bool("quiet") {
			fmt.Fprintf(c.App.ErrWriter, "comparison report: %s (%s, %s, %s, %s and %d figures)\n", dir,
				report.CompareHTMLFile, report.CompareMarkdownFile, report.CompareSummaryFile, report.CompareFile, len(files)-4)
		}
	}
	switch format {
	case "json":
		err = report.WriteCompareJSON(c.App.Writer, r, cmp)
	case "csv":
		err = report.WriteCompareCSV(c.App.Writer, r, cmp)
	default:
		err = report.WriteCompareTable(c.App.Writer, r, cmp)
	}
	if err != nil {
		return fmt.Errorf("writing the comparison: %w", err)
	}
	return nil
}

// memberLabel labels a scenario in a comparison: its built-in name, or its
// file name without the extension.
func memberLabel(l *loaded) string {
	if name, ok := strings.CutPrefix(l.file, "builtin:"); ok {
		return name
	}
	base := filepath.Base(l.file)
	return strings.TrimSuffix(base, filepath.Ext(base))
}

func variantNames(s *scenario.Scenario) string {
	if len(s.Variants) == 0 {
		return "none"
	}
	var names []string
	for _, v := range s.Variants {
		names = append(names, v.Name)
	}
	return strings.Join(names, ", ")
}

// compareCommandLine returns the command line that re-creates a comparison
// report bit for bit with the same engine version.
func compareCommandLine(ms []compareMember, all bool, cfg sim.Config, date time.Time, overrides []scenario.Override, nan, plotFormat, dir string) string {
	args := []string{"SOURCE_DATE_EPOCH=" + strconv.FormatInt(date.Unix(), 10), "montecarlo", "compare"}
	seen := map[string]bool{}
	for _, m := range ms {
		if !seen[m.l.file] {
			seen[m.l.file] = true
			args = append(args, shellQuote(strings.TrimPrefix(m.l.file, "builtin:")))
		}
	}
	args = append(args, "--trials", strconv.FormatInt(cfg.Trials, 10), "--seed", strconv.FormatUint(cfg.Seed, 10))
	if all {
		args = append(args, "--all-variants")
	} else {
		for _, m := range ms {
			if m.variant != "" {
				args = append(args, "--variant", shellQuote(m.variant))
			}
		}
	}
	for _, o := range overrides {
		args = append(args, "--set", shellQuote(o.Name+"="+o.Dist))
	}
	if nan != "fail" {
		args = append(args, "--nan", nan)
	}
	if plotFormat != "png" {
		args = append(args, "--plot-format", plotFormat)
	}
	return strings.Join(append(args, "--out", shellQuote(dir)), " ")
}
