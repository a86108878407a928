package job

import (
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"go.yaml.in/yaml/v3"

	"github.com/montecarlo-risk/montecarlo/scenario"
)

// SweepCases is a file of cases for `sweep --cases`: each case is one
// point of the sweep, the inputs it sets given by the file's columns (a
// CSV header, or the keys of a YAML list of mappings).
type SweepCases struct {
	File  string // as given, for messages and the re-create command
	Cases []SweepCase
}

// SweepCase is one case: a point of the sweep.
type SweepCase struct {
	Name   string      // from the name column; "" labels it p1, p2, ...
	Values []CaseValue // the inputs it sets, in column order
	Line   int         // the case's line in the file
}

// CaseValue is one input's distribution in a case, where it was written.
type CaseValue struct {
	Input, Dist string
	Line, Col   int
	// NameLine and NameCol locate the input's name: the CSV header's
	// cell, or the YAML key.
	NameLine, NameCol int
}

// caseNameRE is what a case's name may be: it labels a member of the
// comparison (and its --precision figures, MEMBER.OUTPUT.STAT).
var caseNameRE = regexp.MustCompile(`^[A-Za-z0-9][A-Za-z0-9_-]*$`)

// yamlLineRE finds the line in the YAML library's syntax errors.
var yamlLineRE = regexp.MustCompile(`^line (\d+): `)

// ReadCases reads a file of cases: YAML when its name ends in .yaml or
// .yml, else CSV (see ParseCases).
func ReadCases(path string) (*SweepCases, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		return nil, UsageError{fmt.Errorf("--cases: %w", err)}
	}
	return ParseCases(path, src)
}

// ParseCases parses a file of cases. A CSV file's header names the
// inputs (and optionally a `name` column, the case's label); each row is
// one case, a value a distribution in scenario syntax (a number, `3 to 4`,
// "pert(1, 2, 3)" quoted for its commas), an empty cell keeping the
// scenario's own distribution. A YAML file (.yaml, .yml) is a list of
// mappings from input names (and `name`) to distributions; an input a
// mapping leaves out keeps its distribution. Errors are UsageErrors at
// file:line:col; the names are checked against the scenario when the
// sweep runs (casesMembers).
func ParseCases(file string, src []byte) (*SweepCases, error) {
	var c *SweepCases
	var err error
	switch strings.ToLower(filepath.Ext(file)) {
	case ".yaml", ".yml":
		c, err = parseYAMLCases(file, src)
	default:
		c, err = parseCSVCases(file, src)
	}
	if err != nil {
		return nil, UsageError{err}
	}
	if len(c.Cases) > MaxSweepPoints {
		return nil, UsageError{&scenario.Error{File: file, Line: c.Cases[MaxSweepPoints].Line, Col: 1,
			Msg: fmt.Sprintf("more than %d cases; each is a member of one joint run, so sweep fewer at a time", MaxSweepPoints)}}
	}
	seen := map[string]int{}
	for i, cs := range c.Cases {
		if cs.Name == "" {
			continue
		}
		if j, ok := seen[cs.Name]; ok {
			return nil, UsageError{&scenario.Error{File: file, Line: cs.Line, Col: 1,
				Msg: fmt.Sprintf("case %q is named twice (line %d too)", cs.Name, c.Cases[j].Line)}}
		}
		seen[cs.Name] = i
	}
	return c, nil
}

func parseCSVCases(file string, src []byte) (*SweepCases, error) {
	src = bytes.TrimPrefix(src, []byte("\uFEFF"))
	at := func(line, col int, format string, args ...any) error {
		return &scenario.Error{File: file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}
	}
	if !utf8.Valid(src) {
		return nil, at(1, 1, "the file is not UTF-8 text")
	}
	r := csv.NewReader(bytes.NewReader(src))
	r.FieldsPerRecord = -1 // counted here, for a clearer message
	r.TrimLeadingSpace = true
	header, err := r.Read()
	if err == io.EOF {
		return nil, at(1, 1, "no cases: the file is empty; write a header of input names and one row per case")
	}
	if err != nil {
		return nil, csvError(file, err)
	}
	type column struct {
		name      string
		line, col int
	}
	var cols []column
	nameCol := -1
	for i, h := range header {
		h = strings.TrimSpace(h)
		line, col := r.FieldPos(i)
		if h == "" {
			return nil, at(line, col, "column %d has no name; the header names the inputs of the cases", i+1)
		}
		for _, c := range cols {
			if c.name == h {
				return nil, at(line, col, "column %q appears twice", h)
			}
		}
		if h == "name" {
			nameCol = i
		}
		cols = append(cols, column{h, line, col})
	}
	if len(cols) == 1 && nameCol == 0 {
		return nil, at(cols[0].line, cols[0].col, "no inputs: the header names only the name column")
	}
	c := &SweepCases{File: file}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, csvError(file, err)
		}
		line, _ := r.FieldPos(0)
		if len(rec) != len(header) {
			hint := ""
			if len(rec) > len(header) {
				hint = `; quote a value that holds commas, e.g. "pert(1, 2, 3)"`
			}
			return nil, at(line, 1, "this case has %d fields and the header %d%s", len(rec), len(header), hint)
		}
		cs := SweepCase{Line: line}
		for i, v := range rec {
			v = strings.TrimSpace(v)
			l, col := r.FieldPos(i)
			if i == nameCol {
				if v != "" && !caseNameRE.MatchString(v) {
					return nil, at(l, col, "case name %q: use letters, digits, _ and - (it labels the case's column)", v)
				}
				cs.Name = v
				continue
			}
			if v == "" {
				continue // the scenario's own distribution
			}
			cs.Values = append(cs.Values, CaseValue{Input: cols[i].name, Dist: v, Line: l, Col: col, NameLine: cols[i].line, NameCol: cols[i].col})
		}
		c.Cases = append(c.Cases, cs)
	}
	if len(c.Cases) == 0 {
		return nil, at(cols[0].line, cols[0].col, "no cases: a header and no rows; add one row per case")
	}
	return c, nil
}

// csvError gives a CSV syntax error the project's file:line:col form.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &scenario.Error{File: file, Line: pe.Line, Col: pe.Column, Msg: pe.Err.Error()}
	}
	return fmt.Errorf("%s: %w", file, err)
}

func parseYAMLCases(file string, src []byte) (*SweepCases, error) {
	at := func(n *yaml.Node, format string, args ...any) error {
		return &scenario.Error{File: file, Line: n.Line, Col: n.Column, Msg: fmt.Sprintf(format, args...)}
	}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		line := 1
		msg := strings.TrimPrefix(err.Error(), "yaml: ")
		if m := yamlLineRE.FindStringSubmatch(msg); m != nil {
			line, _ = strconv.Atoi(m[1])
			msg = strings.TrimPrefix(msg, m[0])
		}
		return nil, &scenario.Error{File: file, Line: line, Col: 1, Msg: "not valid YAML: " + msg}
	}
	if len(doc.Content) == 0 {
		return nil, &scenario.Error{File: file, Line: 1, Col: 1, Msg: "no cases: the file is empty; write a list of cases, e.g. - {name: low, revenue: 3 to 4}"}
	}
	root := doc.Content[0]
	if root.Kind != yaml.SequenceNode {
		return nil, at(root, "a file of cases is a list of mappings, one per case: - {name: low, revenue: 3 to 4}")
	}
	c := &SweepCases{File: file}
	for _, n := range root.Content {
		if n.Kind != yaml.MappingNode {
			return nil, at(n, "a case is a mapping of input names to distributions, e.g. {name: low, revenue: 3 to 4}")
		}
		cs := SweepCase{Line: n.Line}
		seen := map[string]bool{}
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if seen[k.Value] {
				return nil, at(k, "%q appears twice in this case", k.Value)
			}
			seen[k.Value] = true
			if v.Kind != yaml.ScalarNode {
				return nil, at(v, "%s: write a distribution (a number, 3 to 4, pert(1, 2, 3))", k.Value)
			}
			val := strings.TrimSpace(v.Value)
			if v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) == 0 && strings.Count(val, "(") != strings.Count(val, ")") {
				return nil, at(v, "%s: %q has unbalanced parentheses; inside { } quote a distribution that holds commas, e.g. {%s: \"pert(1, 2, 3)\"}", k.Value, val, k.Value)
			}
			if k.Value == "name" {
				if !caseNameRE.MatchString(val) {
					return nil, at(v, "case name %q: use letters, digits, _ and - (it labels the case's column)", val)
				}
				cs.Name = val
				continue
			}
			if val == "" {
				return nil, at(v, "%s: an empty value; leave the input out to keep the scenario's distribution", k.Value)
			}
			cs.Values = append(cs.Values, CaseValue{Input: k.Value, Dist: val, Line: v.Line, Col: v.Column, NameLine: k.Line, NameCol: k.Column})
		}
		c.Cases = append(c.Cases, cs)
	}
	if len(c.Cases) == 0 {
		return nil, at(root, "no cases: the list is empty")
	}
	return c, nil
}

// casesMembers returns the cases as members of a comparison, the first
// the base; each is labelled by its name or p1, p2, ... and described by
// its values ("revenue=3 to 4, a100_price=1.2"). Every input name and
// value is checked against the scenario, errors at their place in the
// file; an input the --set overrides also set is refused, as it would
// silently replace the file's values.
func casesMembers(l *Loaded, c *SweepCases, overrides []scenario.Override) ([]member, error) {
	var inputs []string
	for _, in := range l.Inputs {
		inputs = append(inputs, in.Name)
	}
	formulas := map[string]bool{}
	for _, f := range l.Formulas {
		formulas[f.Name] = !f.Param // an input's own parameter formula is the input's
	}
	set := map[string]bool{}
	for _, o := range overrides {
		set[o.Name] = true
	}
	at := func(line, col int, format string, args ...any) error {
		return UsageError{&scenario.Error{File: c.File, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)}}
	}
	checked := map[string]bool{}
	var members []member
	for k, cs := range c.Cases {
		var ovs []scenario.Override
		var desc []string
		for _, v := range cs.Values {
			if !checked[v.Input] {
				switch {
				case formulas[v.Input]:
					return nil, at(v.NameLine, v.NameCol, "%q is a formula; only inputs can be set by a case", v.Input)
				case l.Scenario.InputIndex(v.Input) < 0:
					if s := scenario.Closest(v.Input, inputs); s != "" {
						return nil, at(v.NameLine, v.NameCol, "unknown input %q; did you mean %q?", v.Input, s)
					}
					list := inputs
					if len(list) > 12 {
						list = append(list[:12:12], "...")
					}
					return nil, at(v.NameLine, v.NameCol, "unknown input %q (the inputs of %s: %s)", v.Input, l.DisplayName(), strings.Join(list, ", "))
				case set[v.Input]:
					return nil, at(v.NameLine, v.NameCol, "%s is both set by the cases and by --set; drop one", v.Input)
				}
				checked[v.Input] = true
			}
			ov := scenario.Override{Name: v.Input, Dist: v.Dist}
			if _, err := l.Scenario.With(ov); err != nil {
				msg := err.Error()
				var el scenario.ErrorList
				if errors.As(err, &el) && len(el) > 0 {
					msg = el[0].Msg
				}
				return nil, at(v.Line, v.Col, "%s: %s", v.Input, msg)
			}
			ovs = append(ovs, ov)
			desc = append(desc, v.Input+"="+v.Dist)
		}
		s, err := l.Scenario.With(ovs...)
		if err != nil {
			return nil, at(cs.Line, 1, "%v", err)
		}
		label := cs.Name
		if label == "" {
			label = "p" + strconv.Itoa(k+1)
		}
		d := strings.Join(desc, ", ")
		if d == "" {
			d = "the scenario as written"
		}
		members = append(members, member{label: label, desc: d, l: l, s: s})
	}
	seen := map[string]bool{}
	for _, m := range members {
		if seen[m.label] {
			return nil, Usagef("%s: case label %q is used twice (a name column value may not be another case's p1, p2, ...)", c.File, m.label)
		}
		seen[m.label] = true
	}
	if len(members) == 1 {
		return nil, at(c.Cases[0].Line, 1, "one case: a sweep compares two or more; add a row for each other point (the first is the base), or use run --set for one")
	}
	return members, nil
}

// casesFile is the file of cases for the re-create command, "" for none.
func casesFile(c *SweepCases) string {
	if c == nil {
		return ""
	}
	return c.File
}
