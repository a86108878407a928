package scenario

import (
	"fmt"
	"strconv"
	"strings"
	"time"

	"go.yaml.in/yaml/v3"
)

// periodSteps are the steps `periods: { count, start, step }` accepts.
var periodSteps = []string{"month", "quarter", "year", "week", "day"}

// periods parses `periods:`: a count (12), a list of names ([Q1, Q2, Q3,
// Q4]), or a calendar, { count: 24, start: 2025-01, step: month }. It sets
// s.Periods and, for the last two, s.PeriodNames.
func (p *fileParser) periods(s *Scenario, n *yaml.Node) {
	const example = "periods: 12, periods: [Q1, Q2, Q3, Q4], or periods: { count: 24, start: 2025-01, step: month }"
	switch n.Kind {
	case yaml.ScalarNode:
		t := p.text(n, "periods")
		if t == "" {
			return
		}
		v, err := ParseCount(t)
		switch {
		case err != nil:
			p.e.add(n.Line, n.Column, "periods: %v; write a whole number such as 12 (or %s)", err, example)
		case v > maxPeriods:
			p.e.add(n.Line, n.Column, "periods: %d is more than the limit of %d", v, maxPeriods)
		default:
			s.Periods = int(v)
		}
	case yaml.SequenceNode:
		seen := map[string]int{}
		var names []string
		for _, it := range n.Content {
			name := strings.TrimSpace(p.text(it, "a period name"))
			if it.Kind != yaml.ScalarNode {
				continue
			}
			if name == "" {
				p.e.add(it.Line, it.Column, "periods: an empty period name")
				continue
			}
			if line, dup := seen[name]; dup {
				p.e.add(it.Line, it.Column, "periods: %q is named twice (first at line %d)", name, line)
				continue
			}
			seen[name] = it.Line
			names = append(names, name)
		}
		if len(names) > maxPeriods {
			p.e.add(n.Line, n.Column, "periods: %d names is more than the limit of %d", len(names), maxPeriods)
			return
		}
		if len(names) > 0 {
			s.Periods, s.PeriodNames = len(names), names
		}
	case yaml.MappingNode:
		var count int64
		var start, step string
		var startNode *yaml.Node
		for _, kv := range p.pairs(n, []string{"count", "start", "step"}, "periods key") {
			switch kv[0].Value {
			case "count":
				t := p.text(kv[1], "count")
				v, err := ParseCount(t)
				switch {
				case err != nil || v < 1:
					p.e.add(kv[1].Line, kv[1].Column, "periods: count %q: write a whole number of periods such as 24", t)
				case v > maxPeriods:
					p.e.add(kv[1].Line, kv[1].Column, "periods: count %d is more than the limit of %d", v, maxPeriods)
				default:
					count = v
				}
			case "start":
				start, startNode = strings.TrimSpace(p.text(kv[1], "start")), kv[1]
			case "step":
				step = strings.TrimSpace(p.text(kv[1], "step"))
				if indexOf(periodSteps, step) < 0 {
					p.e.add(kv[1].Line, kv[1].Column, "periods: unknown step %q%s; write one of %s", step, didYouMean(step, periodSteps), strings.Join(periodSteps, ", "))
					return
				}
			}
		}
		if count == 0 {
			p.e.add(n.Line, n.Column, "periods: a calendar needs its count, e.g. { count: 24, start: 2025-01, step: month }")
			return
		}
		if start == "" || step == "" {
			p.e.add(n.Line, n.Column, "periods: a calendar needs start and step too, e.g. { count: 24, start: 2025-01, step: month }")
			return
		}
		names, err := calendar(int(count), start, step)
		if err != nil {
			p.e.add(startNode.Line, startNode.Column, "periods: %v", err)
			return
		}
		s.Periods, s.PeriodNames = int(count), names
	default:
		p.e.add(n.Line, n.Column, "periods must be %s, not %s", example, kindName(n))
	}
}

// calendar names count periods from start by step: months 2025-01,
// quarters 2025-Q1, years 2025, weeks and days by the date they start.
func calendar(count int, start, step string) ([]string, error) {
	formats := map[string]struct{ layout, example string }{
		"month": {"2006-01", "2025-01"}, "year": {"2006", "2025"},
		"week": {"2006-01-02", "2025-01-06"}, "day": {"2006-01-02", "2025-01-01"},
	}
	var t time.Time
	var q int
	if step == "quarter" {
		y, qs, ok := strings.Cut(start, "-Q")
		yi, err1 := strconv.Atoi(y)
		qi, err2 := strconv.Atoi(qs)
		if !ok || err1 != nil || err2 != nil || qi < 1 || qi > 4 {
			return nil, fmt.Errorf("start %q: a quarterly calendar starts at a quarter such as 2025-Q1", start)
		}
		t, q = time.Date(yi, 1, 1, 0, 0, 0, 0, time.UTC), qi-1
	} else {
		f := formats[step]
		var err error
		if t, err = time.Parse(f.layout, start); err != nil {
			adj := map[string]string{"month": "monthly", "year": "yearly", "week": "weekly", "day": "daily"}[step]
			return nil, fmt.Errorf("start %q: a %s calendar starts at a date written like %s", start, adj, f.example)
		}
	}
	names := make([]string, count)
	for i := range names {
		switch step {
		case "month":
			names[i] = t.AddDate(0, i, 0).Format("2006-01")
		case "quarter":
			k := q + i
			names[i] = fmt.Sprintf("%d-Q%d", t.Year()+k/4, k%4+1)
		case "year":
			names[i] = t.AddDate(i, 0, 0).Format("2006")
		case "week":
			names[i] = t.AddDate(0, 0, 7*i).Format("2006-01-02")
		case "day":
			names[i] = t.AddDate(0, 0, i).Format("2006-01-02")
		}
	}
	return names, nil
}
