package numfmt

import (
	"math"
	"strconv"
	"strings"
)

const maxSig = 15

func Value(v, se float64) string {
	switch {
	case math.IsNaN(v):
		return "NaN"
	case math.IsInf(v, 1):
		return "+Inf"
	case math.IsInf(v, -1):
		return "-Inf"
	}
	if se < 0 {
		se = -se
	}
	if se == 0 || math.IsNaN(se) || math.IsInf(se, 0) {
		return trimZeros(formatSig(v, 6))
	}
	// Round v to a multiple of 10^k, k the position of the leading digit of se
	// as SE prints it (so 0.000996, printed "0.0010", gives k = -3).
	k := exponent(round2(se))
	if v != 0 {
		// Never claim more than maxSig significant digits.
		if lo := exponent(v) - (maxSig - 1); k < lo {
			k = lo
		}
	}
	return roundTo(v, k)
}

func SE(se float64) string {
	if se == 0 || math.IsNaN(se) || math.IsInf(se, 0) {
		return Value(se, 0)
	}
	// Round to 2 significant digits first so that the exponent is the
	// exponent of the rounded value (0.0996 -> 0.10, not 0.100).
	r := round2(se)
	return roundTo(r, exponent(r)-1)
}

func round2(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', 1, 64), 64)
	return r
}

func Percent(p, se float64) string {
	return Value(100*p, 100*se) + "%"
}

func formatSig(v float64, sig int) string {
	if v == 0 {
		return "0"
	}
	a := math.Abs(v)
	if a < 1e-6 || a >= 1e21 {
		return strconv.FormatFloat(v, 'g', sig, 64)
	}
	// Round to sig significant digits first: the exponent of the rounded
	// value decides the number of decimals (999999.7 -> 1e+06 -> "1000000").
	r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'e', sig-1, 64), 64)
	return roundTo(r, exponent(r)-(sig-1))
}

func trimZeros(s string) string {
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

const maxDecimals = 12

func roundTo(v float64, k int) string {
	if k > 0 {
		p := math.Pow10(k)
		return noNegZero(strconv.FormatFloat(math.RoundToEven(v/p)*p, 'f', 0, 64))
	}
	if -k > maxDecimals {
		r, _ := strconv.ParseFloat(strconv.FormatFloat(v, 'f', -k, 64), 64)
		switch {
		case r == 0:
			return "0"
		case exponent(r) < -6: // as formatSig switches notation
			return strconv.FormatFloat(r, 'e', exponent(r)-k, 64)
		}
	}
	return noNegZero(strconv.FormatFloat(v, 'f', -k, 64))
}

func exponent(x float64) int {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64)
	i := strings.IndexByte(s, 'e')
	e, _ := strconv.Atoi(s[i+1:])
	return e
}

func noNegZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}

func Table(v, se float64) string { return Group(Value(v, se)) }

func TableSE(se float64) string { return Group(SE(se)) }

func Threshold(t float64) string {
	if math.IsNaN(t) || math.IsInf(t, 0) || t != 0 && (math.Abs(t) >= 1e21 || math.Abs(t) < 1e-6) {
		return Value(t, 0)
	}
	return Group(noNegZero(strconv.FormatFloat(t, 'f', -1, 64)))
}

func Decimals(se float64) int {
	se = math.Abs(se)
	if se == 0 || math.IsNaN(se) || math.IsInf(se, 0) {
		return 0
	}
	return max(0, -exponent(round2(se)))
}

func Fixed(v float64, dec int) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return Value(v, 0)
	}
	return roundTo(v, -dec)
}

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
	b.WriteString(sign)
	for i, c := range intPart {
		if i > 0 && (len(intPart)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(c)
	}
	if hasFrac {
		b.WriteString("." + frac)
	}
	return b.String()
}

func Count(n int64) string { return Group(strconv.FormatInt(n, 10)) }

// Sig formats v with n significant digits, trailing zeros kept ("0.500"
// for 0.5 and 3), in plain notation from 1e-6 to 1e21.
func Sig(v float64, n int) string { return formatSig(v, n) }
