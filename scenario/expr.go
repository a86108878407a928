package scenario

import (
	"fmt"
	"strings"

	"github.com/montecarlo-risk/montecarlo/distributions"
)

// nodeKind is the kind of an expression tree node.
type nodeKind uint8

const (
	nNum   nodeKind = iota // a number
	nRef                   // a name
	nUnary                 // op x: "-", "not"
	nBin                   // x op y
	nCall                  // name(args)
)

// node is an expression tree node. off is the byte offset in the expression
// text of the token that best identifies the node in an error message: the
// number or name, the operator, or the function name.
type node struct {
	kind nodeKind
	op   string // operator (canonical: "and", "or", "not", "-", ...) or name
	num  float64
	args []*node
	off  int
	// start and end are the byte offsets of the node's first character and
	// just past its last one (including enclosing parentheses).
	start, end int
	src        string // the expression text
	// dist is the severity of a $compound or $compoundmax call (the
	// formula of a compound whose frequency varies by trial).
	dist distributions.Distribution
}

// text returns the node's text as written.
func (n *node) text() string {
	if n.src == "" || n.start < 0 || n.end > len(n.src) || n.start >= n.end {
		return n.String()
	}
	return n.src[n.start:n.end]
}

// maxDepth bounds the nesting of expressions, so that hostile input cannot
// exhaust the stack.
const maxDepth = 200

// parser is a recursive-descent parser over the tokens of one text.
// Precedence, loosest first: or; and; not; comparisons (not chained);
// + -; * /; unary minus; ^ (right-associative, its exponent may carry a sign).
// So -2^2 = -(2^2) and 2^3^2 = 2^(3^2), as in mathematics and Excel's
// POWER but not Excel's "^" operator (which gives -2^2 = 4).
type parser struct {
	toks  []token
	i     int
	depth int
	last  int // the end offset of the last token consumed
}

func (p *parser) peek() token { return p.toks[p.i] }

// peek2 returns the token after the next one (or the end).
func (p *parser) peek2() token {
	if p.i+1 < len(p.toks) {
		return p.toks[p.i+1]
	}
	return p.toks[len(p.toks)-1]
}

func (p *parser) next() token {
	t := p.toks[p.i]
	if t.kind != tEOF {
		p.i++
		p.last = t.off + len(t.text)
	}
	return t
}

func (p *parser) isOp(s string) bool {
	t := p.peek()
	return t.kind == tOp && t.text == s
}

func (p *parser) isWord(s string) bool {
	t := p.peek()
	return t.kind == tIdent && t.text == s
}

func (p *parser) fail(t token, format string, args ...any) {
	panic(&syntaxError{t.off, fmt.Sprintf(format, args...)})
}

// parseExpr parses a whole expression and requires the end of the text.
func parseExpr(text string) (n *node, err error) {
	toks, err := lex(text)
	if err != nil {
		return nil, err
	}
	p := &parser{toks: toks}
	defer p.recover(&err)
	if p.peek().kind == tEOF {
		return nil, &syntaxError{0, "empty formula; write an expression such as `revenue - costs`"}
	}
	n = p.expr()
	p.expectEnd("an operator")
	span(n, text)
	return n, nil
}

// span sets the start, end and src of n and its descendants. Names,
// numbers, calls and parenthesised expressions have theirs set by the parser.
func span(n *node, src string) {
	n.src = src
	for _, a := range n.args {
		span(a, src)
	}
	if n.end > 0 {
		return
	}
	switch n.kind {
	case nBin:
		n.start, n.end = n.args[0].start, n.args[1].end
	case nUnary:
		n.start, n.end = n.off, n.args[0].end
	}
}

// recover turns a syntaxError panic raised by fail into an error. Any other
// panic is a bug and propagates.
func (p *parser) recover(err *error) {
	if r := recover(); r != nil {
		se, ok := r.(*syntaxError)
		if !ok {
			panic(r)
		}
		*err = se
	}
}

func (p *parser) expectEnd(what string) {
	t := p.peek()
	switch {
	case t.kind == tEOF:
	case t.kind == tIdent && t.text == "to":
		p.fail(t, "`to` makes a distribution: declare it under inputs (e.g. `x: 3 to 5`) and use its name here")
	case t.kind == tOp && t.text == ")":
		p.fail(t, "unmatched \")\"")
	case t.kind == tOp && t.text == "=":
		p.fail(t, `unexpected "="; write "==" to compare`)
	default:
		p.fail(t, "unexpected %s; expected %s", t, what)
	}
}

func (p *parser) enter() {
	p.depth++
	if p.depth > maxDepth {
		p.fail(p.peek(), "expression nested too deeply (more than %d levels)", maxDepth)
	}
}

func (p *parser) expr() *node {
	p.enter()
	defer func() { p.depth-- }()
	return p.or()
}

func (p *parser) or() *node {
	x := p.and()
	for p.isWord("or") || p.isOp("||") {
		t := p.next()
		x = &node{kind: nBin, op: "or", args: []*node{x, p.and()}, off: t.off}
	}
	return x
}

func (p *parser) and() *node {
	x := p.not()
	for p.isWord("and") || p.isOp("&&") {
		t := p.next()
		x = &node{kind: nBin, op: "and", args: []*node{x, p.not()}, off: t.off}
	}
	return x
}

func (p *parser) not() *node {
	if p.isWord("not") || p.isOp("!") {
		t := p.next()
		p.enter()
		defer func() { p.depth-- }()
		return &node{kind: nUnary, op: "not", args: []*node{p.not()}, off: t.off}
	}
	return p.cmp()
}

var cmpOps = map[string]bool{"<": true, "<=": true, ">": true, ">=": true, "==": true, "!=": true}

func (p *parser) cmp() *node {
	x := p.add()
	if t := p.peek(); t.kind == tOp && cmpOps[t.text] {
		p.next()
		x = &node{kind: nBin, op: t.text, args: []*node{x, p.add()}, off: t.off}
		if t2 := p.peek(); t2.kind == tOp && cmpOps[t2.text] {
			p.fail(t2, "comparisons cannot be chained; write `a < b and b < c`")
		}
	}
	return x
}

func (p *parser) add() *node {
	x := p.mul()
	for p.isOp("+") || p.isOp("-") {
		t := p.next()
		x = &node{kind: nBin, op: t.text, args: []*node{x, p.mul()}, off: t.off}
	}
	return x
}

func (p *parser) mul() *node {
	x := p.unary()
	for p.isOp("*") || p.isOp("/") {
		t := p.next()
		x = &node{kind: nBin, op: t.text, args: []*node{x, p.unary()}, off: t.off}
	}
	return x
}

func (p *parser) unary() *node {
	if p.isOp("-") || p.isOp("+") {
		t := p.next()
		p.enter()
		defer func() { p.depth-- }()
		x := p.unary()
		if t.text == "+" {
			return x
		}
		return &node{kind: nUnary, op: "-", args: []*node{x}, off: t.off}
	}
	return p.pow()
}

func (p *parser) pow() *node {
	x := p.primary()
	if p.isOp("^") {
		t := p.next()
		p.enter()
		defer func() { p.depth-- }()
		x = &node{kind: nBin, op: "^", args: []*node{x, p.unary()}, off: t.off}
	}
	return x
}

// keywords cannot be names.
var keywords = map[string]bool{"and": true, "or": true, "not": true, "to": true}

func (p *parser) primary() *node {
	t := p.next()
	switch {
	case t.kind == tNum:
		return &node{kind: nNum, num: t.num, off: t.off, start: t.off, end: p.last}
	case t.kind == tIdent && keywords[t.text]:
		p.fail(t, "unexpected %q; expected a number, name or \"(\"", t.text)
	case t.kind == tIdent:
		if !p.isOp("(") {
			return &node{kind: nRef, op: t.text, off: t.off, start: t.off, end: p.last}
		}
		p.next()
		call := &node{kind: nCall, op: t.text, off: t.off, start: t.off}
		if p.isOp(")") {
			p.next()
			call.end = p.last
			return call
		}
		for {
			call.args = append(call.args, p.expr())
			if p.isOp(",") {
				p.next()
				continue
			}
			if p.isOp(")") {
				p.next()
				call.end = p.last
				return call
			}
			p.fail(p.peek(), "unexpected %s in the arguments of %s; expected \",\" or \")\"", p.peek(), t.text)
		}
	case t.kind == tOp && t.text == "(":
		x := p.expr()
		if !p.isOp(")") {
			p.fail(p.peek(), "unexpected %s; expected \")\" to close \"(\"", p.peek())
		}
		p.next()
		span(x, "")
		x.start, x.end = t.off, p.last
		return x
	case t.kind == tEOF:
		p.fail(t, "unexpected end of formula; expected a number, name or \"(\"")
	}
	p.fail(t, "unexpected %s; expected a number, name or \"(\"", t)
	return nil
}

// String formats the expression in canonical, fully parenthesised form
// (used by tests to check precedence).
func (n *node) String() string {
	switch n.kind {
	case nNum:
		return fmt.Sprint(n.num)
	case nRef:
		return n.op
	case nUnary:
		if n.op == "not" {
			return "(not " + n.args[0].String() + ")"
		}
		return "(" + n.op + n.args[0].String() + ")"
	case nBin:
		return "(" + n.args[0].String() + " " + n.op + " " + n.args[1].String() + ")"
	}
	parts := make([]string, len(n.args))
	for i, a := range n.args {
		parts[i] = a.String()
	}
	return n.op + "(" + strings.Join(parts, ", ") + ")"
}
