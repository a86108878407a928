// Package numfmt writes numbers as a finance professional writes them, for
// every surface of a report (tables, prose, figure labels, axis ticks):
// money with its currency and scale folded in ("$13.4M", "−$4.0M",
// "€2.1B"), thousands separators in tables ("13,624,000"), SI-style scales
// in prose for other units ("1.2M A100-hours"), percentages, and never
// scientific notation for the magnitudes a memo meets (1e-3 to 1e15).
// Digits follow the Monte Carlo error: a value is rounded where its
// standard error's leading digit lies, never finer.
package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Unit is a parsed unit of measure.
type Unit struct {
	Symbol string  // currency symbol ("$", "€", "£", "¥", "CHF "), "" if not money
	Scale  float64 // the unit's multiple of the base unit: 1e9 for "USD billions"
	Name   string  // a non-money unit's name, as written ("A100-hours"); "" for money
}

var currencies = map[string]string{"usd": "$", "$": "$", "dollars": "$", "eur": "€", "€": "€", "euros": "€",
	"gbp": "£", "£": "£", "pounds": "£", "jpy": "¥", "¥": "¥", "yen": "¥", "chf": "CHF ", "cad": "C$", "aud": "A$"}

var scales = map[string]float64{"": 1, "thousands": 1e3, "thousand": 1e3, "k": 1e3, "millions": 1e6, "million": 1e6,
	"m": 1e6, "mn": 1e6, "billions": 1e9, "billion": 1e9, "bn": 1e9, "b": 1e9, "trillions": 1e12, "trillion": 1e12, "tn": 1e12}

// ParseUnit reads a unit: "USD", "USD millions", "EUR billions", "$",
// "GBP thousands" are money; anything else ("A100-hours", "people") is a
// plain unit; "" is no unit.
func ParseUnit(s string) Unit {
	f := strings.Fields(strings.ToLower(strings.TrimSpace(s)))
	if len(f) >= 1 && len(f) <= 2 {
		if sym, ok := currencies[f[0]]; ok {
			scale := ""
			if len(f) == 2 {
				scale = f[1]
			}
			if m, ok := scales[scale]; ok {
				return Unit{Symbol: sym, Scale: m}
			}
		}
	}
	return Unit{Scale: 1, Name: strings.TrimSpace(s)}
}

// Money reports whether the unit is a currency.
func (u Unit) Money() bool { return u.Symbol != "" }

// minus is the typographic minus sign used in prose and figures.
const minus = "−"

// Table formats v for a table: the number in the unit as written, with
// thousands separators and the digits se supports ("13,624,000",
// "4.4690"); money and other units are named in the column heading, not
// in the cell.
func Table(v, se float64) string { return Group(Round(v, se)) }

// Prose formats v (in unit u) for a sentence or a figure label: money with
// its symbol and the scale folded in ("$13.4M", "−$4.0M"), other values
// abbreviated with K, M, B, T above 10,000 ("1.2M A100-hours"), with the
// digits se supports but at most 3 significant ones.
func Prose(v, se float64, u Unit) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Round(v, se)
	}
	base := v * u.Scale
	bse := math.Abs(se * u.Scale)
	sign := ""
	if base < 0 {
		sign, base = minus, -base
	}
	num, suffix := abbreviate(base, bse, u.Money())
	if strings.Trim(num, "0.") == "" {
		sign = ""
	}
	if u.Money() {
		return sign + u.Symbol + num + suffix
	}
	s := sign + num + suffix
	if u.Name != "" {
		s += " " + u.Name
	}
	return s
}

// abbreviate writes a non-negative value with a scale suffix: K, M, B, T
// (money from 1,000, other values from 10,000), at most 3 significant
// digits and never finer than se.
func abbreviate(v, se float64, money bool) (string, string) {
	type step struct {
		m float64
		s string
	}
	from := 1e4
	if money {
		from = 1e3
	}
	m, suffix := 1.0, ""
	for _, st := range []step{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}} {
		if v >= st.m && v >= from {
			m, suffix = st.m, st.s
			break
		}
	}
	x, xse := v/m, se/m
	// Three significant digits, or fewer if the error is larger.
	res := 0.0
	if x > 0 {
		res = math.Pow10(exponent(x) - 2)
	}
	return Round(x, math.Max(xse, res)), suffix
}

// Percent formats a probability as a percentage with the digits its
// error supports ("12.10%").
func Percent(p, se float64) string { return Round(100*p, 100*se) + "%" }

// Round formats v rounded at the leading digit of se (shown with two
// significant digits) in plain notation for |v| from 1e-3 to 1e15 (and
// beyond while the digits fit), with at most 15 significant digits; with
// se 0, up to 6 significant digits.
func Round(v, se float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	se = math.Abs(se)
	var k int
	if se == 0 || math.IsNaN(se) || math.IsInf(se, 0) {
		if v == 0 {
			return "0"
		}
		k = exponent(v) - 5
	} else {
		k = exponent(round2(se)) // the error's leading digit, as printed
		if v != 0 {
			k = max(k, exponent(v)-14)
		}
	}
	if v != 0 && (math.Abs(v) < 1e-3 && k < -18 || math.Abs(v) >= 1e21) {
		return strconv.FormatFloat(v, 'g', 6, 64)
	}
	s := roundTo(v, k)
	if se == 0 || math.IsNaN(se) {
		s = trimZeros(s)
	}
	return s
}

// Group inserts thousands separators into the integer part of a plain
// decimal number: "13624000.5" -> "13,624,000.5".
func Group(s string) string {
	if strings.ContainsAny(s, "eEN") || strings.Contains(s, "Inf") {
		return s
	}
	sign := ""
	if strings.HasPrefix(s, "-") || strings.HasPrefix(s, "+") {
		sign, s = s[:1], s[1:]
	}
	intPart, frac, hasFrac := strings.Cut(s, ".")
	var b strings.Builder
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		return sign + b.String() + "." + frac
	}
	return sign + b.String()
}

func round2(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', 1, 64), 64)
	return r
}

// roundTo formats v rounded to a multiple of 10^k.
func roundTo(v float64, k int) string {
	var s string
	if k > 0 {
		p := math.Pow10(k)
		s = strconv.FormatFloat(math.RoundToEven(v/p)*p, 'f', 0, 64)
	} else {
		s = strconv.FormatFloat(v, 'f', -k, 64)
	}
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		s = s[1:]
	}
	return s
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") {
		s = strings.TrimSuffix(strings.TrimRight(s, "0"), ".")
	}
	return s
}

// exponent returns e with 10^e <= |x| < 10^(e+1), exactly.
func exponent(x float64) int {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64)
	e, _ := strconv.Atoi(s[strings.IndexByte(s, 'e')+1:])
	return e
}
