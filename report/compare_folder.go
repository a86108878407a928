package report

import (
	"bytes"
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"math"
	"strings"

	"github.com/montecarlo-risk/montecarlo/plots"
)

// compareFigure is one chart of a comparison report.
type compareFigure struct {
	File, Alt, Caption string
	chart              *plots.Chart
}

// compareFigures draws, per shared output, the members' histograms
// overlaid on common bins and their exceedance curves overlaid.
func compareFigures(r *CompareRun, c *Comparison) ([]compareFigure, error) {
	footer := fmt.Sprintf("%s · seed %d · %s trials", compareWhat(r), r.Result.Seed, groupDigits(r.Result.Trials))
	if r.Engine != "" {
		footer += " · engine " + r.Engine
	}
	if !r.Date.IsZero() {
		footer += " · " + r.Date.UTC().Format("2006-01-02")
	}
	var figs []compareFigure
	for i := range c.Outputs {
		o := &c.Outputs[i]
		stem := fileStem(o.Name)
		title := compareTitle(o)
		// Common range: from the smallest P0.1 to the largest P99.9 of the members.
		lo, hi := math.Inf(1), math.Inf(-1)
		for _, s := range o.stats {
			lo = math.Min(lo, s.Quantile(histLo).Value)
			hi = math.Max(hi, s.Quantile(histHi).Value)
		}
		if !(hi > lo) {
			w := math.Max(math.Abs(lo)*0.01, 0.5)
			lo, hi = lo-w, lo+w
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
		for k, s := range o.stats {
			edges, counts := s.Bins(lo, hi, histBins)
			hist = append(hist, plots.Series{Name: c.Labels[k], X: edges, Y: counts})
			xs := make([]float64, curvePoints)
			ps := make([]float64, curvePoints)
			for m := range xs {
				xs[m] = lo + (hi-lo)*float64(m)/float64(curvePoints-1)
				p := math.Min(1, math.Max(0, 1-s.CDF(xs[m])))
				if m > 0 && p > ps[m-1] {
					p = ps[m-1]
				}
				ps[m] = p
			}
			curves = append(curves, plots.Series{Name: c.Labels[k], X: xs, Y: ps})
		}
		// The legend names the members; the title lists them only when
		// they fit (six variant names ran off both edges).
		htitle := o.Label + ": " + strings.Join(c.Labels, " vs ")
		if len(c.Labels) > 3 || len([]rune(htitle)) > 60 {
			htitle = o.Label + ": distribution of each member"
		}
		hspec := plots.HistogramSpec{Title: htitle, XLabel: title, YLabel: "Share of trials shown", Series: hist, Thresholds: ths}
		capt := "Histograms of " + lowerFirst(o.Label) + " for each member, on common bins spanning the members' P0.1 to P99.9."
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
		figs = append(figs, compareFigure{stem + "-histogram.png", "Overlaid histograms of " + o.Label, capt, ch})
		ch, err = plots.Exceedance(plots.ExceedanceSpec{
			Title:      o.Label + ": chance of exceeding each value",
			XLabel:     title,
			YLabel:     "P(" + o.Label + " > x)",
			Series:     curves,
			Thresholds: ths,
		})
		if err != nil {
			return nil, fmt.Errorf("report: output %q: comparison exceedance curve: %w", o.Name, err)
		}
		ch.Footer = footer
		figs = append(figs, compareFigure{stem + "-exceedance.png", "Overlaid exceedance curves of " + o.Label,
			"Exceedance curves: the share of trials in which " + lowerFirst(o.Label) + " exceeds each value, for each member.", ch})
	}
	return figs, nil
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
			v, se := row.Values[k].cell(row.Kind)
			cells := []string{stat, l, v + " ± " + se, ""}
			if k > 0 {
				d, dse := row.Diffs[k].diffCell(row.Kind)
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
		v, se := o.Above[k].cell("exceedance")
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

func compareMarkdown(r *CompareRun, c *Comparison, figs []compareFigure) []byte {
	var b bytes.Buffer
	fmt.Fprintf(&b, "# Comparison: %s\n\n", mdEscape.Replace(strings.Join(c.Labels, " vs ")))
	fmt.Fprintf(&b, "%s trials, seed %d, with common random numbers: every member draws the same random numbers for inputs of the same name, "+
		"so a difference reflects the changed assumptions, not sampling noise. The base is **%s**.\n\n",
		groupDigits(r.Result.Trials), r.Result.Seed, mdEscape.Replace(c.Labels[0]))
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
		for _, f := range figs {
			if strings.HasPrefix(f.File, fileStem(o.Name)+"-") {
				fmt.Fprintf(&b, "\n![%s](%s)\n\n*%s*\n", mdEscape.Replace(f.Alt), f.File, mdEscape.Replace(f.Caption))
			}
		}
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
<html lang="en"><head><meta charset="utf-8"><title>Comparison: {{.Title}}</title>
<style>body{font-family:sans-serif;max-width:70em;margin:2em auto;padding:0 1em;color:#222}
table{border-collapse:collapse;margin:1em 0}td,th{padding:.25em .6em;border-bottom:1px solid #ddd;text-align:right}
td:first-child,th:first-child,table.text td,table.text th,table.num td:nth-child(2),table.num th:nth-child(2){text-align:left}img{max-width:100%}figcaption{color:#555;font-size:.9em}pre{background:#f5f5f5;padding:.5em;overflow-x:auto}</style>
</head><body>
<h1>Comparison: {{.Title}}</h1>
<p>{{.Intro}}</p>
<table class="text"><tr><th>member</th><th>scenario</th><th>variant</th><th>description</th></tr>
{{range .Members}}<tr><td>{{.Label}}</td><td>{{.Scenario}}</td><td>{{.Variant}}</td><td>{{.Description}}</td></tr>
{{end}}</table>
{{range .Overrides}}<p>Override applied to every member: <code>{{.Name}} = {{.Dist}}</code></p>
{{end}}{{range .Outputs}}<h2>{{.Title}}</h2>
<table class="num"><tr>{{range .Head}}<th>{{.}}</th>{{end}}</tr>
{{range .Rows}}<tr>{{range .}}<td>{{.}}</td>{{end}}</tr>
{{end}}</table>
{{range .Figures}}<figure><img src="{{.Src}}" alt="{{.Alt}}"><figcaption>{{.Caption}}</figcaption></figure>
{{end}}{{end}}<h2>How to read the errors</h2><p>{{.Note}}</p>
<h2>Provenance</h2><ul>{{range .Members}}<li>{{.Label}}: {{.Scenario}} ({{.File}}), sha256 <code>{{.SourceSHA256}}</code></li>
{{end}}{{if .Engine}}<li>engine {{.Engine}}</li>{{end}}{{if .Date}}<li>date {{.Date}}</li>{{end}}</ul>
{{if .Command}}<h2>Re-create this report</h2><pre>{{.Command}}</pre>{{end}}
</body></html>
`))

type htmlCompareOutput struct {
	Title   string
	Head    []string
	Rows    [][]string
	Figures []htmlCompareFigure
}

type htmlCompareFigure struct {
	Src          htmltemplate.URL
	Alt, Caption string
}

func compareHTML(r *CompareRun, c *Comparison, figs []compareFigure, png map[string][]byte) ([]byte, error) {
	data := struct {
		Title, Intro, Note, Command string
		Engine, Date                string
		Members                     []CompareMember
		Overrides                   []Override
		Outputs                     []htmlCompareOutput
	}{
		Title: strings.Join(c.Labels, " vs "),
		Intro: fmt.Sprintf("%s trials, seed %d, with common random numbers: every member draws the same random numbers for inputs of the same name, "+
			"so a difference reflects the changed assumptions, not sampling noise. The base is %s.", groupDigits(r.Result.Trials), r.Result.Seed, c.Labels[0]),
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
		ho := htmlCompareOutput{Title: compareTitle(o)}
		ho.Head, ho.Rows = compareCells(c, o)
		for _, f := range figs {
			if strings.HasPrefix(f.File, fileStem(o.Name)+"-") {
				ho.Figures = append(ho.Figures, htmlCompareFigure{
					htmltemplate.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png[f.File])), f.Alt, f.Caption})
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
// compare.md, compare.html (self-contained, figures embedded), summary.csv,
// compare.json and, per shared output, overlaid histograms and exceedance
// curves as PNG. Nothing is written to disk (see WriteFolder); the same
// inputs give byte-identical files.
func CompareFolder(r *CompareRun, c *Comparison) ([]File, error) {
	figs, err := compareFigures(r, c)
	if err != nil {
		return nil, err
	}
	png := map[string][]byte{}
	var figFiles []File
	for _, f := range figs {
		var b bytes.Buffer
		if err := f.chart.Write(&b, "png"); err != nil {
			return nil, fmt.Errorf("report: figure %s: %w", f.File, err)
		}
		png[f.File] = b.Bytes()
		figFiles = append(figFiles, File{f.File, b.Bytes()})
	}
	page, err := compareHTML(r, c, figs, png)
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
		{CompareMarkdownFile, compareMarkdown(r, c, figs)},
		{CompareHTMLFile, page},
		{CompareSummaryFile, csvBuf.Bytes()},
		{CompareFile, jsonBuf.Bytes()},
	}
	return append(files, figFiles...), nil
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
