package report

import (
	"bytes"
	"fmt"
	htmltemplate "html/template"
	"math"
	"slices"
	"strings"

	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/plots"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// compareFigure is one chart of a comparison report.
type compareFigure struct {
	File, Alt, Caption string
	chart              *plots.Chart
}

// compareFigures draws, per shared output, the members' histograms
// overlaid on common bins and their exceedance curves overlaid.
func compareFigures(r *CompareRun, c *Comparison, format string, logY bool) ([]compareFigure, error) {
	footer := compareFooter(r)
	var figs []compareFigure
	for i := range c.Outputs {
		o := &c.Outputs[i]
		stem := fileStem(o.Name)
		title := compareTitle(o)
		// Common range: from the smallest P0.1 to the largest P99.9 of the members.
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range o.Stats {
			lo = math.Min(lo, s.Quantile(histLo).Value)
			hi = math.Max(hi, s.Quantile(histHi).Value)
		}
		span := "the members' P0.1 to P99.9"
		if empty(o.Stats, lo, hi) {
			// A handful of trials can all lie outside their own
			// interpolated P0.1–P99.9 (two trials, say): span every trial.
			lo, hi = math.Inf(1), math.Inf(-1)
			for _, s := range o.Stats {
				lo, hi = math.Min(lo, s.Min), math.Max(hi, s.Max)
			}
			span = "every trial"
		}
		if !(hi > lo) {
			w := math.Max(math.Abs(lo)*0.01, 0.5)
			lo, hi = lo-w, lo+w
		}
		// The exceedance curves span [lo, hi]; the histograms the same,
		// unless the output is mostly exactly 0 in every member (a loss
		// that occurs in a few trials): then they show the other trials,
		// as the run report does.
		hlo, hhi := lo, hi
		if hl, hh, zeros, ok := nonzeroRange(o.Stats); ok {
			hlo, hhi = hl, hh
			shares := make([]string, len(zeros))
			for k, z := range zeros {
				shares[k] = numfmt.Percent(z, 0.0001) + " of " + c.Labels[k]
			}
			span = "the members' P0.1 to P99.9 where it is not 0 (it is 0 in " + strings.Join(shares, ", ") + ", which no bar shows)"
		}
		var hist, curves []plots.Series
		var ths []plots.Threshold
		for _, row := range o.Rows {
			if row.Kind == "exceedance" {
				th := plots.Threshold{Value: row.P}
				for _, v := range row.Values {
					th.Probs = append(th.Probs, v.Value)
				}
				ths = append(ths, th)
			}
		}
		// On a log probability scale, a never-negative output (a loss, a
		// cost) takes a log value scale too, from the first positive
		// quantile of any member, as the run report draws it.
		logX, xlo := logY, math.Inf(1)
		for _, s := range o.Stats {
			logX = logX && s.Min >= 0 && s.Max > 0
			if q := s.Quantile(math.Min(s.CDF(0)+0.001, 0.999)).Value; q > 0 {
				xlo = math.Min(xlo, q)
			}
		}
		logX = logX && xlo < hi
		var drawn []int    // the members whose exceedance curve is drawn
		var never []string // those a log scale cannot show: P(> x) is 0 over the whole range
		for k, s := range o.Stats {
			edges, counts := s.Bins(hlo, hhi, histBins)
			hist = append(hist, plots.Series{Name: c.Labels[k], X: edges, Y: counts})
			xs := make([]float64, curvePoints)
			ps := make([]float64, curvePoints)
			for m := range xs {
				f := float64(m) / float64(curvePoints-1)
				xs[m] = lo + (hi-lo)*f
				if logX {
					xs[m] = xlo * math.Pow(hi/xlo, f)
				}
				p := math.Min(1, math.Max(0, 1-s.CDF(xs[m])))
				if m > 0 && p > ps[m-1] {
					p = ps[m-1]
				}
				ps[m] = p
			}
			if logY { // a log scale shows no probability of 0: the curve ends at 1/trials
				n := 0
				for n < len(ps) && ps[n] > 0 {
					n++
				}
				xs, ps = xs[:n], ps[:n]
			}
			if len(xs) == 0 { // it never exceeds the range shown: nothing a log scale can draw
				never = append(never, c.Labels[k])
				continue
			}
			drawn = append(drawn, k)
			curves = append(curves, plots.Series{Name: c.Labels[k], X: xs, Y: ps})
		}
		// The exceedance chart's thresholds carry a probability per member drawn.
		exThs := make([]plots.Threshold, len(ths))
		for i, th := range ths {
			exThs[i] = plots.Threshold{Value: th.Value}
			for _, k := range drawn {
				exThs[i].Probs = append(exThs[i].Probs, th.Probs[k])
			}
		}
		// The legend names the members; the title lists them only when
		// they fit (six variant names ran off both edges).
		htitle := o.Label + ": " + strings.Join(c.Labels, " vs ")
		if len(c.Labels) > 3 || len([]rune(htitle)) > 60 {
			htitle = o.Label + ": distribution of each member"
		}
		hspec := plots.HistogramSpec{Title: htitle, XLabel: title, YLabel: "Share of trials shown", Unit: o.Unit, Series: hist, Thresholds: ths}
		capt := "Histograms of " + lowerFirst(o.Label) + " for each member, on common bins spanning " + span + "."
		if len(c.Labels) > 2 && len(ths) > 0 {
			// One label with every member's P(> t) would run across the
			// chart: mark the threshold, and leave the probabilities to the
			// exceedance chart and the table.
			hspec.Thresholds = nil
			for _, th := range ths {
				hspec.Markers = append(hspec.Markers, plots.Marker{Label: "Threshold", Value: th.Value})
			}
			capt += " Dashed lines mark the thresholds; the exceedance chart and the table give each member's chance of exceeding them."
		}
		ch, err := plots.Histogram(hspec)
		if err != nil {
			return nil, fmt.Errorf("report: output %q: comparison histogram: %w", o.Name, err)
		}
		ch.Footer = footer
		figs = append(figs, compareFigure{stem + "-histogram." + format, "Overlaid histograms of " + o.Label, capt, ch})
		if len(curves) > 0 {
			ch, err = plots.Exceedance(plots.ExceedanceSpec{
				Title:      o.Label + ": chance of exceeding each value",
				XLabel:     title,
				Unit:       o.Unit,
				YLabel:     "P(" + o.Label + " > x)",
				Series:     curves,
				Thresholds: exThs,
				LogY:       logY,
				LogX:       logX,
			})
			if err != nil {
				return nil, fmt.Errorf("report: output %q: comparison exceedance curve: %w", o.Name, err)
			}
			ch.Footer = footer
			capt = "Exceedance curves: the share of trials in which " + lowerFirst(o.Label) + " exceeds each value, for each member."
			if logX {
				capt = "Loss-exceedance curves: the share of trials in which " + lowerFirst(o.Label) + " exceeds each value, for each member, " +
					"both on logarithmic scales (from the first positive values: zeros cannot sit on a log axis)."
			}
			if len(never) > 0 {
				capt += " " + strings.Join(never, ", ") + " never exceeds the values shown, which a log scale cannot draw (probability 0)."
			}
			figs = append(figs, compareFigure{stem + "-exceedance." + format, "Overlaid exceedance curves of " + o.Label, capt, ch})
		}
		if f, err := gridFigure(r, o, stem+"-grid."+format, footer); err != nil {
			return nil, err
		} else if f != nil {
			figs = append(figs, *f)
		}
	}
	return figs, nil
}

// gridFigure is, for a sweep of two inputs, the heatmap of output o's
// first P(> t) (else its mean) over the grid, or nil.
func gridFigure(r *CompareRun, o *ComparedOutput, file, footer string) (*compareFigure, error) {
	if len(r.Grid) != 2 || len(r.Grid[0].Values)*len(r.Grid[1].Values) != len(r.Members) {
		return nil, nil
	}
	var row *CompareRow
	for i := range o.Rows {
		if o.Rows[i].Kind == "exceedance" && row == nil {
			row = &o.Rows[i]
		}
	}
	for i := range o.Rows {
		if o.Rows[i].Kind == "mean" && row == nil {
			row = &o.Rows[i]
		}
	}
	if row == nil {
		return nil, nil
	}
	a, b := r.Grid[0], r.Grid[1]
	spec := plots.HeatmapSpec{Title: o.Label + ": " + row.Stat + " across the sweep", XLabel: b.Name, YLabel: a.Name, XValues: b.Values, YValues: a.Values}
	for i := range a.Values {
		var zs []float64
		var ts []string
		for j := range b.Values {
			e := row.Values[i*len(b.Values)+j]
			v, _ := cell(e, row.Kind)
			zs, ts = append(zs, e.Value), append(ts, v)
		}
		spec.Z, spec.Text = append(spec.Z, zs), append(spec.Text, ts)
	}
	ch, err := plots.Heatmap(spec)
	if err != nil {
		return nil, fmt.Errorf("report: output %q: sweep heatmap: %w", o.Name, err)
	}
	ch.Footer = footer
	return &compareFigure{file, "Heatmap of " + row.Stat + " of " + o.Label + " across the sweep",
		fmt.Sprintf("%s of %s at every point of the sweep: %s down, %s across, darker for a larger value.", row.Stat, lowerFirst(o.Label), a.Name, b.Name), ch}, nil
}

// compareFooter is the provenance line under every comparison figure.
func compareFooter(r *CompareRun) string {
	footer := fmt.Sprintf("%s · seed %d · %s trials", compareWhat(r), r.Result.Seed, numfmt.Count(r.Result.Trials))
	if r.Engine != "" {
		footer += " · engine " + r.Engine
	}
	if !r.Date.IsZero() {
		footer += " · " + r.Date.UTC().Format("2006-01-02")
	}
	return footer
}

// compareCells returns the header and rows of one output's comparison for
// the Markdown and HTML reports: statistic, member, value ± SE and the
// difference from the base ± its error (* marks an approximate error).
func compareCells(c *Comparison, o *ComparedOutput) (head []string, rows [][]string) {
	head = []string{"statistic", "member", "value ± SE", "Δ vs " + c.Labels[0] + " ± SE"}
	for _, row := range o.Rows {
		for k, l := range c.Labels {
			stat := ""
			if k == 0 {
				stat = row.Stat
			}
			v, se := cell(row.Values[k], row.Kind)
			cells := []string{stat, l, v + " ± " + se, ""}
			if k > 0 {
				d, dse := diffCell(row.Diffs[k], row.Kind)
				if row.SEMethod == SEApprox {
					dse += "*"
				}
				cells[3] = d + " ± " + dse
			}
			rows = append(rows, cells)
		}
	}
	for k := 1; k < len(c.Labels); k++ {
		stat := ""
		if k == 1 {
			stat = "P(> " + c.Labels[0] + ")"
		}
		v, se := cell(o.Above[k], "exceedance")
		rows = append(rows, []string{stat, c.Labels[k], v + " ± " + se, ""})
	}
	return head, rows
}

// mdCompareTable renders one output's comparison as a Markdown table.
func mdCompareTable(c *Comparison, o *ComparedOutput) string {
	var b strings.Builder
	head, rows := compareCells(c, o)
	esc := func(cells []string) string {
		out := make([]string, len(cells))
		for i, x := range cells {
			out[i] = mdEscape.Replace(x)
		}
		return "| " + strings.Join(out, " | ") + " |\n"
	}
	b.WriteString(esc(head) + "|---|---|---:|---:|\n")
	for _, r := range rows {
		b.WriteString(esc(r))
	}
	return b.String()
}

func compareMarkdown(r *CompareRun, c *Comparison, figs []compareFigure, extras [][]cellTable, assumptions *cellTable) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# %s\n\n", mdEscape.Replace(compareHeading(r, c)))
	if h := compareHeadline(c); h != "" {
		b.WriteString(mdEscape.Replace(h) + "\n\n")
	}
	fmt.Fprintf(&b, "%s trials, seed %d, with common random numbers: every member draws the same random numbers for inputs of the same name, "+
		"so a difference reflects the changed assumptions, not sampling noise. The base is **%s**.\n\n",
		numfmt.Count(r.Result.Trials), r.Result.Seed, mdEscape.Replace(c.Labels[0]))
	b.WriteString("| member | scenario | variant | description |\n|---|---|---|---|\n")
	for _, m := range r.Members {
		fmt.Fprintf(&b, "| %s | %s | %s | %s |\n", mdEscape.Replace(m.Label), mdEscape.Replace(m.Scenario),
			mdEscape.Replace(m.Variant), mdEscape.Replace(m.Description))
	}
	for _, o := range r.Overrides {
		fmt.Fprintf(&b, "\nOverride applied to every member: `%s = %s`\n", o.Name, o.Dist)
	}
	for i := range c.Outputs {
		o := &c.Outputs[i]
		fmt.Fprintf(&b, "\n## %s\n\n", mdEscape.Replace(compareTitle(o)))
		b.WriteString(mdCompareTable(c, o))
		for _, t := range extras[i] {
			b.WriteString(t.markdown())
		}
		for _, f := range figs {
			if strings.HasPrefix(f.File, fileStem(o.Name)+"-") {
				if strings.HasSuffix(f.File, ".pdf") { // not an image Markdown viewers show
					fmt.Fprintf(&b, "\n[%s (PDF)](%s)\n\n*%s*\n", mdEscape.Replace(f.Alt), f.File, mdEscape.Replace(f.Caption))
				} else {
					fmt.Fprintf(&b, "\n![%s](%s)\n\n*%s*\n", mdEscape.Replace(f.Alt), f.File, mdEscape.Replace(f.Caption))
				}
			}
		}
	}
	if assumptions != nil {
		b.WriteString("\n## Assumptions\n")
		b.WriteString(assumptions.markdown())
	}
	b.WriteString("\n## How to read the errors\n\n")
	b.WriteString(mdEscape.Replace(strings.ReplaceAll(compareNote, "\n", " ")) + "\n")
	b.WriteString("\n## Provenance\n\n")
	for _, m := range r.Members {
		fmt.Fprintf(&b, "- %s: %s (%s), sha256 `%s`\n", mdEscape.Replace(m.Label), mdEscape.Replace(m.Scenario), mdEscape.Replace(m.File), m.SourceSHA256)
	}
	if r.Engine != "" {
		fmt.Fprintf(&b, "- engine %s\n", mdEscape.Replace(r.Engine))
	}
	if !r.Date.IsZero() {
		fmt.Fprintf(&b, "- date %s\n", r.Date.UTC().Format("2006-01-02T15:04:05Z"))
	}
	if r.Command != "" {
		fmt.Fprintf(&b, "\nRe-create this report:\n\n```\n%s\n```\n", r.Command)
	}
	return b.Bytes()
}

var compareHTMLTmpl = htmltemplate.Must(htmltemplate.New("compare").Parse(`<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{{.Title}}</title>
<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child,table.text td,table.text th,table.num td:nth-child(2),table.num th:nth-child(2){text-align:left}img{max-width:100%}figcaption{color:#555;font-size:.9em}pre{background:#f5f5f5;padding:.5em;overflow-x:auto}</style>
</head><body>
<h1>{{.Title}}</h1>
{{if .Headline}}<p class="headline">{{.Headline}}</p>
{{end}}<p>{{.Intro}}</p>
<table class="text"><tr><th>member</th><th>scenario</th><th>variant</th><th>description</th></tr>
{{range .Members}}<tr><td>{{.Label}}</td><td>{{.Scenario}}</td><td>{{.Variant}}</td><td>{{.Description}}</td></tr>
{{end}}</table>
{{range .Overrides}}<p>Override applied to every member: <code>{{.Name}} = {{.Dist}}</code></p>
{{end}}{{range .Outputs}}<h2>{{.Title}}</h2>
<table class="num"><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{range .Extras}}<p><strong>{{.Title}}</strong></p><table class="text"><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{end}}{{range .Figures}}<figure><img {{.Src}} alt="{{.Alt}}"><figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{end}}{{with .Assumptions}}<h2>Assumptions</h2><table class="text"><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{end}}<h2>How to read the errors</h2><p>{{.Note}}</p>
<h2>Provenance</h2><ul>{{range .Members}}<li>{{.Label}}: {{.Scenario}} ({{.File}}), sha256 <code>{{.SourceSHA256}}</code></li>
{{end}}{{if .Engine}}<li>engine {{.Engine}}</li>{{end}}{{if .Date}}<li>date {{.Date}}</li>{{end}}</ul>
{{if .Command}}<h2>Re-create this report</h2><pre>{{.Command}}</pre>{{end}}
</body></html>
`))

type htmlCompareOutput struct {
	Title   string
	Head    []string
	Rows    [][]string
	Extras  []cellTable
	Figures []htmlCompareFigure
}

type htmlCompareFigure struct {
	Src          htmltemplate.HTMLAttr // see pngSrc
	Alt, Caption string
}

func compareHTML(r *CompareRun, c *Comparison, figs []compareFigure, png map[string][]byte, extras [][]cellTable, assumptions *cellTable) ([]byte, error) {
	data := struct {
		Title, Headline, Intro string
		Note, Command          string
		Engine, Date           string
		Members                []CompareMember
		Overrides              []Override
		Outputs                []htmlCompareOutput
		Assumptions            *cellTable
	}{
		Assumptions: assumptions,
		Title:       compareHeading(r, c),
		Headline:    compareHeadline(c),
		Intro: fmt.Sprintf("%s trials, seed %d, with common random numbers: every member draws the same random numbers for inputs of the same name, "+
			"so a difference reflects the changed assumptions, not sampling noise. The base is %s.", numfmt.Count(r.Result.Trials), r.Result.Seed, c.Labels[0]),
		Note:      strings.ReplaceAll(compareNote, "\n", " "),
		Command:   r.Command,
		Engine:    r.Engine,
		Members:   r.Members,
		Overrides: r.Overrides,
	}
	if !r.Date.IsZero() {
		data.Date = r.Date.UTC().Format("2006-01-02T15:04:05Z")
	}
	for i := range c.Outputs {
		o := &c.Outputs[i]
		ho := htmlCompareOutput{Title: compareTitle(o), Extras: extras[i]}
		ho.Head, ho.Rows = compareCells(c, o)
		for _, f := range figs {
			if strings.HasPrefix(f.File, fileStem(o.Name)+"-") {
				ho.Figures = append(ho.Figures, htmlCompareFigure{pngSrc(png[f.File]), f.Alt, f.Caption})
			}
		}
		data.Outputs = append(data.Outputs, ho)
	}
	var b bytes.Buffer
	if err := compareHTMLTmpl.Execute(&b, data); err != nil {
		return nil, fmt.Errorf("report: rendering %s: %w", CompareHTMLFile, err)
	}
	return b.Bytes(), nil
}

// CompareFolder renders the comparison report of r, in this order:
// compare.md, compare.html (self-contained, figures embedded as PNG),
// summary.csv, compare.json and, per shared output, overlaid histograms and
// exceedance curves in opts.PlotFormat (PNG by default), rendered in
// parallel. Nothing is written to disk (see WriteFolder); the same inputs
// give byte-identical files.
func CompareFolder(r *CompareRun, c *Comparison, opts Options) ([]File, error) {
	format, err := plotFormat(opts)
	if err != nil {
		return nil, err
	}
	figs, err := compareFigures(r, c, format, opts.LogExceedance)
	if err != nil {
		return nil, err
	}
	extras, assumptions, tornados, err := studyExtras(r, c, format, compareFooter(r))
	if err != nil {
		return nil, err
	}
	figs = append(figs, tornados...)
	pool := newRenderPool(format)
	for _, f := range figs {
		pool.add(f.File, f.chart)
	}
	out, png, err := pool.results()
	if err != nil {
		return nil, err
	}
	page, err := compareHTML(r, c, figs, png, extras, assumptions)
	if err != nil {
		return nil, err
	}
	var csvBuf, jsonBuf bytes.Buffer
	if err := WriteCompareCSV(&csvBuf, r, c); err != nil {
		return nil, err
	}
	if err := WriteCompareJSON(&jsonBuf, r, c); err != nil {
		return nil, err
	}
	files := []File{
		{CompareMarkdownFile, compareMarkdown(r, c, figs, extras, assumptions)},
		{CompareHTMLFile, page},
		{CompareSummaryFile, csvBuf.Bytes()},
		{CompareFile, jsonBuf.Bytes()},
	}
	for _, f := range figs {
		files = append(files, File{f.File, out[f.File]})
	}
	return files, nil
}

// nonzeroRange returns, when every member's output is exactly 0 in at least
// half its trials and never negative, the common range of the other
// trials' P0.1 to P99.9, each member's share at 0, and true; else false
// (also when some member has no count in that range).
func nonzeroRange(stats []*sim.Stats) (lo, hi float64, zeros []float64, ok bool) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, s := range stats {
		z := zeroShare(s)
		if z < 0.5 || s.Min != 0 || !(s.Max > 0) {
			return 0, 0, nil, false
		}
		zeros = append(zeros, z)
		lo = math.Min(lo, s.Quantile(z+histLo*(1-z)).Value)
		hi = math.Max(hi, s.Quantile(z+histHi*(1-z)).Value)
	}
	lo = math.Max(lo, math.SmallestNonzeroFloat64) // leave out the zeros
	if !(hi > lo) || empty(stats, lo, hi) {
		return 0, 0, nil, false
	}
	return lo, hi, zeros, true
}

// empty reports whether some member has no count in histBins bins over
// [lo, hi].
func empty(stats []*sim.Stats, lo, hi float64) bool {
	if !(hi > lo) {
		return false // a constant output: bins around it
	}
	for _, s := range stats {
		_, counts := s.Bins(lo, hi, histBins)
		if !slices.ContainsFunc(counts, func(c float64) bool { return c > 0 }) {
			return true
		}
	}
	return false
}

// compareWhat names what a comparison compares, for the figures' footer:
// "OpenAI 2024 operating loss: base and 5 variants" when the members are
// variants of one scenario, else "comparison of A, B".
func compareWhat(r *CompareRun) string {
	if len(r.Members) == 0 {
		return "comparison"
	}
	same := true
	for _, m := range r.Members[1:] {
		same = same && m.Scenario == r.Members[0].Scenario && m.SourceSHA256 == r.Members[0].SourceSHA256
	}
	if same && len(r.Members) > 1 {
		n := len(r.Members) - 1
		s := fmt.Sprintf("%s: base and %d variants", r.Members[0].Scenario, n)
		if n == 1 {
			s = fmt.Sprintf("%s: base and variant %s", r.Members[0].Scenario, r.Members[1].Label)
		}
		if len(r.Grid) > 0 {
			s = fmt.Sprintf("%s: a sweep of %d points", r.Members[0].Scenario, len(r.Members))
		}
		if sha := r.Members[0].SourceSHA256; len(sha) >= 12 {
			s += " · sha256 " + sha[:12]
		}
		return s
	}
	labels := make([]string, len(r.Members))
	for i, m := range r.Members {
		labels[i] = m.Label
	}
	return "comparison of " + strings.Join(labels, ", ")
}

// compareHeading is the short title of a comparison report: "NAME: 5
// variants compared" or "NAME: base vs LABEL" when the members are variants
// of one scenario, "A vs B" for two scenarios, "N scenarios compared" for
// more. The member table below the headline lists every member.
func compareHeading(r *CompareRun, c *Comparison) string {
	n := len(r.Members) - 1
	same := n >= 1
	for _, m := range r.Members[min(1, len(r.Members)):] {
		same = same && m.Scenario == r.Members[0].Scenario && m.SourceSHA256 == r.Members[0].SourceSHA256
	}
	switch {
	case same && n == 1:
		return r.Members[0].Scenario + ": " + c.Labels[0] + " vs " + c.Labels[1]
	case same:
		return fmt.Sprintf("%s: %d variants compared", r.Members[0].Scenario, n)
	case len(c.Labels) == 2:
		return c.Labels[0] + " vs " + c.Labels[1]
	}
	return fmt.Sprintf("%d scenarios compared", len(c.Labels))
}

// compareHeadline is the plain-words paragraph at the top of a comparison
// report, in the style of report.md's headline (buildMemo): for each shared
// output with a threshold (at most three), how each member moves the chance
// of exceeding it from the base's, the difference in percentage points with
// its paired error; then how each member moves the output's mean. Without
// any threshold it describes the first output's mean.
func compareHeadline(c *Comparison) string {
	if len(c.Labels) < 2 {
		return ""
	}
	base := c.Labels[0]
	if base == "base" {
		base = "the base"
	}
	var picked []*ComparedOutput
	for i := range c.Outputs {
		o := &c.Outputs[i]
		for _, row := range o.Rows {
			if row.Kind == "exceedance" {
				picked = append(picked, o)
				break
			}
		}
	}
	if len(picked) == 0 && len(c.Outputs) > 0 {
		picked = append(picked, &c.Outputs[0])
	}
	var sentences []string
	for _, o := range picked[:min(3, len(picked))] {
		sentences = append(sentences, compareOutputHeadline(c, o, base)...)
	}
	return strings.Join(sentences, " ")
}

// compareOutputHeadline returns the sentences about one compared output.
func compareOutputHeadline(c *Comparison, o *ComparedOutput, base string) []string {
	name := lowerFirst(o.Label)
	if o.Period > 0 {
		name += fmt.Sprintf(" in period %d", o.Period)
	}
	var out []string
	var spread float64
	var mean *CompareRow
	for j := range o.Rows {
		row := &o.Rows[j]
		switch {
		case row.Kind == "mean":
			mean = row
		case row.Kind == "percentile" && row.P == 0.05:
			spread -= row.Values[0].Value
		case row.Kind == "percentile" && row.P == 0.95:
			spread += row.Values[0].Value
		}
	}
	for _, row := range o.Rows {
		if row.Kind != "exceedance" {
			continue
		}
		moved := false
		for _, d := range row.Diffs[1:] {
			moved = moved || d.Value != 0 || d.SE != 0
		}
		if !moved {
			continue // every member leaves this chance as it is (often 0% or 100%)
		}
		var b strings.Builder
		fmt.Fprintf(&b, "Against %s (P(%s > %s) = %s), ", base, name, numfmt.Amount(row.P, numfmt.ParseUnit(o.Unit)),
			plainProb(row.Values[0].Value, row.Values[0].SE))
		for k := 1; k < len(c.Labels); k++ {
			if k > 1 {
				b.WriteString("; ")
			}
			v, d := row.Values[k], row.Diffs[k]
			it := "it"
			if k == 1 {
				it = "the chance"
			}
			dv, dse := diffCell(d, "exceedance")
			switch {
			case d.Value == 0 && d.SE == 0:
				fmt.Fprintf(&b, "%s leaves %s unchanged", c.Labels[k], it)
			case d.Value > 0:
				fmt.Fprintf(&b, "%s raises %s to %s (%s ±\u00a0%s)", c.Labels[k], it, plainProb(v.Value, v.SE), dv, strings.TrimSuffix(dse, " pp"))
			default:
				fmt.Fprintf(&b, "%s lowers %s to %s (%s ±\u00a0%s)", c.Labels[k], it, plainProb(v.Value, v.SE), dv, strings.TrimSuffix(dse, " pp"))
			}
		}
		b.WriteString(".")
		out = append(out, b.String())
	}
	if mean == nil {
		return out
	}
	var b strings.Builder
	fmt.Fprintf(&b, "The mean of the %s is %s for %s; ", name, proseValue(mean.Values[0].Value, mean.Values[0].SE, spread, o.Unit), base)
	for k := 1; k < len(c.Labels); k++ {
		if k > 1 {
			b.WriteString(", ")
		}
		d := mean.Diffs[k]
		if d.Value == 0 && d.SE == 0 {
			fmt.Fprintf(&b, "%s leaves it unchanged", c.Labels[k])
			continue
		}
		u := numfmt.ParseUnit(o.Unit)
		by := numfmt.SignedProse(d.Value, d.SE, u)
		moves := " by "
		if k == 1 {
			moves = " moves it by "
		}
		fmt.Fprintf(&b, "%s%s%s (±\u00a0%s)", c.Labels[k], moves, by, numfmt.ProseSE(d.SE, u))
	}
	b.WriteString(".")
	return append(out, b.String())
}
