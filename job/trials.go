package job

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// trialsOut streams every trial of a run to a CSV file (gzip-compressed
// when its name ends in .gz): a trial column, then each input and each
// output that is not an input, one column per period of a per-period
// input or series output (name[t]). Values are written in Go's shortest form that reads back to
// the same float64. It is a sim.Sink, so blocks come in order and memory
// does not grow with the trials. The file is written under a temporary
// name and renamed into place by commit; abort removes it, so a failed or
// interrupted run leaves no half-written file (and an existing file of
// that name untouched).
type trialsOut struct {
	path string
	f    *os.File
	gz   *gzip.Writer
	w    *bufio.Writer
	buf  []byte
	skip []bool // per output: it is an input, whose column is written already
}

// newTrialsOut creates the temporary file and writes the header.
func newTrialsOut(path string, m *model.Model) (*trialsOut, error) {
	lower := strings.ToLower(path)
	if !strings.HasSuffix(lower, ".csv") && !strings.HasSuffix(lower, ".csv.gz") {
		return nil, Usagef("--trials-out %q: write every trial to a .csv or .csv.gz file (Parquet is not supported yet)", path)
	}
	f, err := os.CreateTemp(filepath.Dir(path), "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return nil, err
	}
	t := &trialsOut{path: path, f: f}
	var w io.Writer = f
	if strings.HasSuffix(lower, ".gz") {
		t.gz = gzip.NewWriter(f)
		w = t.gz
	}
	t.w = bufio.NewWriterSize(w, 1<<20)
	head := []string{"trial"}
	col := func(name string, series bool) {
		if !series || m.Periods == 1 {
			head = append(head, csvField(name))
			return
		}
		for p := 1; p <= m.Periods; p++ {
			head = append(head, csvField(name+"["+strconv.Itoa(p)+"]"))
		}
	}
	for _, in := range m.Inputs {
		col(in.Name, in.PerPeriod)
	}
	isInput := map[string]bool{}
	for _, in := range m.Inputs {
		isInput[in.Name] = true
	}
	for _, o := range m.Outputs {
		t.skip = append(t.skip, isInput[o.Name])
		if !isInput[o.Name] {
			col(o.Name, m.Slots[o.Slot].Series)
		}
	}
	t.w.WriteString(strings.Join(head, ","))
	t.w.WriteByte('\n')
	return t, nil
}

// csvField quotes a name that CSV would split.
func csvField(s string) string {
	if strings.ContainsAny(s, ",\"\n\r") {
		return `"` + strings.ReplaceAll(s, `"`, `""`) + `"`
	}
	return s
}

// Consume writes the block's trials.
func (t *trialsOut) Consume(b *sim.Block) error {
	for i := range b.N {
		t.buf = strconv.AppendInt(t.buf[:0], b.First+int64(i), 10)
		for _, in := range b.Inputs {
			for _, p := range in {
				t.buf = append(t.buf, ',')
				t.buf = strconv.AppendFloat(t.buf, p[i], 'g', -1, 64)
			}
		}
		for j, o := range b.Outputs {
			if t.skip[j] {
				continue
			}
			for _, p := range o {
				t.buf = append(t.buf, ',')
				t.buf = strconv.AppendFloat(t.buf, p[i], 'g', -1, 64)
			}
		}
		t.buf = append(t.buf, '\n')
		if _, err := t.w.Write(t.buf); err != nil {
			return fmt.Errorf("--trials-out %s: %w", t.path, err)
		}
	}
	return nil
}

// commit flushes the file and renames it into place.
func (t *trialsOut) commit() error {
	err := t.w.Flush()
	if t.gz != nil && err == nil {
		err = t.gz.Close()
	}
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

// abort removes the temporary file.
func (t *trialsOut) abort() {
	t.f.Close()
	os.Remove(t.f.Name())
}
