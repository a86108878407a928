package scenario

import (
	"bytes"
	"fmt"
	"strings"
	"testing"
	"time"
)

// parseErr parses src and returns its error text ("" if it parsed).
func parseErr(t *testing.T, src string) string {
	t.Helper()
	_, err := Parse("f.yaml", []byte(src))
	if err == nil {
		return ""
	}
	return err.Error()
}

const okBody = "name: x\ninputs:\n  a: 1 to 2\n  cost: 1 to 2\noutputs: [a]\n"

func TestFileOddities(t *testing.T) {
	for _, c := range []struct{ name, src, want string }{
		{"second document", okBody + "---\nname: y\n", "f.yaml:6:1: a second YAML document (after `---`)"},
		{"duplicate list output", "name: x\ninputs:\n  a: 1 to 2\noutputs: [a, a]\n", `f.yaml:4:14: duplicate output "a" (first at line 4)`},
		{"folded zero divisor", "name: x\ninputs:\n  cost: 1 to 2\nformulas:\n  r: cost / (1 - 1)\noutputs: [r]\n",
			"f.yaml:5:13: division by zero: the divisor (1 - 1) is the constant 0"},
		{"literal zero divisor", "name: x\ninputs:\n  cost: 1 to 2\nformulas:\n  r: cost / 0\noutputs: [r]\n",
			"f.yaml:5:13: division by zero: the divisor is the constant 0"},
		{"folded zero divisor in a dead branch", "name: x\ninputs:\n  cost: 1 to 2\nformulas:\n  r: if(1, cost, cost / (2 * 0))\noutputs: [r]\n",
			"f.yaml:5:25: division by zero: the divisor (2 * 0) is the constant 0"},
		{"bom with error", "\xef\xbb\xbfname: x\ninputs:\n  a: 1 to 2\nformulas:\n  b: a + c\noutputs: [b]\n", `f.yaml:5:10: unknown name "c"`},
		{"crlf", "name: x\r\ninputs:\r\n  a: 1 to 2\r\nformulas:\r\n  b: a + c\r\noutputs: [b]\r\n", `f.yaml:5:10: unknown name "c"`},
		{"crlf folded", "name: x\r\ninputs:\r\n  a: 1 to 2\r\nformulas:\r\n  b: >\r\n    a +\r\n    c\r\noutputs: [b]\r\n", `f.yaml:7:5: unknown name "c"`},
		{"tab", "name: x\ninputs:\n\ta: 1 to 2\noutputs: [a]\n", "f.yaml:3:1: tab in indentation"},
		{"alias", "name: x\ninputs:\n  a: &d 1 to 2\n  b: *d\noutputs: [a]\n", "f.yaml:4:6: YAML aliases (*d) are not supported"},
		{"alias in list", "name: &n x\ninputs:\n  a: 1 to 2\noutputs: [*n]\n", "f.yaml:4:11: YAML aliases (*n)"},
		{"non-utf8", "name: \xff x\ninputs:\n  a: 1 to 2\noutputs: [a]\n", "f.yaml:1:7: the file is not UTF-8 text (byte 0xff here)"},
		{"utf16", "\xff\xfen\x00a\x00", "f.yaml:1:1: the file is UTF-16 text"},
		{"empty", "", "f.yaml:1:1: empty file"},
		{"comments only", "# nothing\n\n", "f.yaml:1:1: empty file"},
		{"list", "- a\n- b\n", "f.yaml:1:1: a scenario is a YAML mapping with keys name, inputs, formulas and outputs, not a list"},
		{"scalar", "hello\n", "f.yaml:1:1: a scenario is a YAML mapping with keys name, inputs, formulas and outputs, not text"},
	} {
		t.Run(c.name, func(t *testing.T) {
			got := parseErr(t, c.src)
			if !strings.HasPrefix(got, c.want) {
				t.Errorf("got\n%s\nwant prefix\n%s", got, c.want)
			}
		})
	}
	for _, src := range []string{"\xef\xbb\xbf" + okBody, strings.ReplaceAll(okBody, "\n", "\r\n"), "---\n" + okBody, okBody + "---\n", okBody + "...\n"} {
		if got := parseErr(t, src); got != "" {
			t.Errorf("%q: %s", src, got)
		}
	}
}

func TestAliasBombRefusedFast(t *testing.T) {
	var b strings.Builder
	b.WriteString("name: bomb\nx0: &x0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n")
	for i := 1; i < 20; i++ {
		fmt.Fprintf(&b, "x%d: &x%d [%s]\n", i, i, strings.TrimSuffix(strings.Repeat(fmt.Sprintf("*x%d, ", i-1), 9), ", "))
	}
	b.WriteString("inputs:\n  a: 1 to 2\noutputs: [a]\n")
	t0 := time.Now()
	got := parseErr(t, b.String())
	if !strings.HasPrefix(got, "f.yaml:3:10: YAML aliases (*x0) are not supported") {
		t.Errorf("got %s", got)
	}
	if d := time.Since(t0); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestLimits(t *testing.T) {
	big := make([]byte, MaxFileSize+1)
	for i := range big {
		big[i] = ' '
	}
	t0 := time.Now()
	got := parseErr(t, string(big))
	if !strings.HasPrefix(got, "f.yaml:1:1: the file is 16777217 bytes, more than the limit of 16 MiB") {
		t.Errorf("got %s", got)
	}
	if d := time.Since(t0); d > time.Second {
		t.Errorf("a too-large file took %v to refuse", d)
	}
	var b bytes.Buffer
	b.WriteString("name: many\ninputs:\n")
	for i := 0; i <= MaxNames; i++ {
		fmt.Fprintf(&b, "  x%d: 1\n", i)
	}
	b.WriteString("outputs: [x0]\n")
	got = parseErr(t, b.String())
	if want := fmt.Sprintf("f.yaml:%d:3: more than 100000 inputs and formulas, the limit", MaxNames+3); !strings.HasPrefix(got, want) {
		t.Errorf("got %.200s, want %s", got, want)
	}
}

// genMany is a file of n inputs, n formulas with an unknown name each, n
// list outputs, a variant replacing every input and one unknown there.
func genMany(n int) []byte {
	var b bytes.Buffer
	b.WriteString("name: many\ninputs:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  x%d: { dist: normal(1, -%d), source: s }\n", i, i)
	}
	b.WriteString("formulas:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  f%d: x%d * 2 + zz%d\n", i, i, i)
	}
	b.WriteString("outputs:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "  - f%d\n  - q%d\n", i, i)
	}
	b.WriteString("variants:\n  v:\n    inputs:\n")
	for i := 0; i < n; i++ {
		fmt.Fprintf(&b, "      x%d: 3\n      y%d: 3\n", i, i)
	}
	return b.Bytes()
}

// TestParseLinear checks that parse time grows about linearly with the
// number of names, errors included (did-you-mean, positions, variants).
func TestParseLinear(t *testing.T) {
	if testing.Short() {
		t.Skip("timing")
	}
	timeOf := func(n int) time.Duration {
		src := genMany(n)
		best := time.Duration(1 << 62)
		for range 3 {
			t0 := time.Now()
			if _, err := Parse("many.yaml", src); err == nil {
				t.Fatal("parsed")
			}
			best = min(best, time.Since(t0))
		}
		return best
	}
	// Four times the names: linear is a ratio of 4, quadratic 16; the
	// bound of 8 leaves room for a loaded machine and the garbage
	// collector (a ratio-2 test flaked at 3.4 under load).
	small, large := timeOf(1_500), timeOf(6_000)
	t.Logf("1.5K: %v, 6K: %v", small, large)
	if large > 8*small+50*time.Millisecond {
		t.Errorf("parse time grows faster than linearly: 1.5K names %v, 6K names %v", small, large)
	}
}
