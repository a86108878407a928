package scenario

import (
	"strings"
	"testing"
)

// TestCheckSource checks that bytes the YAML parser would misread or refuse
// without a usable position are refused first, at their own line and
// column, and that what YAML reads as a line break counts as one in every
// position reported.
func TestCheckSource(t *testing.T) {
	many := "name: x\ninputs:\n  x: 1\noutputs: [x]\nfoo:\n" + strings.Repeat("- a\n", maxYAMLItems+1)
	for _, tt := range []struct{ name, src, want string }{
		{"control after backslash", "name: \"a\\\x06\"\n", "f.yaml:1:10: control character U+0006: delete it"},
		{"delete", "name: 'x\x7f'\n", "f.yaml:1:9: control character U+007F: delete it"},
		{"next line", "name: x\r\ninputs: \u0085\n", "f.yaml:2:9: invisible character U+0085 (next line)"},
		{"line separator in a comment", "name: x # a\u2028b\ninputs:\n  x: normal(0, -1)\n", "f.yaml:1:12: invisible character U+2028 (line separator)"},
		{"paragraph separator", "name: \"a\u2029\"\n", "f.yaml:1:9: invisible character U+2029 (paragraph separator)"},
		{"C1 control after BOM", "\xEF\xBB\xBFname: \xc2\x9b\n", "f.yaml:1:7: control character U+009B: delete it"},
		{"noncharacter", "name: \xef\xbf\xbe\n", "f.yaml:1:7: character U+FFFE is not a character: delete it"},
		{"BOM inside", "name: x\ninputs:\n  x: 1 \xef\xbb\xbf\n", "f.yaml:3:8: invisible character U+FEFF (byte order mark) inside the file: delete it"},
		{"lone CR line endings", "name: x\rinputs:\r  x: normal(0, -1)\routputs: [x]\r", "f.yaml:3:6: normal: sd must be > 0"},
		{"flow nesting", "name: x\ninputs:\n  x: " + strings.Repeat("[", 40) + strings.Repeat("]", 40) + "\n", "f.yaml:3:38: YAML nested more than 32 levels deep"},
		{"block items", many, "f.yaml:1999995:1: more than 2,000,000 YAML keys, values and list entries"},
		{"flow items", "name: x\nfoo: [" + strings.Repeat("a,", maxYAMLItems) + "a]\n", "f.yaml:2:3999998: more than 2,000,000 YAML keys"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			_, err := Parse("f.yaml", []byte(tt.src))
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) {
				t.Errorf("got %v\nwant %s...", err, tt.want)
			}
		})
	}
}
