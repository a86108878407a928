package report

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	htmltemplate "html/template"
	"runtime"
	"strings"
	"sync"
	texttemplate "text/template"
)

// Names of the files of a report folder besides its figures.
const (
	MarkdownFile = "report.md"
	HTMLFile     = "report.html"
	SummaryFile  = "summary.csv"
	ResultFile   = "result.json"
)

// Options are the choices of a report folder.
type Options struct {
	// PlotFormat is the format of the figure files: "png", "svg" or "pdf".
	// report.html always embeds PNG renderings, whatever the format.
	PlotFormat string
	// LogExceedance draws the exceedance curves on a logarithmic
	// probability scale, which shows the upper tail down to 1/trials.
	LogExceedance bool
}

// DefaultOptions writes PNG figures.
var DefaultOptions = Options{PlotFormat: "png"}

// File is one file of a report folder.
type File struct {
	Name string // name inside the folder
	Data []byte
}

//go:embed templates/report.md.tmpl
var markdownTemplate string

//go:embed templates/report.html.tmpl
var htmlTemplate string

// mdEscape escapes text for Markdown prose and table cells: the characters
// CommonMark would read as markup (and "$", which GitHub reads as math)
// get a backslash, and line breaks become spaces.
var mdEscape = strings.NewReplacer(
	`\`, `\\`, "|", `\|`, "*", `\*`, "_", `\_`, "`", "\\`", "$", `\$`, "<", `\<`, "[", `\[`, "]", `\]`,
	"\r\n", " ", "\n", " ")

var (
	mdTmpl = texttemplate.Must(texttemplate.New("md").Funcs(texttemplate.FuncMap{
		"md": mdEscape.Replace,
	}).Parse(markdownTemplate))
	htmlTmpl = htmltemplate.Must(htmltemplate.New("html").Parse(htmlTemplate))
)

// RenderMarkdown writes m as Markdown.
func RenderMarkdown(m *Memo) ([]byte, error) {
	var buf bytes.Buffer
	if err := mdTmpl.Execute(&buf, m); err != nil {
		return nil, fmt.Errorf("report: rendering %s: %w", MarkdownFile, err)
	}
	return buf.Bytes(), nil
}

// htmlFigure is a figure with its embedded PNG.
type htmlFigure struct {
	Figure
	Src htmltemplate.HTMLAttr // src="data:image/png;base64,..."
}

// pngSrc is the src attribute of an img element showing png, as a data URI.
// It is built here from our own PNG bytes, whose base64 needs no escaping,
// and marked safe: html/template would otherwise normalise and escape every
// byte of megabytes of figures, a tenth of a report's rendering time.
func pngSrc(png []byte) htmltemplate.HTMLAttr {
	return htmltemplate.HTMLAttr(`src="data:image/png;base64,` + base64.StdEncoding.EncodeToString(png) + `"`)
}

type htmlOutput struct {
	MemoOutput
	Figures []htmlFigure
}

// htmlMemo is a Memo with its figures embedded, for the HTML template.
type htmlMemo struct {
	*Memo
	Outputs      []htmlOutput
	InputsFigure *htmlFigure
}

// RenderHTML writes m as one self-contained HTML page; png maps each
// figure's File to its PNG rendering, embedded as a data URI.
func RenderHTML(m *Memo, png map[string][]byte) ([]byte, error) {
	embed := func(f Figure) (htmlFigure, error) {
		b, ok := png[f.File]
		if !ok {
			return htmlFigure{}, fmt.Errorf("report: rendering %s: no PNG for figure %s", HTMLFile, f.File)
		}
		return htmlFigure{f, pngSrc(b)}, nil
	}
	hm := htmlMemo{Memo: m}
	for _, o := range m.Outputs {
		ho := htmlOutput{MemoOutput: o}
		for _, f := range o.Figures {
			hf, err := embed(f)
			if err != nil {
				return nil, err
			}
			ho.Figures = append(ho.Figures, hf)
		}
		hm.Outputs = append(hm.Outputs, ho)
	}
	if m.InputsFigure != nil {
		hf, err := embed(*m.InputsFigure)
		if err != nil {
			return nil, err
		}
		hm.InputsFigure = &hf
	}
	var buf bytes.Buffer
	if err := htmlTmpl.Execute(&buf, hm); err != nil {
		return nil, fmt.Errorf("report: rendering %s: %w", HTMLFile, err)
	}
	return buf.Bytes(), nil
}

// Folder renders the complete report of r, in this order: report.md,
// report.html, summary.csv, result.json and the figures. Nothing is
// written to disk (see WriteFolder). The same Run and Options give
// byte-identical files. Errors name the file or figure that failed, for
// example an output with no finite value to plot.
func Folder(r *Run, opts Options) ([]File, error) {
	if r == nil || r.Result == nil {
		return nil, errNoResult
	}
	format := strings.ToLower(opts.PlotFormat)
	if format == "" {
		format = DefaultOptions.PlotFormat
	}
	switch format {
	case "png", "svg", "pdf":
	default:
		return nil, fmt.Errorf("report: plot format %q: want png, svg or pdf", opts.PlotFormat)
	}
	a := analyze(r)
	opts.PlotFormat = format
	figs, err := buildFigures(r, a, opts)
	if err != nil {
		return nil, err
	}
	m := buildMemo(r, a, figs)

	// Render the figures, PNG for the HTML page too when the files are
	// another format, on a bounded pool; each job fills its own slot.
	type job struct {
		name, format string
		out          []byte
		err          error
	}
	var jobs []*job
	for _, name := range figs.order {
		jobs = append(jobs, &job{name: name, format: format})
		if format != "png" {
			jobs = append(jobs, &job{name: name, format: "png"})
		}
	}
	next := make(chan *job)
	var wg sync.WaitGroup
	for range min(runtime.GOMAXPROCS(0), len(jobs)) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range next {
				var buf bytes.Buffer
				if err := figs.charts[j.name].Write(&buf, j.format); err != nil {
					j.err = fmt.Errorf("report: figure %s: %w", j.name, err)
				}
				j.out = buf.Bytes()
			}
		}()
	}
	for _, j := range jobs {
		next <- j
	}
	close(next)
	wg.Wait()
	png := map[string][]byte{}
	var figFiles []File
	for _, j := range jobs {
		if j.err != nil {
			return nil, j.err
		}
		if j.format == format {
			figFiles = append(figFiles, File{j.name, j.out})
		}
		if j.format == "png" {
			png[j.name] = j.out
		}
	}

	md, err := RenderMarkdown(m)
	if err != nil {
		return nil, err
	}
	html, err := RenderHTML(m, png)
	if err != nil {
		return nil, err
	}
	var csvBuf, jsonBuf bytes.Buffer
	if err := writeCSV(&csvBuf, r, a); err != nil {
		return nil, fmt.Errorf("report: %s: %w", SummaryFile, err)
	}
	if err := writeJSON(&jsonBuf, r, a); err != nil {
		return nil, fmt.Errorf("report: %s: %w", ResultFile, err)
	}
	files := []File{{MarkdownFile, md}, {HTMLFile, html}, {SummaryFile, csvBuf.Bytes()}, {ResultFile, jsonBuf.Bytes()}}
	return append(files, figFiles...), nil
}
