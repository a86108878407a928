package report

import (
	"bytes"
	"encoding/csv"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/montecarlo-risk/montecarlo/analysis"
	"github.com/montecarlo-risk/montecarlo/model"
	"github.com/montecarlo-risk/montecarlo/numfmt"
	"github.com/montecarlo-risk/montecarlo/sim"
)

// handStats builds a sim.Stats by hand: percentiles spaced around mean with an
// SE that grows in the tails, and the given exceedances.
func handStats(n int64, mean, sd float64, exc ...sim.Exceedance) sim.Stats {
	s := sim.Stats{
		N: n, Mean: mean, StdDev: sd, MeanSE: sd / math.Sqrt(float64(n)),
		Min: mean - 5*sd, Max: mean + 5*sd, Exceedances: exc,
	}
	z := []float64{-2.326, -1.645, -1.282, -0.674, 0, 0.674, 1.282, 1.645, 2.326}
	for i, p := range analysis.DefaultLevels.Percentiles {
		s.Percentiles = append(s.Percentiles, sim.Percentile{
			P: p, Value: mean + z[i]*sd, SE: sd / math.Sqrt(float64(n)) * (1 + math.Abs(z[i])),
		})
	}
	return s
}

// handRun is a run with one scalar output (with a threshold and skipped
// trials) and one series output of three periods.
func handRun() *Run {
	loss := handStats(999_988, 4.82247, 0.61, sim.Exceedance{Threshold: 5, Prob: 0.378123, SE: 0.000485})
	loss.NonFinite = 12
	cash := []sim.Stats{handStats(1e6, 10.5, 1.2), handStats(1e6, 6.25, 2.4), handStats(1e6, 1.125, 3.6)}
	return &Run{
		Result: &sim.Result{
			Trials: 1_000_000, Seed: 42, Periods: 3,
			Outputs: []sim.OutputResult{
				{Output: model.Output{Name: "loss", Label: "Net loss", Unit: "USD billions", Thresholds: []float64{5}},
					Periods: []sim.Stats{loss}},
				{Output: model.Output{Name: "cash", Unit: "USD billions"}, Series: true, Periods: cash},
			},
		},
		Scenario:     "test",
		Description:  "a hand-built result",
		File:         "test.yaml",
		SourceSHA256: SourceHash([]byte("name: test\n")),
		Engine:       "v0.0.0-test",
		Date:         time.Date(2024, 7, 24, 12, 0, 0, 0, time.FixedZone("CEST", 2*3600)),
		Overrides:    []Override{{Name: "revenue", Dist: "3 to 4"}},
	}
}

func TestWriteTable(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, handRun()); err != nil {
		t.Fatal(err)
	}
	out := buf.String()
	for _, want := range []string{
		`test: a hand-built result\n`,
		`1,000,000 trials, seed 42, scenario sha256 ` + SourceHash([]byte("name: test\n"))[:12] + `\n`,
		`override: revenue = 3 to 4\n`,
		`Net loss \(USD billions\)\n`,
		`mean +4\.8225 +± 0\.00061\n`,
		`sd +0\.610\n`,
		`P\(> 5\) +37\.81% +± 0\.049%\n`,
		`non-finite trials skipped: 12 of 1,000,000\n`,
		`cash \(USD billions\), by period\n`,
		`cash \(USD billions\), period 3\n`,
	} {
		if !regexp.MustCompile(want).MatchString(out) {
			t.Errorf("table lacks %q:\n%s", want, out)
		}
	}
	if regexp.MustCompile(` \n`).MatchString(out) {
		t.Error("table has trailing blanks")
	}
	// Columns are right-aligned: in every block the "value" header and the
	// values end in the same column.
	lines := strings.Split(out, "\n")
	for i, l := range lines {
		if !strings.HasSuffix(l, "value       ± SE") {
			continue
		}
		end := len([]rune(l))
		for _, m := range lines[i+1 : i+4] { // mean, sd, P1
			if got := len([]rune(m)); got != end && !strings.Contains(m, "sd") {
				t.Errorf("row %q ends at column %d, header at %d", m, got, end)
			}
		}
	}
	// The date is provenance for machines: not in the table.
	if strings.Contains(out, "2024") {
		t.Errorf("table shows the date:\n%s", out)
	}
}

func TestWriteTableSeriesRows(t *testing.T) {
	var buf bytes.Buffer
	if err := WriteTable(&buf, handRun()); err != nil {
		t.Fatal(err)
	}
	// One row per period, in order, with the period's mean.
	r := handRun()
	cash := &r.Result.Outputs[1]
	out := buf.String()
	prev := strings.Index(out, "by period")
	for i := range cash.Periods {
		s := &cash.Periods[i]
		row := regexp.MustCompile(fmt.Sprintf(`\n +%d +%s +`, i+1, regexp.QuoteMeta(numfmt.Table(s.Mean, s.MeanSE))))
		loc := row.FindStringIndex(out)
		if loc == nil || loc[0] < prev {
			t.Errorf("period row %q missing or out of order", row)
		}
		prev = loc[0]
	}
}

func TestWriteJSON(t *testing.T) {
	r := handRun()
	var a, b bytes.Buffer
	if err := WriteJSON(&a, r); err != nil {
		t.Fatal(err)
	}
	if err := WriteJSON(&b, handRun()); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(a.Bytes(), b.Bytes()) {
		t.Error("two writes of the same run differ")
	}
	var doc struct {
		Schema     string
		Provenance struct {
			Scenario, Description       string
			File, Engine, Date, Variant string
			SourceSHA256                string `json:"source_sha256"`
			Seed                        uint64
			Trials                      int64
			Overrides                   []struct{ Name, Dist string }
			Command                     string
		}
		Periods      int
		SampleTrials int `json:"sample_trials"`
		Inputs       []json.RawMessage
		Outputs      []struct {
			Name, Label, Unit string
			Series            bool
			Thresholds        []float64
			Final             jsonStatsIn
			Periods           []jsonStatsIn
			Drivers           []json.RawMessage
		}
		Warnings []string
	}
	dec := json.NewDecoder(bytes.NewReader(a.Bytes()))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&doc); err != nil {
		t.Fatalf("decoding: %v\n%s", err, a.String())
	}
	p := doc.Provenance
	if doc.Schema != Schema || p.Scenario != "test" || p.File != "test.yaml" || p.Engine != "v0.0.0-test" ||
		p.Seed != 42 || p.Trials != 1_000_000 || p.SourceSHA256 != r.SourceSHA256 ||
		len(p.Overrides) != 1 || p.Overrides[0].Dist != "3 to 4" {
		t.Errorf("provenance = %+v", p)
	}
	if p.Date != "2024-07-24T10:00:00Z" {
		t.Errorf("date = %q, want UTC RFC 3339", p.Date)
	}
	if doc.Periods != 3 || len(doc.Outputs) != 2 {
		t.Fatalf("periods %d, %d outputs", doc.Periods, len(doc.Outputs))
	}
	// Full precision: every number reads back exactly.
	loss := doc.Outputs[0]
	want := r.Result.Outputs[0].Periods[0]
	if loss.Final.Mean != want.Mean || loss.Final.MeanSE != want.MeanSE || loss.Final.NonFinite != 12 ||
		loss.Final.Percentiles[4] != want.Percentiles[4] || loss.Final.Exceedances[0] != want.Exceedances[0] {
		t.Errorf("loss final = %+v, want %+v", loss.Final, want)
	}
	if loss.Series || len(loss.Periods) != 0 || loss.Final.Period != 0 {
		t.Errorf("scalar output has periods: %+v", loss)
	}
	cash := doc.Outputs[1]
	if !cash.Series || len(cash.Periods) != 3 || cash.Final.Period != 3 || cash.Periods[1].Period != 2 ||
		cash.Periods[1].Mean != 6.25 || cash.Final.Mean != 1.125 {
		t.Errorf("series output = %+v", cash)
	}
}

type jsonStatsIn struct {
	Period       int
	N, NonFinite int64
	Mean         float64
	MeanSE       float64 `json:"mean_se"`
	SD, Min, Max float64
	Percentiles  []sim.Percentile
	VaR, ES      []*sim.Percentile
	Exceedances  []sim.Exceedance
}

func TestWriteJSONNonFinite(t *testing.T) {
	r := handRun()
	s := &r.Result.Outputs[0].Periods[0]
	s.N, s.NonFinite, s.Mean, s.Min, s.Max = 0, 1_000_000, math.NaN(), math.Inf(1), math.Inf(-1)
	var buf bytes.Buffer
	if err := WriteJSON(&buf, r); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{`"mean": null`, `"min": null`, `"max": null`} {
		if !strings.Contains(buf.String(), want) {
			t.Errorf("JSON lacks %s", want)
		}
	}
}

func TestWriteCSV(t *testing.T) {
	r := handRun()
	var buf bytes.Buffer
	if err := WriteCSV(&buf, r); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(&buf).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(rows[0], ",") != "output,period,statistic,value,se" {
		t.Errorf("header %q", rows[0])
	}
	// 6 + 9 + 4 (VaR, ES) statistics per period, plus one exceedance for
	// loss; 1 + 3 periods. No sample and no inputs: no driver or input rows.
	if got, want := len(rows)-1, (6+9+4+1)+3*(6+9+4); got != want {
		t.Errorf("%d rows, want %d", got, want)
	}
	find := func(output, period, stat string) []string {
		for _, row := range rows {
			if row[0] == output && row[1] == period && row[2] == stat {
				return row
			}
		}
		t.Errorf("no row %s,%s,%s", output, period, stat)
		return make([]string, 5)
	}
	loss := r.Result.Outputs[0].Periods[0]
	if row := find("loss", "", "mean"); row[3] != fullPrecision(loss.Mean) || row[4] != fullPrecision(loss.MeanSE) {
		t.Errorf("mean row %q", row)
	}
	if row := find("loss", "", "p99"); row[3] != fullPrecision(loss.Percentiles[8].Value) {
		t.Errorf("p99 row %q", row)
	}
	if row := find("loss", "", "P(>5)"); row[3] != "0.378123" || row[4] != "0.000485" {
		t.Errorf("exceedance row %q", row)
	}
	if row := find("loss", "", "nonfinite"); row[3] != "12" || row[4] != "" {
		t.Errorf("nonfinite row %q", row)
	}
	if row := find("cash", "2", "mean"); row[3] != "6.25" {
		t.Errorf("cash period 2 row %q", row)
	}
}

func TestNoResult(t *testing.T) {
	for name, write := range map[string]func(*bytes.Buffer, *Run) error{
		"table": func(b *bytes.Buffer, r *Run) error { return WriteTable(b, r) },
		"json":  func(b *bytes.Buffer, r *Run) error { return WriteJSON(b, r) },
		"csv":   func(b *bytes.Buffer, r *Run) error { return WriteCSV(b, r) },
	} {
		if err := write(new(bytes.Buffer), &Run{}); err == nil {
			t.Errorf("%s: no error for a Run without Result", name)
		}
	}
}

// failWriter fails after n bytes.
type failWriter struct{ n int }

func (f *failWriter) Write(p []byte) (int, error) {
	if len(p) > f.n {
		return 0, errors.New("disk full")
	}
	f.n -= len(p)
	return len(p), nil
}

func TestWriteErrors(t *testing.T) {
	r := handRun()
	if err := WriteTable(&failWriter{n: 100}, r); err == nil {
		t.Error("WriteTable: no error from a failing writer")
	}
	if err := WriteJSON(&failWriter{n: 100}, r); err == nil {
		t.Error("WriteJSON: no error from a failing writer")
	}
	if err := WriteCSV(&failWriter{n: 100}, r); err == nil {
		t.Error("WriteCSV: no error from a failing writer")
	}
}

func ExampleWriteTable() {
	s := sim.Stats{N: 1_000_000, Mean: 4.82247, StdDev: 0.612, MeanSE: 0.000612,
		Exceedances: []sim.Exceedance{{Threshold: 5, Prob: 0.378123, SE: 0.000485}}}
	for _, p := range []struct{ p, v, se float64 }{{0.05, 3.84, 0.0011}, {0.5, 4.80, 0.00074}, {0.95, 5.87, 0.0013}} {
		s.Percentiles = append(s.Percentiles, sim.Percentile{P: p.p, Value: p.v, SE: p.se})
	}
	r := &Run{
		Scenario: "openai-2024",
		Result: &sim.Result{Trials: 1_000_000, Seed: 1, Periods: 1, Outputs: []sim.OutputResult{{
			Output:  model.Output{Name: "loss", Label: "Net loss", Unit: "USD billions"},
			Periods: []sim.Stats{s},
		}}},
	}
	if err := WriteTable(os.Stdout, r); err != nil {
		fmt.Println(err)
	}
	// Output:
	// openai-2024
	// 1,000,000 trials, seed 1
	//
	// Net loss (USD billions)
	//              value       ± SE
	//       mean  4.8225  ± 0.00061
	//         sd   0.612
	//         P5   3.840   ± 0.0011
	//        P50  4.8000  ± 0.00074
	//        P95   5.870   ± 0.0013
	//     P(> 5)  37.81%   ± 0.049%
}

func ExampleWriteCSV() {
	r := &Run{Result: &sim.Result{Trials: 4, Seed: 1, Periods: 1, Outputs: []sim.OutputResult{{
		Output: model.Output{Name: "loss"},
		Periods: []sim.Stats{{N: 4, Mean: 5, StdDev: 1, MeanSE: 0.5, Min: 4, Max: 6,
			Percentiles: []sim.Percentile{{P: 0.5, Value: 5, SE: 0.6}},
			Exceedances: []sim.Exceedance{{Threshold: 5.5, Prob: 0.25, SE: 0.2165}}}},
	}}}}
	if err := WriteCSV(os.Stdout, r); err != nil {
		fmt.Println(err)
	}
	// Output:
	// output,period,statistic,value,se
	// loss,,n,4,
	// loss,,nonfinite,0,
	// loss,,mean,5,0.5
	// loss,,sd,1,
	// loss,,min,4,
	// loss,,max,6,
	// loss,,p50,5,0.6
	// loss,,var95,NaN,NaN
	// loss,,var99,NaN,NaN
	// loss,,es95,NaN,NaN
	// loss,,es99,NaN,NaN
	// loss,,P(>5.5),0.25,0.2165
}

// TestFirstPeriodNames: the risk table of a first() output names the
// period each percentile stands for, and "never" for T+1.
func TestFirstPeriodNames(t *testing.T) {
	r := &Run{Result: &sim.Result{Periods: 3}, PeriodNames: []string{"2025-01", "2025-02", "2025-03"}}
	when := r.whenNote(&sim.OutputResult{Output: model.Output{FirstPeriod: true}})
	for v, want := range map[float64]string{1: "2025-01", 3: "2025-03", 4: "never", 2.5: "", 0: ""} {
		if got := when(v); got != want {
			t.Errorf("when(%v) = %q, want %q", v, got, want)
		}
	}
	r.PeriodNames = nil
	if got := r.whenNote(&sim.OutputResult{Output: model.Output{FirstPeriod: true}})(2); got != "period 2" {
		t.Errorf("unnamed periods: %q, want period 2", got)
	}
	if r.whenNote(&sim.OutputResult{}) != nil {
		t.Error("an output that is not first() has a period note")
	}
}

// TestCorrelationsShortNames: a pair whose names are shorter than the
// column's heading ("a, c") prints, instead of panicking on a negative
// padding.
func TestCorrelationsShortNames(t *testing.T) {
	r := sampleRun(t, 2048)
	r.Correlations = []CorrelationRow{{A: "a", B: "c", Requested: 0.5, Used: 0.5, Achieved: 0.49}}
	r.CorrelationMethod = "iman-conover"
	var b strings.Builder
	if err := WriteTable(&b, r); err != nil {
		t.Fatal(err)
	}
	if !regexp.MustCompile(`(?m)^ *inputs +requested +achieved\n *a, c +0\.5 +0\.490$`).MatchString(b.String()) {
		t.Errorf("correlations table:\n%s", b.String())
	}
}
