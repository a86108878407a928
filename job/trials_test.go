package job

import (
	"bytes"
	"compress/gzip"
	"context"
	"encoding/csv"
	"encoding/json"
	"errors"
	"io"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/parquet-go/parquet-go"

	"github.com/montecarlo-risk/montecarlo/sim"
)

// periodicScenario has a scalar and a per-period input, and scalar and
// series outputs, one of them an input.
const periodicScenario = "name: t\nperiods: 3\ninputs:\n  a: normal(0, 1)\n  g: { dist: \"uniform(0, 1)\", per_period: true }\nformulas:\n  s: cumsum(g) + a\n  total: sum(g)\noutputs: [a, total, s]\n"

// trialsFile is a trials file read back: its column names (the trial
// column first), each row's trial and values, and its key/value metadata
// (Parquet only).
type trialsFile struct {
	names  []string
	trials []int64
	rows   [][]float64
	meta   map[string]string
}

// readTrials reads a .csv, .csv.gz or .parquet trials file.
func readTrials(t *testing.T, path string) trialsFile {
	t.Helper()
	if strings.HasSuffix(strings.ToLower(path), ".parquet") {
		return readParquetTrials(t, path)
	}
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".gz") {
		if r, err = gzip.NewReader(f); err != nil {
			t.Fatal(err)
		}
	}
	recs, err := csv.NewReader(r).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	tf := trialsFile{names: recs[0]}
	for _, rec := range recs[1:] {
		n, err := strconv.ParseInt(rec[0], 10, 64)
		if err != nil {
			t.Fatal(err)
		}
		row := make([]float64, len(rec)-1)
		for i, s := range rec[1:] {
			if row[i], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		tf.trials, tf.rows = append(tf.trials, n), append(tf.rows, row)
	}
	return tf
}

// readParquetTrials reads a Parquet trials file with parquet-go's reader,
// checking that its columns are required INT64 then DOUBLEs.
func readParquetTrials(t *testing.T, path string) trialsFile {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	st, _ := f.Stat()
	pf, err := parquet.OpenFile(f, st.Size())
	if err != nil {
		t.Fatal(err)
	}
	tf := trialsFile{meta: map[string]string{}}
	for i, fl := range pf.Schema().Fields() {
		tf.names = append(tf.names, fl.Name())
		want := parquet.Double
		if i == 0 {
			want = parquet.Int64
		}
		if !fl.Leaf() || fl.Type().Kind() != want || !fl.Required() {
			t.Fatalf("column %s is %v, want a required %v", fl.Name(), fl.Type(), want)
		}
	}
	for _, kv := range pf.Metadata().KeyValueMetadata {
		tf.meta[kv.Key] = kv.Value
	}
	r := parquet.NewGenericReader[any](f)
	defer r.Close()
	buf := make([]parquet.Row, 1000)
	for {
		n, err := r.ReadRows(buf)
		for _, row := range buf[:n] {
			tf.trials = append(tf.trials, row[0].Int64())
			vals := make([]float64, len(row)-1)
			for i, v := range row[1:] {
				vals[i] = v.Double()
			}
			tf.rows = append(tf.rows, vals)
		}
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			t.Fatal(err)
		}
	}
	if int64(len(tf.rows)) != pf.NumRows() {
		t.Fatalf("read %d rows of %d", len(tf.rows), pf.NumRows())
	}
	return tf
}

// runTrials runs the scenario src with opts, writing the trials to out,
// and returns the run's JSON.
func runTrials(t *testing.T, src string, opts Options) []byte {
	t.Helper()
	file := filepath.Join(t.TempDir(), "s.yaml")
	os.WriteFile(file, []byte(src), 0o644)
	var js bytes.Buffer
	opts.Scenarios, opts.Format, opts.Stdout = []string{file}, JSON, &js
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	return js.Bytes()
}

// TestTrialsOut exports every trial of a periodic scenario in each format
// and checks the file against the run: the header, one row per trial in
// order, values that agree with the formulas, and every format holding
// the same bits as the CSV (whose values are written in shortest
// round-trip form). A failed run leaves neither the file nor a temporary
// one.
func TestTrialsOut(t *testing.T) {
	dir := t.TempDir()
	var ref trialsFile
	for _, name := range []string{"trials.csv", "trials.csv.gz", "trials.parquet", "TRIALS.PARQUET"} {
		t.Run(name, func(t *testing.T) {
			out := filepath.Join(dir, name)
			runTrials(t, periodicScenario, Options{Trials: 3000, Workers: 3, TrialsOut: out})
			if st, err := os.Stat(out); err != nil || st.Mode().Perm() != 0o644 {
				t.Fatalf("%s: %v, want a file of mode 0644", out, err)
			}
			tf := readTrials(t, out)
			want := "trial,a,g[1],g[2],g[3],total,s[1],s[2],s[3]"
			if got := strings.Join(tf.names, ","); got != want {
				t.Fatalf("header %s, want %s", got, want)
			}
			if len(tf.rows) != 3000 {
				t.Fatalf("%d rows, want 3000 trials", len(tf.rows))
			}
			for i, r := range tf.rows {
				if tf.trials[i] != int64(i) {
					t.Fatalf("row %d is trial %d", i, tf.trials[i])
				}
				if total := r[1] + r[2] + r[3]; r[4] != total {
					t.Fatalf("trial %d: total %v, g sums to %v", i, r[4], total)
				}
				if s3 := r[1] + r[2] + r[3] + r[0]; math.Abs(r[7]-s3) > 1e-12 {
					t.Fatalf("trial %d: s[3] %v, want %v", i, r[7], s3)
				}
			}
			if ref.rows == nil {
				ref = tf
				return
			}
			for i := range tf.rows {
				if !slices.Equal(bitsOf(tf.rows[i]), bitsOf(ref.rows[i])) {
					t.Fatalf("trial %d: %v, the CSV has %v", i, tf.rows[i], ref.rows[i])
				}
			}
		})
	}

	// A run that fails (a non-finite output) writes nothing, and leaves
	// an existing file of that name as it was.
	bad := filepath.Join(dir, "bad.yaml")
	os.WriteFile(bad, []byte("name: b\ninputs:\n  a: normal(0, 1)\nformulas:\n  l: log(a)\noutputs: [l]\n"), 0o644)
	before := entries(t, dir)
	for _, name := range []string{"failed.csv", "failed.parquet", "trials.parquet"} {
		old, _ := os.ReadFile(filepath.Join(dir, name))
		if err := Run(context.Background(), Options{Scenarios: []string{bad}, Trials: 3000, TrialsOut: filepath.Join(dir, name)}); err == nil {
			t.Fatal("log of a negative ran")
		}
		if now, _ := os.ReadFile(filepath.Join(dir, name)); !bytes.Equal(now, old) {
			t.Errorf("the failed run changed %s", name)
		}
	}
	if after := entries(t, dir); !slices.Equal(after, before) {
		t.Errorf("after the failed runs the folder holds %v, before %v", after, before)
	}
}

// bitsOf returns the bits of xs, so that slices compare bit for bit.
func bitsOf(xs []float64) []uint64 {
	b := make([]uint64, len(xs))
	for i, x := range xs {
		b[i] = math.Float64bits(x)
	}
	return b
}

// entries returns the names in dir.
func entries(t *testing.T, dir string) []string {
	t.Helper()
	es, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range es {
		names = append(names, e.Name())
	}
	return names
}

// TestTrialsOutParquetReproducesRun reads a Parquet export back and
// aggregates its values, block by block as the engine does: the mean and
// every percentile of every output and period come out as the run's JSON
// reports them, bit for bit. The percentiles come from the engine's
// histogram, not from sorting, so this is how to reproduce them exactly;
// the values themselves equal the CSV export's (TestTrialsOut). Its
// key/value metadata carries the run's provenance.
func TestTrialsOutParquetReproducesRun(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte(periodicScenario), 0o644)
	out := filepath.Join(dir, "t.parquet")
	const trials = 5000 // a partial last block
	opts := Options{Scenarios: []string{file}, Trials: trials, Seed: 7, HasSeed: true, Engine: "test-1", Format: JSON, TrialsOut: out}
	var js bytes.Buffer
	opts.Stdout = &js
	if err := Run(context.Background(), opts); err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Provenance struct {
			SHA    string `json:"source_sha256"`
			Seed   uint64 `json:"seed"`
			Trials int64  `json:"trials"`
			Engine string `json:"engine"`
		} `json:"provenance"`
		Outputs []struct {
			Name    string        `json:"name"`
			Final   jsonFigures   `json:"final"`
			Periods []jsonFigures `json:"periods"`
		} `json:"outputs"`
	}
	if err := json.Unmarshal(js.Bytes(), &doc); err != nil {
		t.Fatal(err)
	}
	tf := readTrials(t, out)
	for k, want := range map[string]string{
		"montecarlo.scenario_sha256": doc.Provenance.SHA,
		"montecarlo.seed":            "7",
		"montecarlo.trials":          strconv.Itoa(trials),
		"montecarlo.engine":          "test-1",
		"montecarlo.every":           "1",
		"montecarlo.scenario":        "t",
	} {
		if got := tf.meta[k]; got != want || want == "" {
			t.Errorf("metadata %s = %q, want %q", k, got, want)
		}
	}
	if !strings.HasPrefix(tf.meta["montecarlo.trial_column"], "trial") {
		t.Errorf("metadata lacks the trial column's meaning: %q", tf.meta["montecarlo.trial_column"])
	}

	// The columns back into blocks, through a fresh aggregate of the run.
	o := opts
	if err := check(&o); err != nil {
		t.Fatal(err)
	}
	p, err := plan(&o)
	if err != nil {
		t.Fatal(err)
	}
	m := p.m.s.Model
	agg, err := sim.NewAggregate(m, p.cfg)
	if err != nil {
		t.Fatal(err)
	}
	cols := trialColumns(m)
	col := map[string]int{}
	for i, name := range tf.names[1:] {
		col[name] = i
	}
	column := func(name string, t0, lo, hi int) []float64 {
		c, ok := col[name]
		if !ok {
			c = col[name+"["+strconv.Itoa(t0+1)+"]"]
		}
		xs := make([]float64, 0, hi-lo)
		for _, r := range tf.rows[lo:hi] {
			xs = append(xs, r[c])
		}
		return xs
	}
	if len(cols) != len(tf.names)-1 {
		t.Fatalf("%d columns, the layout has %d", len(tf.names)-1, len(cols))
	}
	for lo := 0; lo < trials; lo += sim.BlockSize {
		hi := min(trials, lo+sim.BlockSize)
		b := &sim.Block{Index: int64(lo / sim.BlockSize), First: int64(lo), N: hi - lo, Periods: m.Periods}
		for _, in := range m.Inputs {
			var ps [][]float64
			for t0 := range periodsOf(m.Periods, in.PerPeriod) {
				ps = append(ps, column(in.Name, t0, lo, hi))
			}
			b.Inputs = append(b.Inputs, ps)
		}
		for _, out := range m.Outputs {
			var ps [][]float64
			for t0 := range periodsOf(m.Periods, m.Slots[out.Slot].Series) {
				ps = append(ps, column(out.Name, t0, lo, hi))
			}
			b.Outputs = append(b.Outputs, ps)
		}
		if err := agg.Consume(b); err != nil {
			t.Fatal(err)
		}
	}
	res := agg.Result()
	if len(res.Outputs) != len(doc.Outputs) {
		t.Fatalf("%d outputs, the run has %d", len(res.Outputs), len(doc.Outputs))
	}
	for j, or := range res.Outputs {
		jo := doc.Outputs[j]
		if len(jo.Periods) == 0 {
			jo.Periods = append(jo.Periods, jo.Final)
		}
		if len(or.Periods) != len(jo.Periods) {
			t.Fatalf("%s: %d periods, the run has %d", jo.Name, len(or.Periods), len(jo.Periods))
		}
		for t0, st := range or.Periods {
			jp := jo.Periods[t0]
			if st.Mean != jp.Mean {
				t.Errorf("%s period %d: mean %v from the file, the run's %v", jo.Name, t0+1, st.Mean, jp.Mean)
			}
			if len(jp.Percentiles) == 0 {
				t.Fatalf("%s: the run's JSON has no percentiles", jo.Name)
			}
			for _, q := range jp.Percentiles {
				if got := st.Quantile(q.P).Value; got != q.Value {
					t.Errorf("%s period %d: P%v %v from the file, the run's %v", jo.Name, t0+1, 100*q.P, got, q.Value)
				}
			}
		}
	}
}

// jsonFigures are the figures of an output's period in the run's JSON
// that a trials file reproduces.
type jsonFigures struct {
	Mean        float64 `json:"mean"`
	Percentiles []struct {
		P     float64 `json:"p"`
		Value float64 `json:"value"`
	} `json:"percentiles"`
}

// periodsOf is the number of periods of a column of a model of periods.
func periodsOf(periods int, series bool) int {
	if series {
		return periods
	}
	return 1
}

// TestTrialsOutOptions checks --trials-columns and --trials-every in each
// format: the columns kept, in the file's order, and the trials kept,
// each with the values of the full export.
func TestTrialsOutOptions(t *testing.T) {
	dir := t.TempDir()
	full := filepath.Join(dir, "full.csv")
	runTrials(t, periodicScenario, Options{Trials: 3000, TrialsOut: full})
	all := readTrials(t, full)
	index := map[string]int{}
	for i, n := range all.names[1:] {
		index[n] = i
	}
	for _, tc := range []struct {
		name    string
		columns []string
		every   int64
		header  string
		rows    int
	}{
		{"all", nil, 0, "trial,a,g[1],g[2],g[3],total,s[1],s[2],s[3]", 3000},
		{"every 1", nil, 1, "trial,a,g[1],g[2],g[3],total,s[1],s[2],s[3]", 3000},
		{"series and scalar, file order", []string{"s", "a"}, 0, "trial,a,s[1],s[2],s[3]", 3000},
		{"one period, trial named", []string{"trial", "g[2]", " total"}, 0, "trial,g[2],total", 3000},
		{"every 7", []string{"total"}, 7, "trial,total", 429},                       // 0, 7, ..., 2996
		{"every block", []string{"a", "a"}, 1024, "trial,a", 3},                     // 0, 1024, 2048
		{"every 5000", nil, 5000, "trial,a,g[1],g[2],g[3],total,s[1],s[2],s[3]", 1}, // trial 0 only
	} {
		for _, ext := range []string{".csv", ".parquet"} {
			t.Run(tc.name+ext, func(t *testing.T) {
				out := filepath.Join(dir, strings.ReplaceAll(tc.name, " ", "_")+ext)
				runTrials(t, periodicScenario, Options{Trials: 3000, Workers: 2, TrialsOut: out, TrialsColumns: tc.columns, TrialsEvery: tc.every})
				tf := readTrials(t, out)
				if got := strings.Join(tf.names, ","); got != tc.header {
					t.Fatalf("header %s, want %s", got, tc.header)
				}
				if len(tf.rows) != tc.rows {
					t.Fatalf("%d rows, want %d", len(tf.rows), tc.rows)
				}
				every := max(1, tc.every)
				for i, r := range tf.rows {
					trial := int64(i) * every
					if tf.trials[i] != trial {
						t.Fatalf("row %d is trial %d, want %d", i, tf.trials[i], trial)
					}
					for c, name := range tf.names[1:] {
						if want := all.rows[trial][index[name]]; math.Float64bits(r[c]) != math.Float64bits(want) {
							t.Fatalf("trial %d %s: %v, the full export has %v", trial, name, r[c], want)
						}
					}
				}
			})
		}
	}
}

// TestTrialsOutErrors checks the refusals of --trials-out and its
// options, and that none leaves a file behind: a bad name or column, an
// unwritable folder, and a run cancelled midway, which also leaves an
// existing file of that name as it was.
func TestTrialsOutErrors(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "s.yaml")
	os.WriteFile(file, []byte(periodicScenario), 0o644)
	notDir := filepath.Join(dir, "plain")
	os.WriteFile(notDir, nil, 0o644)
	for _, tc := range []struct {
		name  string
		opts  Options
		usage bool
		want  string
	}{
		{"unknown extension", Options{TrialsOut: filepath.Join(dir, "t.json")}, true, `t.json": write the trials to a .csv, .csv.gz or .parquet file`},
		{"no extension", Options{TrialsOut: filepath.Join(dir, "parquet")}, true, "write the trials to a .csv, .csv.gz or .parquet file"},
		{"unknown column", Options{TrialsOut: filepath.Join(dir, "t.parquet"), TrialsColumns: []string{"a", "totl"}},
			true, `--trials-columns "a,totl": column 2 of 2, "totl", is not an input, an output or one period of one (name[t]); did you mean "total"?`},
		{"unknown period", Options{TrialsOut: filepath.Join(dir, "t.csv"), TrialsColumns: []string{"s[4]"}},
			true, `column 1 of 1, "s[4]", is not an input`},
		{"empty column", Options{TrialsOut: filepath.Join(dir, "t.csv"), TrialsColumns: []string{"a", ""}}, true, "column 2 of 2 is empty"},
		{"columns without file", Options{TrialsColumns: []string{"a"}}, true, "--trials-columns chooses the columns of --trials-out FILE"},
		{"every without file", Options{TrialsEvery: 10}, true, "--trials-every thins the trials of --trials-out FILE"},
		{"negative every", Options{TrialsOut: filepath.Join(dir, "t.csv"), TrialsEvery: -1}, true, "--trials-every -1"},
		{"missing folder", Options{TrialsOut: filepath.Join(dir, "nope", "t.parquet")}, false, "nope/t.parquet: cannot create the file in " + filepath.Join(dir, "nope") + ": no such file or directory"},
		{"folder is a file", Options{TrialsOut: filepath.Join(notDir, "t.csv")}, false, "plain/t.csv: cannot create the file in " + notDir + ": not a directory"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			before := entries(t, dir)
			tc.opts.Scenarios, tc.opts.Trials = []string{file}, 2000
			err := Run(context.Background(), tc.opts)
			if err == nil || !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %v, want one containing %q", err, tc.want)
			}
			var ue UsageError
			if errors.As(err, &ue) != tc.usage {
				t.Errorf("%v: usage error %v, want %v", err, !tc.usage, tc.usage)
			}
			if after := entries(t, dir); !slices.Equal(after, before) {
				t.Errorf("the folder holds %v, before %v", after, before)
			}
		})
	}

	for _, ext := range []string{".csv", ".parquet"} {
		t.Run("cancelled"+ext, func(t *testing.T) {
			out := filepath.Join(dir, "kept"+ext)
			os.WriteFile(out, []byte("a user's file"), 0o644)
			before := entries(t, dir)
			ctx, cancel := context.WithCancel(context.Background())
			defer cancel()
			var seen int64
			err := Run(ctx, Options{Scenarios: []string{file}, Trials: 5_000_000, Workers: 2, TrialsOut: out,
				Progress: func(int64) (func(int64), func()) {
					return func(done int64) {
						if seen = done; done > 0 {
							cancel()
						}
					}, nil
				}})
			if !errors.Is(err, context.Canceled) {
				t.Fatalf("error %v, want the cancellation", err)
			}
			if seen >= 5_000_000 {
				t.Fatal("the run ended before the cancellation")
			}
			if b, _ := os.ReadFile(out); string(b) != "a user's file" {
				t.Errorf("the cancelled run changed %s: %.40q", out, b)
			}
			if after := entries(t, dir); !slices.Equal(after, before) {
				t.Errorf("the folder holds %v, before %v", after, before)
			}
		})
	}
}
