package scenario

import (
	"math"
	"strings"
	"testing"
)

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in   string
		want float64
		err  string
	}{
		{"0", 0, ""},
		{"42", 42, ""},
		{"-3", -3, ""},
		{"+3", 3, ""},
		{"3.5", 3.5, ""},
		{".5", 0.5, ""},
		{"5.", 5, ""},
		{"1e6", 1e6, ""},
		{"1E-3", 1e-3, ""},
		{"2.5e+2", 250, ""},
		{"1_000_000", 1e6, ""},
		{"1_000.5", 1000.5, ""},
		{"1K", 1e3, ""},
		{"1.5M", 1.5e6, ""},
		{"2B", 2e9, ""},
		{"3T", 3e12, ""},
		{"5%", 0.05, ""},
		{"-12.5%", -0.125, ""},
		{" 7 ", 7, ""},
		{"", 0, "expected digits"},
		{"-", 0, "expected digits"},
		{"abc", 0, "expected digits"},
		{"5m", 0, "suffixes are K, M, B, T"},
		{"100k", 0, `did you mean "100K"?`},
		{"-2.5b", 0, `did you mean "-2.5B"?`},
		{"5KB", 0, "suffixes"},
		{"1e", 0, "exponent"},
		{"1__0", 0, "suffixes"},
		{"_1", 0, "expected digits"},
		{"1_", 0, "suffixes"},
		{"1.2.3", 0, `unexpected "."`},
		{"inf", 0, "expected digits"},
		{"NaN", 0, "expected digits"},
		{"1e999", 0, "out of range"},
		{"0x10", 0, "suffixes"},
	}
	for _, tt := range tests {
		got, err := ParseNumber(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseNumber(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || math.Abs(got-tt.want) > 1e-15*math.Abs(tt.want) {
			t.Errorf("ParseNumber(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestParseCount(t *testing.T) {
	tests := []struct {
		in   string
		want int64
		err  string
	}{
		{"1", 1, ""},
		{"1000000", 1e6, ""},
		{"1e6", 1e6, ""},
		{"1M", 1e6, ""},
		{"1_000_000", 1e6, ""},
		{"2.5K", 2500, ""},
		{"10B", 1e10, ""},
		{"0", 0, "at least 1"},
		{"-5", 0, "at least 1"},
		{"1.5", 0, "whole number"},
		{"1e-3", 0, "whole number"},
		{"50%", 0, "whole number"},
		{"1e19", 0, "too large"},
		{"many", 0, "bad number"},
	}
	for _, tt := range tests {
		got, err := ParseCount(tt.in)
		if tt.err != "" {
			if err == nil || !strings.Contains(err.Error(), tt.err) {
				t.Errorf("ParseCount(%q) = %v, %v; want error containing %q", tt.in, got, err, tt.err)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseCount(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestDidYouMean(t *testing.T) {
	names := []string{"revenue", "a100_price", "a100_hours", "apple_launch", "costs"}
	tests := []struct{ in, want string }{
		{"a100_hour", "a100_hours"},
		{"revenu", "revenue"},
		{"Revenue", "revenue"},
		{"reveune", "revenue"}, // transposition counts as one edit
		{"cost", "costs"},
		{"apple_lunch", "apple_launch"},
		{"x", ""},
		{"zzzzzzz", ""},
		{"revenue", ""}, // an exact match is not a suggestion
	}
	for _, tt := range tests {
		if got := closest(tt.in, names); got != tt.want {
			t.Errorf("closest(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	if got := didYouMean("normla", familyNames); got != `; did you mean "normal"?` {
		t.Errorf("didYouMean(normla) = %q", got)
	}
	if got := didYouMean("sqr", funcNames); got != `; did you mean "sqrt"?` {
		t.Errorf("didYouMean(sqr) = %q", got)
	}
}

func TestEditDistance(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"", "", 0}, {"a", "", 1}, {"", "abc", 3}, {"kitten", "sitting", 3},
		{"ab", "ba", 1}, {"abc", "acb", 1}, {"flaw", "lawn", 2},
	}
	for _, tt := range tests {
		if got := editDistance(tt.a, tt.b); got != tt.want {
			t.Errorf("editDistance(%q, %q) = %d, want %d", tt.a, tt.b, got, tt.want)
		}
	}
}
