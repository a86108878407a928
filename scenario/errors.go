package scenario

import (
	"fmt"
	"sort"
	"strings"
)

// Error is a problem at a position in a scenario file. Line and Col are
// 1-based; Col counts bytes. A zero Line means the error concerns the file as
// a whole (or a command-line override, named in File).
type Error struct {
	File string
	Line int
	Col  int
	Msg  string
}

// Error formats the error as "file:line:col: msg".
func (e *Error) Error() string {
	switch {
	case e.Line == 0 && e.File == "":
		return e.Msg
	case e.Line == 0:
		return e.File + ": " + e.Msg
	default:
		return fmt.Sprintf("%s:%d:%d: %s", e.File, e.Line, e.Col, e.Msg)
	}
}

// MaxErrors is the number of errors ErrorList.Error prints before it
// summarises the rest.
const MaxErrors = 10

// ErrorList is every error found in one file, sorted by position.
type ErrorList []*Error

// Error returns the first MaxErrors errors, one per line.
func (l ErrorList) Error() string {
	var b strings.Builder
	for i, e := range l {
		if i == MaxErrors {
			fmt.Fprintf(&b, "\n(and %d more errors)", len(l)-MaxErrors)
			break
		}
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Error())
	}
	return b.String()
}

// Unwrap returns the errors of the list, for errors.Is and errors.As.
func (l ErrorList) Unwrap() []error {
	errs := make([]error, len(l))
	for i, e := range l {
		errs[i] = e
	}
	return errs
}

// errs collects the errors of one file.
type errs struct {
	file string
	list ErrorList
}

func (c *errs) add(line, col int, format string, args ...any) {
	c.list = append(c.list, &Error{File: c.file, Line: line, Col: col, Msg: fmt.Sprintf(format, args...)})
}

func (c *errs) addAt(p pos, format string, args ...any) { c.add(p.line, p.col, format, args...) }

// err returns the sorted, de-duplicated list, or nil if it is empty.
func (c *errs) err() error {
	if len(c.list) == 0 {
		return nil
	}
	l := append(ErrorList(nil), c.list...)
	sort.SliceStable(l, func(i, j int) bool {
		if l[i].Line != l[j].Line {
			return l[i].Line < l[j].Line
		}
		return l[i].Col < l[j].Col
	})
	out := l[:0]
	for i, e := range l {
		if i > 0 && *e == *l[i-1] {
			continue
		}
		out = append(out, e)
	}
	return out
}

// pos is a 1-based line and column in a file.
type pos struct{ line, col int }

// didYouMean returns `; did you mean "x"?` for the candidate closest to name,
// or "" if none is close. Candidates are considered in order, so the first of
// equally close ones wins and the result is deterministic.
func didYouMean(name string, candidates []string) string {
	var s suggester
	return s.didYouMean(name, candidates)
}

// suggestBudget bounds the candidate comparisons of one file's suggestions,
// so that a file with many unknown names among many names stays linear:
// past it, errors come without a "did you mean".
const suggestBudget = 500_000

// suggester makes the suggestions of one file within suggestBudget.
type suggester struct{ used int }

func (s *suggester) didYouMean(name string, candidates []string) string {
	if s.used+len(candidates) > suggestBudget && len(candidates) > 1000 {
		return ""
	}
	s.used += len(candidates)
	if c := closest(name, candidates); c != "" {
		return fmt.Sprintf("; did you mean %q?", c)
	}
	return ""
}

// Closest returns the candidate nearest to name (within one edit per
// three characters, or a longer name it begins), or "" when none is near
// enough: the suggestion of every "did you mean" here, for the command
// line's too.
func Closest(name string, candidates []string) string { return closest(name, candidates) }

// closest returns the candidate with the smallest edit distance to name,
// if that distance is small relative to the name's length.
func closest(name string, candidates []string) string {
	// Accept up to one edit per three characters (at least one, at most three):
	// the threshold go vet and many CLIs use for suggestions.
	limit := max(1, min(3, (len(name)+2)/3))
	lname := strings.ToLower(name)
	best, bestD := "", -1
	for _, c := range candidates {
		if c == name {
			continue
		}
		// The distance is at least the difference in length: skip
		// candidates that cannot beat the best so far or the limit.
		if diff := len(c) - len(name); diff > limit || -diff > limit || bestD >= 0 && (diff >= bestD || -diff >= bestD) {
			continue
		}
		d := editDistance(lname, lower(c))
		if bestD < 0 || d < bestD {
			best, bestD = c, d
		}
	}
	if bestD >= 0 && bestD <= limit {
		return best
	}
	// A prefix of a longer name ("openai" for "openai-2024").
	if len(name) >= 3 {
		for _, c := range candidates {
			if c != name && len(c) > len(name) && strings.EqualFold(c[:len(name)], name) {
				return c
			}
		}
	}
	return ""
}

// lower is strings.ToLower without allocating for ASCII lower-case text.
func lower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c >= 'A' && c <= 'Z' || c >= 0x80 {
			return strings.ToLower(s)
		}
	}
	return s
}

// editDistance is the optimal string alignment distance between a and b
// (Levenshtein distance plus transpositions of adjacent characters; Damerau
// 1964), computed over bytes with two rolling rows.
func editDistance(a, b string) int {
	if len(a) > 64 || len(b) > 64 {
		// Names this long are never typos of each other worth suggesting.
		if a == b {
			return 0
		}
		return max(len(a), len(b))
	}
	var rows [3][65]int
	prev2, prev, cur := rows[0][:len(b)+1], rows[1][:len(b)+1], rows[2][:len(b)+1]
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(a); i++ {
		cur[0] = i
		for j := 1; j <= len(b); j++ {
			cost := 1
			if a[i-1] == b[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
			if i > 1 && j > 1 && a[i-1] == b[j-2] && a[i-2] == b[j-1] {
				cur[j] = min(cur[j], prev2[j-2]+1)
			}
		}
		prev2, prev, cur = prev, cur, prev2
	}
	return prev[len(b)]
}
