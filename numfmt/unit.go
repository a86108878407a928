package numfmt

import (
	"math"
	"strconv"
	"strings"
)

// Unit is a parsed unit of measure.
type Unit struct {
	// Symbol is the currency's symbol ("$", "€", "£", "¥", "CHF "), or ""
	// for a unit that is not money.
	Symbol string
	// Scale is the unit's multiple of its base unit: 1e9 for "USD
	// billions", 1 otherwise.
	Scale float64
	// Per is what money is counted per, as written ("per month" in "USD
	// billions per month"); "" for a plain amount.
	Per string
	// Name is a unit that is not money, as written ("A100-hours",
	// "people"); "" for money and for no unit.
	Name string
}

var currencies = map[string]string{
	"usd": "$", "$": "$", "dollars": "$", "us$": "$",
	"eur": "€", "€": "€", "euros": "€",
	"gbp": "£", "£": "£", "pounds": "£",
	"jpy": "¥", "¥": "¥", "yen": "¥",
	"chf": "CHF ", "cad": "C$", "aud": "A$",
}

var scales = map[string]float64{
	"thousands": 1e3, "thousand": 1e3, "k": 1e3,
	"millions": 1e6, "million": 1e6, "m": 1e6, "mn": 1e6,
	"billions": 1e9, "billion": 1e9, "bn": 1e9, "b": 1e9,
	"trillions": 1e12, "trillion": 1e12, "tn": 1e12,
}

// ParseUnit reads a unit as a scenario writes it. A currency ("USD",
// "EUR", "GBP", "JPY", "CHF", "CAD", "AUD", "$", "€", "£", "¥", "dollars",
// ...), then optionally a scale ("thousands", "millions", "billions",
// "trillions", or "K", "M", "bn", ...), then optionally "per ..." is money:
// "USD billions", "EUR millions per month", "USD per A100-hour". Anything
// else ("A100-hours", "people", "month") is a plain unit, and "" is no unit.
func ParseUnit(s string) Unit {
	f := strings.Fields(s)
	if len(f) == 0 {
		return Unit{Scale: 1}
	}
	sym, ok := currencies[strings.ToLower(f[0])]
	if !ok {
		return Unit{Scale: 1, Name: strings.Join(f, " ")}
	}
	u := Unit{Symbol: sym, Scale: 1}
	rest := f[1:]
	if len(rest) > 0 {
		if m, ok := scales[strings.ToLower(rest[0])]; ok {
			u.Scale, rest = m, rest[1:]
		}
	}
	switch {
	case len(rest) == 0:
	case strings.EqualFold(rest[0], "per") && len(rest) > 1:
		u.Per = strings.Join(rest, " ")
	default: // "USD of 2024": not a form this package knows; keep it as written
		return Unit{Scale: 1, Name: strings.Join(f, " ")}
	}
	return u
}

// Money reports whether the unit is a currency.
func (u Unit) Money() bool { return u.Symbol != "" }

// Minus is the typographic minus sign that prose and figures print; table
// cells keep the ASCII hyphen-minus, which spreadsheets read.
const Minus = "−"

// Prose formats v (in unit u) for a sentence or a figure label: money with
// its symbol and the scale folded in ("$13.4M", "−$4.0M", "$1.30 per
// A100-hour"), other values with thousands separators and, from 10,000,
// abbreviated with K, M, B or T ("8,500 people", "1.20M A100-hours"). It
// prints the digits se supports, and at most 3 significant ones.
func Prose(v, se float64, u Unit) string {
	s, _ := prose(v, se, u)
	return s
}

// SignedProse formats a difference as Prose does, with its sign: "+$1.2M",
// "−$0.4M", and no sign where it rounds to zero ("$0").
func SignedProse(v, se float64, u Unit) string {
	s, zero := prose(v, se, u)
	if v > 0 && !zero {
		s = "+" + s
	}
	return s
}

// ProseSE formats a standard error in unit u for a sentence, with two
// significant digits and the scale folded in as Prose does ("$0.96M").
func ProseSE(se float64, u Unit) string { return Prose(math.Abs(se), math.Abs(se)/10, u) }

// prose formats v as Prose does and reports whether it rounds to zero.
func prose(v, se float64, u Unit) (string, bool) {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Value(v, se), false
	}
	base := v * u.Scale
	sign := ""
	if base < 0 {
		sign, base = Minus, -base
	}
	num, suffix := scaled(base, math.Abs(se*u.Scale), u.Money())
	zero := strings.Trim(num, "0.,") == ""
	if zero {
		sign, suffix = "", ""
	}
	return u.with(sign, num, suffix), zero
}

// Amount formats an exact number in unit u for a sentence, every digit
// kept, the scale folded in only where that loses none ("$5B", "$10M",
// "$46,535.24", "1,500 people"): a threshold named in prose.
func Amount(t float64, u Unit) string {
	if math.IsNaN(t) || math.IsInf(t, 0) {
		return Value(t, 0)
	}
	base := clean(t * u.Scale)
	sign := ""
	if base < 0 {
		sign, base = Minus, -base
	}
	m, suffix := scaleOf(base, u.Money())
	num := strconv.FormatFloat(clean(base/m), 'f', -1, 64)
	if significant(num) > 3 {
		suffix = ""
		num = strconv.FormatFloat(base, 'f', -1, 64)
	}
	if base != 0 && (base >= 1e21 || base < 1e-6) {
		num = strconv.FormatFloat(base, 'g', -1, 64)
	}
	return u.with(sign, Group(num), suffix)
}

// Ticks labels the ticks at values, ascending, of one axis in unit u,
// step apart: money with its symbol, every label in the scale of the
// axis's largest magnitude and with the decimals the step needs ("$0",
// "$0.5B", "$1.0B"); other values grouped, or abbreviated from 10,000
// ("20K", "40K"). A step of 0 is read from the values (the smallest gap
// between two of them). The unit's name and what money is per belong in
// the axis title, not on the ticks.
func Ticks(values []float64, step float64, u Unit) []string {
	top := 0.0
	if step <= 0 {
		step = math.Inf(1)
		for i := 1; i < len(values); i++ {
			if values[i] > values[i-1] {
				step = math.Min(step, values[i]-values[i-1])
			}
		}
	}
	step *= u.Scale
	for _, v := range values {
		top = math.Max(top, math.Abs(v*u.Scale))
	}
	if math.IsInf(step, 0) && len(values) == 1 && values[0] != 0 { // one tick: three significant digits
		step = math.Pow10(exponent(values[0]*u.Scale) - 2)
	}
	m, suffix := scaleOf(top, u.Money())
	dec := 0
	if s := step / m; s > 0 && !math.IsInf(s, 0) {
		dec = max(0, -int(math.Floor(math.Log10(s)+1e-9)))
	}
	bare := Unit{Symbol: u.Symbol, Scale: 1}
	labels := make([]string, len(values))
	for i, v := range values {
		x := v * u.Scale / m
		sign := ""
		if x < 0 {
			sign, x = Minus, -x
		}
		num := Group(strconv.FormatFloat(x, 'f', dec, 64))
		switch {
		case math.IsNaN(v) || math.IsInf(v, 0):
			labels[i] = Value(v, 0)
		case strings.Trim(num, "0.,") == "":
			labels[i] = bare.with("", "0", "")
		default:
			labels[i] = bare.with(sign, num, suffix)
		}
	}
	return labels
}

// scaled writes a non-negative magnitude v with error se in its scale (K,
// M, B, T): at most 3 significant digits, never finer than se. A rounding
// that carries into the next power of ten is written again from the
// rounded value, so that 99.96 prints 100, not 100.0, and 999.7K prints
// 1.00M, never 1,000K.
func scaled(v, se float64, money bool) (num, suffix string) {
	for range 2 {
		m, s := scaleOf(v, money)
		x, xse := v/m, se/m
		if x > 0 {
			xse = math.Max(xse, math.Pow10(exponent(x)-2))
		}
		num, suffix = Value(x, xse), s
		r, err := strconv.ParseFloat(num, 64)
		if err != nil || x == 0 || r == 0 || exponent(r) == exponent(x) {
			break
		}
		v = r * m // the rounding carried (99.96 to 100.0, 999.7K to 1,000K): write the rounded value again
	}
	return Group(num), suffix
}

// with joins a sign, a formatted number and a scale suffix with the unit:
// the symbol before the number for money, the name after it otherwise.
func (u Unit) with(sign, num, suffix string) string {
	if u.Money() {
		s := sign + u.Symbol + num + suffix
		if u.Per != "" {
			s += " " + u.Per
		}
		return s
	}
	s := sign + num + suffix
	if u.Name != "" {
		s += " " + u.Name
	}
	return s
}

// scaleOf picks the multiple a non-negative magnitude v is written in and
// its suffix: K, M, B or T (money from 1,000, other values from 10,000).
func scaleOf(v float64, money bool) (float64, string) {
	from := 1e4
	if money {
		from = 1e3
	}
	if v < from {
		return 1, ""
	}
	for _, st := range []struct {
		m float64
		s string
	}{{1e12, "T"}, {1e9, "B"}, {1e6, "M"}, {1e3, "K"}} {
		if v >= st.m {
			return st.m, st.s
		}
	}
	return 1, ""
}

// clean rounds x to 15 significant digits, removing the noise a product
// such as 0.1 × 1e9 may carry.
func clean(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	return r
}

// significant counts the significant digits of a plain decimal number.
func significant(s string) int {
	s = strings.TrimLeft(strings.ReplaceAll(s, ".", ""), "0")
	return len(s)
}
