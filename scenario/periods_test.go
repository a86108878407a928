package scenario

import (
	"reflect"
	"strings"
	"testing"
)

func TestPeriods(t *testing.T) {
	for _, tc := range []struct {
		periods string
		n       int
		names   []string
	}{
		{"12", 12, nil},
		{"[Q1, Q2, Q3, Q4]", 4, []string{"Q1", "Q2", "Q3", "Q4"}},
		{"{ count: 3, start: 2025-11, step: month }", 3, []string{"2025-11", "2025-12", "2026-01"}},
		{"{ count: 3, start: 2025-Q4, step: quarter }", 3, []string{"2025-Q4", "2026-Q1", "2026-Q2"}},
		{"{ count: 2, start: 2030, step: year }", 2, []string{"2030", "2031"}},
		{"{ count: 2, start: 2025-12-29, step: week }", 2, []string{"2025-12-29", "2026-01-05"}},
		{"{ count: 2, start: 2024-02-28, step: day }", 2, []string{"2024-02-28", "2024-02-29"}},
	} {
		src := "name: p\nperiods: " + tc.periods + "\ninputs:\n  a: { dist: normal(0, 1) , per_period: true }\noutputs:\n  a: {}\n"
		src = strings.Replace(src, "{ dist: normal(0, 1) , per_period: true }", "{ dist: \"normal(0, 1)\", per_period: true }", 1)
		s, err := Parse("p.yaml", []byte(src))
		if err != nil {
			t.Errorf("periods: %s: %v", tc.periods, err)
			continue
		}
		if s.Periods != tc.n || !reflect.DeepEqual(s.PeriodNames, tc.names) {
			t.Errorf("periods: %s: %d periods %v, want %d %v", tc.periods, s.Periods, s.PeriodNames, tc.n, tc.names)
		}
	}
}
