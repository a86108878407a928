package scenario

import (
	"bytes"
	"io"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/montecarlo-risk/montecarlo/distributions"
	"go.yaml.in/yaml/v3"
)

// maxPeriods bounds `periods:` (100 years of months) so that a typo cannot
// exhaust memory: the engine keeps sim.BlockSize values per period per slot.
const maxPeriods = 1200

var (
	topKeys     = []string{"name", "description", "unit", "seed", "trials", "periods", "sampling", "percentiles", "inputs", "correlations", "correlation_method", "formulas", "outputs", "variants"}
	inputKeys   = []string{"dist", "unit", "source", "assumption", "label", "per_period"}
	outputKeys  = []string{"label", "unit", "thresholds", "below", "percentiles"}
	variantKeys = []string{"description", "inputs", "correlations"}
)

// reserved names cannot be inputs or formulas.
var reserved = map[string]bool{"period": true, "inf": true}

// fileParser walks the YAML tree of one file.
type fileParser struct {
	params     []paramFormula // the formulas of inputs with parameters that vary by trial
	e          *errs
	sugg       suggester
	src        []byte
	lineStarts []int
}

// paramFormula is the formula an input with parameters that vary by trial
// compiles to.
type paramFormula struct {
	f   Formula
	ast *node
	at  func(off int) pos
}

var yamlLineRE = regexp.MustCompile(`^yaml: line (\d+): (.*)$`)

// MaxFileSize is the largest scenario file Parse reads (16 MiB), and
// MaxNames the most inputs and formulas a scenario may declare: larger files
// are refused at once rather than parsed for minutes.
const (
	MaxFileSize = 16 << 20
	MaxNames    = 100_000
)

// parseYAML parses src into a Scenario without compiling it. It returns nil
// if the file is not a YAML mapping.
func parseYAML(e *errs, file string, src []byte) *Scenario {
	orig := src
	if len(src) > MaxFileSize {
		e.add(1, 1, "the file is %d bytes, more than the limit of 16 MiB (%d bytes) for a scenario", len(src), MaxFileSize)
		return nil
	}
	// A UTF-8 byte order mark is allowed; positions count from after it.
	src = bytes.TrimPrefix(src, []byte("\xef\xbb\xbf"))
	p := &fileParser{e: e, src: src, lineStarts: []int{0}}
	for i, c := range src {
		// A lone carriage return (an old Mac line ending) is a line break
		// to YAML; checkSource turns it into a line feed.
		if c == '\n' || c == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			p.lineStarts = append(p.lineStarts, i+1)
		}
	}
	if !utf8.Valid(src) {
		off := 0
		for off < len(src) {
			r, size := utf8.DecodeRune(src[off:])
			if r == utf8.RuneError && size <= 1 {
				break
			}
			off += size
		}
		at := p.posOf(off)
		what := "the file is not UTF-8 text"
		if bytes.HasPrefix(src, []byte{0xff, 0xfe}) || bytes.HasPrefix(src, []byte{0xfe, 0xff}) {
			what = "the file is UTF-16 text"
		}
		e.addAt(at, "%s (byte 0x%02x here); save it as UTF-8", what, src[off])
		return nil
	}
	if src = checkSource(e, src); src == nil {
		return nil
	}
	p.src = src
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(src))
	err := dec.Decode(&doc)
	if err == io.EOF {
		err = nil // no document at all: reported as an empty file below
	}
	if err == nil {
		var doc2 yaml.Node
		switch err2 := dec.Decode(&doc2); {
		case err2 == io.EOF:
		case err2 != nil:
			err = err2
		case len(doc2.Content) > 0 && !(doc2.Content[0].Kind == yaml.ScalarNode && doc2.Content[0].Tag == "!!null"):
			line, col := p.documentStart(doc2.Content[0].Line)
			e.add(line, col, "a second YAML document (after `---`) is not supported: a scenario file holds one document; remove the `---` line and what follows, or merge the keys into the first document")
			return nil
		}
	}
	if err != nil {
		p.yamlError(err)
		return nil
	}
	if len(doc.Content) == 0 {
		e.add(1, 1, "empty file: a scenario needs at least name, inputs and outputs (see scenario/FORMAT.md)")
		return nil
	}
	if a := findAlias(&doc); a != nil {
		e.add(a.Line, a.Column, "YAML aliases (*%s) are not supported; write the value out", a.Value)
		return nil
	}
	top := doc.Content[0]
	if top.Kind != yaml.MappingNode {
		e.add(top.Line, top.Column, "a scenario is a YAML mapping with keys name, inputs, formulas and outputs, not %s", kindName(top))
		return nil
	}
	// Refuse absurdly many names before any work proportional to them.
	count := 0
	for i := 0; i+1 < len(top.Content); i += 2 {
		if k, v := top.Content[i], top.Content[i+1]; (k.Value == "inputs" || k.Value == "formulas") && v.Kind == yaml.MappingNode {
			for j := 0; j+1 < len(v.Content); j += 2 {
				if count++; count > MaxNames {
					n := v.Content[j]
					e.add(n.Line, n.Column, "more than %d inputs and formulas, the limit for a scenario", MaxNames)
					return nil
				}
			}
		}
	}
	s := &Scenario{File: file, Source: orig, Periods: 1}
	fields := map[string]*yaml.Node{}
	for _, kv := range p.pairs(top, topKeys, "top-level key") {
		fields[kv[0].Value] = kv[1]
	}
	s.Name = p.text(fields["name"], "name")
	s.Description = p.text(fields["description"], "description")
	s.Unit = p.text(fields["unit"], "unit")
	if n := fields["name"]; n == nil {
		e.add(top.Line, top.Column, "missing `name`: add a line such as `name: OpenAI 2024 loss`")
	} else if strings.TrimSpace(s.Name) == "" {
		e.add(n.Line, n.Column, "`name` is empty: give the scenario a name")
	}
	if n := fields["seed"]; n != nil {
		if t := p.text(n, "seed"); t != "" {
			v, err := strconv.ParseUint(strings.ReplaceAll(t, "_", ""), 10, 64)
			if err != nil {
				e.add(n.Line, n.Column, "seed: bad value %q; write a whole number from 0 to 18446744073709551615", t)
			} else {
				s.Seed, s.HasSeed = v, true
			}
		}
	}
	if n := fields["trials"]; n != nil {
		if t := p.text(n, "trials"); t != "" {
			v, err := ParseCount(t)
			if err != nil {
				e.add(n.Line, n.Column, "trials: %v; write a count such as 1M, 1e6 or 100_000", err)
			} else {
				s.Trials = v
			}
		}
	}
	if n := fields["periods"]; n != nil {
		p.periods(s, n)
	}
	names := map[string]pos{}
	if n := fields["inputs"]; n == nil {
		e.add(top.Line, top.Column, "missing `inputs`: a scenario needs at least one input, e.g.\n    inputs:\n      revenue: 3.5 to 4.5")
	} else {
		p.inputs(s, n, names)
	}
	if n := fields["formulas"]; n != nil {
		p.formulas(s, n, names)
	}
	// Inputs with parameters that vary by trial compile as formulas of
	// their own uniform draws.
	for _, f := range p.params {
		s.Formulas = append(s.Formulas, f.f)
		s.asts = append(s.asts, f.ast)
		s.fpos = append(s.fpos, f.at)
	}
	if n := fields["sampling"]; n != nil {
		if t := strings.TrimSpace(p.text(n, "sampling")); t != "" {
			if indexOf(samplingDesigns, t) < 0 {
				e.add(n.Line, n.Column, "sampling: unknown design %q%s; write random (the default: independent draws), lhs (Latin hypercube per block of 1,024 trials) or sobol (scrambled Sobol sequences)",
					t, didYouMean(t, samplingDesigns))
			} else {
				s.Sampling = t
			}
		}
	}
	if n := fields["correlations"]; n != nil {
		s.Correlations = p.correlations(s, n, "correlations")
	}
	if n := fields["correlation_method"]; n != nil {
		m, err := parseMethod(p.text(n, "correlation_method"))
		switch {
		case err != nil:
			e.add(n.Line, n.Column, "correlation_method: %v", err)
		case fields["correlations"] == nil:
			e.add(n.Line, n.Column, "correlation_method is set but there are no correlations; add a `correlations:` section, e.g.\n    correlations:\n      revenue, a100_price: 0.6")
		case m.Name != ImanConover && s.Sampling != "" && s.Sampling != "random":
			e.add(n.Line, n.Column, "correlation_method: %s draws its own independent normal variates, which would undo sampling: %s; use iman-conover, which reorders the design's values and keeps it", m, s.Sampling)
		default:
			s.Method = m
		}
	}
	var common []float64
	if n := fields["percentiles"]; n != nil {
		common = p.percentiles(n)
	}
	if n := fields["outputs"]; n == nil {
		e.add(top.Line, top.Column, "missing `outputs`: name the inputs or formulas to report, e.g.\n    outputs:\n      loss: { label: Operating loss }")
	} else {
		p.outputs(s, n)
		for i := range s.Outputs {
			o := &s.Outputs[i]
			o.Percentiles = slices.Compact(slices.Sorted(slices.Values(append(slices.Clone(common), o.Percentiles...))))
		}
	}
	if n := fields["variants"]; n != nil {
		p.variants(s, n)
	}
	return s
}

// yamlError reports an error of the YAML parser at its line.
func (p *fileParser) yamlError(err error) {
	line, msg := 1, strings.TrimPrefix(err.Error(), "yaml: ")
	if m := yamlLineRE.FindStringSubmatch(err.Error()); m != nil {
		line, _ = strconv.Atoi(m[1])
		msg = m[2]
	}
	line = min(max(line, 1), len(p.lineStarts))
	text := p.lineText(line)
	if ws := len(text) - len(strings.TrimLeft(text, " \t")); strings.Contains(text[:ws], "\t") {
		p.e.add(line, strings.IndexByte(text, '\t')+1, "tab in indentation: YAML indents with spaces only; replace the tab with spaces")
		return
	}
	hint := "check the indentation, and quote text that contains \": \" or \" #\""
	if strings.Contains(text, "(") && strings.Contains(text[strings.Index(text, "("):], ": ") {
		hint = "a distribution such as discrete(0: 30%, 1: 70%) or mixture(...) contains \": \", so put it in quotes: \"discrete(0: 30%, 1: 70%)\""
	}
	p.e.add(line, p.indent(line), "YAML syntax error: %s; %s", msg, hint)
}

// documentStart returns the position of the `---` line that starts the
// document whose first content is on line (or that content's line).
func (p *fileParser) documentStart(line int) (int, int) {
	for l := min(line, len(p.lineStarts)); l >= 1; l-- {
		if strings.HasPrefix(p.lineText(l), "---") {
			return l, 1
		}
	}
	return line, 1
}

// findAlias returns the first alias node under n, or nil.
func findAlias(n *yaml.Node) *yaml.Node {
	if n.Kind == yaml.AliasNode {
		return n
	}
	for _, c := range n.Content {
		if a := findAlias(c); a != nil {
			return a
		}
	}
	return nil
}

// lineText returns the text of a 1-based line.
func (p *fileParser) lineText(line int) string {
	start := p.lineStarts[line-1]
	end := len(p.src)
	if line < len(p.lineStarts) {
		end = p.lineStarts[line]
	}
	return string(p.src[start:end])
}

// indent returns the column of the first non-blank character of line.
func (p *fileParser) indent(line int) int {
	col := 1
	for i := p.lineStarts[line-1]; i < len(p.src) && (p.src[i] == ' ' || p.src[i] == '\t'); i++ {
		col++
	}
	return col
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "a mapping"
	case yaml.SequenceNode:
		return "a list"
	case yaml.AliasNode:
		return "an alias"
	}
	if n.Tag == "!!null" {
		return "empty"
	}
	return "text"
}

// pairs returns the key-value pairs of mapping n, reporting keys not in
// known (if known is non-nil), duplicate keys, non-scalar keys and aliases.
func (p *fileParser) pairs(n *yaml.Node, known []string, what string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		return nil
	}
	seen := map[string]int{}
	var out [][2]*yaml.Node
	content := p.joinFlowSplits(n)
	for i := 0; i+1 < len(content); i += 2 {
		k, v := content[i], content[i+1]
		if k.Kind != yaml.ScalarNode {
			p.e.add(k.Line, k.Column, "a %s must be plain text, not %s", what, kindName(k))
			continue
		}
		if v.Kind == yaml.AliasNode {
			p.e.add(v.Line, v.Column, "YAML aliases are not supported; write the value out")
			continue
		}
		if line, dup := seen[k.Value]; dup {
			p.e.add(k.Line, k.Column, "duplicate key %q (first at line %d); remove one", k.Value, line)
			continue
		}
		seen[k.Value] = k.Line
		if known != nil && indexOf(known, k.Value) < 0 {
			p.e.add(k.Line, k.Column, "unknown %s %q%s (known keys: %s)", what, k.Value, didYouMean(k.Value, known), strings.Join(known, ", "))
			continue
		}
		out = append(out, [2]*yaml.Node{k, v})
	}
	return out
}

// joinFlowSplits returns the keys and values of mapping n, with every
// value that a flow mapping's comma cut in two joined again, each join
// reported. In `{ dist: normal(0, 1) }` YAML splits at the comma, giving
// dist = "normal(0" and a key "1)" with no value: the value's parentheses
// do not balance, and the keys after it that close them are its rest.
func (p *fileParser) joinFlowSplits(n *yaml.Node) []*yaml.Node {
	if n.Style&yaml.FlowStyle == 0 {
		return n.Content
	}
	depth := func(s string) int { return strings.Count(s, "(") - strings.Count(s, ")") }
	var out []*yaml.Node
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if v.Kind != yaml.ScalarNode || v.Style&(yaml.DoubleQuotedStyle|yaml.SingleQuotedStyle) != 0 || depth(v.Value) <= 0 {
			out = append(out, k, v)
			continue
		}
		text, d, j := v.Value, depth(v.Value), i+2
		for ; d > 0 && j+1 < len(n.Content); j += 2 {
			rest := n.Content[j]
			if rest.Kind != yaml.ScalarNode || n.Content[j+1].Tag != "!!null" {
				break
			}
			text += ", " + rest.Value
			d += depth(rest.Value)
		}
		if d != 0 || j == i+2 {
			out = append(out, k, v) // not a comma split: let the value's own parse report it
			continue
		}
		p.e.add(v.Line, v.Column, "%q is cut at its comma: inside `{ ... }` YAML splits at every comma, so it read %q and a key %q; "+
			"put the distribution in quotes: %s: \"%s\"", text, v.Value, n.Content[i+2].Value, k.Value, text)
		joined := *v
		joined.Value = text
		out = append(out, k, &joined)
		i = j - 2
	}
	return out
}

// mapping reports n if it is not a mapping (or empty) and returns its pairs.
func (p *fileParser) mapping(n *yaml.Node, what, example string, known []string, keyWhat string) [][2]*yaml.Node {
	if n.Kind != yaml.MappingNode {
		p.e.add(n.Line, n.Column, "%s must be a mapping, not %s; for example\n%s", what, kindName(n), example)
		return nil
	}
	return p.pairs(n, known, keyWhat)
}

// text returns the text of scalar n ("" for nil or null), reporting n if it
// is not a scalar.
func (p *fileParser) text(n *yaml.Node, what string) string {
	if n == nil || n.Kind == yaml.ScalarNode && n.Tag == "!!null" {
		return ""
	}
	if n.Kind != yaml.ScalarNode {
		p.e.add(n.Line, n.Column, "%s must be text or a number, not %s", what, kindName(n))
		return ""
	}
	return n.Value
}

// checkName reports a name that cannot be an input or formula, or that
// repeats one, and records it in names.
func (p *fileParser) checkName(s *Scenario, k *yaml.Node, names map[string]pos) bool {
	name := k.Value
	if s.rejected == nil {
		s.rejected = map[string]bool{}
	}
	if _, dup := names[name]; !dup {
		s.rejected[name] = true // until accepted below
	}
	switch {
	case !isIdent(name):
		fix := strings.Map(func(r rune) rune {
			if r < 128 && isIdentChar(byte(r)) {
				return r
			}
			return '_'
		}, name)
		if fix == "" || isDigit(fix[0]) {
			fix = "x" + fix
		}
		p.e.add(k.Line, k.Column, "bad name %q: names use letters, digits and _ and start with a letter, e.g. %q", name, fix)
		return false
	case keywords[name] || reserved[name]:
		p.e.add(k.Line, k.Column, "%q is a reserved word and cannot be a name; choose another", name)
		return false
	case funcs[name] != funcSpec{}:
		p.e.add(k.Line, k.Column, "%q is a function and cannot be a name; choose another", name)
		return false
	}
	if prev, dup := names[name]; dup {
		p.e.add(k.Line, k.Column, "%q is already defined at line %d; inputs and formulas share one namespace", name, prev.line)
		return false
	}
	names[name] = pos{k.Line, k.Column}
	delete(s.rejected, name)
	return true
}

func (p *fileParser) inputs(s *Scenario, n *yaml.Node, names map[string]pos) {
	kvs := p.mapping(n, "inputs", "    inputs:\n      revenue: 3.5 to 4.5", nil, "input name")
	if n.Kind == yaml.MappingNode && len(kvs) == 0 && len(n.Content) == 0 {
		p.e.add(n.Line, n.Column, "inputs is empty: a scenario needs at least one input")
	}
	for _, kv := range kvs {
		k, v := kv[0], kv[1]
		if !p.checkName(s, k, names) {
			continue
		}
		in := Input{Name: k.Value, Line: k.Line, Col: k.Column}
		distNode := v
		switch v.Kind {
		case yaml.MappingNode:
			distNode = nil
			for _, f := range p.pairs(v, inputKeys, "input key") {
				fv := f[1]
				switch f[0].Value {
				case "dist":
					distNode = fv
				case "unit":
					in.Unit = p.text(fv, "unit")
				case "source":
					in.Source = p.text(fv, "source")
				case "assumption":
					in.Assumption = p.text(fv, "assumption")
				case "label":
					in.Label = p.text(fv, "label")
				case "per_period":
					switch t := p.text(fv, "per_period"); t {
					case "true", "True", "TRUE":
						in.PerPeriod = true
					case "false", "False", "FALSE", "":
					default:
						p.e.add(fv.Line, fv.Column, "per_period must be true or false, not %q", t)
					}
					if in.PerPeriod && s.Periods <= 1 {
						p.e.add(fv.Line, fv.Column, "per_period needs a periodic scenario: add `periods: 12` at the top level")
					}
				}
			}
			if distNode == nil {
				p.e.add(k.Line, k.Column, "input %q has no `dist`; add one, e.g. `dist: 3 to 5`", in.Name)
			}
		case yaml.SequenceNode:
			p.e.add(v.Line, v.Column, "input %q: write the distribution as text, e.g. `3.5 to 4.5` or `uniform(1, 2)`, not a list", in.Name)
			distNode = nil
		}
		if distNode != nil {
			in.Dist = p.text(distNode, "dist")
			if distNode.Kind == yaml.ScalarNode && strings.TrimSpace(in.Dist) == "" {
				p.e.add(distNode.Line, distNode.Column, "input %q has an empty distribution; write e.g. `%s: 3 to 5`", in.Name, in.Name)
			} else if distNode.Kind == yaml.ScalarNode {
				ast, msg, off := parametric(in.Dist, drawRef(in.Name))
				switch {
				case msg != "":
					p.e.addAt(p.at(distNode)(off), "input %q: %s", in.Name, msg)
				case ast != nil:
					in.Parametric = true
					p.params = append(p.params, paramFormula{Formula{Name: in.Name, Expr: in.Dist, Line: in.Line, Col: in.Col, Param: true}, ast, p.at(distNode)})
				default:
					in.Distribution = buildText(p.e, in.Dist, p.at(distNode))
				}
			}
		}
		s.Inputs = append(s.Inputs, in)
	}
}

func (p *fileParser) formulas(s *Scenario, n *yaml.Node, names map[string]pos) {
	for _, kv := range p.mapping(n, "formulas", "    formulas:\n      loss: costs - revenue", nil, "formula name") {
		k, v := kv[0], kv[1]
		if !p.checkName(s, k, names) {
			continue
		}
		f := Formula{Name: k.Value, Line: k.Line, Col: k.Column}
		if v.Kind != yaml.ScalarNode {
			p.e.add(v.Line, v.Column, "formula %q must be an expression such as `a + b`, not %s", f.Name, kindName(v))
			continue
		}
		f.Expr = p.text(v, "formula")
		at := p.at(v)
		ast, err := parseExpr(f.Expr)
		if err != nil {
			off := 0
			if se, ok := err.(*syntaxError); ok {
				off = se.off
			}
			p.e.addAt(at(off), "%s", err.Error())
			ast = nil
		}
		s.Formulas = append(s.Formulas, f)
		s.asts = append(s.asts, ast)
		s.fpos = append(s.fpos, at)
	}
}

func (p *fileParser) outputs(s *Scenario, n *yaml.Node) {
	switch n.Kind {
	case yaml.SequenceNode:
		seen := make(map[string]int, len(n.Content))
		for _, item := range n.Content {
			if item.Kind == yaml.MappingNode {
				p.e.add(item.Line, item.Column, "a list of outputs holds names only; to give an output a label, unit "+
					"or thresholds, write the outputs as a mapping, for example\n"+
					"outputs:\n  loss: { label: Operating loss, thresholds: [5] }\n  revenue:")
				continue
			}
			if name := p.text(item, "output"); name != "" {
				if line, dup := seen[name]; dup {
					p.e.add(item.Line, item.Column, "duplicate output %q (first at line %d); remove one", name, line)
					continue
				}
				seen[name] = item.Line
				s.Outputs = append(s.Outputs, OutputSpec{Name: name, Line: item.Line, Col: item.Column})
			}
		}
	case yaml.ScalarNode:
		if name := p.text(n, "output"); name != "" {
			s.Outputs = append(s.Outputs, OutputSpec{Name: name, Line: n.Line, Col: n.Column})
		}
	case yaml.MappingNode:
		for _, kv := range p.pairs(n, nil, "output name") {
			k, v := kv[0], kv[1]
			o := OutputSpec{Name: k.Value, Line: k.Line, Col: k.Column}
			switch {
			case v.Kind == yaml.MappingNode:
				for _, f := range p.pairs(v, outputKeys, "output key") {
					switch f[0].Value {
					case "label":
						o.Label = p.text(f[1], "label")
					case "unit":
						o.Unit = p.text(f[1], "unit")
					case "thresholds":
						o.Thresholds = p.levels(s, f[1], "thresholds", o.Name)
					case "below":
						o.Below = p.levels(s, f[1], "below", o.Name)
					case "percentiles":
						o.Percentiles = p.percentiles(f[1])
					}
				}
			case v.Kind == yaml.ScalarNode && v.Tag == "!!null":
			default:
				p.e.add(v.Line, v.Column, "output %q: expected options such as `{ label: Operating loss, thresholds: [5] }` or nothing, not %s", o.Name, kindName(v))
			}
			s.Outputs = append(s.Outputs, o)
		}
	}
	if len(s.Outputs) == 0 && len(n.Content) == 0 {
		p.e.add(n.Line, n.Column, "outputs is empty: name at least one input or formula to report, e.g.\n    outputs:\n      loss: { label: Operating loss }")
	}
}

// levels parses the levels of an output's thresholds or below: numbers,
// or names of inputs whose distribution is a constant (`[budget]`).
func (p *fileParser) levels(s *Scenario, n *yaml.Node, what, output string) []float64 {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []float64
	for _, it := range items {
		t := strings.TrimSpace(p.text(it, what))
		if it.Kind != yaml.ScalarNode {
			continue
		}
		v, err := ParseNumber(t)
		if err == nil {
			out = append(out, v)
			continue
		}
		i := s.inputIndex(t)
		switch {
		case i >= 0 && s.Inputs[i].Distribution == nil:
			// Its own definition was reported.
		case i >= 0:
			c, ok := s.Inputs[i].Distribution.(distributions.Degenerate)
			if !ok {
				p.e.add(it.Line, it.Column, "%s: %q is uncertain (%s), and a level is one number: make it a constant input (%s: 12M), "+
					"or compare in a formula and report that event, e.g. `%s_vs_%s: %s %s %s`", what, t, s.Inputs[i].Dist, t, output, t, output, cmpOp(what), t)
				continue
			}
			out = append(out, c.Value())
		case s.formulaIndex(t) >= 0:
			p.e.add(it.Line, it.Column, "%s: %q is a formula; a level is a number or a constant input; to compare with a formula, report the event, e.g. `%s_vs_%s: %s %s %s`",
				what, t, output, t, output, cmpOp(what), t)
		case isIdent(t):
			p.e.add(it.Line, it.Column, "%s: unknown input %q%s; a level is a number (5, 1.5M, 10%%) or a constant input", what, t, p.sugg.didYouMean(t, s.inputNames()))
		default:
			p.e.add(it.Line, it.Column, "%s: %v", what, err)
		}
	}
	return out
}

// percentiles parses a list of percentile levels written as percentages
// (80, 99.5; P80 and 80% are accepted too), returned as probabilities.
func (p *fileParser) percentiles(n *yaml.Node) []float64 {
	items := []*yaml.Node{n}
	if n.Kind == yaml.SequenceNode {
		items = n.Content
	}
	var out []float64
	for _, it := range items {
		t := strings.TrimSpace(p.text(it, "percentiles"))
		if it.Kind != yaml.ScalarNode || t == "" {
			continue
		}
		pct := strings.TrimPrefix(strings.TrimPrefix(t, "P"), "p")
		var v float64
		var err error
		if q, ok := strings.CutSuffix(pct, "%"); ok {
			v, err = strconv.ParseFloat(strings.TrimSpace(q), 64)
		} else {
			v, err = strconv.ParseFloat(pct, 64)
		}
		if err != nil || !(v > 0 && v < 100) {
			p.e.add(it.Line, it.Column, "percentiles: %q is not a percentile level; write levels between 0 and 100 exclusive, e.g. [80, 85, 99.5] for P80, P85 and P99.5", t)
			continue
		}
		out = append(out, v/100)
	}
	return out
}

// cmpOp is the comparison of a level's kind: > for thresholds, < below.
func cmpOp(what string) string {
	if what == "below" {
		return "<"
	}
	return ">"
}

func (p *fileParser) variants(s *Scenario, n *yaml.Node) {
	isInput := make(map[string]bool, len(s.Inputs))
	for _, in := range s.Inputs {
		isInput[in.Name] = true
	}
	isFormula := make(map[string]bool, len(s.Formulas))
	for _, f := range s.Formulas {
		isFormula[f.Name] = true
	}
	var inputNames []string // built on the first unknown input
	for _, kv := range p.mapping(n, "variants", "    variants:\n      no-apple-deal: { inputs: { apple_launch: 0 } }", nil, "variant name") {
		k, v := kv[0], kv[1]
		vr := Variant{Name: k.Value, Line: k.Line, Col: k.Column}
		if strings.TrimSpace(vr.Name) == "" {
			p.e.add(k.Line, k.Column, "a variant needs a name")
			continue
		}
		for _, f := range p.mapping(v, "variant "+strconv.Quote(vr.Name), "      no-apple-deal: { description: ..., inputs: { apple_launch: 0 } }", variantKeys, "variant key") {
			switch f[0].Value {
			case "description":
				vr.Description = p.text(f[1], "description")
			case "correlations":
				vr.Correlations = p.correlations(s, f[1], "variant "+strconv.Quote(vr.Name)+": correlations")
			case "inputs":
				for _, o := range p.mapping(f[1], "inputs of a variant", "        inputs: { apple_launch: 0 }", nil, "input name") {
					on, ov := o[0], o[1]
					name := on.Value
					if !isInput[name] {
						if isFormula[name] {
							p.e.add(on.Line, on.Column, "%q is a formula; a variant can only replace inputs", name)
						} else {
							if inputNames == nil {
								inputNames = s.inputNames()
							}
							p.e.add(on.Line, on.Column, "variant %q: unknown input %q%s", vr.Name, name, p.sugg.didYouMean(name, inputNames))
						}
						continue
					}
					if ov.Kind != yaml.ScalarNode {
						p.e.add(ov.Line, ov.Column, "variant %q: the value of %q must be a distribution such as `3 to 5`, not %s", vr.Name, name, kindName(ov))
						continue
					}
					text := p.text(ov, "distribution")
					if strings.TrimSpace(text) == "" {
						p.e.add(ov.Line, ov.Column, "variant %q: empty distribution for %q", vr.Name, name)
						continue
					}
					// A replacement may draw its parameters per trial, as an
					// input of the file may; the names it uses are checked
					// when the variant is compiled (Scenario.With).
					if ast, msg, off := parametric(text, drawRef(name)); msg != "" {
						p.e.addAt(p.at(ov)(off), "variant %q: input %q: %s", vr.Name, name, msg)
					} else if ast == nil {
						buildText(p.e, text, p.at(ov))
					}
					vr.Overrides = append(vr.Overrides, Override{Name: name, Dist: text})
				}
			}
		}
		s.Variants = append(s.Variants, vr)
	}
}

// at returns a function mapping a byte offset in the value of scalar n to
// its position in the file. It walks the source from the start of the value,
// matching the value's bytes, so that quoting, escapes and line folding are
// accounted for.
func (p *fileParser) at(n *yaml.Node) func(off int) pos {
	value := n.Value
	start := p.offset(n.Line, n.Column)
	switch n.Style {
	case yaml.DoubleQuotedStyle, yaml.SingleQuotedStyle:
		start++
	case yaml.LiteralStyle, yaml.FoldedStyle:
		if i := bytes.IndexByte(p.src[start:], '\n'); i >= 0 {
			start += i + 1
		}
	}
	return func(off int) pos {
		s, v := start, 0
		for v < off && v < len(value) && s < len(p.src) {
			c, sc := value[v], p.src[s]
			switch {
			case sc == c:
				s++
				v++
			case isSpace(sc):
				s++
			case isSpace(c):
				v++
			default:
				s++ // an escape sequence or quote doubling in the source
			}
		}
		// Skip indentation and folded line breaks before the target character.
		for s < len(p.src) && v < len(value) && isSpace(p.src[s]) && !isSpace(value[v]) {
			s++
		}
		return p.posOf(s)
	}
}

func isSpace(c byte) bool { return c == ' ' || c == '\t' || c == '\n' || c == '\r' }

// offset returns the byte offset of a 1-based line and column.
func (p *fileParser) offset(line, col int) int {
	if line < 1 || line > len(p.lineStarts) {
		return len(p.src)
	}
	return min(p.lineStarts[line-1]+max(col-1, 0), len(p.src))
}

// posOf returns the line and column of a byte offset.
func (p *fileParser) posOf(off int) pos {
	// The line is the last one starting at or before off.
	line := sort.Search(len(p.lineStarts), func(i int) bool { return p.lineStarts[i] > off })
	return pos{line, off - p.lineStarts[line-1] + 1}
}
