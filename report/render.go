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

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/plots"
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
	Outputs       []htmlOutput
	InputsFigure  *htmlFigure
	SummaryFigure *htmlFigure
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
	if m.Summary != nil && m.Summary.Figure != nil {
		hf, err := embed(*m.Summary.Figure)
		if err != nil {
			return nil, err
		}
		hm.SummaryFigure = &hf
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
	format, err := plotFormat(opts)
	if err != nil {
		return nil, err
	}
	opts.PlotFormat = format

	// The drivers are computed, the charts drawn and rendered (PNG for the
	// HTML page too when the files are another format) and the text files
	// written all at once, so that every core stays busy: charts are
	// rendered on a pool as soon as they are drawn, and only the tornado
	// charts wait for the drivers.
	analyzed := make(chan *analysis.Analysis, 1)
	go func() { analyzed <- analyze(r) }()
	var a *analysis.Analysis
	analysisDone := func() *analysis.Analysis {
		if a == nil {
			a = <-analyzed
		}
		return a
	}
	pool := newRenderPool(format)
	defer pool.wait() // on an error return
	figs, err := buildFigures(r, analysisDone, opts, pool.add)
	if err != nil {
		return nil, err
	}
	m := buildMemo(r, analysisDone(), figs)
	md, err := RenderMarkdown(m)
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
	out, png, err := pool.results()
	if err != nil {
		return nil, err
	}
	var figFiles []File
	for _, name := range figs.order {
		figFiles = append(figFiles, File{name, out[name]})
	}
	html, err := RenderHTML(m, png)
	if err != nil {
		return nil, err
	}
	files := []File{{MarkdownFile, md}, {HTMLFile, html}, {SummaryFile, csvBuf.Bytes()}, {ResultFile, jsonBuf.Bytes()}}
	return append(files, figFiles...), nil
}

// plotFormat returns the figure format opts asks for, in lower case,
// "png" when it names none.
func plotFormat(opts Options) (string, error) {
	format := strings.ToLower(opts.PlotFormat)
	if format == "" {
		format = DefaultOptions.PlotFormat
	}
	switch format {
	case "png", "svg", "pdf":
		return format, nil
	}
	return "", fmt.Errorf("report: plot format %q: want png, svg or pdf", opts.PlotFormat)
}

// renderPool renders charts on one goroutine per core, in the background,
// as they are handed to it; each job fills its own slot.
type renderPool struct {
	format string // of the figure files
	queue  chan *renderJob
	jobs   []*renderJob
	wg     sync.WaitGroup
}

type renderJob struct {
	file, format string
	chart        *plots.Chart
	out          []byte
	err          error
}

// newRenderPool starts a pool rendering figure files in format.
func newRenderPool(format string) *renderPool {
	queue := make(chan *renderJob, 1024)
	p := &renderPool{format: format, queue: queue}
	for range runtime.GOMAXPROCS(0) {
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			for j := range queue {
				var buf bytes.Buffer
				if err := j.chart.Write(&buf, j.format); err != nil {
					j.err = fmt.Errorf("report: figure %s: %w", j.file, err)
				}
				j.out = buf.Bytes()
			}
		}()
	}
	return p
}

// add queues ch to be rendered as the figure file named file, and as PNG
// for the HTML page when the pool's format is another.
func (p *renderPool) add(file string, ch *plots.Chart) {
	for _, format := range []string{p.format, "png"} {
		j := &renderJob{file: file, format: format, chart: ch}
		p.jobs = append(p.jobs, j)
		p.queue <- j
		if p.format == "png" {
			break
		}
	}
}

// wait waits for every job, in the order they were queued; the pool takes
// no more jobs after it.
func (p *renderPool) wait() []*renderJob {
	if p.queue != nil {
		close(p.queue)
		p.queue = nil
		p.wg.Wait()
	}
	return p.jobs
}

// results waits for every job and returns the figure files and their PNG
// renderings by file name, or the first job's error.
func (p *renderPool) results() (files, png map[string][]byte, err error) {
	files, png = map[string][]byte{}, map[string][]byte{}
	for _, j := range p.wait() {
		if j.err != nil {
			return nil, nil, j.err
		}
		if j.format == p.format {
			files[j.file] = j.out
		}
		if j.format == "png" {
			png[j.file] = j.out
		}
	}
	return files, png, nil
}
