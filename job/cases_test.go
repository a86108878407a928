package job

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/montecarlo-risk/montecarlo/scenario"
)

func TestParseCases(t *testing.T) {
	for _, tc := range []struct {
		file, src string
		want      []SweepCase
	}{
		{"c.csv", "name,revenue,training\nlow,3 to 4,2.5\n, \"pert(3, 4, 5)\",\n", []SweepCase{
			{Name: "low", Line: 2, Values: []CaseValue{{"revenue", "3 to 4", 2, 5, 1, 6}, {"training", "2.5", 2, 12, 1, 14}}},
			{Line: 3, Values: []CaseValue{{"revenue", "pert(3, 4, 5)", 3, 3, 1, 6}}},
		}},
		{"c.csv", "\uFEFFrevenue\r\n4\r\n", []SweepCase{{Line: 2, Values: []CaseValue{{"revenue", "4", 2, 1, 1, 1}}}}},
		{"c.yaml", "- name: low\n  revenue: 3 to 4\n- {training: 2.5, revenue: \"pert(3, 4, 5)\"}\n", []SweepCase{
			{Name: "low", Line: 1, Values: []CaseValue{{"revenue", "3 to 4", 2, 12, 2, 3}}},
			{Line: 3, Values: []CaseValue{{"training", "2.5", 3, 14, 3, 4}, {"revenue", "pert(3, 4, 5)", 3, 28, 3, 19}}},
		}},
	} {
		c, err := ParseCases(tc.file, []byte(tc.src))
		if err != nil {
			t.Errorf("ParseCases(%q): %v", tc.src, err)
			continue
		}
		if !reflect.DeepEqual(c.Cases, tc.want) {
			t.Errorf("ParseCases(%q) =\n%+v\nwant\n%+v", tc.src, c.Cases, tc.want)
		}
	}
}

func TestParseCasesErrors(t *testing.T) {
	many := "revenue\n" + strings.Repeat("4\n", MaxSweepPoints+1)
	for _, tc := range []struct{ file, src, want string }{
		{"c.csv", "", "c.csv:1:1: no cases: the file is empty"},
		{"c.csv", "revenue,training\n", "c.csv:1:1: no cases: a header and no rows"},
		{"c.csv", "revenue,training\n3 to 4,2.5\npert(1, 2, 3),2\n", `c.csv:3:1: this case has 4 fields and the header 2; quote a value that holds commas`},
		{"c.csv", "revenue,training\n3 to 4\n", "c.csv:2:1: this case has 1 fields and the header 2"},
		{"c.csv", "revenue,revenue\n1,2\n", `c.csv:1:9: column "revenue" appears twice`},
		{"c.csv", "revenue,\n1,2\n", "c.csv:1:9: column 2 has no name"},
		{"c.csv", "name\nlow\n", "c.csv:1:1: no inputs"},
		{"c.csv", "name,revenue\nlow,1\nlow,2\n", `c.csv:3:1: case "low" is named twice (line 2 too)`},
		{"c.csv", "name,revenue\nlow case,1\n", `c.csv:2:1: case name "low case"`},
		{"c.csv", "revenue\n\"3 to 4\n", "c.csv:2:"},
		{"c.csv", "revenue\n\xff\n", "c.csv:1:1: the file is not UTF-8"},
		{"c.csv", many, "c.csv:66:1: more than 64 cases"},
		{"c.yaml", "", "c.yaml:1:1: no cases: the file is empty"},
		{"c.yaml", "[]\n", "c.yaml:1:1: no cases: the list is empty"},
		{"c.yaml", "revenue: 3\n", "c.yaml:1:1: a file of cases is a list of mappings"},
		{"c.yaml", "- 3\n", "c.yaml:1:3: a case is a mapping"},
		{"c.yaml", "- {revenue: [3]}\n", "c.yaml:1:13: revenue: write a distribution"},
		{"c.yaml", "- {revenue: pert(1, 2, 3)}\n", `c.yaml:1:13: revenue: "pert(1" has unbalanced parentheses; inside { } quote`},
		{"c.yml", "- {revenue: 1, revenue: 2}\n", `c.yml:1:16: "revenue" appears twice`},
		{"c.yaml", "- {revenue: ''}\n", "c.yaml:1:13: revenue: an empty value"},
		{"c.yaml", "- {revenue: 1\n", "c.yaml:1:1: not valid YAML"},
	} {
		_, err := ParseCases(tc.file, []byte(tc.src))
		var ue UsageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &ue) {
			t.Errorf("ParseCases(%s, %q) = %v, want a usage error with %q", tc.file, tc.src, err, tc.want)
		}
	}
}

// TestCasesMembersErrors: the cases' inputs and values are checked against
// the scenario, each error at its place in the file.
func TestCasesMembersErrors(t *testing.T) {
	l, err := Load("")
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		src  string
		set  []scenario.Override
		want string
	}{
		{"revenue,trainng\n3 to 4,2\n", nil, `c.csv:1:9: unknown input "trainng"; did you mean "training"?`},
		{"zzz\n1\n", nil, `c.csv:1:1: unknown input "zzz" (the inputs of`},
		{"revenue,loss\n3 to 4,2\n", nil, `c.csv:1:9: "loss" is a formula`},
		{"revenue,training\n3 to 4,2\n4 to 5,pert(1)\n", nil, "c.csv:3:8: training: pert"},
		{"revenue,training\n3 to 4,2\n", []scenario.Override{{Name: "training", Dist: "3"}}, "c.csv:1:9: training is both set by the cases and by --set"},
		{"name,revenue\np2,1\n,2\n", nil, `case label "p2" is used twice`},
		{"\ufeffrevenue\n3 to 4\n", nil, "c.csv:2:1: one case: a sweep compares two or more"},
	} {
		c, err := ParseCases("c.csv", []byte(tc.src))
		if err != nil {
			t.Fatal(err)
		}
		_, err = casesMembers(l, c, tc.set)
		var ue UsageError
		if err == nil || !strings.Contains(err.Error(), tc.want) || !errors.As(err, &ue) {
			t.Errorf("cases %q = %v, want a usage error with %q", tc.src, err, tc.want)
		}
	}
}

func TestParseCaseSets(t *testing.T) {
	ovs, err := ParseCaseSets([]string{"training=pert(2, 3, 4)"}, "c.csv")
	if err != nil || !reflect.DeepEqual(ovs, []scenario.Override{{Name: "training", Dist: "pert(2, 3, 4)"}}) {
		t.Errorf("ParseCaseSets = %v, %v", ovs, err)
	}
	if _, err := ParseCaseSets([]string{"training=2, 3"}, "c.csv"); err == nil || !strings.Contains(err.Error(), "give training as a column of c.csv") {
		t.Errorf("a --set axis with --cases: %v", err)
	}
	if err := Compare(context.Background(), Options{Cases: &SweepCases{File: "c.csv"}, Sweep: []SweepAxis{{"training", []string{"2", "3"}}}}); err == nil || !strings.Contains(err.Error(), "--cases lists the points") {
		t.Errorf("Compare with cases and a grid: %v", err)
	}
}

// TestSweepCases: a file listing the four points of TestSweep's grid runs
// the same joint run, figure for figure (common random numbers make a
// member's result depend on its inputs only), records --cases in its
// re-create command, and a name column labels the members.
func TestSweepCases(t *testing.T) {
	dir := t.TempDir()
	csvFile := filepath.Join(dir, "cases.csv")
	if err := os.WriteFile(csvFile, []byte("revenue,training\n3 to 4,2.5\n3 to 4,3.5\n4 to 5,2.5\n4 to 5,3.5\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	type doc struct {
		Provenance struct {
			Members []struct{ Label, Description string }
			Command string
		}
		Outputs json.RawMessage
	}
	run := func(o Options) doc {
		t.Helper()
		var out bytes.Buffer
		o.Trials, o.Format, o.Stdout, o.Date, o.Engine, o.Out = 4096, JSON, &out, date, "test", filepath.Join(dir, "out")
		if err := Compare(context.Background(), o); err != nil {
			t.Fatal(err)
		}
		var d doc
		if err := json.Unmarshal(out.Bytes(), &d); err != nil {
			t.Fatal(err)
		}
		return d
	}
	axes, _, err := ParseSweep([]string{"revenue=3 to 4, 4 to 5", "training=2.5, 3.5"})
	if err != nil {
		t.Fatal(err)
	}
	grid := run(Options{Sweep: axes})
	cases, err := ReadCases(csvFile)
	if err != nil {
		t.Fatal(err)
	}
	fromFile := run(Options{Cases: cases})
	if !bytes.Equal(grid.Outputs, fromFile.Outputs) {
		t.Error("the cases of the grid's points gave other figures than the grid")
	}
	if !reflect.DeepEqual(grid.Provenance.Members, fromFile.Provenance.Members) {
		t.Errorf("members %+v, want the grid's %+v", fromFile.Provenance.Members, grid.Provenance.Members)
	}
	if !strings.Contains(fromFile.Provenance.Command, "montecarlo sweep openai-2024 --trials 4096 --seed 42 --cases "+csvFile) {
		t.Errorf("command %s", fromFile.Provenance.Command)
	}

	yamlFile := filepath.Join(dir, "cases.yaml")
	if err := os.WriteFile(yamlFile, []byte("- {name: low, revenue: 3 to 4}\n- {name: high, revenue: 4 to 5, training: 3.5}\n- {}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if cases, err = ReadCases(yamlFile); err != nil {
		t.Fatal(err)
	}
	named := run(Options{Cases: cases, Overrides: []scenario.Override{{Name: "headcount", Dist: "1500"}}})
	var got []string
	for _, m := range named.Provenance.Members {
		got = append(got, m.Label+": "+m.Description)
	}
	want := []string{"low: revenue=3 to 4", "high: revenue=4 to 5, training=3.5", "p3: the scenario as written"}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("members %q, want %q", got, want)
	}
	if !strings.Contains(named.Provenance.Command, "--set headcount=1500 --cases "+yamlFile) {
		t.Errorf("command %s", named.Provenance.Command)
	}
}
