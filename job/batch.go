package job

import (
	"context"
	"errors"
	"fmt"
	"html/template"
	"os"
	"path/filepath"
	"slices"
	"strings"
)

// BatchError reports the scenarios of a batch that failed, after the
// others ran.
type BatchError struct {
	Failed []string // the scenarios, as given
	Total  int
	First  error // the first failure
}

func (e *BatchError) Error() string {
	return fmt.Sprintf("%d of %d scenarios failed (%s); the first: %v", len(e.Failed), e.Total, strings.Join(e.Failed, ", "), e.First)
}

// Unwrap returns the first failure, so that its exit status applies.
func (e *BatchError) Unwrap() error { return e.First }

// Expand returns the scenarios that args name: files and built-in names as
// they are, a folder as its *.yaml files in name order.
func Expand(args []string) ([]string, error) {
	var out []string
	for _, a := range args {
		if st, err := os.Stat(a); err == nil && st.IsDir() {
			files, _ := filepath.Glob(filepath.Join(a, "*.yaml"))
			if len(files) == 0 {
				return nil, Usagef("%s: a folder without *.yaml scenario files", a)
			}
			slices.Sort(files)
			out = append(out, files...)
			continue
		}
		out = append(out, a)
	}
	return out, nil
}

// Batch runs every scenario of opts.Scenarios (after Expand) as Run would,
// one after the other: each table is printed under its name; with Out, each
// report goes to Out/NAME/ and Out/index.html links them. A scenario that
// fails is reported on Notes and the others still run, unless failFast; the
// error then names every failure.
func Batch(ctx context.Context, opts Options, failFast bool) error {
	names, err := Expand(opts.Scenarios)
	if err != nil {
		return err
	}
	if opts.Out != "" {
		if err := os.MkdirAll(opts.Out, 0o755); err != nil {
			return err
		}
	}
	be := &BatchError{Total: len(names)}
	var done []indexEntry
	used := map[string]bool{}
	for _, name := range names {
		if err := ctx.Err(); err != nil {
			return err
		}
		o := opts
		o.Scenarios = []string{name}
		stem := folderName(name, used)
		if opts.Out != "" {
			o.Out = filepath.Join(opts.Out, stem)
		}
		if o.Format == Table || o.Format == "" {
			fmt.Fprintf(opts.Stdout, "== %s ==\n", name)
		}
		err := Run(ctx, o)
		if errors.Is(err, context.Canceled) {
			return err
		}
		if err != nil {
			be.Failed = append(be.Failed, name)
			if be.First == nil {
				be.First = err
			}
			if opts.Notes != nil {
				fmt.Fprintf(opts.Notes, "montecarlo: %s: %v\n", name, err)
			}
			if failFast {
				break
			}
			continue
		}
		done = append(done, indexEntry{Name: name, Folder: stem})
		if o.Format == Table || o.Format == "" {
			fmt.Fprintln(opts.Stdout)
		}
	}
	if opts.Out != "" {
		if err := writeIndex(opts.Out, done, be.Failed); err != nil {
			return err
		}
	}
	if len(be.Failed) > 0 {
		return be
	}
	return nil
}

type indexEntry struct{ Name, Folder string }

// folderName is a scenario's report folder name within a batch: its file
// name without .yaml (or the built-in's name), made unique.
func folderName(arg string, used map[string]bool) string {
	stem := strings.TrimSuffix(filepath.Base(arg), filepath.Ext(arg))
	if arg == "-" {
		stem = "stdin"
	}
	name := stem
	for i := 2; used[name]; i++ {
		name = fmt.Sprintf("%s-%d", stem, i)
	}
	used[name] = true
	return name
}

var indexPage = template.Must(template.New("index").Parse(`<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>montecarlo reports</title>
<style>body{font-family:system-ui,sans-serif;max-width:40em;margin:2em auto}li{margin:.3em 0}.failed{color:#b00}</style></head>
<body><h1>Reports</h1><ul>
{{range .Done}}<li><a href="{{.Folder}}/report.html">{{.Name}}</a></li>
{{end}}{{range .Failed}}<li class="failed">{{.}}: failed (see the command's messages)</li>
{{end}}</ul></body></html>
`))

// writeIndex writes dir/index.html, linking every report of the batch.
func writeIndex(dir string, done []indexEntry, failed []string) error {
	var b strings.Builder
	if err := indexPage.Execute(&b, struct {
		Done   []indexEntry
		Failed []string
	}{done, failed}); err != nil {
		return err
	}
	return writeAtomic(filepath.Join(dir, "index.html"), []byte(b.String()))
}
