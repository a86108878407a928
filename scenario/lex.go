package scenario

import "fmt"

// tokKind is the kind of a lexical token of an expression or distribution.
type tokKind uint8

const (
	tEOF tokKind = iota
	tNum
	tIdent
	tOp // operators and punctuation; the text says which
)

// token is one lexical token; off is its byte offset in the text.
type token struct {
	kind tokKind
	text string
	num  float64
	off  int
}

func (t token) String() string {
	switch t.kind {
	case tEOF:
		return "end of text"
	case tNum, tIdent:
		return fmt.Sprintf("%q", t.text)
	}
	return fmt.Sprintf("%q", t.text)
}

// syntaxError is an error at a byte offset of the text being parsed.
type syntaxError struct {
	off int
	msg string
}

func (e *syntaxError) Error() string { return e.msg }

// lex splits text into tokens. Identifiers are [A-Za-z_][A-Za-z0-9_]*, with
// one exception for percentile names such as p2.5 and p97.5; numbers are as
// ParseNumber accepts, without sign.
func lex(text string) ([]token, error) {
	var toks []token
	i := 0
	for i < len(text) {
		c := text[i]
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			i++
		case isDigit(c) || c == '.' && i+1 < len(text) && isDigit(text[i+1]):
			n, v, err := scanNumber(text[i:])
			if err != nil {
				end := i + n
				for end < len(text) && (isIdentChar(text[end]) || text[end] == '.' || text[end] == '%') {
					end++
				}
				return nil, &syntaxError{i, fmt.Sprintf("bad number %q: %v", text[i:end], err)}
			}
			toks = append(toks, token{kind: tNum, text: text[i : i+n], num: v, off: i})
			i += n
		case isLetter(c):
			j := i + 1
			for j < len(text) && isIdentChar(text[j]) {
				j++
			}
			// p2.5: a percentile name with a fraction.
			if c == 'p' && j > i+1 && allDigits(text[i+1:j]) && j+1 < len(text) && text[j] == '.' && isDigit(text[j+1]) {
				j++
				for j < len(text) && isDigit(text[j]) {
					j++
				}
			}
			toks = append(toks, token{kind: tIdent, text: text[i:j], off: i})
			i = j
		default:
			op := ""
			if i+1 < len(text) {
				switch two := text[i : i+2]; two {
				case "<=", ">=", "==", "!=", "&&", "||", "**":
					op = two
				}
			}
			if op == "" {
				switch c {
				case '+', '-', '*', '/', '^', '(', ')', ',', '<', '>', '!', ':', '=':
					op = text[i : i+1]
				case '&', '|':
					return nil, &syntaxError{i, fmt.Sprintf("unexpected %q; write %q (or %q)", c, string([]byte{c, c}), map[byte]string{'&': "and", '|': "or"}[c])}
				default:
					r := text[i:]
					if len(r) > 4 {
						r = r[:4]
					}
					return nil, &syntaxError{i, fmt.Sprintf("unexpected character %q", []rune(r)[0])}
				}
			}
			if op == "**" {
				return nil, &syntaxError{i, `unexpected "**"; write "^" for powers`}
			}
			toks = append(toks, token{kind: tOp, text: op, off: i})
			i += len(op)
		}
	}
	toks = append(toks, token{kind: tEOF, off: len(text)})
	return toks, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if !isDigit(s[i]) {
			return false
		}
	}
	return s != ""
}
