package scenario

import (
	"bytes"
	"fmt"
	"unicode/utf8"
)

// Limits of a scenario file besides MaxFileSize and MaxNames, documented in FORMAT.md. They are far above
// what a hand-written scenario needs (the built-in ones have under 100
// names in under 8 KB) and low enough that a file at every limit parses in
// about a second and a few hundred MB; beyond them a file is refused with
// the position where it crosses the limit, before the expensive work.
const (
	// maxYAMLItems bounds the keys, values and list entries of a file, as
	// estimated by checkSource: each costs the YAML parser about 1 µs and
	// 250 bytes (measured with go.yaml.in/yaml/v3 v3.0.6), so a file of
	// 16 MiB of one-character list entries would otherwise take 10 s and
	// 1.9 GB. 100,000 inputs with a dist, a source, a unit, a label and an
	// assumption each fit.
	maxYAMLItems = 2_000_000
	// maxYAMLDepth bounds the nesting of YAML collections; a scenario needs 5.
	maxYAMLDepth = 32
)

var utf8BOM = []byte{0xEF, 0xBB, 0xBF}

// checkSource checks the bytes of a file before the YAML parser reads them:
// the size limit, the encoding (UTF-8 without control characters; a UTF-8
// byte order mark at the start is skipped), and estimates of the number of
// YAML items and of the nesting of flow collections. It returns the text the
// YAML parser should read (without the byte order mark, lone carriage
// returns turned into line feeds so that the parser's lines are ours), or
// nil after reporting the first problem. Positions are those of the text
// returned; a column counts bytes, not counting the byte order mark.
//
// The estimate of items is one pass over the bytes that recognises quoted
// scalars, comments and the indicators that introduce a node (": ", "- ",
// "? ", and "[", "{", "," in flow context). Every node of the YAML tree but
// the root is a key, a value or an entry so introduced, or a block mapping
// that is itself one of those, so the tree has at most twice the estimate
// plus one nodes.
func checkSource(e *errs, src []byte) []byte {
	if len(src) > MaxFileSize {
		text := bytes.TrimPrefix(src[:MaxFileSize], utf8BOM) // the first byte past the limit is at len(text)
		line := 1 + bytes.Count(text, []byte{'\n'})
		col := len(text) - (bytes.LastIndexByte(text, '\n') + 1) + 1
		e.add(line, col, "the file is larger than the limit of 16 MiB (16,777,216 bytes) for a scenario; "+
			"it goes past the limit here: a scenario holds at most %s inputs and formulas, so write fewer", commas(MaxNames))
		return nil
	}
	if bytes.HasPrefix(src, []byte{0xFE, 0xFF}) || bytes.HasPrefix(src, []byte{0xFF, 0xFE}) {
		e.add(1, 1, "the file is UTF-16 (it starts with a UTF-16 byte order mark); save it as UTF-8")
		return nil
	}
	src = bytes.TrimPrefix(src, utf8BOM)

	const (
		plain = iota
		doubleQuoted
		singleQuoted
		comment
	)
	var (
		mode       = plain
		line       = 1
		lineStart  = 0
		items      = 0
		depth      = 0    // nesting of flow collections
		atNode     = true // a node may start here: a quote opens a quoted scalar, "- " is an entry
		afterSpace = true // the previous byte is a space, a tab or a line break: "#" starts a comment
		out        = src
	)
	fail := func(i int, format string, args ...any) []byte {
		e.add(line, i-lineStart+1, format, args...)
		return nil
	}
	// sep reports whether the byte after i ends an indicator.
	sep := func(i int) bool {
		if i+1 >= len(src) {
			return true
		}
		switch src[i+1] {
		case ' ', '\t', '\n', '\r':
			return true
		case ',', ']', '}':
			return depth > 0
		}
		return false
	}
	tooMany := func(i int) []byte {
		return fail(i, "more than %s YAML keys, values and list entries, the limit for a scenario: "+
			"a scenario holds at most %s inputs and formulas, so write fewer", commas(maxYAMLItems), commas(MaxNames))
	}
	item := func(n int) bool {
		items += n
		return items <= maxYAMLItems
	}
	for i := 0; i < len(src); {
		c := src[i]
		if c >= utf8.RuneSelf {
			r, size := utf8.DecodeRune(src[i:])
			switch {
			case r == utf8.RuneError && size == 1:
				return fail(i, "the file is not valid UTF-8 here (byte 0x%02X; perhaps Latin-1 or Windows-1252 text): save it as UTF-8", c)
			case r == 0x85 || r == 0x2028 || r == 0x2029:
				name := map[rune]string{0x85: "next line", 0x2028: "line separator", 0x2029: "paragraph separator"}[r]
				return fail(i, "invisible character %U (%s), which YAML reads as a line break: replace it with a space or a new line", r, name)
			case r == 0xFEFF:
				return fail(i, "invisible character U+FEFF (byte order mark) inside the file: delete it")
			case r < 0xA0:
				return fail(i, "control character %U: delete it", r)
			case r == 0xFFFE || r == 0xFFFF:
				return fail(i, "character %U is not a character: delete it", r)
			}
			if mode == plain {
				atNode = false
			}
			afterSpace = false
			i += size
			continue
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' || c == 0x7F {
			return fail(i, "control character %U: delete it", rune(c))
		}
		if c == '\r' && (i+1 == len(src) || src[i+1] != '\n') {
			// A lone carriage return (old Mac line ending) is a line break
			// to YAML: make it the same-length line feed we count lines by.
			if &out[0] == &src[0] {
				out = bytes.Clone(src)
			}
			out[i] = '\n'
			c = '\n'
		}
		if c == '\n' {
			line++
			lineStart = i + 1
			if mode == comment {
				mode = plain
			}
			if mode == plain && depth == 0 {
				atNode = true
			}
			afterSpace = true
			i++
			continue
		}
		switch mode {
		case comment:
		case doubleQuoted:
			switch c {
			case '\\':
				if i+1 < len(src) && src[i+1] >= 0x20 && src[i+1] < 0x7F {
					i++ // an escaped printable character, such as \"
				}
			case '"':
				mode = plain
			}
		case singleQuoted:
			if c == '\'' {
				if i+1 < len(src) && src[i+1] == '\'' {
					i++ // '' is a quote
				} else {
					mode = plain
				}
			}
		case plain:
			switch c {
			case ' ', '\t', '\r':
			case '#':
				if afterSpace {
					mode = comment
				} else {
					atNode = false
				}
			case '"', '\'':
				if atNode {
					mode = doubleQuoted
					if c == '\'' {
						mode = singleQuoted
					}
				}
				atNode = false
			case ':':
				if sep(i) {
					if !item(2) {
						return tooMany(i)
					}
					atNode = true
				} else {
					atNode = false
				}
			case '-', '?':
				if atNode && sep(i) {
					if !item(1) {
						return tooMany(i)
					}
				} else {
					atNode = false
				}
			case '[', '{':
				if atNode || depth > 0 {
					depth++
					if depth > maxYAMLDepth {
						return fail(i, "YAML nested more than %d levels deep; a scenario needs about 5: flatten it", maxYAMLDepth)
					}
					if !item(1) {
						return tooMany(i)
					}
					atNode = true
				} else {
					atNode = false
				}
			case ']', '}':
				if depth > 0 {
					depth--
				}
				atNode = false
			case ',':
				if depth > 0 {
					if !item(1) {
						return tooMany(i)
					}
					atNode = true
				} else {
					atNode = false
				}
			default:
				atNode = false
			}
		}
		afterSpace = c == ' ' || c == '\t'
		i++
	}
	if out == nil {
		out = []byte{} // an empty file is not refused here
	}
	return out
}

// commas formats n with thousands separators: 100000 -> "100,000".
func commas(n int) string {
	s := fmt.Sprint(n)
	for i := len(s) - 3; i > 0; i -= 3 {
		s = s[:i] + "," + s[i:]
	}
	return s
}
