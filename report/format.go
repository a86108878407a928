package report

import (
	"math"
	"strconv"
	"strings"
)

// maxSig is the most significant digits a value is ever printed with: a
// float64 carries 15 to 17 significant decimal digits (IEEE 754-2008, 5.12.2),
// so more would print noise.
const maxSig = 15

// FormatValue formats v with the digits its Monte Carlo standard error se
// supports: v is rounded to the decimal position of the leading digit of se
// as FormatSE prints it (4.82247 with se 0.00061 prints "4.8225"; 5213.7
// with se 42 prints "5210"; with se 0.000996, printed "0.0010", v keeps 3
// decimals), and to at most 15 significant digits.
// When se is 0 (or not finite) v is printed with up to 6 significant digits
// and no trailing zeros. NaN prints "NaN", infinities "+Inf" and "-Inf".
// A value that rounds to zero prints without a minus sign.
func FormatValue(v, se float64) string {
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
	// as FormatSE prints it (so 0.000996, printed "0.0010", gives k = -3).
	k := exponent(round2(se))
	if v != 0 {
		// Never claim more than maxSig significant digits.
		if lo := exponent(v) - (maxSig - 1); k < lo {
			k = lo
		}
	}
	return roundTo(v, k)
}

// FormatSE formats a standard error with 2 significant digits
// (0.000614 prints "0.00061", 12345 prints "12000"). Zero prints "0".
func FormatSE(se float64) string {
	if se == 0 || math.IsNaN(se) || math.IsInf(se, 0) {
		return FormatValue(se, 0)
	}
	// Round to 2 significant digits first so that the exponent is the
	// exponent of the rounded value (0.0996 -> 0.10, not 0.100).
	r := round2(se)
	return roundTo(r, exponent(r)-1)
}

// round2 rounds x to 2 significant digits.
func round2(x float64) float64 {
	r, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'e', 1, 64), 64)
	return r
}

// FormatProb formats a probability p in [0, 1] as a percentage with the
// digits its standard error se supports ("37.8%"). With se 0 (p is exactly 0
// or 1, or every trial agreed) it prints up to 6 significant digits ("0%").
func FormatProb(p, se float64) string {
	return FormatValue(100*p, 100*se) + "%"
}

// formatSig formats v with sig significant digits, in plain decimal
// notation for 1e-6 <= |v| < 1e21 and in exponent notation outside
// (trimZeros removes the trailing zeros of the fraction).
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

// trimZeros removes trailing zeros after a decimal point ("1.500" -> "1.5",
// "2.000" -> "2").
func trimZeros(s string) string {
	if strings.Contains(s, ".") && !strings.ContainsAny(s, "eE") {
		s = strings.TrimRight(s, "0")
		s = strings.TrimSuffix(s, ".")
	}
	return s
}

// maxDecimals is the most decimals roundTo prints in plain notation for a
// value below 1e-6; a finer one (a tiny output with an error to match) is
// printed in exponent notation instead of a row of hundreds of zeros.
const maxDecimals = 12

// roundTo formats v rounded to a multiple of 10^k in plain decimal notation:
// max(0, -k) decimals. Beyond maxDecimals, a value below 1e-6 is printed
// in exponent notation with the same significant digits ("2.7e-13"), and
// one that rounds to zero as "0". Exact ties round half to even, as
// strconv does.
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

// exponent returns the decimal exponent e of x != 0, so that
// 10^e <= |x| < 10^(e+1). It reads the exponent of strconv's shortest
// representation, which is exact where math.Log10 is not (Log10(1e-3) may
// round below -3).
func exponent(x float64) int {
	s := strconv.FormatFloat(math.Abs(x), 'e', -1, 64)
	i := strings.IndexByte(s, 'e')
	e, _ := strconv.Atoi(s[i+1:])
	return e
}

// noNegZero turns "-0", "-0.00" and the like into their unsigned forms.
func noNegZero(s string) string {
	if strings.HasPrefix(s, "-") && strings.Trim(s[1:], "0.") == "" {
		return s[1:]
	}
	return s
}
