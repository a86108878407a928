package job

import (
	"bufio"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"time"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/report"
	"github.com/montecarlo-risk/montecarlo/scenario"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// trialsOut streams the trials of a run to a file: CSV (gzip-compressed
// when its name ends in .gz) or Parquet. Its columns are a trial column,
// then each input and each output that is not an input, one column per
// period of a per-period input or series output (name[t]), the layout
// being the same in both formats (see trialColumns); Options.TrialsColumns
// keeps some of them and Options.TrialsEvery every k-th trial. It is a
// sim.Sink, so blocks come in order and memory does not grow with the
// trials. The file is written under a temporary name and renamed into
// place by commit; abort removes it, so a failed or interrupted run leaves
// no half-written file (and an existing file of that name untouched).
//
// The engine holds its workers while a sink consumes a block, so Consume
// only copies the block's kept values into one of a few batches and hands
// it to a goroutine that encodes and writes it, in order, while the
// workers simulate on: encoding overlaps the simulation instead of
// stopping it.
type trialsOut struct {
	path  string
	f     *os.File
	enc   trialsEncoder
	cols  []trialColumn
	every int64 // keep trials whose index is a multiple of every

	work chan *trialsBatch // to the writer, in block order
	free chan *trialsBatch // back from it
	done chan error        // the writer's first error (or nil) once work closes
	// failed is set, after err, when the writer fails: the next Consume
	// returns err and the run stops.
	failed atomic.Bool
	err    error
}

// trialsBatch is the kept trials of a block: data[c][:n] are column c's
// values of trials first, first+every, ...
type trialsBatch struct {
	first int64
	n     int
	data  [][]float64
}

// trialsBatches returns the number of batches in flight for cols
// columns: enough for the writer to run behind the workers without
// holding them (8), few enough that they take at most about 16 MiB (but
// at least 2, for a model of thousands of columns).
func trialsBatches(cols int) int {
	return min(8, max(2, (16<<20)/(8*sim.BlockSize*cols)))
}

// trialsEncoder writes the rows of a trials file in one format.
type trialsEncoder interface {
	// write writes the trials first, first+every, ... (n of them) whose
	// values are data[c][:n] for column c.
	write(first, every int64, data [][]float64, n int) error
	// close finishes the file (its provenance, for a format that records
	// it) without closing the underlying file.
	close(meta []keyValue) error
}

// keyValue is one item of a trials file's provenance.
type keyValue struct{ key, value string }

// trialColumn is a value column of a trials file: period t of input j
// (of Block.Inputs) or, if !input, of output j (of Block.Outputs).
type trialColumn struct {
	name  string
	base  string // the input or output, whose name selects all its periods
	input bool
	j, t  int
}

// trialColumns returns the value columns of m's trials, in file order:
// each input, then each output that is not an input, a series or
// per-period input one column per period (cash[3]) when the model has
// several. The layout is wide, one row per trial, in CSV and Parquet
// alike, so that a row is a trial whatever the format and a tool reads a
// period's values as a column without unnesting a list.
func trialColumns(m *model.Model) []trialColumn {
	var cols []trialColumn
	add := func(name string, input, series bool, j int) {
		if !series || m.Periods == 1 {
			cols = append(cols, trialColumn{name: name, base: name, input: input, j: j})
			return
		}
		for t := range m.Periods {
			cols = append(cols, trialColumn{name: name + "[" + strconv.Itoa(t+1) + "]", base: name, input: input, j: j, t: t})
		}
	}
	isInput := map[string]bool{}
	for j, in := range m.Inputs {
		add(in.Name, true, in.PerPeriod, j)
		isInput[in.Name] = true
	}
	for j, o := range m.Outputs {
		if !isInput[o.Name] {
			add(o.Name, false, m.Slots[o.Slot].Series, j)
		}
	}
	return cols
}

// selectColumns keeps the columns that names select (an input or output
// selects all its periods, name[t] one of them), in file order; none
// keeps them all. An unknown name is a UsageError naming its position.
func selectColumns(cols []trialColumn, names []string) ([]trialColumn, error) {
	if len(names) == 0 {
		return cols, nil
	}
	want := map[string]bool{}
	var candidates []string
	seen := map[string]bool{}
	for _, c := range cols {
		for _, n := range []string{c.base, c.name} {
			if !seen[n] {
				seen[n] = true
				candidates = append(candidates, n)
			}
		}
	}
	list := strings.Join(names, ",")
	for i, n := range names {
		n = strings.TrimSpace(n)
		switch {
		case n == "":
			return nil, Usagef("--trials-columns %q: column %d of %d is empty", list, i+1, len(names))
		case n == "trial":
			continue // always written
		case !seen[n]:
			hint := ""
			if s := scenario.Closest(n, candidates); s != "" {
				hint = fmt.Sprintf("; did you mean %q?", s)
			}
			return nil, Usagef("--trials-columns %q: column %d of %d, %q, is not an input, an output or one period of one (name[t])%s", list, i+1, len(names), n, hint)
		}
		want[n] = true
	}
	var out []trialColumn
	for _, c := range cols {
		if want[c.name] || want[c.base] {
			out = append(out, c)
		}
	}
	return out, nil
}

// trialsFormat returns the format of a trials file by its name: "csv",
// "csv.gz" or "parquet"; another name is a UsageError.
func trialsFormat(path string) (string, error) {
	lower := strings.ToLower(path)
	for _, ext := range []string{"csv.gz", "csv", "parquet"} {
		if strings.HasSuffix(lower, "."+ext) {
			return ext, nil
		}
	}
	return "", Usagef("--trials-out %q: write the trials to a .csv, .csv.gz or .parquet file", path)
}

// newTrialsOut creates the temporary file of the trials of m, writes its
// header and starts its writer; commit or abort must follow.
func newTrialsOut(path string, m *model.Model, columns []string, every int64) (*trialsOut, error) {
	format, err := trialsFormat(path)
	if err != nil {
		return nil, err
	}
	cols, err := selectColumns(trialColumns(m), columns)
	if err != nil {
		return nil, err
	}
	if format == "parquet" {
		for _, c := range cols {
			if c.name == "trial" {
				return nil, Usagef("--trials-out %q: the scenario's input or output named trial would be a second column of that name in Parquet; leave it out with --trials-columns", path)
			}
		}
	}
	dir := filepath.Dir(path)
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err // the temporary name means nothing to the user
		}
		return nil, fmt.Errorf("--trials-out %s: cannot create the file in %s: %w", path, dir, err)
	}
	if err := f.Chmod(0o644); err != nil { // as a file written by os.Create, not CreateTemp's 0600
		f.Close()
		os.Remove(f.Name())
		return nil, fmt.Errorf("--trials-out %s: %w", path, err)
	}
	t := &trialsOut{path: path, f: f, cols: cols, every: max(1, every),
		done: make(chan error, 1)}
	batches := trialsBatches(len(cols) + 1)
	t.work, t.free = make(chan *trialsBatch, batches), make(chan *trialsBatch, batches)
	if format == "parquet" {
		t.enc = newParquetTrials(f, cols)
	} else {
		t.enc = newCSVTrials(f, format == "csv.gz", cols)
	}
	for range batches {
		b := &trialsBatch{data: make([][]float64, len(cols))}
		for c := range b.data {
			b.data[c] = make([]float64, sim.BlockSize)
		}
		t.free <- b
	}
	go t.writer()
	return t, nil
}

// writer encodes the batches as they come, until work closes.
func (t *trialsOut) writer() {
	var err error
	for b := range t.work {
		if err == nil {
			if err = t.enc.write(b.first, t.every, b.data, b.n); err != nil {
				t.err = fmt.Errorf("--trials-out %s: %w", t.path, err)
				t.failed.Store(true)
			}
		}
		t.free <- b
	}
	t.done <- err
}

// Consume copies the block's kept trials into a batch for the writer.
func (t *trialsOut) Consume(b *sim.Block) error {
	if t.failed.Load() {
		return t.err
	}
	// The first kept trial in the block, and how many.
	start := int((t.every - b.First%t.every) % t.every)
	if start >= b.N {
		return nil
	}
	step := int(t.every)
	n := (b.N-start-1)/step + 1
	batch := <-t.free
	batch.first, batch.n = b.First+int64(start), n
	for c, col := range t.cols {
		var src []float64
		if col.input {
			src = b.Inputs[col.j][col.t][:b.N]
		} else {
			src = b.Outputs[col.j][col.t][:b.N]
		}
		dst := batch.data[c][:n]
		if step == 1 {
			copy(dst, src)
			continue
		}
		for i := range dst {
			dst[i] = src[start+i*step]
		}
	}
	t.work <- batch
	return nil
}

// wait stops the writer once it has written every batch, and returns its
// error.
func (t *trialsOut) wait() error {
	close(t.work)
	return <-t.done
}

// commit finishes the file, with the provenance meta, and renames it
// into place.
func (t *trialsOut) commit(meta []keyValue) error {
	if err := t.wait(); err != nil {
		t.abort1()
		return t.err
	}
	err := t.enc.close(meta)
	if cerr := t.f.Close(); err == nil {
		err = cerr
	}
	if err == nil {
		err = os.Rename(t.f.Name(), t.path)
	}
	if err != nil {
		os.Remove(t.f.Name())
		return fmt.Errorf("--trials-out %s: %w", t.path, err)
	}
	return nil
}

// abort stops the writer and removes the temporary file.
func (t *trialsOut) abort() {
	t.wait()
	t.abort1()
}

// abort1 removes the temporary file, the writer stopped.
func (t *trialsOut) abort1() {
	t.f.Close()
	os.Remove(t.f.Name())
}

// csvTrials writes a trials file as CSV: a header, then a row per trial,
// values in Go's shortest form that reads back to the same float64. It
// records no provenance (a CSV file has nowhere to keep it that every
// reader skips).
type csvTrials struct {
	gz  *gzip.Writer
	w   *bufio.Writer
	buf []byte
}

func newCSVTrials(f io.Writer, gz bool, cols []trialColumn) *csvTrials {
	t := &csvTrials{}
	w := f
	if gz {
		t.gz = gzip.NewWriter(f)
		w = t.gz
	}
	t.w = bufio.NewWriterSize(w, 1<<20)
	head := []string{"trial"}
	for _, c := range cols {
		head = append(head, csvField(c.name))
	}
	t.w.WriteString(strings.Join(head, ","))
	t.w.WriteByte('\n')
	return t
}

// csvField quotes a name that CSV would split.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

func (t *csvTrials) write(first, every int64, data [][]float64, n int) error {
	for i := range n {
		t.buf = strconv.AppendInt(t.buf[:0], first+int64(i)*every, 10)
		for _, col := range data {
			t.buf = append(t.buf, ',')
			t.buf = strconv.AppendFloat(t.buf, col[i], 'g', -1, 64)
		}
		t.buf = append(t.buf, '\n')
		if _, err := t.w.Write(t.buf); err != nil {
			return err
		}
	}
	return nil
}

func (t *csvTrials) close([]keyValue) error {
	err := t.w.Flush()
	if t.gz != nil && err == nil {
		err = t.gz.Close()
	}
	return err
}

// trialsMeta returns the provenance that a trials file records (Parquet's
// key/value metadata): what re-creates its trials, and what its columns
// are.
func trialsMeta(opts *Options, p *runPlan, res *sim.Result) []keyValue {
	l := p.m.l
	every := max(1, opts.TrialsEvery)
	meta := []keyValue{
		{"montecarlo.scenario", l.DisplayName()},
		{"montecarlo.scenario_file", l.File},
		{"montecarlo.scenario_sha256", report.SourceHash(l.Text)},
		{"montecarlo.seed", strconv.FormatUint(p.cfg.Seed, 10)},
		{"montecarlo.trials", strconv.FormatInt(res.Trials, 10)},
		{"montecarlo.engine", opts.Engine},
		{"montecarlo.date", opts.Date.UTC().Format(time.RFC3339)},
		{"montecarlo.sampling", p.design},
		{"montecarlo.every", strconv.FormatInt(every, 10)},
		{"montecarlo.trial_column", "trial: the index of the trial in the run, from 0; the file keeps the trials whose index is a multiple of montecarlo.every"},
	}
	if p.m.variant != "" {
		meta = append(meta, keyValue{"montecarlo.variant", p.m.variant})
	}
	if len(opts.Overrides) > 0 {
		var sets []string
		for _, o := range opts.Overrides {
			sets = append(sets, o.Name+"="+o.Dist)
		}
		meta = append(meta, keyValue{"montecarlo.overrides", strings.Join(sets, "; ")})
	}
	return meta
}
