package scenario

import (
	"errors"
	"fmt"
	"math"
	"strconv"
	"strings"
)

// suffixes maps a number's suffix to its multiplier: thousand, million,
// billion (short scale), trillion, and percent.
var suffixes = map[byte]float64{'K': 1e3, 'M': 1e6, 'B': 1e9, 'T': 1e12, '%': 0.01}

const suffixHelp = "suffixes are K, M, B, T (thousand, million, billion, trillion) and %"

// ParseNumber parses a number as written in scenario files: an optional sign,
// decimal digits with optional _ separators between digits, an optional
// fraction and exponent, and an optional suffix K, M, B or T (1e3, 1e6, 1e9,
// 1e12) or % (0.01). Examples: "1e6", "1_000_000", "2.5B", "-3", "5%".
// Infinities and NaN are not numbers here.
func ParseNumber(s string) (float64, error) {
	t := strings.TrimSpace(s)
	neg := false
	if t != "" && (t[0] == '+' || t[0] == '-') {
		neg = t[0] == '-'
		t = t[1:]
	}
	n, v, err := scanNumber(t)
	if err != nil {
		return 0, fmt.Errorf("bad number %q: %v%s", s, err, capitalHint(s))
	}
	if n != len(t) {
		return 0, fmt.Errorf("bad number %q: %s%s", s, badTail(t[n:]), capitalHint(s))
	}
	if neg {
		v = -v
	}
	return v, nil
}

// capitalHint suggests the capital suffix for a number written with a
// lower-case one ("100k"), or returns "". Lower case is refused rather than
// read: "5m" is a million to some and a thousandth to others.
func capitalHint(s string) string {
	t := strings.TrimSpace(s)
	if t == "" {
		return ""
	}
	last := t[len(t)-1]
	up := last - 'a' + 'A'
	if last < 'a' || last > 'z' || suffixes[up] == 0 {
		return ""
	}
	fixed := t[:len(t)-1] + string(rune(up))
	if _, err := ParseNumber(fixed); err != nil {
		return ""
	}
	return fmt.Sprintf("; did you mean %q?", fixed)
}

func badTail(tail string) string {
	if c := tail[0]; isLetter(c) || c == '%' {
		return suffixHelp
	}
	return fmt.Sprintf("unexpected %q", tail[:1])
}

// ParseCount parses a positive whole number such as a trial count, written
// as ParseNumber accepts: "1e6", "1M", "1_000_000" and "1000000" are all a
// million.
func ParseCount(s string) (int64, error) {
	v, err := ParseNumber(s)
	if err != nil {
		return 0, err
	}
	switch {
	case v != math.Trunc(v):
		return 0, fmt.Errorf("bad count %q: must be a whole number", s)
	case v < 1:
		return 0, fmt.Errorf("bad count %q: must be at least 1", s)
	case v >= 1<<63:
		return 0, fmt.Errorf("bad count %q: too large", s)
	}
	return int64(v), nil
}

var errNoDigits = errors.New("expected digits")

// scanNumber reads an unsigned number with optional suffix at the start of s
// and returns its length and value. It stops before any character that cannot
// continue the number; the caller decides whether what follows is an error.
func scanNumber(s string) (int, float64, error) {
	var clean []byte
	i := 0
	digits := func() bool {
		start := i
		for i < len(s) {
			c := s[i]
			if isDigit(c) {
				clean = append(clean, c)
				i++
			} else if c == '_' && i > start && i+1 < len(s) && isDigit(s[i+1]) {
				i++
			} else {
				break
			}
		}
		return i > start
	}
	intPart := digits()
	frac := false
	if i < len(s) && s[i] == '.' {
		clean = append(clean, '.')
		i++
		frac = digits()
	}
	if !intPart && !frac {
		return i, 0, errNoDigits
	}
	if i < len(s) && (s[i] == 'e' || s[i] == 'E') {
		j := i + 1
		if j < len(s) && (s[j] == '+' || s[j] == '-') {
			j++
		}
		if j < len(s) && isDigit(s[j]) {
			clean = append(clean, 'e')
			clean = append(clean, s[i+1:j]...)
			i = j
			digits()
		} else {
			return i, 0, errors.New("expected digits after the exponent")
		}
	}
	v, err := strconv.ParseFloat(string(clean), 64)
	if err != nil {
		// Only a range error is possible on this cleaned syntax.
		return i, 0, errors.New("out of range")
	}
	if i < len(s) {
		if m, ok := suffixes[s[i]]; ok {
			v *= m
			i++
		}
	}
	if math.IsInf(v, 0) {
		return i, 0, errors.New("out of range")
	}
	// A letter, digit or _ right after a number is a typo ("5m", "2x").
	if i < len(s) && (isIdentChar(s[i]) || s[i] == '.') {
		return i, 0, errors.New(badTail(s[i:]))
	}
	return i, v, nil
}

func isDigit(c byte) bool     { return '0' <= c && c <= '9' }
func isLetter(c byte) bool    { return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || c == '_' }
func isIdentChar(c byte) bool { return isLetter(c) || isDigit(c) }
func isIdent(s string) bool {
	if s == "" || !isLetter(s[0]) {
		return false
	}
	for i := 1; i < len(s); i++ {
		if !isIdentChar(s[i]) {
			return false
		}
	}
	return true
}
